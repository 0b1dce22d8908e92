package io.github.ccrhil.ccr.firmware.control;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of the current-control software. The PI regulator works on the <em>normalised</em>
 * error (reference − measured) / ĝ, where ĝ (A per unit conduction demand) is the plant gain
 * estimated online from measured rms current over the demand that produced it (gain
 * scheduling); with the linearising {@link FiringAngleMap} the loop gain is then close to 1
 * whatever the load, input voltage or lamp failures.
 *
 * @param period control period (one mains half-cycle, 10 ms at 50 Hz)
 * @param kp proportional gain on the normalised error (demand per unit demand error)
 * @param ki integral gain on the normalised error, 1/s
 * @param rampRateAPerSecond setpoint ramp rate, A/s
 * @param dynamicResponseMargin fast cut when a half-cycle's rms exceeds the reference by more
 *     than this fraction (IEC 61822 §5.3.10 dynamic response)
 * @param measurementDelayPeriods how many control periods after a demand is computed its
 *     half-cycle is measured: 2 for the {@code HardwarePort} contract (command goes out on the
 *     next exchange, its samples come back on the one after), 1 for a port returning the samples
 *     of the command just sent
 * @param gainMinA lower clamp of the gain estimate ĝ, A per unit demand
 * @param gainMaxA upper clamp of ĝ and its start value (the conservative, slow side)
 * @param gainFilter weight of a new gain measurement, 0 < w ≤ 1
 * @param trackingHeadroomA how far the regulator's working reference may run ahead of the
 *     measured current while rising, A (reference tracking: no integrator wind-up while a cold
 *     or electronic load is slow to take current)
 * @param approachHorizonPeriods how many control periods ahead the approach guard extrapolates
 *     the rise of the current while it approaches a new target (0: no guard, the law without
 *     it). 6 periods (60 ms) cover the 2-period measurement delay and about two time constants
 *     of an LED driver's input filter, which is what carries the current on once the demand stops.
 */
public record ControlTuning(Duration period, double kp, double ki, double rampRateAPerSecond,
                            double dynamicResponseMargin, int measurementDelayPeriods,
                            double gainMinA, double gainMaxA, double gainFilter, double trackingHeadroomA,
                            double approachHorizonPeriods) {

    public ControlTuning {
        Objects.requireNonNull(period, "period");
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("control period must be positive, was " + period);
        }
        if (!(dynamicResponseMargin > 0.0) || !Double.isFinite(dynamicResponseMargin)) {
            throw new IllegalArgumentException("dynamic response margin must be positive, was " + dynamicResponseMargin);
        }
        if (measurementDelayPeriods < 1 || measurementDelayPeriods > 2) {
            throw new IllegalArgumentException("measurement delay must be 1 or 2 periods, was " + measurementDelayPeriods);
        }
        if (!(gainMinA > 0.0) || !(gainMaxA > gainMinA) || !Double.isFinite(gainMaxA)) {
            throw new IllegalArgumentException("gain clamp needs 0 < min < max, was " + gainMinA + ".." + gainMaxA);
        }
        if (!(gainFilter > 0.0 && gainFilter <= 1.0)) {
            throw new IllegalArgumentException("gain filter weight must be in (0, 1], was " + gainFilter);
        }
        if (!(trackingHeadroomA > 0.0) || !Double.isFinite(trackingHeadroomA)) {
            throw new IllegalArgumentException("tracking headroom must be positive, was " + trackingHeadroomA);
        }
        if (!(approachHorizonPeriods >= 0.0) || !Double.isFinite(approachHorizonPeriods)) {
            throw new IllegalArgumentException("approach horizon must be finite and ≥ 0, was " + approachHorizonPeriods);
        }
        if (!(rampRateAPerSecond > 0.0) || !Double.isFinite(rampRateAPerSecond)) {
            throw new IllegalArgumentException("ramp rate must be positive, was " + rampRateAPerSecond);
        }
    }

    /** Default tuning for a regulator of {@code ratedCurrentA} at 50 Hz. */
    public static ControlTuning defaults(double ratedCurrentA) {
        return new ControlTuning(Duration.ofMillis(10), 0.10, 20.0, 3.0 * ratedCurrentA,
                0.05, 2, 0.5 * ratedCurrentA, 20.0 * ratedCurrentA, 0.5, 0.05 * ratedCurrentA, 6.0);
    }

    public ControlTuning withPeriod(Duration p) {
        return new ControlTuning(p, kp, ki, rampRateAPerSecond, dynamicResponseMargin, measurementDelayPeriods,
                gainMinA, gainMaxA, gainFilter, trackingHeadroomA, approachHorizonPeriods);
    }

    public ControlTuning withGains(double newKp, double newKi) {
        return new ControlTuning(period, newKp, newKi, rampRateAPerSecond, dynamicResponseMargin,
                measurementDelayPeriods, gainMinA, gainMaxA, gainFilter, trackingHeadroomA, approachHorizonPeriods);
    }

    public ControlTuning withRampRate(double aPerSecond) {
        return new ControlTuning(period, kp, ki, aPerSecond, dynamicResponseMargin, measurementDelayPeriods,
                gainMinA, gainMaxA, gainFilter, trackingHeadroomA, approachHorizonPeriods);
    }

    public ControlTuning withMeasurementDelay(int periods) {
        return new ControlTuning(period, kp, ki, rampRateAPerSecond, dynamicResponseMargin, periods,
                gainMinA, gainMaxA, gainFilter, trackingHeadroomA, approachHorizonPeriods);
    }

    public ControlTuning withDynamicResponseMargin(double margin) {
        return new ControlTuning(period, kp, ki, rampRateAPerSecond, margin, measurementDelayPeriods,
                gainMinA, gainMaxA, gainFilter, trackingHeadroomA, approachHorizonPeriods);
    }

    /** The same tuning with another approach horizon, periods (0: the law before the guard). */
    public ControlTuning withApproachHorizon(double periods) {
        return new ControlTuning(period, kp, ki, rampRateAPerSecond, dynamicResponseMargin, measurementDelayPeriods,
                gainMinA, gainMaxA, gainFilter, trackingHeadroomA, periods);
    }

    public ControlTuning withTrackingHeadroom(double amps) {
        return new ControlTuning(period, kp, ki, rampRateAPerSecond, dynamicResponseMargin, measurementDelayPeriods,
                gainMinA, gainMaxA, gainFilter, amps, approachHorizonPeriods);
    }
}
