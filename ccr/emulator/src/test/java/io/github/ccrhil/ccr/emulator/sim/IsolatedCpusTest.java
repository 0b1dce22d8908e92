package io.github.ccrhil.ccr.emulator.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loop's CPU kept for the loop: other processes' threads leave it while the loop runs and
 * come back after; kernel threads and the loop's own process tree are not touched.
 */
class IsolatedCpusTest {

    @TempDir
    Path proc;

    @Test
    void kernelThreadsAreNotOtherProcessesToMove() throws IOException {
        stat("1", "process_api", 0x400100L);
        stat("2", "kthreadd", 0x208040L); // PF_KTHREAD set
        stat("17", "kworker/0:1-events", 0x4208060L);
        stat("3127", "java", 0x400000L);
        stat("4242", "(sd-pam) x", 0x400140L); // a name with spaces and parentheses
        Files.createDirectories(proc.resolve("self"));

        assertEquals(List.of("1", "3127", "4242"), IsolatedCpus.userProcesses(proc).stream().sorted().toList());
    }

    @Test
    void aThreadsCpusAreReadFromItsStatus() {
        assertEquals("0-1", IsolatedCpus.cpusAllowed("Name:\tjava\nCpus_allowed:\t3\nCpus_allowed_list:\t0-1\nMems_allowed:\t1\n"));
    }

    /**
     * On this host (root, as the CI runs): a process that is not the loop's (a sleep left to init)
     * leaves CPU 0 while it is kept, and has every CPU again after; a child of the loop's JVM stays.
     */
    @Test
    void anotherProcessLeavesTheLoopsCpuWhileItIsKeptAndComesBackAfter() throws Exception {
        List<Integer> online = ThreadScheduling.cpuList(Files.readString(Path.of("/sys/devices/system/cpu/online")).trim());
        String orphan = orphanSleep(60);
        Path go = proc.resolve("go");
        Path started = proc.resolve("started");
        // another process of init's that starts a sleep of its own when told (a file appears)
        String starter = orphan("(while [ ! -e " + go + " ]; do sleep 0.02; done; sleep 60 > /dev/null 2>&1 & echo $! > " + started
                + ".tmp; mv " + started + ".tmp " + started + ")");
        Process child = new ProcessBuilder("sleep", "60").start();
        String bornWhileKept = null;
        try {
            String before = cpus(orphan);
            try (IsolatedCpus kept = IsolatedCpus.keep(List.of(0))) {
                if (online.size() == 1) {
                    assertTrue(kept.said().contains("not isolated"), kept.said());
                    assertEquals(before, cpus(orphan));
                    return;
                }
                String rest = String.join(",", online.stream().filter(c -> c != 0).map(String::valueOf).toList());
                assertEquals(ThreadScheduling.cpuList(rest), ThreadScheduling.cpuList(cpus(orphan)), "another process off CPU 0: " + kept.said());
                assertEquals(before, cpus(Long.toString(child.pid())), "the loop's own child stays where it was");
                assertTrue(kept.moved().containsKey(orphan), kept.said());
                assertTrue(kept.said().startsWith("CPU 0 kept for the loop: "), kept.said());
                // a process that begins while CPU 0 is kept, from a moved one, inherits the other CPUs
                Files.createFile(go);
                long until = System.nanoTime() + 30_000_000_000L;
                while (!Files.exists(started) && System.nanoTime() < until) {
                    Thread.sleep(20); // polling interval of a condition with a deadline
                }
                bornWhileKept = Files.readString(started).trim();
                assertEquals(ThreadScheduling.cpuList(rest), ThreadScheduling.cpuList(cpus(bornWhileKept)), "inherited the other CPUs");
            }
            assertEquals(before, cpus(orphan), "back where it was");
            if (bornWhileKept != null) {
                assertEquals(online, ThreadScheduling.cpuList(cpus(bornWhileKept)), "one that began while CPU 0 was kept has every CPU after");
            }
        } finally {
            new ProcessBuilder("kill", orphan).start().waitFor();
            if (bornWhileKept != null) {
                new ProcessBuilder("kill", bornWhileKept).start().waitFor();
            }
            new ProcessBuilder("kill", starter).start().waitFor();
            child.destroyForcibly();
        }
    }

    /**
     * A real-time JVM killed with SIGKILL (no shutdown hook runs) still gives the other
     * processes their CPUs back: its keeper shell puts them back when the JVM's end of the pipe closes.
     */
    @Test
    void aKilledJvmStillGivesTheOtherProcessesTheirCpusBack() throws Exception {
        List<Integer> online = ThreadScheduling.cpuList(Files.readString(Path.of("/sys/devices/system/cpu/online")).trim());
        String orphan = orphanSleep(120);
        String javaExe = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process jvm = new ProcessBuilder(javaExe, "-cp", System.getProperty("java.class.path"), KeepCpuZero.class.getName())
                .redirectErrorStream(true).start();
        try {
            String before = cpus(orphan);
            java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8));
            String said = out.readLine();
            assertTrue(said != null && said.startsWith("CPU 0 kept") || online.size() == 1, "the child says what it kept: " + said);
            if (online.size() > 1) {
                assertFalse(ThreadScheduling.cpuList(cpus(orphan)).contains(0), "moved off CPU 0 while the child runs");
            }
            assertEquals(0, new ProcessBuilder("kill", "-KILL", Long.toString(jvm.pid())).start().waitFor());
            assertTrue(jvm.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
            long until = System.nanoTime() + 30_000_000_000L;
            while (!cpus(orphan).equals(before) && System.nanoTime() < until) {
                Thread.sleep(20); // polling interval of a condition with a deadline
            }
            assertEquals(before, cpus(orphan), "back on its CPUs after the SIGKILL");
        } finally {
            jvm.destroyForcibly();
            new ProcessBuilder("kill", orphan).start().waitFor();
        }
    }

    /** The child JVM of the SIGKILL test: keeps CPU 0, says so, and waits to be killed (or for its input to end). */
    static final class KeepCpuZero {
        public static void main(String[] args) throws Exception {
            IsolatedCpus kept = IsolatedCpus.keep(List.of(0));
            System.out.println(kept.said());
            System.out.flush();
            while (System.in.read() >= 0) {
                // blocks until the test kills this JVM, or its end of the pipe closes
            }
            kept.close();
        }
    }

    /** The pid of a {@code sleep} whose parent has ended: a process of init's, not of this JVM. */
    private static String orphanSleep(int seconds) throws IOException, InterruptedException {
        return orphan("sleep " + seconds);
    }

    /** The pid of a shell command run in the background by a shell that then ends: a process of init's, not of this JVM. */
    private static String orphan(String command) throws IOException, InterruptedException {
        Process parent = new ProcessBuilder("sh", "-c", command + " > /dev/null 2>&1 & echo $!").start();
        String orphan = new String(parent.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        parent.waitFor();
        return orphan;
    }

    private static String cpus(String pid) throws IOException {
        return IsolatedCpus.cpusAllowed(Files.readString(Path.of("/proc", pid, "status")));
    }

    /** A /proc/PID/stat line: pid (comm) state ppid, then fields 5..52 with the flags at 9. */
    private void stat(String pid, String comm, long flags) throws IOException {
        StringBuilder b = new StringBuilder(pid + " (" + comm + ") S 1");
        for (int field = 5; field <= 52; field++) {
            b.append(' ').append(field == 9 ? Long.toString(flags) : "0");
        }
        Files.createDirectories(proc.resolve(pid));
        Files.writeString(proc.resolve(pid).resolve("stat"), b + "\n");
    }
}
