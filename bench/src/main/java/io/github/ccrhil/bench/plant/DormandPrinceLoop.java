package io.github.ccrhil.bench.plant;

import io.github.ccrhil.ccr.plant.IsolationTransformer;
import io.github.ccrhil.ccr.plant.LoopConfig;
import io.github.ccrhil.ccr.plant.LoopEquation;
import io.github.ccrhil.ccr.plant.PlantConfig;
import java.util.Arrays;
import org.apache.commons.math3.ode.FirstOrderDifferentialEquations;
import org.apache.commons.math3.ode.events.EventHandler;
import org.apache.commons.math3.ode.nonstiff.DormandPrince853Integrator;
import org.apache.commons.math3.ode.sampling.StepHandler;
import org.apache.commons.math3.ode.sampling.StepInterpolator;

/**
 * The waveform plant's circuit with every lamp frozen at its rated resistance, integrated by
 * commons-math3's adaptive {@link DormandPrince853Integrator} instead of the plant's fixed-step
 * RK4: the side-by-side baseline. Same {@link LoopEquation} (so the same saturating magnetising
 * inductance of failed lamps), same thyristor semantics as {@code Plants.waveform} for a firing
 * angle held constant: in each half-cycle the thyristor of that polarity fires at α, or at the
 * current zero of the other one if that comes later; a conducting thyristor stops at its current
 * zero, found by an {@link EventHandler} on g = i. Samples at the plant's sample instants come
 * from the integrator's dense output (a {@link StepHandler}), so the adaptive steps are not
 * forced onto the sample grid.
 *
 * <p>The loop parameters are re-derived here from the public configuration only (R = R_ps +
 * R_cable + N·R_wind + N_failed·R_core + N_healthy·P/I², L_lin = L_ps + L_cable + N·L_leak,
 * L_m = N_failed·L_m0), the same relations as the plant's {@code AbstractPlant} with lamps frozen
 * at rated (halogen hot, LED nominal: both P/I²).
 *
 * <p>Not thread-safe. The integrator runs on a continuous time axis (half-cycle k starts at
 * k·T/2): commons-math's event state ignores a root within the convergence of the previous one,
 * so a time axis restarting at 0 each half-cycle would lose the periodic current zeros.
 */
final class DormandPrinceLoop {

    /** Smallest step the integrator may take, s. */
    static final double MIN_STEP_S = 1.0e-12;
    /** Largest check interval for the current-zero event, s. */
    static final double EVENT_MAX_CHECK_S = 1.0e-3;
    /** Accuracy of the current-zero time, s. */
    static final double EVENT_CONVERGENCE_S = 1.0e-10;

    private final double omega;
    private final double halfPeriod;
    private final double sourcePeak;
    private final int samplesPerHalf;
    private final double sampleInterval;
    private final LoopEquation equation;
    private final DormandPrince853Integrator integrator;
    private final double[] y = new double[1];

    private final Ode ode = new Ode();
    private final Sampler sampler = new Sampler();
    private boolean stopped;

    /** Loop current carried into the next half-cycle, A. */
    private double current;
    /** Conducting thyristor: +1, −1 or 0. */
    private int device;
    private long halfIndex;

    DormandPrinceLoop(PlantConfig cfg, int failedLamps, double absoluteTolerance, double relativeTolerance) {
        LoopConfig loop = cfg.loop();
        IsolationTransformer it = loop.isolationTransformer();
        int n = loop.lampCount();
        if (failedLamps < 0 || failedLamps > n) {
            throw new IllegalArgumentException("failedLamps must be in 0.." + n + ", was " + failedLamps);
        }
        double rRated = loop.lampRatedWatts() / (cfg.ratedCurrentA() * cfg.ratedCurrentA());
        double r = cfg.outputWindingResistanceOhm() + loop.cableResistanceOhm() + n * it.windingResistanceOhm()
                + failedLamps * it.coreLossOhm() + (n - failedLamps) * rRated;
        double lLinear = cfg.outputLeakageInductanceH() + loop.cableInductanceH() + n * it.leakageInductanceH();
        this.equation = new LoopEquation(r, lLinear, failedLamps * it.magnetisingInductanceH(),
                it.saturationCurrentA());
        this.omega = 2.0 * StrictMath.PI * cfg.mainsFrequencyHz();
        this.halfPeriod = 0.5 / cfg.mainsFrequencyHz();
        this.sourcePeak = cfg.outputTransformerRatio() * cfg.mainsVoltageRms() * StrictMath.sqrt(2.0);
        this.samplesPerHalf = cfg.samplesPerCycle() / 2;
        this.sampleInterval = halfPeriod / samplesPerHalf;
        this.integrator = new DormandPrince853Integrator(MIN_STEP_S, halfPeriod, absoluteTolerance,
                relativeTolerance);
        integrator.addStepHandler(sampler);
        integrator.addEventHandler(new CurrentZero(), EVENT_MAX_CHECK_S, EVENT_CONVERGENCE_S, 100);
    }

