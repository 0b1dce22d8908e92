package io.github.ccrhil.ccr.emulator.sim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The loop's CPUs kept for the loop: every other process on the machine (each of its threads)
 * is moved to the remaining CPUs while this runs, and put back on the CPUs it had when closed,
 * as {@code tuna --cpus=N --isolate} does and as {@code isolcpus=} or a cpuset does on a host
 * built for it. This JVM and the processes it started (the idle poller, a soak's loads) stay as
 * they are; kernel threads are the kernel's. Threads and processes started meanwhile by a moved
 * one inherit its CPUs, and get every CPU at {@link #close()}.
 *
 * <p>Why: this VM's kernel is not preemptible ({@code Dynamic Preempt: none}): a thread of
 * another process inside a system call on the loop's CPU holds off the loop (and the tty receive
 * worker it waits for) until the call ends. Round 8's trace found the VM's own agent holding a CPU
 * that way for 2.8 ms.
 *
 * <p>Needs root or CAP_SYS_NICE for other users' processes. A process taskset cannot move (its
 * own cpuset forbids, or it ended) is left where it is and named in {@link #said()}; that is not
 * a refusal of the whole. They are put back however this JVM ends, SIGKILL included
 * ({@link UndoOnExit}).
 */
public final class IsolatedCpus implements AutoCloseable {

    private final List<Integer> kept;
    private final List<Integer> online;
    private final List<Integer> rest;
    private final Map<String, String> moved = new LinkedHashMap<>();
    private final List<String> left = new ArrayList<>();
    private final UndoOnExit undo;

    private IsolatedCpus(List<Integer> kept, List<Integer> online, List<Integer> rest, UndoOnExit undo) {
        this.kept = kept;
        this.online = online;
        this.rest = rest;
        this.undo = undo;
    }

    /**
     * Moves every thread of every other process off {@code cpus} onto the machine's other online
     * CPUs; nothing is moved when the loop has every CPU.
     */
    public static IsolatedCpus keep(List<Integer> cpus) throws IOException, InterruptedException {
        List<Integer> online = ThreadScheduling.cpuList(Files.readString(Path.of("/sys/devices/system/cpu/online")).trim());
        List<Integer> rest = new ArrayList<>(online);
        rest.removeAll(cpus);
        if (rest.isEmpty()) {
            return new IsolatedCpus(List.copyOf(cpus), online, List.of(), null);
        }
        IsolatedCpus isolated = new IsolatedCpus(List.copyOf(cpus), online, List.copyOf(rest), UndoOnExit.start());
        try {
            for (Task t : otherThreads()) {
                isolated.move(t);
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            isolated.close();
            throw e;
        }
        return isolated;
    }

    /** One thread of a process, as /proc names it. */
    private record Task(String pid, String tid) {
        Path dir() {
            return Path.of("/proc", pid, "task", tid);
        }

        /** Its {@code Cpus_allowed_list}; a thread that has ended throws NoSuchFileException. */
        String cpus() throws IOException {
            return cpusAllowed(Files.readString(dir().resolve("status")));
        }
    }

    /** Every thread of every user-space process but this JVM and the processes it started. */
    private static List<Task> otherThreads() throws IOException {
        Set<Long> ours = ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
        ours.add(ProcessHandle.current().pid());
        List<Task> found = new ArrayList<>();
        for (String pid : userProcesses(Path.of("/proc"))) {
            if (ours.contains(Long.parseLong(pid))) {
                continue;
            }
            try (Stream<Path> tasks = Files.list(Path.of("/proc", pid, "task"))) {
                tasks.forEach(t -> found.add(new Task(pid, t.getFileName().toString())));
            } catch (NoSuchFileException ended) {
                // that process has just ended
            }
        }
        return found;
    }

    private void move(Task t) throws InterruptedException, IOException {
        String before;
        try {
            before = t.cpus();
        } catch (NoSuchFileException ended) {
            return;
        }
        if (!before.matches("[0-9,-]+")) {
            throw new IllegalStateException("thread " + t.tid() + ": Cpus_allowed_list " + before);
        }
        try {
            undo.remember("taskset -p -c " + before + " " + t.tid()); // first: a SIGKILL between the two still undoes it
            ThreadScheduling.run(List.of("taskset", "-p", "-c", join(rest), t.tid()));
            moved.put(t.tid(), before);
        } catch (ThreadScheduling.Refused e) {
            if (Files.exists(t.dir())) {
                left.add(t.pid() + "/" + t.tid() + " (" + e.getMessage() + ")");
            }
        }
    }

    /** The pids of user-space processes (not kernel threads: PF_KTHREAD clear in /proc/PID/stat's flags). */
    static List<String> userProcesses(Path proc) throws IOException {
        return ThreadScheduling.processes(proc).stream().filter(p -> !p.kernelThread()).map(ThreadScheduling.ProcStat::pid).toList();
    }

    /** The {@code Cpus_allowed_list} line of a /proc/PID/status text. */
    static String cpusAllowed(String status) {
        return status.lines().filter(l -> l.startsWith("Cpus_allowed_list:")).map(l -> l.substring(l.indexOf(':') + 1).trim())
                .findFirst().orElseThrow(() -> new IllegalStateException("no Cpus_allowed_list in /proc status"));
    }

    private static String join(List<Integer> cpus) {
        return cpus.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    /** Every CPU for the threads that began while the CPU was kept: they have exactly the other CPUs, inherited. */
    private void bornWhileKept() throws IOException, InterruptedException {
        for (Task t : otherThreads()) {
            if (moved.containsKey(t.tid())) {
                continue;
            }
            try {
                if (ThreadScheduling.cpuList(t.cpus()).equals(rest)) {
                    ThreadScheduling.run(List.of("taskset", "-p", "-c", join(online), t.tid()));
                }
            } catch (NoSuchFileException | ThreadScheduling.Refused ended) {
                // ended since
            }
        }
    }

    /** The threads it moved, by thread id, with the CPUs each had. */
    public Map<String, String> moved() {
        return Map.copyOf(moved);
    }

    /** One clause for a real-time run's start line. */
    public String said() {
        if (rest.isEmpty()) {
            return "CPU " + join(kept) + " not isolated: the loop has every CPU";
        }
        return "CPU " + join(kept) + " kept for the loop: "
                + moved.size() + " threads of other processes moved to CPU " + join(rest)
                + (left.isEmpty() ? "" : "; " + left.size() + " left where they were, e.g. " + left.get(0));
    }

    /**
     * Puts every thread it moved back on the CPUs it had (those still there), and gives every CPU
     * to the threads and processes that began while it was kept: they inherited the other CPUs from
     * a moved thread (a shell's new command, a JVM's new thread). After a SIGKILL the keeper puts back
     * only the ones it moved.
     */
    @Override
    public void close() {
        if (undo == null) {
            return;
        }
        try {
            bornWhileKept();
        } catch (IOException | RuntimeException e) {
            // best effort: what it moved is put back below all the same
        } catch (InterruptedException x) {
            Thread.currentThread().interrupt();
            return; // the keeper puts the rest back when this JVM ends
        }
        for (Map.Entry<String, String> e : moved.entrySet()) {
            try {
                ThreadScheduling.run(List.of("taskset", "-p", "-c", e.getValue(), e.getKey()));
            } catch (IOException | RuntimeException ended) {
                // that thread has ended since
            } catch (InterruptedException x) {
                Thread.currentThread().interrupt();
                return; // the keeper puts the rest back when this JVM ends
            }
        }
        moved.clear();
        undo.close();
    }
}
