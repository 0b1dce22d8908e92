package io.github.ccrhil.ccr.plant;

/**
 * Halogen lamp data and the pure steady-state relation the plant and the firmware's
 * lamp-failure estimator share.
 *
 * <p>Model: R = R<sub>cold</sub> + (R<sub>hot</sub> − R<sub>cold</sub>)·x with
 * R<sub>hot</sub> = P<sub>rated</sub>/I<sub>rated</sub>², R<sub>cold</sub> = R<sub>hot</sub>/12, and the
 * thermal state
 * <pre>
 *   τ·dx/dt = p/P_rated − loss(ρ),   ρ = R/R_hot = c + (1 − c)·x,   c = R_cold/R_hot,
 *   loss(ρ) = (ρ^3.5 − c^3.5) / (1 − c^3.5)
 * </pre>
 * so loss = 0 cold and 1 at rated. The filament loses heat mainly by radiation, which rises
 * steeply with temperature; with loss ∝ ρ<sup>m</sup> the steady state is R ∝ I<sup>2/(m−1)</sup>, and
 * m = {@value #LOSS_EXPONENT} gives R ∝ I<sup>0.8</sup>, i.e. I ∝ V<sup>0.56</sup>, the usual tungsten lamp
 * law (I ∝ V<sup>0.5…0.6</sup>) — engineering estimate. (m = 3.5 also keeps the update cheap:
 * ρ³·√ρ.)
 *
 * <p>Why not the simpler linear loss (τ·dx/dt = p/P − x, steady state x = s·c/(1 − s(1 − c))):
 * its resistance changes 12 % per 1 % of current at rated, drops to 19 % of R<sub>hot</sub> at
 * 79 % current (step 4 of 5), and has no steady state above 1.044·I<sub>rated</sub>. A loop of such
 * lamps regulates its own current to ≈ I<sub>rated</sub> whatever the CCR does, which would hide the
 * regulator's behaviour from the verifier.
 */
public final class HalogenLamp {

    /**
     * Hot/cold resistance ratio of a tungsten filament, 12 — engineering estimate (tungsten
     * resistance rises ≈ 12–16× from 20 °C to ≈ 2,800–3,000 K).
     */
    public static final double HOT_TO_COLD_RATIO = 12.0;
    /** Thermal time constant of a 45–200 W halogen filament, s — engineering estimate. */
    public static final double THERMAL_TIME_CONSTANT_S = 0.15;
    /** Exponent m of the heat-loss law loss ∝ ρ<sup>m</sup> (see class comment). */
    public static final double LOSS_EXPONENT = 3.5;
    /** Safety clamp of the thermal state (x = 4 is ≈ 2.8 × rated current in steady state). */
    public static final double MAX_STATE = 4.0;

    private static final double C = 1.0 / HOT_TO_COLD_RATIO;
    private static final double C_POW = C * C * C * StrictMath.sqrt(C);
    private static final double LOSS_SCALE = 1.0 / (1.0 - C_POW);

    private HalogenLamp() {
    }

    /** Hot (rated) resistance P/I², Ω. */
    public static double hotResistance(double ratedWatts, double ratedCurrentA) {
        return ratedWatts / (ratedCurrentA * ratedCurrentA);
    }

    /** Resistance at thermal state x, Ω. */
    public static double resistance(double ratedWatts, double ratedCurrentA, double state) {
        double hot = hotResistance(ratedWatts, ratedCurrentA);
        double cold = hot / HOT_TO_COLD_RATIO;
        return cold + (hot - cold) * state;
    }

    /** Heat loss per unit of rated power at thermal state x (0 cold, 1 at rated). */
    public static double loss(double state) {
        double rho = C + (1.0 - C) * state;
        return (rho * rho * rho * StrictMath.sqrt(rho) - C_POW) * LOSS_SCALE;
    }

    /**
     * Steady thermal state at a constant rms current: the root of s·ρ(x) = loss(x),
     * s = (I/I<sub>rated</sub>)², by bisection (clamped to 0..{@link #MAX_STATE}).
     */
    public static double steadyState(double ratedCurrentA, double rmsCurrentA) {
        double r = rmsCurrentA / ratedCurrentA;
        double s = r * r;
        if (s == 0.0) {
            return 0.0;
        }
        double lo = 0.0;
        double hi = MAX_STATE;
        if (s * (C + (1.0 - C) * hi) >= loss(hi)) {
            return MAX_STATE;
        }
        for (int n = 0; n < 200 && hi - lo > 1e-15; n++) {
            double mid = 0.5 * (lo + hi);
            if (s * (C + (1.0 - C) * mid) > loss(mid)) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    /**
     * Steady-state resistance of one lamp carrying {@code rmsCurrentA} (referred to the loop),
     * Ω. Pure; the firmware's lamp-failure estimator should use this same relation.
     */
    public static double steadyStateResistance(double ratedWatts, double ratedCurrentA, double rmsCurrentA) {
        Checks.positive("ratedWatts", ratedWatts);
        Checks.positive("ratedCurrentA", ratedCurrentA);
        Checks.nonNegative("rmsCurrentA", rmsCurrentA);
        return resistance(ratedWatts, ratedCurrentA, steadyState(ratedCurrentA, rmsCurrentA));
    }
}
