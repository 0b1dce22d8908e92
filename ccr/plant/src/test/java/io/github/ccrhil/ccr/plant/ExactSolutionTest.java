package io.github.ccrhil.ccr.plant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Linear R-L loop (frozen lamps, none failed) fired at α from rest: the waveform model must
 * follow i(t) = (Vm/Z)[sin(ωt − φ) − sin(α − φ)e^{−(t − t_α)/τ}] until the current zero, with the
 * error of a fourth-order method (≈ 16× smaller per halving of the step).
 */
class ExactSolutionTest {

    private static final PlantConfig BASE = PlantConfig.reference(1.0, 0.0);

    /** Max |i_model − i_exact| over the first two half-cycles (the pulse runs into the second). */
    static double maxError(int stepsPerSample, double alpha, PlantHalfCycle[] keep) {
        PlantConfig cfg = BASE.withSampling(200, stepsPerSample);
        LinearLoop loop = LinearLoop.of(cfg, 0);
        CircuitModel model = Plants.waveform(cfg, LampDynamics.FROZEN_RATED);
        double err = 0.0;
        for (int half = 0; half < 2; half++) {
            PlantHalfCycle out = new PlantHalfCycle();
            model.runHalfCycle(true, half == 0 ? alpha : Math.PI, out);
            if (keep != null) {
                keep[half] = out;
            }
            for (int j = 0; j < out.count; j++) {
                double theta = loop.omega() * (out.startSeconds + j * out.sampleIntervalSeconds);
                // Before α nothing conducts; past the current zero the thyristor blocks.
                double exact = theta < alpha ? 0.0 : Math.max(0.0, loop.exact(alpha, theta));
                err = Math.max(err, Math.abs(out.current[j] - exact));
            }
        }
        return err;
    }

    @ParameterizedTest
    @ValueSource(doubles = {45.0, 47.3, 91.3, 133.7})
    // 45° lies on the sample grid (1.8° per sample); the others split a step at the firing instant.
    void waveformModelMatchesExactRlSolutionWithFourthOrderConvergence(double alphaDeg) {
        double alpha = Math.toRadians(alphaDeg);
        LinearLoop loop = LinearLoop.of(BASE, 0);
        assertTrue(alpha > loop.phi(), "test premise: discontinuous conduction");
        double e1 = maxError(1, alpha, null);
        double e2 = maxError(2, alpha, null);
        double e4 = maxError(4, alpha, null);
        System.out.printf("exact R-L, α=%.1f°: max error %.3e / %.3e / %.3e A (ratios %.1f, %.1f)%n",
                alphaDeg, e1, e2, e4, e1 / e2, e2 / e4);
        assertTrue(e1 < 1e-4, "error at 1 step/sample " + e1);
        assertTrue(e1 / e2 > 10.0 && e1 / e2 < 24.0, "ratio 1→2 steps " + e1 / e2);
        assertTrue(e2 / e4 > 10.0 && e2 / e4 < 24.0, "ratio 2→4 steps " + e2 / e4);
    }

    @ParameterizedTest
    @ValueSource(doubles = {45.0, 47.3, 91.3, 133.7})
    void conductionAngleMatchesTheExactExtinctionAngle(double alphaDeg) {
        double alpha = Math.toRadians(alphaDeg);
        LinearLoop loop = LinearLoop.of(BASE, 0);
        // β from the exact solution by bisection on [π, π + φ].
        double lo = Math.PI;
        double hi = Math.PI + loop.phi();
        for (int k = 0; k < 100; k++) {
            double mid = 0.5 * (lo + hi);
            if (loop.exact(alpha, mid) > 0) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        double beta = 0.5 * (lo + hi);
        PlantHalfCycle[] halves = new PlantHalfCycle[2];
        maxError(1, alpha, halves);
        double modelAngle = halves[0].conductionAngleRad + halves[1].conductionAngleRad;
        assertEquals(beta - alpha, modelAngle, 1e-4);
        // The averaged model's table agrees with the same exact solution.
        double[] node = PhaseControlTable.solve(alpha, loop.omega() * loop.lLinear()
                / (loop.r() + loop.omega() * loop.lLinear()));
        assertEquals(beta - alpha, node[1], 1e-9);
    }

    @Test
    void firingBeforeTheLoadAngleGivesTheContinuousSinusoid() {
        // α < φ: each thyristor is still blocked by the other's current at its gate instant and
        // fires at that current's zero, so the steady state is the unbroken sinusoid Vm/Z.
        LinearLoop loop = LinearLoop.of(BASE, 0);
        double alpha = 0.5 * loop.phi();
        CircuitModel model = Plants.waveform(BASE, LampDynamics.FROZEN_RATED);
        PlantHalfCycle out = new PlantHalfCycle();
        for (int k = 0; k < 100; k++) {
            model.runHalfCycle(true, alpha, out);
        }
        double expected = loop.sourcePeak() / loop.impedance() / Math.sqrt(2.0);
        assertEquals(expected, out.trueCurrentRms, 1e-6 * expected);
        assertEquals(Math.PI, out.conductionAngleRad, 1e-9);
        assertEquals(expected * Math.sqrt(2.0), out.truePeakCurrent, 1e-3 * expected);
        // The last half-cycle run (index 99) starts on the negative-going voltage zero, θ ≡ π; the
        // current, lagging by φ, is still positive there: Ipk·sin(π − φ).
        assertEquals(expected * Math.sqrt(2.0) * Math.sin(Math.PI - loop.phi()), out.current[0],
                1e-6 * expected);
    }
}
