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
 * Returns −1 (unknown) below 10 % of rated current or when r_lamp and R_core are too close to
 * tell a failed lamp from a good one.
 */
public final class LampFailureEstimator {

    /**
     * How long the loop must be regulated on one step before the estimate is trusted: halogen
     * filaments settle with a thermal time constant of about 0.15 s (the plant's figure); ten of
     * them plus margin. No source was read for it.
     */
    public static final TimeLimit THERMAL_SETTLING = new TimeLimit("lamp estimate settling time",
            java.time.Duration.ofSeconds(2), Provenance.defaultValue("engineering estimate: ≥ 10 filament time constants"));

    /**
     * A half-cycle counts as steady when its rms current is within this fraction of the display
     * average (engineering estimate: above the sensor noise, below any fault step).
     */
    public static final double STEADY_FRACTION = 0.02;

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
        double contrast = StrictMath.abs(lampResistance(d, currentRmsA) - d.coreLossResistanceOhms());
        return contrast >= RESISTANCE_UNCERTAINTY * healthyLoopResistance(d, currentRmsA);
    }

    /** Estimated failed lamps from rms current and real power; −1 when it cannot tell. */
    public static int estimate(LoopData d, double currentRmsA, double realPowerW) {
        if (!(currentRmsA >= 0.1 * d.ratedCurrentA()) || !Double.isFinite(realPowerW) || realPowerW <= 0) {
            return -1;
        }
        double rLamp = lampResistance(d, currentRmsA);
        double denominator = rLamp - d.coreLossResistanceOhms();
        double healthy = healthyLoopResistance(d, currentRmsA);
        if (!resolvesOneLamp(d, currentRmsA)) {
            return -1;
        }
        double measured = realPowerW / (currentRmsA * currentRmsA);
        double k = StrictMath.rint((healthy - measured) / denominator);
        return (int) StrictMath.max(0, StrictMath.min(d.lampCount(), k));
    }
}
