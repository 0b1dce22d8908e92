package io.github.ccrhil.ccr.firmware.control;

import io.github.ccrhil.ccr.firmware.hardware.GateCommand;
import io.github.ccrhil.ccr.firmware.hardware.HalfCycleSamples;
import java.util.Objects;

/**
 * The current-control software: setpoint ramp, gain-scheduled PI regulator, linearising
 * firing-angle map and the fast dynamic-response cut. One call of {@link #regulate} per control
 * period; allocates nothing per call.
 *
 * <p>Fast rule (IEC 61822 §5.3.10): when a half-cycle's rms exceeds the reference by more than
 * {@link ControlTuning#dynamicResponseMargin()}, the demand is cut at once to
 * u = min(u, u_m · ref / I), where u_m is the demand that produced that half-cycle (the map is
 * linear in current, so this is the demand that would have given the reference on the new
 * load), the gain estimate is set to I / u_m, and the integrator is back-calculated so that it
 * does not fight back. Basing the cut on u_m rather than the present demand keeps the
 * measurements still in flight (the port's delay) from cutting twice.
 */
public final class CurrentControlSoftware {

    public static final String NAME = "ccr-hil current-control software";
    public static final String VERSION = "0.1.0";

    private final ControlTuning tuning;
    private final PiRegulator pi;
    private final SetpointRamp ramp;
    /** demands returned by the last two regulate calls: [0] most recent. */
    private final double[] demandHistory = new double[2];
    private double demand;
    private double gain;
    private boolean lastCallCut;
    private boolean softStarting;
    private double lastMeasuredA;
    private double margin;

    public CurrentControlSoftware(ControlTuning tuning) {
        this.tuning = Objects.requireNonNull(tuning, "tuning");
        this.pi = new PiRegulator(tuning.kp(), tuning.ki(), tuning.period(), 0.0, 1.0);
        this.ramp = new SetpointRamp(tuning.rampRateAPerSecond(), tuning.period());
        this.gain = tuning.gainMaxA();
        this.margin = tuning.dynamicResponseMargin();
    }

    /** Changes the dynamic-response margin (fraction of the reference) from the next period on. */
    public void setDynamicResponseMargin(double fraction) {
        if (!(fraction > 0.0) || !Double.isFinite(fraction)) {
            throw new IllegalArgumentException("dynamic response margin must be positive, was " + fraction);
        }
        margin = fraction;
    }

    public double dynamicResponseMargin() {
        return margin;
    }

    /** One control period from the samples of the half-cycle just measured. */
    public GateCommand regulate(double targetA, HalfCycleSamples samples) {
        return regulate(targetA, TrueRms.rms(samples.current(), samples.count()));
    }

    /**
     * One control period: ramps the reference toward {@code targetA}, regulates on
     * {@code measuredRmsA} and returns the gate command for the next half-cycle.
     */
    public GateCommand regulate(double targetA, double measuredRmsA) {
        if (!Double.isFinite(targetA) || targetA < 0.0) {
            throw new IllegalArgumentException("target current must be finite and ≥ 0, was " + targetA);
        }
        if (!Double.isFinite(measuredRmsA) || measuredRmsA < 0.0) {
            throw new IllegalArgumentException("measured current must be finite and ≥ 0, was " + measuredRmsA);
        }
        lastMeasuredA = measuredRmsA;
        double um = demandHistory[tuning.measurementDelayPeriods() - 1];
        double ref = ramp.advance(targetA);
        lastCallCut = false;

        boolean gainMeasurable = um > 0.02 && measuredRmsA > 0.02 * tuning.gainMinA();
        if (gainMeasurable) {
            double g = measuredRmsA / um;
            gain = clamp(gain + tuning.gainFilter() * (g - gain), tuning.gainMinA(), tuning.gainMaxA());
        }

        double u;
        if (ref > 0.0 && measuredRmsA > ref * (1.0 + margin) && um > 0.0) {
            double cut = um * ref / measuredRmsA;
            double previous = demandHistory[0];
            u = StrictMath.min(previous, cut);
            gain = clamp(measuredRmsA / um, tuning.gainMinA(), tuning.gainMaxA());
            pi.backCalculate(u);
            lastCallCut = true;
        } else if (targetA == 0.0 && ref == 0.0) {
            pi.reset();
            u = 0.0;
        } else {
            // Reference tracking during soft start: the PI works toward at most the tracking
            // headroom above the current actually flowing, so it cannot wind up behind a load
            // that is slow to take current (cold filaments, LED drivers whose resistance falls as
            // the current rises). It ends once the current first reaches the target; step changes
            // from a regulated state keep the plain ramp, whose timing the settling limit covers.
            // The ramp itself, which the protections watch, is untouched.
            if (softStarting && measuredRmsA >= targetA) {
                softStarting = false;
            }
            // The headroom narrows to half the remaining gap near the target (never below 2.5 % of
            // it), so the last approach is gentle where an LED loop's flat V-I curve would carry
            // the current through the band.
            double headroom = StrictMath.max(0.025 * targetA,
                    StrictMath.min(tuning.trackingHeadroomA(), 0.5 * (targetA - measuredRmsA)));
            double working = softStarting ? StrictMath.min(ref, measuredRmsA + headroom) : ref;
            u = pi.calculate((working - measuredRmsA) / gain);
        }
        demand = u;
        demandHistory[1] = demandHistory[0];
        demandHistory[0] = u;
        return new GateCommand(true, FiringAngleMap.alpha(u));
    }

    /**
     * A period with the contactor closed and no conduction (surge hold, mains loss): the demand
     * is 0 and the reference restarts from 0 on the next {@link #regulate}.
     */
    public GateCommand blocked() {
        softStart();
        return new GateCommand(true, GateCommand.NO_CONDUCTION);
    }

    /** De-energised: contactor open, regulator reset. */
    public GateCommand off() {
        softStart();
        return GateCommand.OFF;
    }

    /** Restart from 0 A: ramp, integrator and demand history cleared; gain estimate kept. */
    /**
     * Ends reference tracking early: the ramp alone leads the current, as after a surge hold,
     * where the load is already warm and IEC 61822 §5.3.10 allows only 500 ms to recover.
     */
    public void endReferenceTracking() {
        softStarting = false;
    }

    public void softStart() {
        softStarting = true;
        ramp.softStart();
        pi.reset();
        demand = 0.0;
        demandHistory[0] = 0.0;
        demandHistory[1] = 0.0;
        lastCallCut = false;
    }

    /** Forgets the plant-gain estimate (new loop): back to the conservative start value. */
    public void forgetGain() {
        gain = tuning.gainMaxA();
    }

    public double reference() {
        return ramp.reference();
    }

    public boolean rampReached(double targetA) {
        return ramp.reached(targetA);
    }

    /** Conduction demand u ∈ [0, 1] of the last command. */
    public double demand() {
        return demand;
    }

    /** Estimated plant gain ĝ, A rms per unit demand. */
    public double gainEstimate() {
        return gain;
    }

    /** True when the last {@link #regulate} applied the fast dynamic-response cut. */
    public boolean lastCallCut() {
        return lastCallCut;
    }

    public double lastMeasuredA() {
        return lastMeasuredA;
    }

    public PiRegulator regulator() {
        return pi;
    }

    public ControlTuning tuning() {
        return tuning;
    }

    private static double clamp(double x, double lo, double hi) {
        return x < lo ? lo : (x > hi ? hi : x);
    }
}
