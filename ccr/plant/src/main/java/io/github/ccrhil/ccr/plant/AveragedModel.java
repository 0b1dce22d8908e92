package io.github.ccrhil.ccr.plant;

import java.util.Objects;

/**
 * Averaged plant: one algebraic update per half-cycle from the steady-state solution of the
 * phase-controlled R-L loop ({@link PhaseControlTable}), see {@link Plants#averaged(PlantConfig)}.
 */
final class AveragedModel extends AbstractPlant {

    private static final double SQRT2 = StrictMath.sqrt(2.0);
    /**
     * The saturating branch's reactance at the fundamental per unit of its rms-current equivalent
     * ({@link #saturationFactor}), for the displacement angle: 1.15. Calibrated on the waveform
     * plant's sampled φ<sub>1</sub> (30 open units of 100, 50/60 Hz, firing angles 0.1–2.5 rad:
     * 1.08–1.24, median 1.15): phase control leaves the branch unsaturated through the current's
     * gaps and slow rises, which the rms equivalent (calibrated on the current) does not weigh.
     */
    static final double FUNDAMENTAL_REACTANCE_FACTOR = 1.15;
    /** Most fixed-point iterations per half-cycle for the current-dependent magnetising inductance. */
    private static final int SATURATION_ITERATIONS = 3;

    private final double halogenStep;
    private final double ledDecay;
    private final double noiseCurrent;
    private final double noiseVoltage;
    private final Gaussian gaussian;
    /** Noise of the displacement angle, its own stream so that the rms readings' noise is unchanged. */
    private final Gaussian angleGaussian;
    /** 2/N for the N samples per half-cycle the power stage's meter takes (the waveform plant's count). */
    private final double twoOverSamples;
    private final double[] lookup = new double[4];
    /** Peak current of the last half-cycle, the operating point of the saturating inductance. */
    private double lastPeak;

    AveragedModel(PlantConfig config, LampDynamics dynamics) {
        super(config, dynamics);
        this.halogenStep = halfPeriod / HalogenLamp.THERMAL_TIME_CONSTANT_S;
        this.ledDecay = StrictMath.exp(-halfPeriod / LedLamp.FILTER_TIME_CONSTANT_S);
        this.noiseCurrent = config.measurementNoise() * config.currentFullScale();
        this.noiseVoltage = config.measurementNoise() * config.voltageFullScale();
        this.gaussian = new Gaussian(config.seed());
        this.angleGaussian = new Gaussian(config.seed() ^ 0x5DEECE66DL);
        this.twoOverSamples = 2.0 / StrictMath.max(1, config.samplesPerCycle() / 2);
    }

    /**
     * Equivalent inductance of the saturating branch L<sub>m0</sub>/(1 + (i/I<sub>sat</sub>)²) at a
     * peak current a·I<sub>sat</sub>, per unit of L<sub>m0</sub>. The flux is
     * ψ(i) = L<sub>m0</sub>I<sub>sat</sub>·atan(i/I<sub>sat</sub>). Two classic equivalents bracket the
     * waveform model: the describing function (fundamental flux of a sinusoidal current,
     * 2(√(1 + a²) − 1)/a², which under-estimates the current because the real current is peaky)
     * and the chord ψ(Î)/Î = atan(a)/a (over-estimates it). Their mean is used — an engineering
     * choice calibrated against the waveform model, which it matches within ≈ 1.5 % rms current
     * on the 0/50/100 % load × 30 % failed grid (1 at a → 0).
     */
    static double saturationFactor(double a) {
        double a2 = a * a;
        if (a2 < 1e-8) {
            return 1.0 - 0.29166666666666667 * a2;
        }
        return (StrictMath.sqrt(1.0 + a2) - 1.0) / a2 + 0.5 * StrictMath.atan(a) / a;
    }

