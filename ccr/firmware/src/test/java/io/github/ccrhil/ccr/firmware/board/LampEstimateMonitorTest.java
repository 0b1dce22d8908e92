package io.github.ccrhil.ccr.firmware.board;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * When the monitoring refreshes the failed-lamp estimate: after a steady spell, not restarted by
 * one noisy half-cycle, and only where the averaged W/I² is precise enough to count one lamp.
 */
class LampEstimateMonitorTest {

    static final Duration HALF_CYCLE = Duration.ofMillis(10);
    /** 89 halogen lamps of 100 W, 3 Ω core loss, 0.3 Ω winding, no cable (campaign case lamp-estimate-11-332). */
    static final LoopData LOOP = new LoopData(89, 100.0, 6.6, 0.0, 0.0, 3.0, 0.3);

    /** Feeds half-cycles at {@code amps} with {@code failed} lamps and returns the last estimate. */
    static int run(LampEstimateMonitor m, LoopData loop, Instant[] clock, int halfCycles, double amps, int failed,
                   double relativeNoise, int outlierEvery, SplittableRandom random) {
        double watts = LampFailureEstimatorTest.power(loop, failed, amps);
        int estimate = -1;
        double display = amps;
        for (int n = 0; n < halfCycles; n++) {
            clock[0] = clock[0].plus(HALF_CYCLE);
            double i = amps;
            if (outlierEvery > 0 && n % outlierEvery == outlierEvery - 1) {
                i = amps * 1.025; // one half-cycle 2.5 % high: noise, not a change of current
            }
            double w = watts * (i * i) / (amps * amps) * (1.0 + relativeNoise * random.nextGaussian());
            display = 0.9 * display + 0.1 * i;
            estimate = m.update(loop, 1, i, w, display, clock[0]);
        }
        return estimate;
    }

    @Test
    void aLampFailureAtALowStepIsCountedEvenWithAnOutlyingHalfCycleEverySecond() {
        LampEstimateMonitor m = new LampEstimateMonitor(HALF_CYCLE);
        Instant[] clock = {Instant.EPOCH};
        SplittableRandom random = new SplittableRandom(1);
        assertEquals(0, run(m, LOOP, clock, 350, 2.8, 0, 0.0, 100, random), "before the failure");
        // 25 lamps fail; the regulator brings the current back: the estimate follows within 3.5 s
        assertEquals(25, run(m, LOOP, clock, 350, 2.8, 25, 0.0, 100, random), "3.5 s after the failure");
    }

    @Test
    void aLampFailureThatLeavesTheCurrentSteadyReachesTheEstimateWithinTheAveragingWindow() {
        LampEstimateMonitor m = new LampEstimateMonitor(HALF_CYCLE);
        Instant[] clock = {Instant.EPOCH};
        SplittableRandom random = new SplittableRandom(2);
        // 60 halogen lamps at the top step, where W/I² resolves one lamp
        LoopData loop = LampFailureEstimatorTest.loop(0.0);
        assertEquals(3, run(m, loop, clock, 300, 6.6, 3, 0.0, 0, random));
        int window = (int) (LampFailureEstimator.AVERAGING_WINDOW.toMillis() / HALF_CYCLE.toMillis());
        assertEquals(7, run(m, loop, clock, window, 6.6, 7, 0.0, 0, random));
    }

    @Test
    void whenTheAveragedResistanceIsTooNoisyToCountOneLampTheEstimateIsUnknown() {
        LampEstimateMonitor quiet = new LampEstimateMonitor(HALF_CYCLE);
        LampEstimateMonitor noisy = new LampEstimateMonitor(HALF_CYCLE);
        Instant[] t1 = {Instant.EPOCH};
        Instant[] t2 = {Instant.EPOCH};
        // one lamp is 1.9 Ω of about 130 Ω at 2.8 A: 1 % noise per half-cycle averages to 0.1 %, enough;
        // 20 % per half-cycle averages to 2 %, two lamps' worth: cannot tell
        assertEquals(10, run(quiet, LOOP, t1, 350, 2.8, 10, 0.01, 0, new SplittableRandom(3)));
        assertEquals(-1, run(noisy, LOOP, t2, 350, 2.8, 10, 0.20, 0, new SplittableRandom(3)));
    }
}
