package io.github.ccrhil.firmware.board;

/**
 * Failed-lamp estimate from the loop resistance seen at the measured current.
 *
 * <pre>
 *   halogen r(I) = R_hot · (c + (1 − c) · x),  x = s·c / (1 − s·(1 − c)),  s = (I / I_rated)²,
 *                  c = 1/12, R_hot = P / I_rated²
 *   LED     r(I) = P · (I / I_rated) / I²
 *   r_lamp(I) = (1 − f_LED) · r_halogen(I) + f_LED · r_LED(I)
 *   R0(I) = R_cable + N · r_lamp(I)          expected healthy loop resistance
 *   R     = W / I²                           measured
 *   k     = round((R0 − R) / (r_lamp(I) − R_core)), clamped to [0, N]
 * </pre>
 * Returns −1 (unknown) below 10 % of rated current or when r_lamp and R_core are too close to
 * tell a failed lamp from a good one.
 */
public final class LampFailureEstimator {

    private static final double C = 1.0 / 12.0;

    private LampFailureEstimator() {
    }

    public static double halogenResistance(LoopData d, double currentA) {
        double s = (currentA / d.ratedCurrentA()) * (currentA / d.ratedCurrentA());
        double x = s * C / (1.0 - s * (1.0 - C));
        double rHot = d.lampRatedW() / (d.ratedCurrentA() * d.ratedCurrentA());
        return rHot * (C + (1.0 - C) * x);
    }

    public static double ledResistance(LoopData d, double currentA) {
        return d.lampRatedW() * (currentA / d.ratedCurrentA()) / (currentA * currentA);
    }

    public static double lampResistance(LoopData d, double currentA) {
        return (1.0 - d.ledFraction()) * halogenResistance(d, currentA) + d.ledFraction() * ledResistance(d, currentA);
    }

    /** Expected healthy loop resistance R0(I), Ω. */
    public static double healthyLoopResistance(LoopData d, double currentA) {
        return d.cableResistanceOhms() + d.lampCount() * lampResistance(d, currentA);
    }

    /** Estimated failed lamps from rms current and real power; −1 when it cannot tell. */
    public static int estimate(LoopData d, double currentRmsA, double realPowerW) {
        if (!(currentRmsA >= 0.1 * d.ratedCurrentA()) || !Double.isFinite(realPowerW) || realPowerW <= 0) {
            return -1;
        }
        double rLamp = lampResistance(d, currentRmsA);
        double denominator = rLamp - d.coreLossResistanceOhms();
        if (StrictMath.abs(denominator) < 1e-3 * rLamp) {
            return -1;
        }
        double measured = realPowerW / (currentRmsA * currentRmsA);
        double k = StrictMath.rint((healthyLoopResistance(d, currentRmsA) - measured) / denominator);
        return (int) StrictMath.max(0, StrictMath.min(d.lampCount(), k));
    }
}
