package io.github.ccrhil.ccr.firmware.control;

import java.time.Duration;

/**
 * A discrete PI regulator with a fixed sample period and a clamped integrator.
 *
 * <p>Per call {@link #calculate(double)} with error e:
 * <pre>
 *   P  = kp · e
 *   I  = clamp(I_prev + ki · T · e,  min − P,  max − P)     (anti-windup rule)
 *   u  = P + I                                              (always within [min, max])
 * </pre>
 * The anti-windup rule: after integrating, the integrator is clamped so that P + I stays inside
 * the output limits; the integrator therefore never pushes the output beyond them, and when
 * the error changes sign it acts at once, with nothing stored to unwind. If P alone lies
 * outside the limits, I is clamped to bring the sum back exactly to the limit.
 */
public final class PiRegulator {

    private final double kp;
    private final double ki;
    private final double periodSeconds;
    private final Duration period;
    private final double min;
    private final double max;

    private double integrator;
    private double lastP;
    private double lastOutput;

    public PiRegulator(double kp, double ki, Duration period, double min, double max) {
        if (!Double.isFinite(kp) || kp < 0.0) {
            throw new IllegalArgumentException("kp must be finite and ≥ 0, was " + kp);
        }
        if (!Double.isFinite(ki) || ki < 0.0) {
            throw new IllegalArgumentException("ki must be finite and ≥ 0, was " + ki);
        }
        if (period == null || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("sample period must be positive, was " + period);
        }
        double t = period.toNanos() / 1e9;
        if (!Double.isFinite(t) || !(t > 0.0)) {
            throw new IllegalArgumentException("sample period must be finite and positive, was " + period);
        }
        if (!Double.isFinite(min) || !Double.isFinite(max) || !(max > min)) {
            throw new IllegalArgumentException("output limits need finite min < max, were " + min + ", " + max);
        }
        this.kp = kp;
        this.ki = ki;
        this.period = period;
        this.periodSeconds = t;
        this.min = min;
        this.max = max;
    }

    /** One sample: returns the new output for {@code error} = reference − measurement. */
    public double calculate(double error) {
        if (!Double.isFinite(error)) {
            throw new IllegalArgumentException("error must be finite, was " + error);
        }
        double p = kp * error;
        double i = integrator + ki * periodSeconds * error;
        i = clamp(i, min - p, max - p);
        integrator = i;
        lastP = p;
        lastOutput = p + i;
        return lastOutput;
    }

    /**
     * Back-calculation: sets the integrator to {@code output} (clamped to the limits) and clears
     * the P contribution; used when the output is overridden from outside (fast dynamic-response
     * cut) so that the integrator carries the overridden output on and does not fight back.
     */
    public void backCalculate(double output) {
        double u = clamp(output, min, max);
        lastP = 0.0;
        integrator = u;
        lastOutput = u;
    }

    /** Presets the integrator (e.g. a feedforward on restart), P contribution cleared. */
    public void preset(double output) {
        lastP = 0.0;
        integrator = clamp(output, min, max);
        lastOutput = integrator;
    }

    public void reset() {
        integrator = 0.0;
        lastP = 0.0;
        lastOutput = clamp(0.0, min, max);
        integrator = lastOutput;
    }

    public double lastProportional() {
        return lastP;
    }

    public double lastIntegral() {
        return integrator;
    }

    public double lastOutput() {
        return lastOutput;
    }

    public double kp() {
        return kp;
    }

    public double ki() {
        return ki;
    }

    public Duration period() {
        return period;
    }

    public double min() {
        return min;
    }

    public double max() {
        return max;
    }

    private static double clamp(double x, double lo, double hi) {
        return x < lo ? lo : (x > hi ? hi : x);
    }
}