    @Override
    public void runHalfCycle(boolean contactorClosed, double firingAngleRad, PlantHalfCycle out) {
        checkFiringAngle(firingAngleRad);
        Objects.requireNonNull(out, "out");
        snapshot();
        header(out);
        out.count = 2;
        out.sampleIntervalSeconds = 0.5 * halfPeriod;
        int polarity = (halfIndex & 1L) == 0L ? 1 : -1;
        boolean armed = contactorClosed && deviation > -1.0 && firingAngleRad < StrictMath.PI;
        double sourceRms = sourceRmsNominal * (1.0 + deviation);
        double current = 0.0;
        double peak = 0.0;
        double voltage = 0.0;
        double power = 0.0;
        double conduction = 0.0;
        double pf = 0.0;
        double angle = Double.NaN;
        if (armed && loopOpen) {
            double a = firingAngleRad;
            double w = ((StrictMath.PI - a) + 0.5 * StrictMath.sin(2.0 * a)) / StrictMath.PI;
            voltage = sourceRms * StrictMath.sqrt(w);
            conduction = StrictMath.PI - a;
        } else if (armed) {
            double r = rFixed + lampResistance();
            double vm = SQRT2 * sourceRms;
            double x = 0.0;
            double z = 1.0;
            double[] t = lookup;
            double ipk = lastPeak;
        double xMagnetising = 0.0;
            for (int n = 0; n < SATURATION_ITERATIONS; n++) {
                double l = lLinear;
                if (lMagnetising > 0.0) {
                    double lm = lMagnetising * saturationFactor(ipk / isat);
                    l += lm;
                    xMagnetising = omega * lm;
                }
                x = omega * l;
                z = StrictMath.sqrt(r * r + x * x);
                PhaseControlTable.lookup(firingAngleRad, x / (r + x), t);
                double previous = ipk;
                ipk = vm / z * t[2];
                if (lMagnetising == 0.0 || StrictMath.abs(ipk - previous) <= 1e-9 * ipk) {
                    break;
                }
            }
            current = vm / z * t[0];
            peak = ipk;
            conduction = t[1];
            double rLoop = StrictMath.max(0.0, r - rPs);
            power = current * current * rLoop;
            if (!outputShorted) {
                // v_out = a·v_s + b·i with a = L_loop/L, b = R_loop − R·a (from di/dt = (v_s − R i)/L);
                // over a whole pulse mean(v_s·i) = R·I² (the inductor's energy returns to zero).
                double ratio = StrictMath.max(0.0, 1.0 - omega * lPs / x);
                double b = rLoop - r * ratio;
                double v2 = ratio * ratio * sourceRms * sourceRms * t[3]
                        + (2.0 * ratio * b * r + b * b) * current * current;
                voltage = StrictMath.sqrt(StrictMath.max(0.0, v2));
            }
            if (voltage > 0.0 && current > 0.0) {
                pf = StrictMath.min(1.0, power / (voltage * current));
            }
            if (!outputShorted && current > 0.0) {
                // The loop seen from the output terminals is linear R-L at the operating point, so
                // V1 = (R_loop + jωL_loop)·I1 whatever the harmonics: φ1 = atan(X_loop / R_loop),
                // with the saturating branch at its fundamental reactance.
                double xLoop = StrictMath.max(0.0, x - omega * lPs
                        + (FUNDAMENTAL_REACTANCE_FACTOR - 1.0) * xMagnetising);
                angle = StrictMath.atan2(xLoop, rLoop) + angleNoise(current, voltage);
            }
        }
        lastPeak = peak;
        // the sensor view: a sample set with the half-cycle's rms current and voltage, power and
        // its analytic peak (the waveform's, not the rms), in this half-cycle's polarity
        int n = PlantHalfCycle.equivalentSamples(current, voltage, pf * voltage * current, peak, out.current, out.voltage);
        out.count = n;
        out.sampleIntervalSeconds = halfPeriod / n;
        for (int k = 0; k < n; k++) {
            out.current[k] = noisy(polarity * out.current[k] + 0.0, noiseCurrent);
            out.voltage[k] = noisy(polarity * out.voltage[k] + 0.0, noiseVoltage);
        }
        out.displacementAngleRad = angle;
        out.trueCurrentRms = current;
        out.truePeakCurrent = peak;
        out.trueVoltageRms = voltage;
        out.truePowerW = power;
        out.conductionAngleRad = conduction;
        advanceLamps(current * current, halogenStep, ledDecay);
        halfIndex++;
    }

    /**
     * Standard deviation of the phase of a single-bin DFT over N samples of a sinusoid of amplitude
     * A in white noise σ is σ·√(2/N)/A; the angle is the difference of the voltage's and the
     * current's phases, so their variances add (A ≈ √2·rms).
     */
    private double angleNoise(double current, double voltage) {
        if (noiseCurrent == 0.0 && noiseVoltage == 0.0) {
            return 0.0;
        }
        double ri = noiseCurrent / current;
        double rv = voltage > 0.0 ? noiseVoltage / voltage : 0.0;
        double std = StrictMath.sqrt(twoOverSamples * 0.5 * (ri * ri + rv * rv));
        return std * angleGaussian.next();
    }

    private double noisy(double value, double std) {
        return std == 0.0 ? value : value + std * gaussian.next();
    }
}
