package io.github.ccrhil.bench.link;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The Linux scheduling policy and CPUs of single threads of this JVM or of a child process, set
 * with util-linux's {@code chrt -p} and {@code taskset -p}: what a real-time deployment gives the
 * control loop (and the emulated hardware on the other end of its link) while every other thread
 * (JIT compilers, GC workers, the remote interface, loads) stays SCHED_OTHER. A thread created by
 * a thread inherits both. SCHED_FIFO needs root or CAP_SYS_NICE; a refusal is an error with
 * chrt's own words.
 */
final class ThreadScheduling {
    private ThreadScheduling() { }

    /** A real-time priority on given CPUs, as {@code PRIO@CPUS} (e.g. {@code 10@1}, {@code 10@0-1}). */
    record RealTime(int priority, String cpus) {
        static RealTime parse(String text) {
            String[] p = text.split("@", 2);
            try {
                int prio = Integer.parseInt(p[0]);
                if (prio < 1 || prio > 99 || p.length != 2 || !p[1].matches("[0-9]+(-[0-9]+)?(,[0-9]+(-[0-9]+)?)*")) {
                    throw new NumberFormatException();
                }
                return new RealTime(prio, p[1]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--rt wants PRIORITY@CPUS, priority 1..99, e.g. 10@1; not " + text);
            }
        }
    }

    /** The kernel's id of the calling thread. */
    static String currentTid() throws IOException {
        return Path.of("/proc/thread-self").toRealPath().getFileName().toString();
    }

    /** The kernel's id of this JVM's one thread with that name (cut to 15 bytes, as Linux keeps it), waiting up to 5 s for it to run. */
    static String tidNamed(String threadName) throws IOException, InterruptedException {
        String comm = threadName.length() > 15 ? threadName.substring(0, 15) : threadName;
        List<String> tids = new ArrayList<>();
        long end = System.nanoTime() + 5_000_000_000L; // a thread names itself once it runs
        while (tids.isEmpty() && System.nanoTime() < end) {
            try (Stream<Path> all = Files.list(Path.of("/proc/self/task"))) {
                for (Path t : (Iterable<Path>) all::iterator) {
                    try {
                        if (Files.readString(t.resolve("comm")).trim().equals(comm)) {
                            tids.add(t.getFileName().toString());
                        }
                    } catch (NoSuchFileException ended) {
                        // that thread has just ended
                    }
                }
            }
            if (tids.isEmpty()) {
                Thread.sleep(5); // polling interval of a condition with a deadline
            }
        }
        if (tids.size() != 1) {
            throw new IllegalStateException("expected one thread named " + comm + ", found " + tids.size());
        }
        return tids.get(0);
    }

    /** SCHED_FIFO at the priority, on the CPUs, for the thread (or single-threaded process) {@code tid}. */
    static String fifo(String tid, RealTime rt) throws IOException, InterruptedException {
        run(List.of("chrt", "-f", "-p", Integer.toString(rt.priority()), tid));
        run(List.of("taskset", "-p", "-c", rt.cpus(), tid));
        return "tid " + tid + " SCHED_FIFO " + rt.priority() + " on CPU " + rt.cpus();
    }

    /** SCHED_OTHER on CPUs 0..cores-1 for the thread {@code tid}. */
    static String other(String tid, int cores) throws IOException, InterruptedException {
        run(List.of("chrt", "-o", "-p", "0", tid));
        run(List.of("taskset", "-p", "-c", "0-" + (cores - 1), tid));
        return "tid " + tid + " SCHED_OTHER on CPUs 0-" + (cores - 1);
    }

    private static void run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
        }
    }
}
