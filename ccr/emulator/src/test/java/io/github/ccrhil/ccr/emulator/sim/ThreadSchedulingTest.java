package io.github.ccrhil.ccr.emulator.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Giving one thread a real-time policy on its CPUs, and keeping those CPUs out of idle. */
class ThreadSchedulingTest {

    @Test
    void aRealTimeSettingIsPriorityAtCpus() {
        ThreadScheduling.RealTime rt = ThreadScheduling.RealTime.parse("10@1");
        assertEquals(10, rt.priority());
        assertEquals(List.of(1), rt.cpuList());
        assertEquals(List.of(0, 1, 2, 5), ThreadScheduling.RealTime.parse("99@0-2,5").cpuList());
        assertEquals("10@1", rt.toString());
    }

    @Test
    void aPriorityOutsideOneTo99OrNoCpuIsRefusedInOneLine() {
        for (String bad : List.of("0@1", "100@1", "10", "10@", "x@1", "10@one", "10@1-")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ThreadScheduling.RealTime.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("--rt wants PRIORITY@CPUS, priority 1..99"), e.getMessage());
            assertTrue(e.getMessage().endsWith(bad), e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
        }
    }

    @Test
    void theKernelsViewOfThisThreadIsReadFromProc() throws Exception {
        String pid = Long.toString(ProcessHandle.current().pid());
        ThreadScheduling.Observed me = ThreadScheduling.observe(pid, ThreadScheduling.currentTid());
        // a test JVM runs as it was started: the ordinary policy, unless someone ran the build under chrt
        assertTrue(me.policy() == ThreadScheduling.SCHED_OTHER || me.policy() == ThreadScheduling.SCHED_FIFO, me.toString());
        assertFalse(me.cpus().isEmpty());
    }

    @Test
    void theIdlePollerSpinsUnderSchedIdleOnItsCpuAndEndsWhenClosed() throws Exception {
        IdlePoller poller = IdlePoller.start(List.of(0));
        ProcessHandle p;
        try {
            assertEquals(1, poller.pids().size());
            String pid = Long.toString(poller.pids().get(0));
            ThreadScheduling.Observed o = ThreadScheduling.observe(null, pid);
            assertEquals(ThreadScheduling.SCHED_IDLE, o.policy(), o.toString());
            assertEquals("0", o.cpus());
            assertTrue(poller.toString().contains("pid " + pid + " SCHED_IDLE on CPU 0"), poller.toString());
            p = ProcessHandle.of(poller.pids().get(0)).orElseThrow();
            assertTrue(p.isAlive());
        } finally {
            poller.close();
        }
        p.onExit().get(10, TimeUnit.SECONDS);
        assertFalse(p.isAlive());
    }

    @Test
    void aPollerOnACpuTheMachineDoesNotHaveIsRefusedInTasksetsOwnWords() {
        ThreadScheduling.Refused e = assertThrows(ThreadScheduling.Refused.class, () -> IdlePoller.start(List.of(4095)));
        assertTrue(e.getMessage().startsWith("chrt -i 0 taskset -c 4095 sh: taskset: "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }
}
