package io.github.ccrhil.ccr.firmware.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** When W/I² can and cannot resolve one failed lamp, and the estimate where it can. */
class LampFailureEstimatorTest {

    /** 60 lamps of 100 W on a 6.6 A loop, 3 Ω core loss, 0.3 Ω winding, no cable. */
    static LoopData loop(double ledShare) {
        return new LoopData(60, 100.0, 6.6, ledShare, 0.0, 3.0, 0.3);
    }

    /** Real power of the loop with {@code failed} open transformers at {@code i}, W. */
    static double power(LoopData d, int failed, double i) {
        double r = LampFailureEstimator.healthyLoopResistance(d, i)
                - failed * (LampFailureEstimator.lampResistance(d, i) - d.coreLossResistanceOhms());
        return r * i * i;
    }

    @Test
    void aHalogenLoopAtTheTopStepResolvesEveryFailedLampExactly() {
        LoopData d = loop(0.0);
        assertTrue(LampFailureEstimator.resolvesOneLamp(d, 6.6));
        for (int k = 0; k <= 18; k++) {
            assertEquals(k, LampFailureEstimator.estimate(d, 6.6, power(d, k, 6.6)));
        }
    }

    @Test
    void whereAnLedsResistanceCrossesTheOpenTransformersTheEstimateSaysItCannotTell() {
        // mixed loop: 60 % LED at 3.4 A, r_lamp ≈ 0.6 · 4.46 + 0.4 · 1.4 ≈ 3.2 Ω against R_core 3 Ω
        LoopData d = loop(0.6);
        assertFalse(LampFailureEstimator.resolvesOneLamp(d, 3.4));
        assertEquals(-1, LampFailureEstimator.estimate(d, 3.4, power(d, 3, 3.4)));
    }
}
