package io.github.ccrhil.ccr.emulator.sim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The device interrupts the kernel delivers to the real-time loop's CPUs. A device interrupt (and
 * the softirq work behind it: a disk's completions, a network card's packets) runs on its CPU
 * ahead of any SCHED_FIFO thread there. On this project's VM the disk's only queue
 * ({@code virtio1-req.0}) is a managed interrupt fixed on CPU 1: in a round-6 soak with the loop on
 * CPU 1, four developers checking out worktrees at once made the loop wake up 7–10 ms late for five
 * seconds (20 misses), while the load average stayed under 1.5. Real-time hosts move interrupts off
 * the loop's CPU ({@code /proc/irq/N/smp_affinity_list}, irqbalance's banned CPUs); a managed
 * interrupt cannot be moved, so the loop goes to another CPU. {@code serve --rt} says which
 * interrupts are still on its CPUs, read here from {@code /proc}.
 *
 * @param cpus the loop's CPUs
 * @param onThem each interrupt that has fired and whose effective affinity includes one of them,
 *               as "36 virtio1-req.0"
 */
public record DeviceInterrupts(List<Integer> cpus, List<String> onThem) {

    public DeviceInterrupts {
        cpus = List.copyOf(cpus);
        onThem = List.copyOf(onThem);
    }

    /** From this host's {@code /proc/interrupts} and {@code /proc/irq/N/effective_affinity_list}. */
    public static DeviceInterrupts onCpus(List<Integer> cpus) throws IOException {
        return read(Path.of("/proc"), cpus);
    }

    static DeviceInterrupts read(Path proc, List<Integer> cpus) throws IOException {
        List<String> lines = Files.readAllLines(proc.resolve("interrupts"));
        List<String> found = new ArrayList<>();
        int columns = lines.isEmpty() ? 0 : lines.get(0).trim().split("\\s+").length;
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            String[] f = line.trim().split("\\s+");
            if (f.length < columns + 2 || !f[0].matches("[0-9]+:")) {
                continue; // NMI, LOC and the other per-CPU counters: not device interrupts
            }
            String irq = f[0].substring(0, f[0].length() - 1);
            long fired = 0;
            for (int c = 1; c <= columns; c++) {
                fired += Long.parseLong(f[c]);
            }
            if (fired == 0) {
                continue;
            }
            Set<Integer> effective;
            try {
                effective = new TreeSet<>(ThreadScheduling.cpuList(Files.readString(proc.resolve("irq").resolve(irq).resolve("effective_affinity_list")).trim()));
            } catch (NoSuchFileException gone) {
                continue;
            }
            if (cpus.stream().anyMatch(effective::contains)) {
                found.add(irq + " " + f[f.length - 1]);
            }
        }
        return new DeviceInterrupts(cpus, found);
    }

    /** One clause for a real-time run's start line. */
    public String said() {
        String where = "CPU " + String.join(",", cpus.stream().map(String::valueOf).toList());
        return onThem.isEmpty()
                ? "no device interrupts on " + where
                : "device interrupts on " + where + ": " + String.join(", ", onThem)
                        + " (each runs ahead of the loop: move them with /proc/irq/N/smp_affinity_list, or put the loop on another CPU)";
    }
}
