package io.github.ccrhil.ccr.plant;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.ode.FirstOrderDifferentialEquations;
import org.apache.commons.math3.ode.events.EventHandler;
import org.apache.commons.math3.ode.nonstiff.DormandPrince853Integrator;
import org.junit.jupiter.api.Test;

/**
 * Non-linear loop (30 % failed lamps with saturating magnetising inductance, lamps frozen):
 * the waveform model against commons-math's adaptive Dormand–Prince 8(5,3) integrator at tight
 * tolerances, both on the same {@link LoopEquation}, with an event handler for the current zero.
 */
class AdaptiveReferenceTest {

    private static final PlantConfig BASE = PlantConfig.reference(1.0, 0.0);
    private static final double ALPHA = Math.toRadians(70.0);

    /** Reference samples over the first two half-cycles for a pulse fired at ALPHA from rest. */
    static double[] reference(PlantConfig cfg, int failed) {
        LinearLoop p = LinearLoop.of(cfg, failed);
        LoopEquation equation = new LoopEquation(p.r(), p.lLinear(), p.lMagnetising(), p.isat());
        FirstOrderDifferentialEquations ode = new FirstOrderDifferentialEquations() {
            @Override
            public int getDimension() {
                return 1;
            }

            @Override
            public void computeDerivatives(double t, double[] y, double[] yDot) {
                equation.computeDerivatives(p.sourcePeak() * Math.sin(p.omega() * t), y, yDot);
            }
        };
        DormandPrince853Integrator integrator = new DormandPrince853Integrator(1e-12, 1e-3, 1e-13, 1e-13);
        boolean[] stopped = {false};
        integrator.addEventHandler(new EventHandler() {
            @Override
            public void init(double t0, double[] y0, double t) {
            }

            @Override
            public double g(double t, double[] y) {
                return y[0];
            }

            @Override
            public Action eventOccurred(double t, double[] y, boolean increasing) {
                stopped[0] = true;
                return Action.STOP;
            }

            @Override
            public void resetState(double t, double[] y) {
            }
        }, 1e-6, 1e-14, 1000);
        int perHalf = cfg.samplesPerCycle() / 2;
        double dt = 0.5 / cfg.mainsFrequencyHz() / perHalf;
        double[] samples = new double[2 * perHalf];
        double tAlpha = ALPHA / p.omega();
        double[] y = {0.0};
        double t = tAlpha;
        for (int k = 0; k < samples.length; k++) {
            double tk = k * dt;
            if (tk <= tAlpha || stopped[0]) {
                samples[k] = 0.0;
                continue;
            }
            t = integrator.integrate(ode, t, y, tk, y);
            samples[k] = stopped[0] ? 0.0 : y[0];
        }
        return samples;
    }

    static double maxError(int stepsPerSample, int failed, double[] ref) {
        PlantConfig cfg = BASE.withSampling(200, stepsPerSample);
        CircuitModel model = Plants.waveform(cfg, LampDynamics.FROZEN_RATED);
        model.conditions().setFailedLamps(failed);
        PlantHalfCycle out = new PlantHalfCycle();
        double err = 0.0;
        for (int half = 0; half < 2; half++) {
            model.runHalfCycle(true, half == 0 ? ALPHA : Math.PI, out);
            for (int j = 0; j < out.count; j++) {
                err = Math.max(err, Math.abs(out.current[j] - ref[half * out.count + j]));
            }
        }
        return err;
    }

    @Test
    void waveformModelMatchesAdaptiveIntegratorOnSaturatingLoopAndConverges() {
        int failed = (int) Math.round(0.3 * BASE.loop().lampCount());
        double[] ref = reference(BASE, failed);
        double peak = 0.0;
        for (double v : ref) {
            peak = Math.max(peak, Math.abs(v));
        }
        assertTrue(peak > 1.0, "test premise: a real pulse, peak " + peak);
        double e1 = maxError(1, failed, ref);
        double e2 = maxError(2, failed, ref);
        double e4 = maxError(4, failed, ref);
        System.out.printf("saturating loop vs DormandPrince853: peak %.3f A, max error %.3e / %.3e / %.3e A%n",
                peak, e1, e2, e4);
        assertTrue(e1 < 1e-3 * peak, "error at 1 step/sample " + e1);
        assertTrue(e2 < e1 / 4 && e4 < e2 / 4, "error must shrink with the step: " + e1 + ", " + e2 + ", " + e4);
    }
}
