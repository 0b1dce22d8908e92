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

    private static final double OMEGA = 2 * Math.PI * 50;

    /**
     * {@code lamps} lamps of 100 W, 6.6 A, with the typical transformer's reactances: 3 mH leakage,
     * L_m0 = 200 V / (ω·√2·6.6 A) ≈ 68 mH saturating at 1 A, and 2 km of cable at 0.4 mH/km.
     */
    static LoopData withReactances(int lamps, double ledShare) {
        double lm0 = 200.0 / (OMEGA * Math.sqrt(2.0) * 6.6);
        return new LoopData(lamps, 100.0, 6.6, ledShare, 6.2, 3.0, 0.3, 0.8e-3, 3.0e-3, lm0, 1.0);
    }

    /** Loop reactance with {@code failed} open units at a peak current {@code peak}, Ω. */
    static double reactance(LoopData d, int failed, double peak) {
        return LampFailureEstimator.healthyLoopReactance(d, OMEGA)
                + failed * LampFailureEstimator.openUnitReactance(d, OMEGA, peak);
    }

    @Test
    void anOpenSecondaryAddsItsSaturatedMagnetisingReactanceWhichFallsAsTheCurrentRises() {
        LoopData d = withReactances(100, 0.5);
        // at 6.6 A (peak ≈ 9.3 A, 9.3 × I_sat) one open unit adds ≈ 1.15 × 21.4 Ω × 0.175 ≈ 4.3 Ω,
        // several times a unit's 0.94 Ω of leakage; at 2.8 A (peak ≈ 4 A) about twice that
        double top = LampFailureEstimator.openUnitReactance(d, OMEGA, 9.33);
        double low = LampFailureEstimator.openUnitReactance(d, OMEGA, 3.96);
        assertEquals(4.3, top, 0.1);
        assertTrue(low > 1.9 * top && low < 2.3 * top, low + " vs " + top);
        // unsaturated it is the whole ω·L_m0
        assertEquals(1.15 * OMEGA * d.magnetisingInductanceH(), LampFailureEstimator.openUnitReactance(d, OMEGA, 1e-6), 1e-6);
    }

    @Test
    void onAMixedLoopWhereWOverISquaredCannotTellTheReactanceCountsAFewOpenUnits() {
        // 50 lamps, 40 % LED at 3.4 A: an LED's 4.5 Ω and a filament's 1.6 Ω average to about the
        // open transformer's 3 Ω. (Round 4 showed this on 100 lamps, 50 % LED at 5.2 A; there the
        // LED drivers' apparent reactance can now reach one open unit: the next test.)
        LoopData d = withReactances(50, 0.4);
        double i = 3.4;
        double peak = i * Math.sqrt(2.0);
        assertFalse(LampFailureEstimator.resolvesOneLamp(d, i), "W/I² alone cannot tell on this loop");
        for (int k = 0; k <= 2; k++) {
            assertEquals(k, LampFailureEstimator.estimate(d, i, power(d, k, i), 0.0, OMEGA, peak, reactance(d, k, peak), 0.0),
                    "open units " + k);
        }
        // X0 read 3 % low (the meter's allowance) does not move it beyond ±1
        double x0 = LampFailureEstimator.healthyLoopReactance(d, OMEGA);
        int k = LampFailureEstimator.estimate(d, i, power(d, 2, i), 0.0, OMEGA, peak, reactance(d, 2, peak) - 0.03 * x0, 0.0);
        assertTrue(Math.abs(k - 2) <= 1, "estimated " + k);
    }

    @Test
    void whereTheLedDriversApparentReactanceCanReachOneOpenUnitTheReactiveChannelSaysItCannotTell() {
        // 100 lamps, 50 % LED at 5.2 A: the drivers' 146 Ω of W/I² ripple within each half-cycle
        // and read as about 3.2 Ω of reactance (2.2 %), which with the meter's 3 % of X0 (2.8 Ω)
        // exceeds one open unit's 5.3 Ω: no count from either channel, whatever the reading
        LoopData d = withReactances(100, 0.5);
        double i = 5.2;
        double peak = i * Math.sqrt(2.0);
        double ripple = LampFailureEstimator.ledDriverReactance(d, i);
        assertEquals(0.0222 * 50 * LampFailureEstimator.ledResistance(d, i), ripple, 0.01);
        assertFalse(LampFailureEstimator.resolvesOneLamp(d, i));
        for (int k = 0; k <= 2; k++) {
            assertEquals(-1, LampFailureEstimator.estimate(d, i, power(d, k, i), 0.0, OMEGA, peak, reactance(d, k, peak), 0.0));
            assertEquals(-1, LampFailureEstimator.estimate(d, i, power(d, k, i), 0.0, OMEGA, peak,
                    reactance(d, k, peak) + ripple, 0.0));
        }
    }

    @Test
    void theLedDriversAllowanceFallsFromTheLowestStepToRatedCurrentInPerUnitAndIsNoneOnAHalogenLoop() {
        // the round-5 loop: 91 LED lamps of 82.8 W, 6.6 A; at 2.8 A the drivers present
        // 91 × 82.8 / (6.6 × 2.8) = 408 Ω, 2.6 % of which is 10.6 Ω; at 6.6 A 173 Ω, 2.0 % is 3.5 Ω
        LoopData led = new LoopData(91, 82.8, 6.6, 1.0, 12.4, 3.0, 0.3, 1.6e-3, 3.0e-3, 0.068, 1.0);
        assertEquals(10.6, LampFailureEstimator.ledDriverReactance(led, 2.8), 0.05);
        assertEquals(3.46, LampFailureEstimator.ledDriverReactance(led, 6.6), 0.02);
        double mid = LampFailureEstimator.ledDriverReactance(led, 4.7)
                / (91 * LampFailureEstimator.ledResistance(led, 4.7));
        assertTrue(mid < 0.026 && mid > 0.020, "c between the two ends: " + mid);
        // below the lowest step and above rated current it is held
        assertEquals(0.026, LampFailureEstimator.ledDriverReactance(led, 2.0) / (91 * LampFailureEstimator.ledResistance(led, 2.0)), 1e-12);
        // a 20 A loop at its lowest step (8.5 A, 0.425 of rated) takes the same share of its drivers' resistance
        LoopData twenty = new LoopData(70, 300.0, 20.0, 1.0, 12.4, 0.3, 0.03, 1.6e-3, 0.3e-3, 0.007, 3.0);
        assertEquals(0.026, LampFailureEstimator.ledDriverReactance(twenty, 20.0 * 2.8 / 6.6)
                / (70 * LampFailureEstimator.ledResistance(twenty, 20.0 * 2.8 / 6.6)), 1e-12);
        assertEquals(0.0, LampFailureEstimator.ledDriverReactance(withReactances(100, 0.0), 2.8));
    }

    @Test
    void manyOpenUnitsOnALongMixedLoopAreBeyondTheReactiveChannelsPlusMinusOneAndItSaysSo() {
        // 25 open units: 15 % uncertainty of one unit's fundamental reactance is almost 4 lamps
        LoopData d = withReactances(100, 0.5);
        double peak = 5.2 * Math.sqrt(2.0);
        assertEquals(-1, LampFailureEstimator.estimate(d, 5.2, power(d, 25, 5.2), 0.0, OMEGA, peak, reactance(d, 25, peak), 0.0));
        assertFalse(LampFailureEstimator.resolvesOneLamp(d, 5.2, 0.0, OMEGA, peak, reactance(d, 25, peak), 0.0));
    }

    @Test
    void aNoisyReactanceReadingIsNotJudged() {
        LoopData d = withReactances(100, 0.5);
        double peak = 5.2 * Math.sqrt(2.0);
        double perUnit = LampFailureEstimator.openUnitReactance(d, OMEGA, peak);
        // three standard errors of one unit's reactance alone use up the ±1
        assertEquals(-1, LampFailureEstimator.estimate(d, 5.2, power(d, 2, 5.2), 0.0, OMEGA, peak, reactance(d, 2, peak), perUnit / 3));
    }

    @Test
    void withoutAMeasuredAngleOrTransformerDataTheEstimateIsWOverISquaredAlone() {
        LoopData halogen = withReactances(60, 0.0);
        double peak = 6.6 * Math.sqrt(2.0);
        for (int k = 0; k <= 10; k++) {
            int wOnly = LampFailureEstimator.estimate(halogen, 6.6, power(halogen, k, 6.6), 0.0);
            assertEquals(wOnly, LampFailureEstimator.estimate(halogen, 6.6, power(halogen, k, 6.6), 0.0, OMEGA, peak, Double.NaN, Double.NaN));
        }
        LoopData unknown = loop(0.6);
        assertFalse(unknown.reactanceKnown());
        assertEquals(-1, LampFailureEstimator.estimate(unknown, 3.4, power(unknown, 3, 3.4), 0.0, OMEGA, 4.8, 80.0, 0.0));
    }

    @Test
    void theChannelWithTheTighterBoundIsTaken() {
        // a short halogen loop at the top step: W/I² resolves one lamp with a wide margin; a
        // reactance reading that is off by two units does not override it
        LoopData d = withReactances(20, 0.0);
        double peak = 6.6 * Math.sqrt(2.0);
        assertTrue(LampFailureEstimator.resolvesOneLamp(d, 6.6));
        double perUnit = LampFailureEstimator.openUnitReactance(d, OMEGA, peak);
        assertEquals(4, LampFailureEstimator.estimate(d, 6.6, power(d, 4, 6.6), 0.0, OMEGA, peak, reactance(d, 4, peak) + 2 * perUnit, 0.0));
    }
}