    int samplesPerHalf() {
        return samplesPerHalf;
    }

    /**
     * Runs the next half-cycle with the gate on from {@code firingAngleRad} (0 &lt; α &lt; π) and
     * writes the loop current at the sample instants into {@code samples}; returns their rms, A.
     */
    double runHalfCycle(double firingAngleRad, double[] samples) {
        int polarity = (halfIndex & 1L) == 0L ? 1 : -1;
        double start = halfIndex * halfPeriod;
        double end = (halfIndex + 1) * halfPeriod;
        ode.amplitude = polarity * sourcePeak;
        ode.start = start;
        Arrays.fill(samples, 0, samplesPerHalf, 0.0);
        sampler.samples = samples;
        sampler.start = start;
        double t = start;
        if (device != 0) {
            t = conduct(start, end, current);
        }
        double tAlpha = start + firingAngleRad / omega;
        if (device == 0) {
            double tf = StrictMath.max(t, tAlpha);
            if (tf < end) {
                device = polarity;
                conduct(tf, end, 0.0);
            }
        }
        halfIndex++;
        double sum = 0.0;
        for (int j = 0; j < samplesPerHalf; j++) {
            sum += samples[j] * samples[j];
        }
        return StrictMath.sqrt(sum / samplesPerHalf);
    }

    /** Integrates from t0 with current i0 to the current zero or t1 (the half-cycle end); returns the end time. */
    private double conduct(double t0, double t1, double i0) {
        stopped = false;
        sampler.next = (int) StrictMath.ceil((t0 - sampler.start) / sampleInterval);
        y[0] = i0;
        double tEnd = integrator.integrate(ode, t0, y, t1, y);
        if (stopped) {
            device = 0;
            current = 0.0;
        } else {
            current = y[0];
        }
        return tEnd;
    }

    private final class Ode implements FirstOrderDifferentialEquations {
        double amplitude;
        double start;

        @Override
        public int getDimension() {
            return 1;
        }

        @Override
        public void computeDerivatives(double t, double[] state, double[] stateDot) {
            equation.computeDerivatives(amplitude * StrictMath.sin(omega * (t - start)), state, stateDot);
        }
    }

    /** Writes the dense-output current at each sample instant inside a step. */
    private final class Sampler implements StepHandler {
        double[] samples;
        double start;
        int next;

        @Override
        public void init(double t0, double[] y0, double t) {
        }

        @Override
        public void handleStep(StepInterpolator interpolator, boolean isLast) {
            double tPrev = interpolator.getPreviousTime();
            double tCur = interpolator.getCurrentTime();
            while (next < samplesPerHalf) {
                double tj = start + next * sampleInterval;
                if (tj > tCur) {
                    break;
                }
                if (tj >= tPrev) {
                    interpolator.setInterpolatedTime(tj);
                    samples[next] = interpolator.getInterpolatedState()[0];
                }
                next++;
            }
        }
    }

    /** The thyristor blocks at its current zero. */
    private final class CurrentZero implements EventHandler {
        @Override
        public void init(double t0, double[] y0, double t) {
        }

        @Override
        public double g(double t, double[] state) {
            return state[0];
        }

        @Override
        public Action eventOccurred(double t, double[] state, boolean increasing) {
            stopped = true;
            return Action.STOP;
        }

        @Override
        public void resetState(double t, double[] state) {
        }
    }
}
