package io.github.ccrhil.ccr.emulator.sim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Keeps the real-time loop's CPUs out of idle: one busy child process per CPU, under SCHED_IDLE
 * and pinned there, so that the CPU never halts and the loop's thread, woken by its timer,
 * preempts it at once instead of waiting for a halted (virtual) CPU to come back. This is what
 * the kernel's {@code idle=poll} does for the whole machine, here in user space for the loop's
 * CPUs only. Measured on this project's VM with a C probe (1 ms {@code clock_nanosleep},
 * SCHED_FIFO 10 on CPU 1, 60 s): alone 135 wake-ups later than 2 ms and a worst of 13.2 ms;
 * beside such a poller 1 later than 2 ms and a worst of 2.95 ms.
 *
 * <p>Its cost: the CPU shows 100 % busy and draws power; SCHED_IDLE yields to every other
 * thread, so it takes no time anything else wants.
 *
 * <p>A child process, not a thread of this JVM: a Java thread that the scheduler leaves waiting
 * (what SCHED_IDLE means on a busy CPU) holds up every safepoint of its JVM, the loop's included.
 * A shell loop, not a second JVM: no heap, no JIT, and no PAUSE instruction in a tight loop,
 * which a hypervisor may take for a spinning lock and deschedule the virtual CPU for (pause-loop
 * exiting), the very stall the poller is there to avoid. Each poller checks every turn that this
 * JVM is still there ({@code kill -0}), so it ends with it, however it ends (SIGKILL too).
 */
public final class IdlePoller implements AutoCloseable {

    private final List<Process> pollers;
    private final String description;

    private IdlePoller(List<Process> pollers, String description) {
        this.pollers = pollers;
        this.description = description;
    }

    /**
     * Starts one poller on each of the CPUs and waits (up to 5 s) until each runs under
     * SCHED_IDLE on its CPU; a refusal (no such CPU) is a {@link ThreadScheduling.Refused} with
     * chrt's or taskset's own words.
     */
    public static IdlePoller start(List<Integer> cpus) throws IOException, InterruptedException {
        long me = ProcessHandle.current().pid();
        List<Process> started = new ArrayList<>();
        List<String> said = new ArrayList<>();
        try {
            for (int cpu : cpus) {
                // chrt and taskset exec the next program: sh is this JVM's child, SCHED_IDLE on the CPU from its
                // first instruction (set with `chrt -p` after the start, it would spin a while under this
                // JVM's policy, SCHED_FIFO on the loop's CPU if the JVM was started under chrt)
                Process p = new ProcessBuilder("chrt", "-i", "0", "taskset", "-c", Integer.toString(cpu),
                        "sh", "-c", "while kill -0 " + me + " 2>/dev/null; do :; done")
                        .redirectErrorStream(true).start();
                started.add(p);
                ThreadScheduling.Observed o = awaitPolling(p, cpu);
                said.add("pid " + p.pid() + " " + o);
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            started.forEach(Process::destroyForcibly);
            throw e;
        }
        return new IdlePoller(List.copyOf(started), "idle poller " + String.join(", ", said));
    }

    private static ThreadScheduling.Observed awaitPolling(Process p, int cpu) throws IOException, InterruptedException {
        long end = System.nanoTime() + 5_000_000_000L;
        String pid = Long.toString(p.pid());
        while (System.nanoTime() < end) {
            if (!p.isAlive()) {
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                throw new ThreadScheduling.Refused("chrt -i 0 taskset -c " + cpu + " sh: "
                        + (out.isEmpty() ? "exit " + p.exitValue() : String.join("; ", out.lines().toList())));
            }
            try {
                if (Files.readString(Path.of("/proc", pid, "comm")).trim().equals("sh")) {
                    ThreadScheduling.Observed o = ThreadScheduling.observe(null, pid);
                    if (o.policy() == ThreadScheduling.SCHED_IDLE && o.cpus().equals(Integer.toString(cpu))) {
                        return o;
                    }
                }
            } catch (IOException gone) {
                // ended between the checks (NoSuchFileException, or "No such process" from the /proc
                // entry of a process on its way out): reported at the top of the next turn; a
                // living poller whose /proc entry cannot be read ends in the deadline below
            }
            Thread.sleep(2); // polling interval of a condition with a deadline
        }
        p.destroyForcibly();
        throw new IllegalStateException("idle poller on CPU " + cpu + " not running under SCHED_IDLE within 5 s");
    }

    /** The pollers' process ids. */
    public List<Long> pids() {
        return pollers.stream().map(Process::pid).collect(Collectors.toList());
    }

    @Override
    public String toString() {
        return description;
    }

    @Override
    public void close() {
        for (Process p : pollers) {
            p.destroyForcibly();
        }
    }
}
