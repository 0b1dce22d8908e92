package io.github.ccrhil.ccr.firmware.control;

import java.time.Duration;

/**
 * The regulation reference moves toward the target at most {@code rateAPerSecond} per second
 * (one update per sample period); {@link #softStart()} restarts it from 0 A.
 */
public final class SetpointRamp {

    private final double rateAPerSecond;
    private final double stepA;
    private double reference;

    public SetpointRamp(double rateAPerSecond, Duration period) {
        if (!Double.isFinite(rateAPerSecond) || !(rateAPerSecond > 0.0)) {
            throw new IllegalArgumentException("ramp rate must be positive and finite, was " + rateAPerSecond + " A/s");
        }
        if (period == null || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("ramp period must be positive, was " + period);
        }
        this.rateAPerSecond = rateAPerSecond;
        this.stepA = rateAPerSecond * (period.toNanos() / 1e9);
    }

    /** Moves one period toward {@code targetA} and returns the new reference. */
    public double advance(double targetA) {
        if (!Double.isFinite(targetA) || targetA < 0.0) {
            throw new IllegalArgumentException("ramp target must be finite and ≥ 0, was " + targetA);
        }
        if (reference < targetA) {
            reference = StrictMath.min(targetA, reference + stepA);
        } else if (reference > targetA) {
            reference = StrictMath.max(targetA, reference - stepA);
        }
        return reference;
    }

    /** Restarts from 0 A (energising, or restart after mains loss or surge hold). */
    public void softStart() {
        reference = 0.0;
    }

    /** Sets the reference directly (e.g. to follow a fast downward cut). */
    public void jumpTo(double referenceA) {
        if (!Double.isFinite(referenceA) || referenceA < 0.0) {
            throw new IllegalArgumentException("reference must be finite and ≥ 0, was " + referenceA);
        }
        reference = referenceA;
    }

    public double reference() {
        return reference;
    }

    public boolean reached(double targetA) {
        return reference == targetA;
    }

    public double rateAPerSecond() {
        return rateAPerSecond;
    }
}
