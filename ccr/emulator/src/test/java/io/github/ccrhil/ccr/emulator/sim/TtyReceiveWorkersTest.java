package io.github.ccrhil.ccr.emulator.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel threads that carry a serial line's received bytes to its reader are the unbound
 * workqueue's workers (kworker/uN:M, children of kthreadd): those still SCHED_OTHER are found,
 * and nothing else is.
 */
class TtyReceiveWorkersTest {

    @TempDir
    Path proc;

    @Test
    void onlyTheUnboundWorkqueueWorkersNotYetRealTimeAreFound() throws IOException {
        stat("23906", "kworker/u8:3-events_unbound", 2, ThreadScheduling.SCHED_OTHER);
        stat("23907", "kworker/u9:0", 2, ThreadScheduling.SCHED_FIFO); // done already
        stat("17", "kworker/0:1-events", 2, ThreadScheduling.SCHED_OTHER); // a per-CPU worker: not the tty's
        stat("4242", "kworker/u-fake", 1234, ThreadScheduling.SCHED_OTHER); // a user process with that name
        stat("3127", "java", 1, ThreadScheduling.SCHED_OTHER);
        Files.createDirectories(proc.resolve("self"));
        Files.writeString(proc.resolve("uptime"), "1.0 2.0\n");

        assertEquals(List.of("23906"), TtyReceiveWorkers.unboundWorkersNotFifo(proc));
    }

    /** On this host (root, as the CI runs): the workers are SCHED_FIFO on the loop's CPU while it runs, and as they were after. */
    @Test
    void theWorkersRunRealTimeOnTheLoopsCpuWhileItRunsAndAsBeforeAfter() throws Exception {
        List<String> raised;
        String maskBefore = Files.readString(TtyReceiveWorkers.UNBOUND_CPUMASK).trim();
        try (TtyReceiveWorkers w = TtyReceiveWorkers.start(1, List.of(0), java.time.Duration.ofMillis(200))) {
            assertEquals("1", Files.readString(TtyReceiveWorkers.UNBOUND_CPUMASK).trim(), "unbound workqueues kept on CPU 0");
            assertTrue(w.said().contains("workqueue cpumask 1, was " + maskBefore), w.said());
            assertTrue(w.raised() > 0, w.said());
            assertTrue(w.said().contains("made SCHED_FIFO 1"), w.said());
            raised = TtyReceiveWorkers.unboundWorkersNotFifo(Path.of("/proc"));
            // a worker the pool started in between may still be waiting for the next look: none of the ones it named
            for (String named : w.names()) {
                assertFalse(raised.contains(named), named + " named as real-time but SCHED_OTHER: " + w.said());
            }
            raised = w.names();
        }
        assertEquals(maskBefore, Files.readString(TtyReceiveWorkers.UNBOUND_CPUMASK).trim(), "the workqueue's cpumask written back");
        for (String pid : raised) {
            if (Files.exists(Path.of("/proc", pid))) {
                assertEquals(ThreadScheduling.SCHED_OTHER, ThreadScheduling.observe(null, pid).policy(), "worker " + pid + " given back");
            }
        }
    }

    @Test
    void theLoopsCpusAreWrittenAsTheKernelsHexadecimalCpumask() {
        assertEquals("1", TtyReceiveWorkers.hexMask(List.of(0)));
        assertEquals("2", TtyReceiveWorkers.hexMask(List.of(1)));
        assertEquals("3", TtyReceiveWorkers.hexMask(List.of(0, 1)));
        assertEquals("f0", TtyReceiveWorkers.hexMask(List.of(4, 5, 6, 7)));
        assertEquals("1,00000001", TtyReceiveWorkers.hexMask(List.of(0, 32)), "groups of 32 CPUs, as sysfs writes them");
        assertThrows(IllegalArgumentException.class, () -> TtyReceiveWorkers.hexMask(List.of()));
    }

    /**
     * A cpumask the kernel will not take is refused in one line, and nothing is left changed. Here
     * the file is a cpumask sysfs never lets anyone write, root included (CPU 0's core siblings).
     */
    @Test
    void aWorkqueueMaskThatCannotBeWrittenIsRefusedWithNothingChanged() throws Exception {
        Path mask = Path.of("/sys/devices/system/cpu/cpu0/topology/core_cpus");
        String before = Files.readString(mask);
        List<String> notFifoBefore = TtyReceiveWorkers.unboundWorkersNotFifo(Path.of("/proc"));
        ThreadScheduling.Refused refused = assertThrows(ThreadScheduling.Refused.class,
                () -> TtyReceiveWorkers.start(1, List.of(0), mask, java.time.Duration.ofMillis(200)));
        assertTrue(refused.getMessage().startsWith("echo 1 > " + mask), refused.getMessage());
        assertEquals(before, Files.readString(mask));
        assertTrue(TtyReceiveWorkers.unboundWorkersNotFifo(Path.of("/proc")).containsAll(notFifoBefore), "no worker made real-time");
    }

    @Test
    void theirPriorityIsOneBelowTheLoopsAndNeverBelowOne() {
        assertEquals(9, TtyReceiveWorkers.belowTheLoop(10));
        assertEquals(1, TtyReceiveWorkers.belowTheLoop(1));
    }

    /** A /proc/PID/stat line: pid (comm) state ppid, then fields 5..52 with the policy at 41. */
    private void stat(String pid, String comm, int ppid, int policy) throws IOException {
        StringBuilder b = new StringBuilder(pid + " (" + comm + ") I " + ppid);
        for (int field = 5; field <= 52; field++) {
            b.append(' ').append(field == 41 ? Integer.toString(policy) : "0");
        }
        Files.createDirectories(proc.resolve(pid));
        Files.writeString(proc.resolve(pid).resolve("stat"), b + "\n");
    }
}
