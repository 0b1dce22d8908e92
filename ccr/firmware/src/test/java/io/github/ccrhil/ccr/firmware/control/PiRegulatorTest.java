package io.github.ccrhil.ccr.firmware.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** One step at a time, like wpilib's PIDInputOutputTest. */
class PiRegulatorTest {

    static final double TOL = 1e-9;
    static final Duration T = Duration.ofMillis(10);

    @Test
    void proportionalContributionIsKpTimesErrorEachStep() {
        PiRegulator pi = new PiRegulator(4.0, 0.0, T, -100, 100);
        assertEquals(-8.0, pi.calculate(-2.0), TOL);
        assertEquals(-8.0, pi.lastProportional(), TOL);
        assertEquals(0.0, pi.lastIntegral(), TOL);
        assertEquals(2.0, pi.calculate(0.5), TOL);
        assertEquals(2.0, pi.lastProportional(), TOL);
    }

    @Test
    void integralContributionAccumulatesKiTimesPeriodTimesErrorEachStep() {
        PiRegulator pi = new PiRegulator(0.0, 2.0, T, -100, 100);
        assertEquals(2.0 * 0.01 * 3.0, pi.calculate(3.0), TOL);
        assertEquals(0.06, pi.lastIntegral(), TOL);
        assertEquals(0.06 + 2.0 * 0.01 * 5.0, pi.calculate(5.0), TOL);
        assertEquals(0.16, pi.lastIntegral(), TOL);
        assertEquals(0.16 - 0.02, pi.calculate(-1.0), TOL);
    }

    @Test
    void outputIsTheSumOfBothContributions() {
        PiRegulator pi = new PiRegulator(0.5, 10.0, T, -100, 100);
        pi.calculate(1.0);
        assertEquals(0.5, pi.lastProportional(), TOL);
        assertEquals(0.1, pi.lastIntegral(), TOL);
        assertEquals(0.6, pi.lastOutput(), TOL);
    }

    @Test
    void integratorIsClampedSoTheOutputNeverLeavesTheLimits() {
        PiRegulator pi = new PiRegulator(0.1, 100.0, T, 0.0, 1.0);
        for (int k = 0; k < 100; k++) {
            double u = pi.calculate(5.0);
            assertTrue(u >= 0.0 && u <= 1.0);
        }
        assertEquals(1.0, pi.lastOutput(), TOL);
        assertEquals(1.0 - 0.5, pi.lastIntegral(), TOL, "I = max − P");
        // no wind-up to unwind: the first negative error lowers the output at once
        double u = pi.calculate(-0.5);
        assertTrue(u < 1.0, "output should leave the limit on the first negative error, was " + u);
    }

    @Test
    void resetClearsBothContributions() {
        PiRegulator pi = new PiRegulator(1.0, 1.0, T, -10, 10);
        pi.calculate(3.0);
        pi.reset();
        assertEquals(0.0, pi.lastIntegral(), TOL);
        assertEquals(0.0, pi.lastProportional(), TOL);
        assertEquals(0.0, pi.lastOutput(), TOL);
        assertEquals(0.01, pi.calculate(1.0) - 1.0, TOL);
    }

    @Test
    void backCalculationSetsTheIntegratorToTheOverriddenOutput() {
        PiRegulator pi = new PiRegulator(1.0, 1.0, T, 0, 1);
        pi.calculate(0.5);
        pi.backCalculate(0.2);
        assertEquals(0.2, pi.lastIntegral(), TOL);
        assertEquals(0.2, pi.lastOutput(), TOL);
    }

    @Test
    void samplePeriodAndLimitsAreValidatedAtConstruction() {
        assertThrows(IllegalArgumentException.class, () -> new PiRegulator(1, 1, Duration.ZERO, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new PiRegulator(1, 1, Duration.ofMillis(-1), 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new PiRegulator(1, 1, T, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new PiRegulator(Double.NaN, 1, T, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new PiRegulator(1, 1, T, 0, 1).calculate(Double.NaN));
    }
}
