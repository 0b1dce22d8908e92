package io.github.ccrhil.ccr.emulator.sim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Real-time priority for the kernel threads that carry a serial line's received bytes to the
 * reader. On Linux, whatever a tty's driver receives (a UART's interrupt, or the other end of a
 * pty) is pushed to the line discipline by a work item ({@code flush_to_ldisc}) on the kernel's
 * unbound workqueue ({@code events_unbound}), run by a pool of kernel threads named
 * {@code kworker/uN:M}. They are SCHED_OTHER: beside a CPU hog on every core they wait their
 * turn like any other thread, and the real-time loop's transaction waits with them, however
 * high the loop's own priority. Traced on this project's VM (tracefs, {@code workqueue_queue_work}
 * to {@code workqueue_execute_start} of {@code flush_to_ldisc}, 100 Hz over RTU on a socat pty
 * pair, one hog per core): see the README's real-time results, round 7.
 *
 * <p>This gives those kernel threads SCHED_FIFO at a priority below the loop's, as real-time
 * hosts do for the kernel threads a real-time task depends on (tuned's scheduler plugin, for one,
 * sets kernel threads' policy by name), and keeps the unbound workqueue on the loop's CPUs
 * ({@code /sys/devices/virtual/workqueue/cpumask}, the old mask written back on close). Without
 * the second, a worker woken while the loop runs is placed on another CPU, and waits there until
 * whatever that CPU runs in the kernel lets it in: this VM's kernel is not preemptible
 * ({@code Dynamic Preempt: none}), and round 8's trace found a worker queued on CPU 1 waiting 2.8 ms
 * behind the VM agent's system call, while the loop's own CPU went idle 30 µs after queueing it.
 * On the loop's CPU it runs the moment the loop blocks on the answer, as the pty's reader does.
 *
 * <p>The pool starts new workers as SCHED_OTHER when it needs them, so the threads are looked for
 * again every {@code every} while this runs. {@link #close()} gives the ones it changed
 * SCHED_OTHER back and the workqueue its cpumask, and so does a child shell if this JVM ends
 * without closing it (SIGKILL too: {@link UndoOnExit}). It takes nothing from the loop: the
 * workers run only while the loop waits for its answer, and each work item lasts microseconds. Needs root or
 * CAP_SYS_NICE; a refusal is a {@link ThreadScheduling.Refused} in chrt's own words.
 */
public final class TtyReceiveWorkers implements AutoCloseable {

    /** The name every worker of the kernel's unbound workqueue pools starts with. */
    static final String UNBOUND_WORKER = "kworker/u";

    /** Where Linux keeps the CPUs the unbound workqueues may run on. */
    static final Path UNBOUND_CPUMASK = Path.of("/sys/devices/virtual/workqueue/cpumask");

    private final int priority;
    private final Path proc;
    private final Path cpumaskFile;
    private final String cpumask;
    private String cpumaskBefore;
    private final UndoOnExit undo;
    private final Map<String, String> changed = new LinkedHashMap<>();
    private final Thread watcher;
    private volatile boolean closed;
    private volatile String lastRefusal;

    private TtyReceiveWorkers(int priority, List<Integer> cpus, Path proc, Path cpumaskFile, Duration every, UndoOnExit undo) {
        this.priority = priority;
        this.undo = undo;
        this.proc = proc;
        this.cpumaskFile = cpumaskFile;
        this.cpumask = hexMask(cpus);
        this.watcher = new Thread(() -> {
            while (!closed) {
                try {
                    Thread.sleep(every.toMillis());
                    raise();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (IOException | RuntimeException e) {
                    lastRefusal = e.getMessage();
                }
            }
        }, "tty-receive-workers");
        watcher.setDaemon(true);
    }

    /**
     * Keeps the unbound workqueues on {@code cpus} (the loop's) and makes every unbound workqueue
     * worker SCHED_FIFO at {@code priority} now (a refusal is thrown, with nothing left changed),
     * then again for new workers every {@code every} until closed.
     */
    public static TtyReceiveWorkers start(int priority, List<Integer> cpus, Duration every) throws IOException, InterruptedException {
        return start(priority, cpus, UNBOUND_CPUMASK, every);
    }

    static TtyReceiveWorkers start(int priority, List<Integer> cpus, Path cpumaskFile, Duration every)
            throws IOException, InterruptedException {
        TtyReceiveWorkers w = new TtyReceiveWorkers(priority, cpus, Path.of("/proc"), cpumaskFile, every, UndoOnExit.start());
        try {
            w.confine();
            w.raise();
        } catch (IOException | RuntimeException | InterruptedException e) {
            w.close();
            throw e;
        }
        w.watcher.start();
        return w;
    }

    /** The kernel's hexadecimal cpumask of the CPUs (0, 1 → 3), in groups of 32 CPUs split by commas as sysfs shows them. */
    static String hexMask(List<Integer> cpus) {
        if (cpus.isEmpty()) {
            throw new IllegalArgumentException("no CPU to keep the unbound workqueues on");
        }
        java.math.BigInteger bits = java.math.BigInteger.ZERO;
        for (int cpu : cpus) {
            bits = bits.setBit(cpu);
        }
        String hex = bits.toString(16);
        StringBuilder grouped = new StringBuilder();
        for (int end = hex.length(); end > 0; end -= 8) {
            grouped.insert(0, hex.substring(Math.max(0, end - 8), end));
            if (end - 8 > 0) {
                grouped.insert(0, ',');
            }
        }
        return grouped.toString();
    }

    private void confine() throws IOException {
        String before = Files.readString(cpumaskFile).trim();
        if (!before.matches("[0-9a-f,]+")) {
            throw new IllegalStateException(cpumaskFile + " reads " + before);
        }
        undo.remember("echo " + before + " > " + cpumaskFile);
        try {
            Files.writeString(cpumaskFile, cpumask + "\n");
        } catch (IOException e) {
            throw new ThreadScheduling.Refused("echo " + cpumask + " > " + cpumaskFile + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
        cpumaskBefore = before;
    }

    /** The priority for them under a loop at {@code loopPriority}: one below it, at least 1. */
    public static int belowTheLoop(int loopPriority) {
        return Math.max(1, loopPriority - 1);
    }

    private void raise() throws IOException, InterruptedException {
        for (String pid : unboundWorkersNotFifo(proc)) {
            synchronized (changed) {
                if (closed) {
                    return;
                }
                try {
                    undo.remember("chrt -o -p 0 " + pid);
                    ThreadScheduling.run(List.of("chrt", "-f", "-p", Integer.toString(priority), pid));
                    changed.put(pid, comm(proc, pid));
                } catch (ThreadScheduling.Refused e) {
                    if (Files.exists(proc.resolve(pid))) {
                        throw e;
                    } // a worker that ended between the look and chrt
                }
            }
        }
    }

    /** The pids of the unbound workqueue workers (kernel threads, children of kthreadd) that are not SCHED_FIFO. */
    static List<String> unboundWorkersNotFifo(Path proc) throws IOException {
        return ThreadScheduling.processes(proc).stream()
                .filter(p -> p.comm().startsWith(UNBOUND_WORKER) && p.ppid().equals("2") && p.policy() != ThreadScheduling.SCHED_FIFO)
                .map(ThreadScheduling.ProcStat::pid).toList();
    }

    private static String comm(Path proc, String pid) {
        try {
            return Files.readString(proc.resolve(pid).resolve("comm")).trim();
        } catch (IOException e) {
            return "?";
        }
    }

    /** How many workers it has made real-time so far. */
    public int raised() {
        synchronized (changed) {
            return changed.size();
        }
    }

    /** The pids of the workers it has made real-time so far. */
    public List<String> names() {
        synchronized (changed) {
            return List.copyOf(changed.keySet());
        }
    }

    /** One clause for a real-time run's start line (or its end, with what the watcher met since). */
    public String said() {
        List<String> names;
        synchronized (changed) {
            names = changed.entrySet().stream().map(e -> e.getValue() + " (" + e.getKey() + ")").toList();
        }
        String refusal = lastRefusal;
        return "the kernel's tty receive path (flush_to_ldisc on the unbound workqueue): kept on the loop's CPUs (workqueue cpumask "
                + cpumask + (cpumaskBefore == null ? "" : ", was " + cpumaskBefore) + "), " + names.size()
                + " worker" + (names.size() == 1 ? "" : "s") + " made SCHED_FIFO " + priority
                + (names.isEmpty() ? "" : ": " + String.join(", ", names)) + ", new ones looked for while this runs"
                + (refusal == null ? "" : "; last refusal: " + refusal);
    }

    /** Stops looking, writes the workqueue's cpumask back and gives the workers it changed SCHED_OTHER back (those still there). */
    @Override
    public void close() {
        closed = true;
        watcher.interrupt();
        if (cpumaskBefore != null) {
            try {
                Files.writeString(cpumaskFile, cpumaskBefore + "\n");
            } catch (IOException e) {
                lastRefusal = "writing the workqueue cpumask " + cpumaskBefore + " back: " + e.getMessage();
            }
        }
        synchronized (changed) {
            for (String pid : changed.keySet()) {
                try {
                    ThreadScheduling.run(List.of("chrt", "-o", "-p", "0", pid));
                } catch (IOException | RuntimeException e) {
                    // ended since, or not ours to change any more
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return; // the keeper puts the rest back when this JVM ends
                }
            }
        }
        undo.close();
    }
}
