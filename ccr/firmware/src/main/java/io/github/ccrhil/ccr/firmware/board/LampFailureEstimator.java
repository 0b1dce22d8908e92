package io.github.ccrhil.ccr.firmware.board;

import io.github.ccrhil.evidence.Provenance;
import io.github.ccrhil.evidence.TimeLimit;

/**
 * Failed-lamp estimate from the loop resistance seen at the measured current.
 *
 * <pre>
 *   halogen r(I) = R_hot · ρ,  where ρ solves  s·ρ = (ρ^3.5 − c^3.5) / (1 − c^3.5),
 *                  s = (I / I_rated)², c = 1/12 (cold/hot), R_hot = P / I_rated²
 *                  (tungsten filament: radiated loss ∝ T⁴ and ρ ∝ T^1.2 give loss ∝ ρ^3.5,
 *                  hence r ∝ I^0.8 near rated current, the usual lamp-data relation)
 *   LED     r(I) = P · (I / I_rated) / I²
 *   r_lamp(I) = (1 − f_LED) · r_halogen(I) + f_LED · r_LED(I)
 *   R0(I) = R_cable + N · (r_lamp(I) + R_wind)   expected healthy loop resistance
 *   R     = W / I²                           measured
 *   k     = round((R0 − R) / (r_lamp(I) − R_core)), clamped to [0, N]
 * </pre>
 * Returns −1 (unknown) below 10 % of rated current, or when one lamp's contrast |r_lamp − R_core|
 * is inside the model's uncertainty plus three standard errors of the averaged W/I² (see the
 * package docs for where that happens and why). {@link LampEstimateMonitor} decides when it is
 * read and averages its inputs.
 */
public final class LampFailureEstimator {

    /**
     * How long the loop must be steady on one step before the estimate is trusted: halogen
     * filaments settle with {@link #FILAMENT_TIME_CONSTANT}; ten of them plus margin. No source
     * was read for it.
     */
    public static final TimeLimit THERMAL_SETTLING = new TimeLimit("lamp estimate settling time",
            java.time.Duration.ofSeconds(2), Provenance.defaultValue("engineering estimate: ≥ 10 filament time constants"));

    /**
     * Thermal time constant of a halogen filament, as the estimate's monitoring assumes it: 0.15 s
     * (engineering estimate for 45–200 W airfield lamps; no lamp data sheet gives it).
     */
    public static final java.time.Duration FILAMENT_TIME_CONSTANT = java.time.Duration.ofMillis(150);

    /**
     * The loop counts as steady when the display average of the current is within this fraction
     * of the current the filaments were heated by (I² through a first-order lag of
     * {@link #FILAMENT_TIME_CONSTANT}): engineering estimate, ten times the display average's
     * noise at the lowest step, below any fault step.
     */
    public static final double STEADY_FRACTION = 0.02;

    /**
     * Real power and squared current are averaged over this much of a steady spell (after
     * {@link #THERMAL_SETTLING}): a half-cycle's W/I² at a low step scatters by a few per cent
     * with the sensor noise; a second of them by a tenth of that. Engineering estimate: short
     * against the 3.5 s the campaign leaves after a lamp event, long against the noise.
     */
    public static final java.time.Duration AVERAGING_WINDOW = java.time.Duration.ofSeconds(1);

    /**
     * Standard errors of the averaged W/I² allowed in the margin for one lamp: 3 (noise alone then
     * puts a judged estimate two lamps off in about 1 of 400 judgements at the very edge of the
     * rule, far fewer inside it).
     */
    static final double NOISE_COVERAGE = 3.0;

    /**
     * Relative uncertainty of the expected healthy loop resistance R0 at a steady point: the lamp
     * models' fit and the averaged W/I² reading together (engineering estimate, calibrated on the
     * property campaigns: within it the estimate held ±1 lamp on every judged case).
     */
    static final double RESISTANCE_UNCERTAINTY = 0.004;

    private static final double C = 1.0 / 12.0;
    private static final double C_POW = StrictMath.pow(C, 3.5);
    private static final double MAX_RHO = 1.0 + 3.0 * (1.0 - C);

    private LampFailureEstimator() {
    }

    public static double halogenResistance(LoopData d, double currentA) {
        double s = (currentA / d.ratedCurrentA()) * (currentA / d.ratedCurrentA());
        double rHot = d.lampRatedW() / (d.ratedCurrentA() * d.ratedCurrentA());
        return rHot * steadyRelativeResistance(s);
    }

