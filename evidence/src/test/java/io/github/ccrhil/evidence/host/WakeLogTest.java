package io.github.ccrhil.evidence.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * How much of a timed window the host took from the verifier: the time its sampler was due but not
 * running. Wake-ups are given here in milliseconds of System.nanoTime, as the sampler would note them.
 */
class WakeLogTest {

    private static final long MS = 1_000_000;
    private static final long PERIOD = 10 * MS;

    private static WakeLog onTimeUntil(long lastDueMs) {
        WakeLog w = new WakeLog(PERIOD, 9_000);
        for (long t = 10; t <= lastDueMs; t += 10) {
            w.add(t * MS, t * MS + MS / 10); // 0.1 ms late, as a timer is
        }
        return w;
    }

    @Test
    void aSamplerThatWokeOnTimeGivesAWindowNoStall() {
        WakeLog w = onTimeUntil(1000);
        // 80 wake-ups in the window, each 0.1 ms late: 8 ms, no more
        assertEquals(8.0, w.stalledMs(200 * MS, 995 * MS), 1e-6);
    }

    @Test
    void theStallOfOneLateWakeUpCountsOnlyWhereItOverlapsTheWindow() {
        WakeLog w = onTimeUntil(1000);
        w.add(1010 * MS, 1310 * MS); // 300 ms late
        assertEquals(150.0, w.stalledMs(1100 * MS, 1250 * MS), 1e-9);
        assertEquals(300.0, w.stalledMs(1001 * MS, 1310 * MS), 1e-9);
        assertEquals(0.0, w.stalledMs(1310 * MS, 1315 * MS), 1e-9);
    }

    @Test
    void aSamplerThatHasNotWokenSinceItWasDueCountsTheWindowsTailAsStalled() {
        WakeLog w = onTimeUntil(1000);
        // next due at 1010 ms; asked at 1500 ms without a wake-up since: 490 ms stalled (and the 11 wake-ups' 0.1 ms)
        assertEquals(490.0 + 11 * 0.1, w.stalledMs(900 * MS, 1500 * MS), 1e-6);
        assertEquals(300.0, w.stalledMs(1200 * MS, 1500 * MS), 1e-9);
    }

    @Test
    void afterALongStallTheTailStartsAtTheNextDueTimeSoNothingIsCountedTwice() {
        WakeLog w = new WakeLog(PERIOD, 100);
        w.add(0, 50 * MS); // 50 ms late: the sampler is next due at 60 ms, not at 10 ms
        assertEquals(50.0, w.stalledMs(0, 55 * MS), 1e-9);
        assertEquals(60 * MS, WakeLog.nextDue(0, 50 * MS, PERIOD));
        assertEquals(10 * MS, WakeLog.nextDue(0, 5 * MS, PERIOD), "a short lateness keeps the schedule");
    }

    @Test
    void wakeUpsOlderThanTheRingAreForgotten() {
        WakeLog w = new WakeLog(PERIOD, 10);
        w.add(10 * MS, 110 * MS); // 100 ms late
        for (long t = 120; t <= 210; t += 10) {
            w.add(t * MS, t * MS);
        }
        assertEquals(0.0, w.stalledMs(0, 210 * MS), 1e-9);
    }

    @Test
    void aRingWithoutRoomIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new WakeLog(PERIOD, 0));
        assertThrows(IllegalArgumentException.class, () -> new WakeLog(0, 10));
    }
}
