package io.github.ccrhil.ccr.firmware.fake;

import io.github.ccrhil.ccr.firmware.hardware.GateCommand;
import io.github.ccrhil.ccr.firmware.hardware.HalfCycleSamples;
import io.github.ccrhil.ccr.firmware.hardware.HardwareFault;
import io.github.ccrhil.ccr.firmware.hardware.HardwarePort;

/**
 * Test fake of the power stage: an antiparallel thyristor pair feeding an R-L series loop
 * through the output transformer, integrated per sample (exact exponential step of
 * L di/dt = v − R i while a thyristor conducts; a thyristor fires at α within its half-cycle
 * when no current flows and turns off when the current reaches zero). Follows the
 * {@link HardwarePort} contract literally: each exchange returns the half-cycle completed
 * before this call and then simulates the coming one with the new command
 * ({@code immediate = true} returns the half-cycle of the command just sent instead).
 *
 * <p>Loop: R = rInternal + load · rFullLoad (+ lamp model if set), L = lInternal + load · lFullLoad.
 * At nominal input the open-circuit secondary is {@code secondaryVoltsRms}.
 */
public final class FakeRlPlant implements HardwarePort {

    public static final int SAMPLES = 200;

    public double mainsHz = 50.0;
    public double nominalInputV = 400.0;
    public double inputFactor = 1.0;
    public double secondaryVoltsRms = 4000.0;
    public double rInternal = 10.0;
    public double lInternal = 0.41;
    public double rFullLoad = 450.0;
    public double lFullLoad = 0.10;
    public double load = 1.0;
    public boolean open;
    public boolean immediate;
    public boolean fault;
    /** The next this-many exchanges run the half-cycle but lose its measurements (a missed sample). */
    public int missNext;
    /** The gate command of the last exchange. */
    public GateCommand lastCommand;
    public double insulationOhms = 50e6;
    /** When not NaN, the thyristors fire at this angle whatever the command (stuck firing). */
    public double forcedAlpha = Double.NaN;
    /** Optional lamp loop replacing rFullLoad·load: resistance evaluated at the last rms current. */
    public LampLoop lamps;

    /** True when a thyristor fired during the last simulated half-cycle (a new current half-wave). */
    public boolean firedLast;
    private double i;
    private boolean conducting;
    private int halfIndex;
    private double lastRms = 0.0;
    private final double[] curA = new double[SAMPLES];
    private final double[] volA = new double[SAMPLES];
    private boolean havePrevious;
    private double prevInputV;
    public int exchanges;

    /** Halogen/LED lamp loop with k failed lamps, using the same lamp model as the board. */
    public static final class LampLoop {
        public int lampCount;
        public int failed;
        public double lampWatts;
        public double ratedA;
        public double cableOhms;
        public double coreOhms;

        public double resistance(double currentA) {
            double x = currentA <= 0.05 ? 0.05 : currentA;
            double s = (x / ratedA) * (x / ratedA);
            double c = 1.0 / 12.0;
            double rHot = lampWatts / (ratedA * ratedA);
            // tungsten filament in equilibrium: s·ρ = (ρ^3.5 − c^3.5)/(1 − c^3.5)
            double cp = Math.pow(c, 3.5);
            double lo = c;
            double hi = 4.0;
            for (int n = 0; n < 60; n++) {
                double mid = 0.5 * (lo + hi);
                if (s * mid > (Math.pow(mid, 3.5) - cp) / (1 - cp)) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            double rLamp = rHot * 0.5 * (lo + hi);
            return cableOhms + (lampCount - failed) * rLamp + failed * coreOhms;
        }
    }

    /** A plant of the same kVA for a regulator of {@code ratedA} (impedances scale with 1/k², voltage 1/k). */
    public static FakeRlPlant forRated(double ratedA) {
        FakeRlPlant p = new FakeRlPlant();
        double k = ratedA / 6.6;
        p.secondaryVoltsRms /= k;
        p.rInternal /= k * k;
        p.lInternal /= k * k;
        p.rFullLoad /= k * k;
        p.lFullLoad /= k * k;
        return p;
    }