    /** ρ = R/R_hot of a filament in thermal equilibrium at (I/I_rated)² = s, by bisection. */
    static double steadyRelativeResistance(double s) {
        if (s <= 0) {
            return C;
        }
        double lo = C;
        double hi = MAX_RHO;
        if (s * hi >= loss(hi)) {
            return hi;
        }
        for (int n = 0; n < 60; n++) {
            double mid = 0.5 * (lo + hi);
            if (s * mid > loss(mid)) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    private static double loss(double rho) {
        return (rho * rho * rho * StrictMath.sqrt(rho) - C_POW) / (1.0 - C_POW);
    }

    public static double ledResistance(LoopData d, double currentA) {
        return d.lampRatedW() * (currentA / d.ratedCurrentA()) / (currentA * currentA);
    }

    public static double lampResistance(LoopData d, double currentA) {
        return (1.0 - d.ledFraction()) * halogenResistance(d, currentA) + d.ledFraction() * ledResistance(d, currentA);
    }

    /** Expected healthy loop resistance R0(I), Ω. */
    public static double healthyLoopResistance(LoopData d, double currentA) {
        return d.cableResistanceOhms() + d.lampCount() * (lampResistance(d, currentA) + d.windingResistanceOhms());
    }

    /**
     * Whether W/I² can tell one failed lamp at {@code currentRmsA}: one failed lamp changes the
     * loop resistance by |r_lamp(I) − R_core|, which must be at least the uncertainty of R0(I)
     * ({@link #RESISTANCE_UNCERTAINTY} of it). It cannot on LED-heavy loops where an LED's
     * resistance P/(I·I_rated) crosses the open transformer's core-loss resistance, nor on long
     * loops at low steps, where R0 is large against one lamp.
     */
    public static boolean resolvesOneLamp(LoopData d, double currentRmsA) {
        return resolvesOneLamp(d, currentRmsA, 0.0);
    }

    /**
     * As {@link #resolvesOneLamp(LoopData, double)} with the measured W/I² carrying a standard
     * error {@code standardErrorOhms}: the model's uncertainty plus {@link #NOISE_COVERAGE} standard
     * errors must stay within one lamp's contrast, so that the rounded count is within ±1.
     */
    public static boolean resolvesOneLamp(LoopData d, double currentRmsA, double standardErrorOhms) {
        double contrast = StrictMath.abs(lampResistance(d, currentRmsA) - d.coreLossResistanceOhms());
        return contrast >= RESISTANCE_UNCERTAINTY * healthyLoopResistance(d, currentRmsA)
                + NOISE_COVERAGE * standardErrorOhms;
    }

    /**
     * Relative uncertainty of the healthy loop's reactance X<sub>0</sub> = ω(L<sub>cable</sub> +
     * N·L<sub>leak</sub>) as the board measures it: engineering estimate, 3 %. Leakage inductance is
     * linear and factory-tested, but a meter that takes φ<sub>1</sub> from 100 samples of a
     * phase-controlled half-cycle (a voltage step at each firing, which a sum over samples places
     * to within one sample) reads X<sub>0</sub> up to 2.2 % off on the waveform plant without noise
     * (60 lamps, 50 % LED, 2 km of cable, firing angles 0.2–1.8 rad; 1.4 % on 100 lamps).
     */
    static final double REACTANCE_UNCERTAINTY = 0.03;

    /**
     * Apparent reactance of the LED drivers per unit of their resistance at and below the lowest
     * step of a 5-step table (0.424 of rated current: 2.8 A of 6.6 A, 8.5 A of 20 A): 2.6 %; see
     * {@link #ledDriverReactance}. Engineering estimate, measured on the emulated driver (whose 20 ms
     * input filter is itself an engineering estimate, {@code plant/LedLamp}; no fixture data): the
     * all-LED loop of 91 lamps and 4 km at step 1 reads X − X<sub>0</sub> = +13.3 % of X<sub>0</sub> =
     * 11.5 Ω, 2.8 % of the drivers' 408 Ω, of which the meter's {@link #REACTANCE_UNCERTAINTY} covers
     * 0.6 %. Over all-LED and mixed 6.6 A loops (10–100 % load, 25–100 % LED, 50 and 60 Hz,
     * 0.40–1.0 of rated current in steps of 0.02; README issue 12, round 7) the smallest c keeping
     * the channel's bound above its error was at most 2.3 % (one 9-lamp loop at 10 % load needed
     * more for 0.04 lamps of meter error, as halogen loops of that size do). Pinned by
     * {@code DisplacementAngleTest} (plant: the excess itself) and, in the emulator,
     * {@code LedDriverReactanceAllowanceTest} (the estimate on the plant's readings) and
     * {@code LampEstimateOnAnAllLedLoopTest} (the board in closed loop on round 5's loop).
     */
    static final double LED_DRIVER_REACTANCE_LOW_STEP = 0.026;

    /**
     * The same at rated current: 2.0 %, what a driver whose resistance follows a first-order filter
     * (τ) of i² gives for a sinusoidal current, 1/(8ωτ) = 1/(8 × 314 × 0.02) = 2.0 % at 50 Hz
     * (1.7 % at 60 Hz); the measured need above 0.84 of rated current was at most 2.02 % (at 0.90,
     * where c is 2.10 %).
     */
    static final double LED_DRIVER_REACTANCE_RATED = 0.020;

    /** Per-unit current at and below which {@link #LED_DRIVER_REACTANCE_LOW_STEP} applies (2.8 A / 6.6 A). */
    static final double LOW_STEP_PER_UNIT = 2.8 / 6.6;

    /**
     * The LED drivers' apparent reactance the reactive channel must allow for at {@code currentRmsA},
     * Ω: c(I/I<sub>rated</sub>) × R<sub>LED</sub>, with R<sub>LED</sub> = N·f<sub>LED</sub>·P/(I·I<sub>rated</sub>)
     * the LED lamps' share of the healthy loop resistance, and c falling linearly in per-unit
     * current from {@link #LED_DRIVER_REACTANCE_LOW_STEP} at {@link #LOW_STEP_PER_UNIT} to
     * {@link #LED_DRIVER_REACTANCE_RATED} at rated current (held outside that range).
     *
     * <p>Why a resistive lamp reads as reactance: a driver holds its power from a filtered
     * (ride-through) measure of the current, so its input resistance P/I<sub>f</sub>² falls while a
     * current pulse flows and recovers in the gaps; a resistance that varies within the
     * half-cycle in step with the current puts a fundamental voltage ahead of the current, which
     * X = (W/I²)·tan φ<sub>1</sub> reads as inductive reactance. For a sinusoidal current the ripple
     * is R·sin 2ωt/(4ωτ), whose product with the current has a quadrature fundamental of
     * R/(8ωτ); the narrow pulses of a low step ripple more. In per unit of rated current, so a
     * 20 A loop and every step table use the same c at the same share of rated current (the
     * firing angle, and so the pulse shape, follows the per-unit current and the loop's load).
     */
    public static double ledDriverReactance(LoopData d, double currentRmsA) {
        if (d.ledFraction() <= 0 || !(currentRmsA > 0)) {
            return 0.0;
        }
        double pu = currentRmsA / d.ratedCurrentA();
        double span = (pu - LOW_STEP_PER_UNIT) / (1.0 - LOW_STEP_PER_UNIT);
        double share = StrictMath.max(0.0, StrictMath.min(1.0, span));
        double c = LED_DRIVER_REACTANCE_LOW_STEP + share * (LED_DRIVER_REACTANCE_RATED - LED_DRIVER_REACTANCE_LOW_STEP);
        return c * d.lampCount() * d.ledFraction() * ledResistance(d, currentRmsA);
    }

    /**
     * Relative uncertainty of one open unit's equivalent reactance at the measured peak current,
     * {@link #openUnitReactance}: the equivalent of a saturating branch under a phase-controlled,
     * non-sinusoidal current is an approximation; engineering estimate, the spread of the waveform
     * plant's sampled φ<sub>1</sub> about {@link #FUNDAMENTAL_REACTANCE_FACTOR}: ±7 % at 30 open units
     * of 100, but up to +15 % on short LED loops at low steps (25 lamps, 99 % LED, 60 Hz, firing
     * angles 1.9–2.3 rad: 1.26–1.32; with 8 % the waveform campaign counted 10 for 8 there,
     * {@code lamp-estimate-13-1353}). It applies to every counted unit, so it limits how many open
     * units the reactive channel can count to ±1 (about 5 with nothing else uncertain).
     */
    static final double MAGNETISING_UNCERTAINTY = 0.15;

    /**
     * What the saturating branch's reactance at the fundamental is, per unit of the equivalent
     * {@link #saturationFactor} gives: 1.15. Under a phase-controlled current the branch spends
     * the current's gaps and slow rises unsaturated, so its fundamental reactance is larger than
     * the rms-current equivalent. Engineering estimate, calibrated on the waveform plant's sampled
     * φ<sub>1</sub> (30 open units of 100, 50/60 Hz, halogen and LED, firing angles 0.1–2.5 rad:
     * 1.08–1.24, median 1.15), hence {@link #MAGNETISING_UNCERTAINTY} of 8 %.
     */
    static final double FUNDAMENTAL_REACTANCE_FACTOR = 1.15;

    /**
     * Equivalent inductance of the saturating branch L<sub>m0</sub>/(1 + (i/I<sub>sat</sub>)²) at a
     * peak current a·I<sub>sat</sub>, per unit of L<sub>m0</sub>. Its flux is ψ(i) =
     * L<sub>m0</sub>I<sub>sat</sub>·atan(i/I<sub>sat</sub>). Two textbook equivalents bracket it: the
     * describing function, the fundamental flux of a sinusoidal current, 2(√(1 + a²) − 1)/a², and
     * the chord ψ(Î)/Î = atan(a)/a; the estimate takes their mean (1 at a → 0, falling as 1/a
     * once saturated).
     */
    static double saturationFactor(double a) {
        double a2 = a * a;
        if (a2 < 1e-8) {
            return 1.0 - 0.29166666666666667 * a2;
        }
        return (StrictMath.sqrt(1.0 + a2) - 1.0) / a2 + 0.5 * StrictMath.atan(a) / a;
    }

    /** Reactance of the healthy loop at the output terminals, ω(L<sub>cable</sub> + N·L<sub>leak</sub>), Ω. */
    public static double healthyLoopReactance(LoopData d, double omega) {
        return omega * (d.cableInductanceH() + d.lampCount() * d.leakageInductanceH());
    }

    /** Equivalent reactance one open-secondary unit adds at a loop peak current {@code peakA}, Ω. */
    public static double openUnitReactance(LoopData d, double omega, double peakA) {
        return FUNDAMENTAL_REACTANCE_FACTOR * omega * d.magnetisingInductanceH()
                * saturationFactor(peakA / d.saturationCurrentA());
    }

    /**
     * The W/I² channel's worst-case error in lamps: (model uncertainty of R<sub>0</sub> + three
     * standard errors) / one lamp's contrast; infinite where it does not apply.
     */
    static double resistanceErrorLamps(LoopData d, double currentRmsA, double standardErrorOhms) {
        double contrast = StrictMath.abs(lampResistance(d, currentRmsA) - d.coreLossResistanceOhms());
        double margin = RESISTANCE_UNCERTAINTY * healthyLoopResistance(d, currentRmsA)
                + NOISE_COVERAGE * standardErrorOhms;
        return contrast > 0 ? margin / contrast : Double.POSITIVE_INFINITY;
    }

    /**
     * The reactive channel's count of open units from the loop's fundamental reactance
     * (unrounded, may be negative or non-finite).
     *
     * @param omega 2π·mains frequency, rad/s
     * @param peakA loop peak current (the saturation's operating point), A
     * @param reactanceOhms measured loop reactance X = (W/I²)·tan φ<sub>1</sub>, Ω
     */
    static double reactiveCount(LoopData d, double omega, double peakA, double reactanceOhms) {
        return (reactanceOhms - healthyLoopReactance(d, omega)) / openUnitReactance(d, omega, peakA);
    }

    /**
     * The reactive channel's worst-case error in lamps: (uncertainty of X<sub>0</sub> + the LED
     * drivers' apparent reactance {@link #ledDriverReactance} + three standard errors) / one open
     * unit's reactance, plus {@link #MAGNETISING_UNCERTAINTY} for every unit counted (and one more);
     * infinite where the channel does not apply.
     */
    static double reactiveErrorLamps(LoopData d, double currentRmsA, double omega, double peakA, double reactanceOhms,
                                     double standardErrorOhms) {
        if (!d.reactanceKnown() || !Double.isFinite(reactanceOhms) || !(peakA > 0) || !(omega > 0)
                || !(standardErrorOhms >= 0)) {
            return Double.POSITIVE_INFINITY;
        }
        double perUnit = openUnitReactance(d, omega, peakA);
        double k = reactiveCount(d, omega, peakA, reactanceOhms);
        return (REACTANCE_UNCERTAINTY * healthyLoopReactance(d, omega) + ledDriverReactance(d, currentRmsA)
                + NOISE_COVERAGE * standardErrorOhms) / perUnit
                + MAGNETISING_UNCERTAINTY * (StrictMath.max(0.0, k) + 1.0);
    }

    /**
     * Failed lamps from both channels, each over a steady spell: W/I² (as
     * {@link #estimate(LoopData, double, double, double)}) and the fundamental reactance, which
     * grows by {@link #openUnitReactance} per open unit. Each channel has a worst-case error in
     * lamps; the one with the smaller is used when it is at most one lamp, else −1 (cannot tell).
     * Worst-case bounds of model errors do not shrink like independent noise when averaged, so
     * taking the tighter channel (not a weighted mean) keeps the ±1 guarantee.
     *
     * @param omega 2π·mains frequency, rad/s
     * @param peakA mean peak loop current over the spell, A
     * @param reactanceOhms mean loop reactance (W/I²)·tan φ<sub>1</sub>, Ω; NaN when not measured
     * @param reactanceStandardErrorOhms its standard error, Ω
     */
    public static int estimate(LoopData d, double currentRmsA, double realPowerW, double standardErrorOhms,
                               double omega, double peakA, double reactanceOhms, double reactanceStandardErrorOhms) {
        if (!(currentRmsA >= 0.1 * d.ratedCurrentA()) || !Double.isFinite(realPowerW) || realPowerW <= 0
                || !(standardErrorOhms >= 0)) {
            return -1;
        }
        double errorR = resistanceErrorLamps(d, currentRmsA, standardErrorOhms);
        double errorX = reactiveErrorLamps(d, currentRmsA, omega, peakA, reactanceOhms, reactanceStandardErrorOhms);
        if (errorX < errorR) {
            if (errorX > 1.0) {
                return -1;
            }
            double k = StrictMath.rint(reactiveCount(d, omega, peakA, reactanceOhms));
            return (int) StrictMath.max(0, StrictMath.min(d.lampCount(), k));
        }
        return estimate(d, currentRmsA, realPowerW, standardErrorOhms);
    }

    /** Whether either channel can give ±1 lamp (see {@link #estimate(LoopData, double, double, double, double, double, double, double)}). */
    public static boolean resolvesOneLamp(LoopData d, double currentRmsA, double standardErrorOhms, double omega,
                                          double peakA, double reactanceOhms, double reactanceStandardErrorOhms) {
        return resolvesOneLamp(d, currentRmsA, standardErrorOhms)
                || reactiveErrorLamps(d, currentRmsA, omega, peakA, reactanceOhms, reactanceStandardErrorOhms) <= 1.0;
    }

    /** Estimated failed lamps from rms current and real power; −1 when it cannot tell. */
    public static int estimate(LoopData d, double currentRmsA, double realPowerW) {
        return estimate(d, currentRmsA, realPowerW, 0.0);
    }

    /**
     * Estimated failed lamps from rms current and real power averaged over a steady spell whose
     * W/I² has standard error {@code standardErrorOhms}; −1 when it cannot tell.
     */
    public static int estimate(LoopData d, double currentRmsA, double realPowerW, double standardErrorOhms) {
        if (!(currentRmsA >= 0.1 * d.ratedCurrentA()) || !Double.isFinite(realPowerW) || realPowerW <= 0
                || !(standardErrorOhms >= 0)) {
            return -1;
        }
        double rLamp = lampResistance(d, currentRmsA);
        double denominator = rLamp - d.coreLossResistanceOhms();
        double healthy = healthyLoopResistance(d, currentRmsA);
        if (!resolvesOneLamp(d, currentRmsA, standardErrorOhms)) {
            return -1;
        }
        double measured = realPowerW / (currentRmsA * currentRmsA);
        double k = StrictMath.rint((healthy - measured) / denominator);
        return (int) StrictMath.max(0, StrictMath.min(d.lampCount(), k));
    }
}
