package io.github.ccrhil.ccr.firmware.board;

import java.time.Duration;
import java.time.Instant;

/**
 * When the board may trust a failed-lamp estimate, and what it averages: the monitoring around
 * {@link LampFailureEstimator}. One instance per board; called once per control period;
 * preallocated, no allocation per call.
 *
 * <p><b>Steady.</b> A halogen filament's resistance follows its temperature, which follows the
 * current with a thermal lag (τ = {@link LampFailureEstimator#FILAMENT_TIME_CONSTANT}). The loop
 * is steady when the display average of the current (a tenth of a second) is within
 * {@link LampFailureEstimator#STEADY_FRACTION} of the current the filaments have been heated by
 * (a first-order filter of I² with τ): a real change of current, or the dip and recovery of a
 * lamp failure, breaks it; one noisy half-cycle does not. (The criterion before compared each
 * half-cycle with the display average: at low steps the sensor's noise, 0.2 % of full scale,
 * is about 1 % of the reading per half-cycle, and one 2 % outlier every two seconds kept the
 * estimate from ever being refreshed after lamps failed: it held the value from before.)
 *
 * <p><b>Averaged.</b> After {@link LampFailureEstimator#THERMAL_SETTLING} of steady operation on
 * one step, each half-cycle's real power and squared current go into a window of
 * {@link LampFailureEstimator#AVERAGING_WINDOW}; the estimate is computed from the window's
 * means (once it holds a quarter of its length), and the spread of the half-cycle resistances W/I² in it gives the standard error that
 * {@link LampFailureEstimator#estimate(LoopData, double, double, double)} weighs against one lamp.
 * A lamp that fails without moving the current (an LED-heavy loop held by the regulator) leaves
 * the window within its length. Outside a steady spell the last estimate is held (−1 until
 * there is one).
 */
final class LampEstimateMonitor {

    private final double thermalWeight;
    private final long settlingNanos;
    private final double[] power;
    private final double[] currentSquared;
    /** Per half-cycle loop reactance (W/I²)·tan φ<sub>1</sub>, Ω; NaN when the angle was not measured. */
    private final double[] reactance;
    private final double[] peak;
    /** Half-cycles in the window before its standard error means anything: a quarter of it. */
    private final int minimumFill;
    private int next;
    private int filled;
    private double sumPower;
    private double sumCurrentSquared;
    private double sumResistance;
    private double sumResistanceSquared;
    private double sumReactance;
    private double sumReactanceSquared;
    private double sumPeak;
    /** Half-cycles in the window without a displacement angle: the reactive channel waits for none. */
    private int unmeasured;

    private double thermalMeanSquare;
    private int spellStep;
    private Instant spellSince;
    private int estimate = -1;

    /** @param period the control period (one mains half-cycle) */
    LampEstimateMonitor(Duration period) {
        double dt = period.toNanos() / 1e9;
        double tau = LampFailureEstimator.FILAMENT_TIME_CONSTANT.toNanos() / 1e9;
        this.thermalWeight = 1.0 - StrictMath.exp(-dt / tau);
        this.settlingNanos = LampFailureEstimator.THERMAL_SETTLING.value().toNanos();
        int n = (int) StrictMath.max(1, StrictMath.round(
                LampFailureEstimator.AVERAGING_WINDOW.toNanos() / (double) period.toNanos()));
        this.power = new double[n];
        this.currentSquared = new double[n];
        this.reactance = new double[n];
        this.peak = new double[n];
        this.minimumFill = StrictMath.max(2, n / 4);
    }

    /**
     * One control period.
     *
     * @param loop the loop data
     * @param regulatingStep the step being regulated, 0 when not regulating
     * @param latestCurrentA this half-cycle's rms current, A
     * @param latestPowerW this half-cycle's real power, W
     * @param displayCurrentA the display average of the current, A
     * @param now the board's clock
     * @return the estimate to show: failed lamps, or −1 (unknown)
     */
    int update(LoopData loop, int regulatingStep, double latestCurrentA, double latestPowerW, double displayCurrentA,
               Instant now) {
        return update(loop, regulatingStep, latestCurrentA, latestPowerW, displayCurrentA, now, 0.0, 0.0, Double.NaN);
    }

