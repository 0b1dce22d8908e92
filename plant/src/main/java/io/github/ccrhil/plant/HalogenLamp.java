package io.github.ccrhil.plant;

/**
 * Halogen lamp data and the pure steady-state relations the plant and the firmware's
 * lamp-failure estimator share.
 *
 * <p>Model: R = R<sub>cold</sub> + (R<sub>hot</sub> − R<sub>cold</sub>)·x with
 * R<sub>hot</sub> = P<sub>rated</sub>/I<sub>rated</sub>², R<sub>cold</sub> = R<sub>hot</sub>/12, and a
 * thermal state τ·dx/dt = p/P<sub>rated</sub> − x. At constant rms current I the steady state is
 * x = s·c / (1 − s(1 − c)) with s = (I/I<sub>rated</sub>)², c = R<sub>cold</sub>/R<sub>hot</sub>.
 * Because this linear thermal model has no steady state above s = 1/(1 − c) (≈ 1.044·I<sub>rated</sub>)
 * — a real filament radiates ∝ T⁴ and levels off — x is clamped to {@link #MAX_STATE}.
 */
public final class HalogenLamp {

    /**
     * Hot/cold resistance ratio of a tungsten filament, 12 — engineering estimate (tungsten
     * resistance rises ≈ 12–16× from 20 °C to ≈ 2,800–3,000 K).
     */
    public static final double HOT_TO_COLD_RATIO = 12.0;
    /** Thermal time constant of a 45–200 W halogen filament, s — engineering estimate. */
    public static final double THERMAL_TIME_CONSTANT_S = 0.15;
    /** Upper clamp of the thermal state (150 % of the rated-current state). */
    public static final double MAX_STATE = 1.5;

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

    /** Steady thermal state at a constant rms current (clamped to 0..{@link #MAX_STATE}). */
    public static double steadyState(double ratedCurrentA, double rmsCurrentA) {
        double r = rmsCurrentA / ratedCurrentA;
        double s = r * r;
        double c = 1.0 / HOT_TO_COLD_RATIO;
        double den = 1.0 - s * (1.0 - c);
        if (den <= 0.0) {
            return MAX_STATE;
        }
        return StrictMath.min(MAX_STATE, s * c / den);
    }

    /**
     * Steady-state resistance of one lamp carrying {@code rmsCurrentA} (referred to the loop),
     * Ω. Pure; the firmware's lamp-failure estimator uses the same relation.
     */
    public static double steadyStateResistance(double ratedWatts, double ratedCurrentA, double rmsCurrentA) {
        Checks.positive("ratedWatts", ratedWatts);
        Checks.positive("ratedCurrentA", ratedCurrentA);
        Checks.nonNegative("rmsCurrentA", rmsCurrentA);
        return resistance(ratedWatts, ratedCurrentA, steadyState(ratedCurrentA, rmsCurrentA));
    }
}
