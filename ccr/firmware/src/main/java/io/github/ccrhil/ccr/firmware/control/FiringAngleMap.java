package io.github.ccrhil.ccr.firmware.control;

/**
 * Linearising map from conduction demand u ∈ [0, 1] to thyristor firing angle α ∈ [0, π].
 *
 * <p>For a resistive load fed by a phase-controlled sine the rms current relative to full
 * conduction is f(α) = sqrt(1 − α/π + sin(2α)/(2π)). The map inverts f so that, on a resistive
 * loop, rms current is proportional to u; on inductive loops it is still monotone and the
 * regulator's gain scheduling absorbs the rest. Computed once into a table; lookups allocate
 * nothing.
 */
public final class FiringAngleMap {

    private static final int N = 4096;
    /** ALPHA[k] = α with f(α) = k / N. */
    private static final double[] ALPHA = new double[N + 1];

    static {
        // f is monotone decreasing in α; invert by bisection per table point.
        for (int k = 0; k <= N; k++) {
            double target = (double) k / N;
            double lo = 0.0;
            double hi = StrictMath.PI;
            for (int it = 0; it < 60; it++) {
                double mid = 0.5 * (lo + hi);
                if (fraction(mid) > target) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            ALPHA[k] = 0.5 * (lo + hi);
        }
        ALPHA[0] = StrictMath.PI;
        ALPHA[N] = 0.0;
    }

    private FiringAngleMap() {
    }

    /** Rms current relative to full conduction, resistive load, firing angle α. */
    public static double fraction(double alpha) {
        double v = 1.0 - alpha / StrictMath.PI + StrictMath.sin(2.0 * alpha) / (2.0 * StrictMath.PI);
        return v <= 0.0 ? 0.0 : StrictMath.sqrt(v);
    }

    /** Firing angle for conduction demand {@code u} (clamped to [0, 1]). */
    public static double alpha(double u) {
        if (!(u > 0.0)) {
            return StrictMath.PI;
        }
        if (u >= 1.0) {
            return 0.0;
        }
        double x = u * N;
        int k = (int) x;
        double w = x - k;
        double a = ALPHA[k] + w * (ALPHA[k + 1] - ALPHA[k]);
        return a < 0.0 ? 0.0 : (a > StrictMath.PI ? StrictMath.PI : a);
    }
}
