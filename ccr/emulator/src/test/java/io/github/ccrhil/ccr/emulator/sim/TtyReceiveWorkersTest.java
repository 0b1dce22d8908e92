package io.github.ccrhil.ccr.emulator.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
