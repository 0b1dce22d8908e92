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
 *
 * <p>The same cut applies, however small the excursion, to a half-cycle above the top of the
 * target step's tolerance band once the reference has reached the band (a few lamps shorted, a
 * short removed, a supply step of a few per cent): the PI alone would take several half-cycles
 * to bring it back, each of them above 6.7 A on a top step whose band ends there.
 *
 * <p>Approach guard: while the current rises toward a new target (soft start, a
 * step up) the regulator judges the current it is heading for, the measured rms plus the
 * filtered rise per period times {@link ControlTuning#approachHorizonPeriods()}. See the
 * package notes for why an LED loop needs it; a horizon of 0 gives back the law without it.
 */
public final class CurrentControlSoftware {

    public static final String NAME = "ccr-hil current-control software";
    public static final String VERSION = "0.1.0";

    /**
     * Weight of a new period's rise in the filtered rise of the measured current: 0.5 smooths the
     * sensor noise further and still follows a rise within two periods.
     */
    static final double RISE_FILTER = 0.5;
    /** Periods over which the rise of the current is measured (40 ms at 50 Hz). */
    static final int RISE_BASELINE = 4;
    /**
     * How long the approach guard stays on after the current first reaches the target, periods
     * (300 ms at 50 Hz): an LED loop's current goes on rising for several driver time constants
     * after the demand stops rising.
     */
    static final int APPROACH_HOLD_PERIODS = 30;
    /**
     * The approach counts as arrived once the current is within this share below the target
     * (1 %, inside every step's band): from then on the guard runs out after
     * {@link #APPROACH_HOLD_PERIODS}. Waiting for the target itself could wait for ever, because
     * the sensor noise on the rise (about 1 % per period) makes a guard that never ends hold the
     * current a little below its target.
     */
    static final double APPROACH_ARRIVED = 0.01;
    /**
     * A regulated current that falls this share below its target (10 %, wider than every step's
     * band and far beyond the sensor noise) has to approach it again: an output short removed,
     * shorted lamps restored. The approach guard re-arms as on a step up, so an LED loop is not
     * carried through the band on the way back.
     */
    static final double REAPPROACH_DEFICIT = 0.10;

    /**
     * Below this share of the reference the loop counts as dark (10 %, the board's open-circuit
     * level): open transformer secondaries whose magnetising inductance is not yet saturated, or
     * LED drivers below their drop-out, take almost no current until the output voltage reaches
     * their knee.
     */
    static final double DARK_LOOP = 0.10;
    /**
     * Least rise of the demand per period while the loop is dark: no conduction to full conduction
     * in 100 periods (1 s at 50 Hz), inside the 2 s the open-circuit protection waits, so a closed
     * loop with 30 % of its lamps failed takes current before it could be taken for an open one
     * (the campaign's finding: 97 % load, 29 % failed, −8.8 % input tripped at 2.05 s while the
     * current was rising through 0.63 A).
     */
    static final double DARK_LOOP_RISE = 0.01;

    /**
     * Supply feed-forward: a rise of the measured input voltage by more than this share from one
     * half-cycle to the next (3 %, far beyond the rms noise of a steady supply) after two
     * half-cycles that agreed within {@link #SUPPLY_STEADY}. The half-cycle in which the supply
     * jumped holds only part of the jump, and the PI sees it only as a small rise of the current;
     * the voltage itself says at once by how much the loop's current will rise.
     */
    static final double SUPPLY_JUMP = 0.03;
    /** Two half-cycles' input rms within this share count as a steady supply (1 %). */
    static final double SUPPLY_STEADY = 0.01;
    /**
     * Supply return hold: for this many periods after the supply was absent (a period the board
     * rode through) or dipped (a half-cycle's input more than {@link #SUPPLY_JUMP} below the one
     * before), the demand may fall but not rise above the demand held through the gap (scaled
     * down if the supply came back higher). 10 periods (100 ms at 50 Hz) cover the two-period
     * measurement delay and about four time constants of an LED driver's input filter, after
     * which the load draws again what it drew before the gap. See the package notes.
     */
    static final int SUPPLY_RETURN_HOLD_PERIODS = 10;
    /**
     * The share of the held demand the half-cycles after a gap are fired at, before the return
     * can be measured (0.95: the fast-cut margin). A gap changes the load it leaves dark: filaments
     * cool (a 100 W halogen lamp's filament, time constant about 150 ms, loses several per cent of
     * its resistance in 10–17 ms, so the held angle drives up to 4 % more current), LED drivers
     * starve (they then draw less). Fired below the held point the loop errs on the dim side
     * for two or three half-cycles, which no lamp shows and IEC 61822 does not limit.
     */
    static final double SUPPLY_RETURN_FACTOR = 0.95;

    /**
     * Fold-back from full conduction: the current counts as steady before a load step while its
     * filtered rise is within this share of the reference per period (0.5 %: some five times the
     * filtered sensor noise, a fifth of a soft start's or a knee's rise). See the package notes.
     */
    static final double LOAD_STEP_STEADY = 0.005;

    private final ControlTuning tuning;
    /** Input-voltage rms of the last two half-cycles regulated on, V; [0] the most recent, 0 unknown. */
    private final double[] supplyHistory = new double[2];
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
    /** The last {@link #RISE_BASELINE} measured rms currents, a ring; [measuredIndex] is the newest. */
    private final double[] measuredHistory = new double[RISE_BASELINE];
    private int measuredIndex;
    private int measuredCount;
    /** Filtered rise of the measured rms current per control period, A. */
    private double riseA;
    private double lastTargetA;
    /** Periods left of the approach; −1 while the current has not yet reached the target. */
    private int approachLeft;
    /** Periods left of the supply return hold; 0 when none. */
    private int supplyHoldLeft;
    /** The demand held through the supply's gap or dip: the hold's ceiling. */
    private double heldDemand;
    /** Input rms of the last half-cycle regulated on before the gap or dip, V; 0 unknown. */
    private double heldSupplyV;

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
        return regulate(targetA, Double.POSITIVE_INFINITY, measuredRmsA);
    }

    /**
     * One control period with the top of the target step's tolerance band, {@code bandTopA}: a
     * half-cycle above it is cut at once as a dynamic-response excursion (see the class notes),
     * however small, once the reference is at or below the band top (not during a ramp down
     * from a higher step, where the current is meant to be above the new step's band).
     */
    public GateCommand regulate(double targetA, double bandTopA, double measuredRmsA) {
        return regulate(targetA, bandTopA, measuredRmsA, 0.0);
    }

    /**
     * One control period with the band top and the half-cycle's measured output power factor
     * (W / VA; 0 when unknown). The power factor bounds the demand that produced the half-cycle:
     * a thyristor fired before the load's natural current zero, the load angle φ = acos(pf) while
     * the current is continuous, conducts only from there, so the half-cycle was produced by the
     * demand of φ, not by the larger one commanded. The fast cut starts from that bound; without
     * it a cut from full conduction on an inductive loop (open transformer secondaries) lands
     * below φ again and changes nothing for another half-cycle.
     */
    public GateCommand regulate(double targetA, double bandTopA, double measuredRmsA, double powerFactor) {
        return regulate(targetA, bandTopA, measuredRmsA, powerFactor, 0.0);
    }

    /**
     * One control period with the half-cycle's measured input-voltage rms as well ({@code 0} when
     * unknown). A supply that rises by more than {@link #SUPPLY_JUMP} from one half-cycle to the
     * next, after a steady supply, scales the demand down by the ratio at once (feed-forward): the
     * loop's current rises with the voltage that drives it, and waiting for the current to show it
     * costs a further half-cycle above the band on a loop regulated near its top. Only rises act: a
     * falling supply (a sag, the start of an interruption) raises the current nowhere, and a demand
     * raised on a partly interrupted half-cycle would meet the full supply when it returns.
     */
    public GateCommand regulate(double targetA, double bandTopA, double measuredRmsA, double powerFactor,
                                double inputVoltageRms) {
        if (!(bandTopA > 0.0)) {
            throw new IllegalArgumentException("band top must be positive, was " + bandTopA);
        }
        if (!Double.isFinite(targetA) || targetA < 0.0) {
            throw new IllegalArgumentException("target current must be finite and ≥ 0, was " + targetA);
        }
        if (!Double.isFinite(measuredRmsA) || measuredRmsA < 0.0) {
            throw new IllegalArgumentException("measured current must be finite and ≥ 0, was " + measuredRmsA);
        }
        lastMeasuredA = measuredRmsA;
        double previousMeasuredA = measuredCount > 0 ? measuredHistory[measuredIndex] : measuredRmsA;
        double riseBeforeA = riseA;
        // rise per period over the last RISE_BASELINE periods: the noise of one rms reading is
        // divided by the baseline, a rise that lasts (the LED case) is not
        int oldest = (measuredIndex + 1) % measuredHistory.length;
        double rise = measuredCount == measuredHistory.length
                ? (measuredRmsA - measuredHistory[oldest]) / RISE_BASELINE : 0.0;
        riseA += RISE_FILTER * (rise - riseA);
        measuredIndex = oldest;
        measuredHistory[measuredIndex] = measuredRmsA;
        if (measuredCount < measuredHistory.length) {
            measuredCount++;
        }
        if (targetA > lastTargetA || measuredRmsA < (1.0 - REAPPROACH_DEFICIT) * targetA) {
            approachLeft = -1;
        }
        lastTargetA = targetA;
        if (approachLeft < 0 && measuredRmsA >= (1.0 - APPROACH_ARRIVED) * targetA) {
            approachLeft = APPROACH_HOLD_PERIODS;
        } else if (approachLeft > 0) {
            approachLeft--;
        }
        double um = demandHistory[tuning.measurementDelayPeriods() - 1];
        double ref = ramp.advance(targetA);
        lastCallCut = false;

        boolean gainMeasurable = um > 0.02 && measuredRmsA > 0.02 * tuning.gainMinA();
        if (gainMeasurable) {
            double g = measuredRmsA / um;
            gain = clamp(gain + tuning.gainFilter() * (g - gain), tuning.gainMinA(), tuning.gainMaxA());
        }

        double u;
        boolean aboveBand = ref <= bandTopA && measuredRmsA > bandTopA;
        boolean measuredAbove = measuredRmsA > ref * (1.0 + margin) || aboveBand;
        // Fold-back from full conduction (see the package notes): a regulator beyond its rating
        // (fired at or before the load angle, no control left) whose current jumps by more than
        // the fast-cut margin in one period at that demand has met a load step; the first reading
        // holds only part of it, and an LED loop's drivers carry the current on after it.
        boolean jumped = !measuredAbove && ref >= targetA && supplyHoldLeft == 0
                && measuredCount == measuredHistory.length
                && StrictMath.abs(riseBeforeA) <= LOAD_STEP_STEADY * ref
                && measuredRmsA - previousMeasuredA > margin * ref;
        boolean beforeLoadAngle = false;
        boolean foldBack = false;
        double predictedA = measuredRmsA;
        if (measuredAbove || jumped) {
            double loadAngle = powerFactor > 0.0 && powerFactor < 1.0 ? StrictMath.acos(powerFactor) : 0.0;
            // only a demand the regulator can have had (≤ 1: its integrator is clamped); a wound-up
            // demand beyond full conduction is no firing angle to bound
            beforeLoadAngle = um <= 1.0 && FiringAngleMap.alpha(um) < loadAngle;
            if (beforeLoadAngle) {
                um = StrictMath.min(um, FiringAngleMap.fraction(loadAngle));
            }
            predictedA = measuredRmsA + tuning.approachHorizonPeriods() * StrictMath.max(0.0, riseA);
            foldBack = jumped && (um >= 1.0 || beforeLoadAngle)
                    && predictedA > StrictMath.min(bandTopA, ref * (1.0 + margin));
        }
        if (ref > 0.0 && (measuredAbove || foldBack) && um > 0.0) {
            double cut = um * ref / (foldBack ? predictedA : measuredRmsA);
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
            double error = working - measuredRmsA;
            if (approachLeft != 0) {
                // Approach guard: where the current is heading, not where it is. On an LED loop
                // the current keeps rising after the demand stops (see the package notes), so the
                // rise seen now is extrapolated over the horizon. In soft start the regulator
                // works toward the target from that predicted current (it may back off); on a step
                // change it only stops raising the demand, because a filament loop's fast rise
                // and sag would otherwise be taken for an overshoot and excite the loop.
                double predicted = measuredRmsA + tuning.approachHorizonPeriods() * StrictMath.max(0.0, riseA);
                if (softStarting) {
                    error = StrictMath.min(error, targetA - predicted);
                } else if (predicted >= targetA) {
                    error = StrictMath.min(error, 0.0);
                }
            }
            u = pi.calculate(error / gain);
            if (error > 0.0 && measuredRmsA < DARK_LOOP * ref && u < demandHistory[0] + DARK_LOOP_RISE) {
                // A dark loop: the gain estimate has nothing to learn from, so the PI, scaled by
                // its conservative start value, would open the firing angle too slowly. The demand
                // rises at least DARK_LOOP_RISE per period until the loop takes current.
                u = StrictMath.min(1.0, demandHistory[0] + DARK_LOOP_RISE);
                pi.preset(u);
            }
        }
        boolean supplyKnown = Double.isFinite(inputVoltageRms) && inputVoltageRms > 0.0;
        if (supplyKnown) {
            double before = supplyHistory[0];
            boolean steadyBefore = before > 0.0 && supplyHistory[1] > 0.0
                    && StrictMath.abs(before - supplyHistory[1]) <= SUPPLY_STEADY * before;
            if (steadyBefore && inputVoltageRms > before * (1.0 + SUPPLY_JUMP) && u > 0.0 && !softStarting) {
                u = u * before / inputVoltageRms;
                pi.backCalculate(u);
            }
            if (before > 0.0 && inputVoltageRms < before * (1.0 - SUPPLY_JUMP)) {
                // a dip or a partly interrupted half-cycle: the current it carried says nothing
                // about the demand the loop needs once the supply is back
                holdSupply(demandHistory[0], before);
            }
            supplyHistory[1] = supplyHistory[0];
            supplyHistory[0] = inputVoltageRms;
        }
        if (supplyHoldLeft > 0) {
            // Supply return hold (conditional integration): the demand may fall (cuts, a cooler
            // filament's higher current) but not rise above the one held through the gap while
            // the load recovers from it (LED drivers starved by the gap draw less, then more).
            double ceiling = heldDemand;
            if (supplyKnown && heldSupplyV > 0.0 && inputVoltageRms > heldSupplyV) {
                ceiling = heldDemand * heldSupplyV / inputVoltageRms;
            }
            if (u > ceiling) {
                u = ceiling;
                pi.backCalculate(u);
            }
            supplyHoldLeft--;
        }
        demand = u;
        demandHistory[1] = demandHistory[0];
        demandHistory[0] = u;
        return new GateCommand(true, FiringAngleMap.alpha(u));
    }

    /**
     * A period the board rides through with the supply absent (below its mains-loss level):
     * nothing is regulated on the half-cycle just measured. Returns the command for the next one,
     * {@code held} (the last command) while nothing is regulated yet, otherwise the demand held
     * through the gap times {@link #SUPPLY_RETURN_FACTOR}: the half-cycles fired before the
     * supply's return can be measured. Starts (or extends) the supply return hold: for
     * {@link #SUPPLY_RETURN_HOLD_PERIODS} after the supply is back the demand cannot rise above
     * the one held through the gap. See the package notes.
     */
    public GateCommand rideThrough(GateCommand held) {
        Objects.requireNonNull(held, "held");
        holdSupply(demand, supplyHistory[0]);
        if (!held.contactorClosed() || !(heldDemand > 0.0)) {
            return held;
        }
        double u = heldDemand * SUPPLY_RETURN_FACTOR;
        pi.backCalculate(u);
        demand = u;
        demandHistory[1] = demandHistory[0];
        demandHistory[0] = u;
        lastCallCut = false;
        return new GateCommand(true, FiringAngleMap.alpha(u));
    }

    private void holdSupply(double demandBefore, double supplyBefore) {
        if (supplyHoldLeft == 0) {
            heldDemand = demandBefore;
            heldSupplyV = supplyBefore;
        }
        supplyHoldLeft = SUPPLY_RETURN_HOLD_PERIODS;
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

    /**
     * Ends reference tracking early: the ramp alone leads the current, as after a surge hold,
     * where the load is already warm and IEC 61822 §5.3.10 allows only 500 ms to recover.
     */
    public void endReferenceTracking() {
        softStarting = false;
    }

    /** Restart from 0 A: ramp, integrator, demand history and approach guard cleared; gain estimate kept. */
    public void softStart() {
        softStarting = true;
        ramp.softStart();
        pi.reset();
        demand = 0.0;
        demandHistory[0] = 0.0;
        demandHistory[1] = 0.0;
        supplyHistory[0] = 0.0;
        supplyHistory[1] = 0.0;
        lastCallCut = false;
        measuredCount = 0;
        riseA = 0.0;
        lastTargetA = 0.0;
        approachLeft = -1;
        supplyHoldLeft = 0;
        heldDemand = 0.0;
        heldSupplyV = 0.0;
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
