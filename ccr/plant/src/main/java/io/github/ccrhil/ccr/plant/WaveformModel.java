package io.github.ccrhil.ccr.plant;

import java.util.Objects;

/**
 * Waveform-level plant: the loop current is integrated with classic fourth-order Runge–Kutta at
 * a fixed step h = 1/(f·samplesPerCycle·stepsPerSample), with the firing instant and the current
 * zero handled exactly (see {@link Plants#waveform(PlantConfig)} for the semantics).
 *
 * <p>The mains sine is advanced by rotating a phasor by ωh/2 (sin/cos of that angle precomputed
 * with StrictMath) and re-anchored exactly at every half-cycle start, which is a voltage zero.
 * The hot loop allocates nothing and calls no transcendental function; the firing instant and a
 * current zero that releases the waiting thyristor cost one StrictMath.sin each.
 */
final class WaveformModel extends AbstractPlant {

    private static final double SQRT2 = StrictMath.sqrt(2.0);
    private static final double THIRD = 1.0 / 3.0;

    private final int samplesPerHalf;
    private final int stepsPerSample;
    private final double sampleInterval;
    private final double h;
    private final double rotCos;
    private final double rotSin;
    private final double halogenStep;
    private final double ledDecay;
    private final double noiseCurrent;
    private final double noiseVoltage;
    private final Gaussian gaussian;
    private final LoopEquation equation = new LoopEquation();

    /** Loop current carried from one half-cycle to the next, A. */
    private double current;
    /** Conducting thyristor: +1 (positive), −1 (negative) or 0 (none). */
    private int device;

    WaveformModel(PlantConfig config, LampDynamics dynamics) {
        super(config, dynamics);
        if (config.samplesPerCycle() < Plants.MIN_WAVEFORM_SAMPLES_PER_CYCLE) {
            throw new IllegalArgumentException("waveform model needs samplesPerCycle ≥ "
                    + Plants.MIN_WAVEFORM_SAMPLES_PER_CYCLE + ", was " + config.samplesPerCycle());
        }
        this.samplesPerHalf = config.samplesPerCycle() / 2;
        this.stepsPerSample = config.stepsPerSample();
        this.sampleInterval = halfPeriod / samplesPerHalf;
        this.h = sampleInterval / stepsPerSample;
        this.rotCos = StrictMath.cos(0.5 * omega * h);
        this.rotSin = StrictMath.sin(0.5 * omega * h);
        this.halogenStep = sampleInterval / HalogenLamp.THERMAL_TIME_CONSTANT_S;
        this.ledDecay = StrictMath.exp(-sampleInterval / LedLamp.FILTER_TIME_CONSTANT_S);
        this.noiseCurrent = config.measurementNoise() * config.currentFullScale();
        this.noiseVoltage = config.measurementNoise() * config.voltageFullScale();
        this.gaussian = new Gaussian(config.seed());
    }

    @Override
    public void runHalfCycle(boolean contactorClosed, double firingAngleRad, PlantHalfCycle out) {
        checkFiringAngle(firingAngleRad);
        Objects.requireNonNull(out, "out");
        snapshot();
        header(out);
        out.count = samplesPerHalf;
        out.sampleIntervalSeconds = sampleInterval;
        boolean supply = deviation > -1.0;
        int polarity = (halfIndex & 1L) == 0L ? 1 : -1;
        double amplitude = polarity * sourceRmsNominal * SQRT2 * (1.0 + deviation);
        boolean armed = contactorClosed && supply && firingAngleRad < StrictMath.PI;
        double tAlpha = firingAngleRad / omega;
        if (!contactorClosed || !supply || loopOpen) {
            current = 0.0;
            device = 0;
        }
        if (loopOpen) {
            runOpenLoop(armed, tAlpha, amplitude, out);
        } else {
            runClosedLoop(armed, tAlpha, polarity, amplitude, out);
        }
        halfIndex++;
    }

