package io.github.ccrhil.ccr.emulator.sim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The Linux scheduling policy and CPUs of single threads of this JVM or of a child process, set
 * with util-linux's {@code chrt -p} and {@code taskset -p}: what a real-time deployment gives the
 * control loop (and the emulated hardware on the other end of its link) while every other thread
 * (JIT compilers, GC workers, the remote interface, loads) stays SCHED_OTHER. A thread created by
 * a thread inherits both. SCHED_FIFO needs root or CAP_SYS_NICE; a refusal is a {@link Refused}
 * with chrt's (or taskset's) own words. Used by {@code serve --rt} and the bench's soak alike.
 */
public final class ThreadScheduling {
    private ThreadScheduling() { }

    /** The kernel's number for SCHED_FIFO, as /proc/PID/stat field 41 shows it. */
    public static final int SCHED_FIFO = 1;
    /** The kernel's number for SCHED_IDLE (set at a process's start with {@code chrt -i 0}: see {@link IdlePoller}). */
    public static final int SCHED_IDLE = 5;
    /** The kernel's number for SCHED_OTHER. */
    public static final int SCHED_OTHER = 0;

    /** chrt or taskset said no (not permitted, no such CPU): their own words, one line. */
    public static final class Refused extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        public Refused(String message) {
            super(message);
        }
    }

    /** A real-time priority on given CPUs, as {@code PRIO@CPUS} (e.g. {@code 10@1}, {@code 10@0-1}). */
    public record RealTime(int priority, String cpus) {
        public RealTime {
            if (priority < 1 || priority > 99 || !cpus.matches("[0-9]+(-[0-9]+)?(,[0-9]+(-[0-9]+)?)*")) {
                throw new IllegalArgumentException("--rt wants PRIORITY@CPUS, priority 1..99, e.g. 10@1; not " + priority + "@" + cpus);
            }
        }

        public static RealTime parse(String text) {
            String[] p = text.split("@", 2);
            try {
                if (p.length != 2) {
                    throw new NumberFormatException();
                }
                return new RealTime(Integer.parseInt(p[0]), p[1]);
            } catch (IllegalArgumentException e) { // NumberFormatException too
                throw new IllegalArgumentException("--rt wants PRIORITY@CPUS, priority 1..99, e.g. 10@1; not " + text);
            }
        }

        /** Each CPU the list names, in order ({@code 0-2,5}: 0, 1, 2, 5). */
        public List<Integer> cpuList() {
            return ThreadScheduling.cpuList(cpus);
        }

        @Override
        public String toString() {
            return priority + "@" + cpus;
        }
    }

    /** Each CPU a kernel CPU list names ({@code 0-2,5}: 0, 1, 2, 5), in order; none for an empty list. */
    public static List<Integer> cpuList(String list) {
        TreeSet<Integer> all = new TreeSet<>();
        if (list.isBlank()) {
            return List.of();
        }
        for (String part : list.trim().split(",")) {
            String[] r = part.split("-");
            int from = Integer.parseInt(r[0]);
            int to = r.length > 1 ? Integer.parseInt(r[1]) : from;
            for (int c = from; c <= to; c++) {
                all.add(c);
            }
        }
        return List.copyOf(all);
    }

    /** The kernel's id of the calling thread. */
    public static String currentTid() throws IOException {
        return Path.of("/proc/thread-self").toRealPath().getFileName().toString();
    }

    /** The kernel's id of this JVM's one thread with that name (cut to 15 bytes, as Linux keeps it), waiting up to 5 s for it to run. */
    public static String tidNamed(String threadName) throws IOException, InterruptedException {
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
    public static String fifo(String tid, RealTime rt) throws IOException, InterruptedException {
        run(List.of("chrt", "-f", "-p", Integer.toString(rt.priority()), tid));
        run(List.of("taskset", "-p", "-c", rt.cpus(), tid));
        return "tid " + tid + " SCHED_FIFO " + rt.priority() + " on CPU " + rt.cpus();
    }

    /** SCHED_OTHER on CPUs 0..cores-1 for the thread {@code tid}. */
    public static String other(String tid, int cores) throws IOException, InterruptedException {
        run(List.of("chrt", "-o", "-p", "0", tid));
        run(List.of("taskset", "-p", "-c", "0-" + (cores - 1), tid));
        return "tid " + tid + " SCHED_OTHER on CPUs 0-" + (cores - 1);
    }

    /** What the kernel says of a thread or process: policy number (/proc/ID/stat field 41), real-time priority (40), allowed CPUs. */
    public record Observed(int policy, int rtPriority, String cpus) {
        public String policyName() {
            return switch (policy) {
                case SCHED_OTHER -> "SCHED_OTHER";
                case SCHED_FIFO -> "SCHED_FIFO";
                case 2 -> "SCHED_RR";
                case 3 -> "SCHED_BATCH";
                case SCHED_IDLE -> "SCHED_IDLE";
                case 6 -> "SCHED_DEADLINE";
                default -> "policy " + policy;
            };
        }

        @Override
        public String toString() {
            return policyName() + (policy == SCHED_FIFO ? " " + rtPriority : "") + " on CPU " + cpus;
        }
    }

    /** One line of {@code /proc/PID/stat}: what this package looks at (fields 2, 4, 9 and 41). */
    public record ProcStat(String pid, String comm, String ppid, long flags, int policy) {
        /** The kernel's flag of a kernel thread in the flags field (include/linux/sched.h). */
        static final long PF_KTHREAD = 0x00200000L;

        public boolean kernelThread() {
            return (flags & PF_KTHREAD) != 0;
        }

        /** Parses a stat line; the command name (field 2) may hold spaces and parentheses. */
        static ProcStat parse(String pid, String stat) {
            int open = stat.indexOf('(');
            int close = stat.lastIndexOf(')');
            String[] f = stat.substring(close + 2).trim().split(" "); // from field 3 on
            return new ProcStat(pid, stat.substring(open + 1, close), f[4 - 3], Long.parseLong(f[9 - 3]), Integer.parseInt(f[41 - 3]));
        }
    }

    /** Every process in {@code proc} (a /proc), as its stat line says; those that end during the walk are left out. */
    public static List<ProcStat> processes(Path proc) throws IOException {
        List<ProcStat> found = new ArrayList<>();
        try (Stream<Path> entries = Files.list(proc)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                String pid = p.getFileName().toString();
                if (!pid.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    found.add(ProcStat.parse(pid, Files.readString(p.resolve("stat"))));
                } catch (NoSuchFileException ended) {
                    // gone
                }
            }
        }
        return found;
    }

    /** Reads {@code /proc/<pid>/task/<tid>} (or {@code /proc/<tid>} when pid is null). */
    public static Observed observe(String pid, String tid) throws IOException {
        Path dir = pid == null ? Path.of("/proc", tid) : Path.of("/proc", pid, "task", tid);
        String stat = Files.readString(dir.resolve("stat"));
        // after the command name in parentheses (which may hold spaces), fields from 3 on
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        int rtPriority = Integer.parseInt(f[40 - 3]);
        int policy = Integer.parseInt(f[41 - 3]);
        String cpus = Files.readAllLines(dir.resolve("status")).stream().filter(l -> l.startsWith("Cpus_allowed_list:"))
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("?");
        return new Observed(policy, rtPriority, cpus);
    }

    static void run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) {
            throw new Refused(String.join(" ", cmd) + ": " + String.join("; ", out.lines().toList()));
        }
    }
}
