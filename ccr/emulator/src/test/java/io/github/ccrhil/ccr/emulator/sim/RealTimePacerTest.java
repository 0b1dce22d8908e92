package io.github.ccrhil.ccr.emulator.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RealTimePacerTest {

    /** A nanosecond source the test moves by hand; each read also ticks it a little. */
    private static final class FakeNanos {
        long now;
        long tick = 1_000;

        long read() {
            now += tick;
            return now;
        }
    }

    @Test
    void workLongerThanAPeriodIsCountedAsAnOverrunAndItsLostPeriodsSkipped() {
        FakeNanos t = new FakeNanos();
        RealTimePacer pacer = new RealTimePacer(Duration.ofMillis(10), t::read, ns -> t.now += ns, 100);
        pacer.start();
        pacer.awaitNextPeriod();
        assertEquals(0, pacer.overruns());
        t.now += 25_000_000; // the work of this period took 25 ms
        pacer.awaitNextPeriod();
        assertEquals(1, pacer.overruns());
        assertEquals(1, pacer.skippedPeriods());
        assertEquals(2, pacer.periods());
    }

    @Test
    void workWithinThePeriodIsNoOverrun() {
        FakeNanos t = new FakeNanos();
        RealTimePacer pacer = new RealTimePacer(Duration.ofMillis(10), t::read, ns -> t.now += ns, 100);
        pacer.start();
        for (int i = 0; i < 50; i++) {
            t.now += 3_000_000;
            pacer.awaitNextPeriod();
        }
        assertEquals(0, pacer.overruns());
        assertEquals(50, pacer.periods());
    }

    @Test
    void aPeriodMustBePositive() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> RealTimePacer.onWallClock(Duration.ZERO, 1));
    }
}