    /**
     * One control period with the power stage's displacement angle.
     *
     * @param omega 2π·mains frequency, rad/s
     * @param latestPeakA this half-cycle's peak |i|, A
     * @param latestAngleRad this half-cycle's displacement angle φ<sub>1</sub>, rad (NaN: not measured)
     */
    int update(LoopData loop, int regulatingStep, double latestCurrentA, double latestPowerW, double displayCurrentA,
               Instant now, double omega, double latestPeakA, double latestAngleRad) {
        double i2 = latestCurrentA * latestCurrentA;
        thermalMeanSquare += thermalWeight * (i2 - thermalMeanSquare);
        double thermalA = StrictMath.sqrt(thermalMeanSquare);
        boolean steady = regulatingStep > 0
                && displayCurrentA >= 0.1 * loop.ratedCurrentA()
                && StrictMath.abs(displayCurrentA - thermalA) <= LampFailureEstimator.STEADY_FRACTION * thermalA;
        if (!steady || regulatingStep != spellStep || spellSince == null) {
            spellStep = steady ? regulatingStep : 0;
            spellSince = now;
            clearWindow();
        }
        if (spellStep > 0 && Duration.between(spellSince, now).toNanos() >= settlingNanos
                && Double.isFinite(latestPowerW) && latestCurrentA > 0) {
            add(latestPowerW, i2, latestPeakA, latestAngleRad);
        }
        if (filled >= minimumFill) {
            double meanI2 = sumCurrentSquared / filled;
            double meanX = unmeasured == 0 ? sumReactance / filled : Double.NaN;
            estimate = LampFailureEstimator.estimate(loop, StrictMath.sqrt(meanI2), sumPower / filled,
                    standardError(sumResistance, sumResistanceSquared), omega, sumPeak / filled, meanX,
                    unmeasured == 0 ? standardError(sumReactance, sumReactanceSquared) : Double.NaN);
        }
        return estimate;
    }

    private void add(double w, double i2, double pk, double angle) {
        double r = w / i2;
        double x = r * StrictMath.tan(angle);
        if (filled == power.length) {
            double gone = power[next] / currentSquared[next];
            sumPower -= power[next];
            sumCurrentSquared -= currentSquared[next];
            sumResistance -= gone;
            sumResistanceSquared -= gone * gone;
            sumPeak -= peak[next];
            double goneX = reactance[next];
            if (Double.isFinite(goneX)) {
                sumReactance -= goneX;
                sumReactanceSquared -= goneX * goneX;
            } else {
                unmeasured--;
            }
        } else {
            filled++;
        }
        power[next] = w;
        currentSquared[next] = i2;
        peak[next] = pk;
        reactance[next] = x;
        sumPower += w;
        sumCurrentSquared += i2;
        sumResistance += r;
        sumResistanceSquared += r * r;
        sumPeak += pk;
        if (Double.isFinite(x)) {
            sumReactance += x;
            sumReactanceSquared += x * x;
        } else {
            unmeasured++;
        }
        next = (next + 1) % power.length;
    }

    /**
     * Standard error of the window's mean of a per-half-cycle quantity (loop resistance W/I² or
     * reactance), Ω, from its spread (running sums: no loop over the window in the control period).
     */
    private double standardError(double sum, double sumSquares) {
        double mean = sum / filled;
        double variance = StrictMath.max(0.0, (sumSquares - filled * mean * mean) / (filled - 1));
        return StrictMath.sqrt(variance / filled);
    }

    private void clearWindow() {
        next = 0;
        filled = 0;
        sumPower = 0;
        sumCurrentSquared = 0;
        sumResistance = 0;
        sumResistanceSquared = 0;
        sumReactance = 0;
        sumReactanceSquared = 0;
        sumPeak = 0;
        unmeasured = 0;
    }
}