    /** True rms of the last simulated half-cycle, A (the plant's own, independent of the board). */
    public double lastRms() {
        return lastRms;
    }

    public double loopResistance() {
        if (lamps != null) {
            return rInternal + lamps.resistance(lastRms);
        }
        return rInternal + load * rFullLoad;
    }

    public double loopInductance() {
        return lInternal + (lamps != null ? 1.0 : load) * lFullLoad;
    }

    @Override
    public void exchange(GateCommand command, HalfCycleSamples into) throws HardwareFault {
        exchanges++;
        if (fault) {
            throw new HardwareFault("fake power stage not answering");
        }
        lastCommand = command;
        if (missNext > 0) {
            missNext--;
            simulate(command);
            throw new io.github.ccrhil.ccr.firmware.hardware.MissedSample("fake power stage: sample lost");
        }
        if (immediate) {
            simulate(command);
            copyOut(into, inputFactor * nominalInputV);
        } else {
            if (havePrevious) {
                copyOut(into, prevInputV);
            } else {
                into.set(SAMPLES, 1.0 / (2 * mainsHz * SAMPLES), inputFactor * nominalInputV, mainsHz, insulationOhms);
                for (int k = 0; k < SAMPLES; k++) {
                    into.current()[k] = 0.0;
                    into.voltage()[k] = 0.0;
                }
            }
            simulate(command);
            havePrevious = true;
            prevInputV = inputFactor * nominalInputV;
        }
    }

    private void copyOut(HalfCycleSamples into, double inputV) {
        into.set(SAMPLES, 1.0 / (2 * mainsHz * SAMPLES), inputV, mainsHz, insulationOhms);
        System.arraycopy(curA, 0, into.current(), 0, SAMPLES);
        System.arraycopy(volA, 0, into.voltage(), 0, SAMPLES);
    }

    private void simulate(GateCommand command) {
        double sign = (halfIndex % 2 == 0) ? 1.0 : -1.0;
        halfIndex++;
        double dt = 1.0 / (2 * mainsHz * SAMPLES);
        double w = 2 * StrictMath.PI * mainsHz;
        double e = StrictMath.sqrt(2) * secondaryVoltsRms * inputFactor;
        double r = open ? 1e7 : loopResistance();
        double l = loopInductance();
        double alpha = Double.isNaN(forcedAlpha) ? command.firingAngleRad() : forcedAlpha;
        boolean closed = command.contactorClosed();
        double sum2 = 0;
        firedLast = false;
        for (int k = 0; k < SAMPLES; k++) {
            double t0 = w * k * dt;
            double t1 = w * (k + 1) * dt;
            double v = sign * e * StrictMath.sin(0.5 * (t0 + t1));
            double h = dt;
            if (!closed) {
                conducting = false;
                i = 0;
            } else if (!conducting && alpha < t1 && alpha < StrictMath.PI) {
                // the gate pulse is held from α to the end of the half-cycle: fire at the exact angle
                double start = StrictMath.max(alpha, t0);
                h = (t1 - start) / w;
                v = sign * e * StrictMath.sin(0.5 * (start + t1));
                conducting = true;
                firedLast = true;
            }
            double vOut = 0.0;
            if (conducting) {
                double iss = v / r;
                double next = iss + (i - iss) * StrictMath.exp(-r * h / l);
                if (i != 0.0 && next * i < 0.0 || (i == 0.0 && next * sign < 0.0)) {
                    conducting = false;
                    next = 0.0;
                } else if (open) {
                    vOut = v;
                } else {
                    // terminal voltage = loop drop (the internal R-L sits on the CCR side)
                    double rExt = r - rInternal;
                    double lExt = l - lInternal;
                    vOut = rExt * 0.5 * (i + next) + lExt * (next - i) / h;
                }
                i = next;
            }
            curA[k] = i;
            volA[k] = vOut;
            sum2 += i * i;
        }
        lastRms = StrictMath.sqrt(sum2 / SAMPLES);
    }
}