    /**
     * Open loop: no current. The thyristors still conduct the output transformer's magnetising
     * current from the firing instant to the end of the half-cycle, so the output terminals see
     * the full open-circuit voltage n·v<sub>s</sub> there (and 0 before the firing instant).
     */
    private void runOpenLoop(boolean armed, double tAlpha, double amplitude, PlantHalfCycle out) {
        double sumV2 = 0.0;
        for (int j = 0; j < samplesPerHalf; j++) {
            double t = j * sampleInterval;
            double v = armed && t >= tAlpha ? amplitude * StrictMath.sin(omega * t) : 0.0;
            sumV2 += v * v;
            out.current[j] = noisy(0.0, noiseCurrent);
            out.voltage[j] = noisy(v, noiseVoltage);
            advanceLamps(0.0, halogenStep, ledDecay);
        }
        out.displacementAngleRad = Double.NaN;
        out.trueCurrentRms = 0.0;
        out.truePeakCurrent = 0.0;
        out.trueVoltageRms = StrictMath.sqrt(sumV2 / samplesPerHalf);
        out.truePowerW = 0.0;
        out.conductionAngleRad = armed ? StrictMath.PI - tAlpha * omega : 0.0;
    }

    /**
     * Closed loop: classic RK4 on {@link LoopEquation}, written out here so that each stage's
     * dependency chain is short (the loop is latency-bound: every stage needs the previous one).
     * Each stage computes q = (h/2)·di/dt directly, the argument of the next stage is i + q (the
     * last one i + 2q, exact doubling), and i<sub>new</sub> = i + (q1 + 2(q2 + q3) + q4)/3, which
     * is h/6·(k1 + 2(k2 + k3) + k4). With failed lamps 1/L(x) = (1 + c·x²)/(L + L<sub>m</sub> +
     * L·c·x²), c = 1/I<sub>sat</sub>², and the stage arguments are carried as fractions so that no
     * division lies between one stage and the next (see the loop); without failed lamps the stage
     * is linear, q = (h/2)(v/L) − (h/2)(R/L)·x, and has no division at all. The same ODE, the same
     * method and the same step: only the rounding of the last bits differs from the textbook form
     * (on the reference scenarios, sample differences ≤ 5e-13 A, far below the RK4 error ≈ 1e-6 A).
     */
    private void runClosedLoop(boolean armed, double tAlpha, int polarity, double amplitude, PlantHalfCycle out) {
        final LoopEquation eq = equation;
        final boolean thermal = dynamics == LampDynamics.THERMAL;
        final boolean saturating = lMagnetising > 0.0;
        double r = rFixed + lampResistance();
        eq.set(r, lLinear, lMagnetising, isat);
        final double hh = 0.5 * h;
        final double invL = 1.0 / lLinear;
        final double c = 1.0 / (isat * isat);
        final double aDen = lLinear + lMagnetising;
        final double bDen = lLinear * c;
        // The saturating stage normalised by L + L_m: q = (qScale·sin − gq·x)(1 + c·x²)/(1 + bNorm·x²).
        final double bNorm = bDen / aDen;
        final double qScale = amplitude * hh / aDen;
        // Source voltage per unit of sin(ωt): (h/2)·v for the saturating stage, (h/2)·v/L for the linear one.
        final double ampH = saturating ? amplitude * hh : amplitude * hh * invL;
        final double cs = rotCos;
        final double sn = rotSin;
        final int steps = stepsPerSample;
        final double noiseI = noiseCurrent;
        final double noiseV = noiseVoltage;
        final boolean shorted = outputShorted;
        double s = 0.0;
        double c0 = 1.0;
        double i = current;
        int dev = device;
        boolean fired = false;
        double conduction = 0.0;
        double peak = StrictMath.abs(i);
        double sumI2 = 0.0;
        double sumV2 = 0.0;
        double sumP = 0.0;
        int step = 0;
        // (h/2)·R (saturating) or (h/2)·R/L (linear): the current's weight in a stage.
        double g = saturating ? hh * r : hh * r * invL;
        final double hhOverA = hh / aDen;
        double gq = hhOverA * r;
        for (int j = 0; j < samplesPerHalf; j++) {
            if (thermal && j > 0) {
                r = rFixed + lampResistance();
                eq.setResistance(r);
                g = saturating ? hh * r : hh * r * invL;
                gq = hhOverA * r;
            }
            final double g2 = 2.0 * g;
            double v0 = amplitude * s;
            double vOut = 0.0;
            // di/dt at the sample instant for the output voltage (the linear stage 1 reuses it).
            double q1 = 0.0;
            if (dev != 0) {
                double k1;
                if (saturating) {
                    double sq = i * i;
                    k1 = (v0 - r * i) * ((1.0 + c * sq) / (aDen + bDen * sq));
                } else {
                    k1 = (v0 - r * i) * invL;
                    q1 = ampH * s - g * i;
                }
                vOut = shorted ? 0.0 : v0 - rPs * i - lPs * k1;
            }
            double iSample = i;
            sumI2 += i * i;
            sumV2 += vOut * vOut;
            sumP += vOut * i;
            out.current[j] = noisy(i, noiseI);
            out.voltage[j] = noisy(vOut, noiseV);
            for (int k = 0; k < steps; k++, step++) {
                double sm = s * cs + c0 * sn;
                double cm = c0 * cs - s * sn;
                double se = sm * cs + cm * sn;
                double ce = cm * cs - sm * sn;
                if (dev != 0) {
                    double vm = ampH * sm;
                    double ve = ampH * se;
                    double q2;
                    double q3;
                    double q4;
                    if (saturating) {
                        // A stage, normalised by L + L_m: q = (qScale·sin − gq·x)(1 + c·x²)/(1 + bNorm·x²).
                        // Stage s yields q_s as a fraction N_s/D_s (D ≥ 1); the next argument
                        // x = i + N/D is used as (i·D + N)/D, which makes the next fraction
                        // D' = D(D² + bNorm·P²), N' = (V·D − gq·P)(D² + c·P²) with P = i·D + N.
                        // So no stage waits for a division: the four divisions q_s = N_s/D_s are
                        // independent and only the last one delays the end of the step. If the
                        // powers of D overflow, the step is redone with one division per stage.
                        double vq = qScale * sm;
                        double ve4 = qScale * se;
                        double sq = i * i;
                        double d1 = 1.0 + bNorm * sq;
                        double n1 = (qScale * s - gq * i) * (1.0 + c * sq);
                        double p = i * d1 + n1;
                        double pp = p * p;
                        double dd = d1 * d1;
                        double d2 = d1 * (dd + bNorm * pp);
                        double n2 = (vq * d1 - gq * p) * (dd + c * pp);
                        p = i * d2 + n2;
                        pp = p * p;
                        dd = d2 * d2;
                        double d3 = d2 * (dd + bNorm * pp);
                        double n3 = (vq * d2 - gq * p) * (dd + c * pp);
                        p = i * d3 + 2.0 * n3;
                        pp = p * p;
                        dd = d3 * d3;
                        double d4 = d3 * (dd + bNorm * pp);
                        double n4 = (ve4 * d3 - gq * p) * (dd + c * pp);
                        if (Double.isFinite(n4 + d4)) {
                            q1 = n1 / d1;
                            q2 = n2 / d2;
                            q3 = n3 / d3;
                            q4 = n4 / d4;
                        } else {
                            // Powers of D overflowed (saturation far beyond I_sat): one division per stage.
                            q1 = (ampH * s - g * i) * ((1.0 + c * sq) / (aDen + bDen * sq));
                            double x = i + q1;
                            sq = x * x;
                            q2 = (vm - g * x) * ((1.0 + c * sq) / (aDen + bDen * sq));
                            x = i + q2;
                            sq = x * x;
                            q3 = (vm - g * x) * ((1.0 + c * sq) / (aDen + bDen * sq));
                            x = i + 2.0 * q3;
                            sq = x * x;
                            q4 = (ve - g * x) * ((1.0 + c * sq) / (aDen + bDen * sq));
                        }
                    } else {
                        double gi = g * i;
                        if (k > 0) {
                            q1 = ampH * s - gi;
                        }
                        double base = vm - gi;
                        q2 = base - g * q1;
                        q3 = base - g * q2;
                        q4 = (ve - gi) - g2 * q3;
                    }
                    double iNew = (i + THIRD * (q1 + 2.0 * (q2 + q3))) + THIRD * q4;
                    if (dev * iNew > 0.0) {
                        i = iNew;
                        conduction += h;
                    } else {
                        // Current zero inside the step: locate it by linear interpolation, block.
                        double t0 = step * h;
                        double tEnd = t0 + h;
                        double frac = i == iNew ? 0.0 : i / (i - iNew);
                        double tz = t0 + frac * h;
                        conduction += tz - t0;
                        int ended = dev;
                        dev = 0;
                        i = 0.0;
                        if (armed && !fired && ended != polarity) {
                            double tf = StrictMath.max(tz, tAlpha);
                            if (tf < tEnd) {
                                fired = true;
                                double iFired = partialStep(tf, tEnd, amplitude);
                                if (polarity * iFired > 0.0) {
                                    dev = polarity;
                                    i = iFired;
                                    conduction += tEnd - tf;
                                }
                            }
                        }
                    }
                } else if (armed && !fired) {
                    double tEnd = (step + 1) * h;
                    if (tAlpha < tEnd) {
                        fired = true;
                        double tf = StrictMath.max(tAlpha, step * h);
                        double iFired = partialStep(tf, tEnd, amplitude);
                        if (polarity * iFired > 0.0) {
                            dev = polarity;
                            i = iFired;
                            conduction += tEnd - tf;
                        }
                    }
                }
                double a = i < 0.0 ? -i : i;
                if (a > peak) {
                    peak = a;
                }
                s = se;
                c0 = ce;
            }
            if (thermal) {
                advanceLamps(iSample * iSample, halogenStep, ledDecay);
            }
        }
        current = i;
        device = dev;
        out.displacementAngleRad = sumI2 > 0.0 && !shorted
                ? PlantHalfCycle.displacementAngle(out.current, out.voltage, samplesPerHalf, sampleInterval, omega)
                : Double.NaN;
        out.trueCurrentRms = StrictMath.sqrt(sumI2 / samplesPerHalf);
        out.truePeakCurrent = peak;
        out.trueVoltageRms = StrictMath.sqrt(sumV2 / samplesPerHalf);
        out.truePowerW = sumP / samplesPerHalf;
        out.conductionAngleRad = conduction * omega;
    }

    /** One RK4 step from a thyristor firing at local time t0 (current 0) to t1. */
    private double partialStep(double t0, double t1, double amplitude) {
        double hs = t1 - t0;
        double tm = t0 + 0.5 * hs;
        LoopEquation eq = equation;
        double k1 = eq.derivative(amplitude * StrictMath.sin(omega * t0), 0.0);
        double vm = amplitude * StrictMath.sin(omega * tm);
        double k2 = eq.derivative(vm, 0.5 * hs * k1);
        double k3 = eq.derivative(vm, 0.5 * hs * k2);
        double k4 = eq.derivative(amplitude * StrictMath.sin(omega * t1), hs * k3);
        return hs / 6.0 * (k1 + 2.0 * (k2 + k3) + k4);
    }

    private double noisy(double value, double std) {
        return std == 0.0 ? value : value + std * gaussian.next();
    }
}
