package io.github.ccrhil.ccr.plant;

/**
 * Steady-state solution of a symmetric thyristor AC controller feeding a linear R-L load,
 * normalised to V<sub>m</sub>/Z and tabulated over the firing angle α ∈ [0, π] and the load
 * parameter u = X/(R + X) ∈ [0, 1] (φ = atan(X/R) = atan2(u, 1 − u); u avoids an atan at run
 * time and keeps the grid even in φ to within a factor 2).
 *
 * <p>For α &gt; φ the current of one pulse is i(θ)/(V<sub>m</sub>/Z) = sin(θ − φ) −
 * sin(α − φ)·e<sup>−(θ − α)/tan φ</sup> on [α, β], where β solves i(β) = 0 (found by bisection on
 * [π, π + φ]). For α ≤ φ the current is the continuous sinusoid (a sustained gate fires each
 * thyristor as soon as the other one releases). Per node the table keeps:
 * <ol>
 *   <li>normalised rms current g = √((1/π)∫<sub>α</sub><sup>β</sup> i² dθ) (Simpson, 256 intervals);</li>
 *   <li>conduction angle β − α;</li>
 *   <li>normalised peak current (maximum over the quadrature points);</li>
 *   <li>w = (1/π)[(β − α) − (sin 2β − sin 2α)/2], the mean square of the unit source sine over
 *       the conduction window.</li>
 * </ol>
 * Computed once per JVM with StrictMath; run-time lookups are bilinear.
 */
final class PhaseControlTable {

    static final int ALPHA_INTERVALS = 180;
    static final int U_INTERVALS = 100;
    private static final int QUADRATURE_INTERVALS = 256;
    private static final int FIELDS = 4;
    private static final int ROW = (U_INTERVALS + 1) * FIELDS;

    private static final double[] TABLE = build();

    private PhaseControlTable() {
    }

    /** Writes g, β − α, peak, w at (α, u) into {@code result[0..3]}. */
    static void lookup(double alpha, double u, double[] result) {
        double a = alpha * (ALPHA_INTERVALS / StrictMath.PI);
        int ia = (int) a;
        if (ia >= ALPHA_INTERVALS) {
            ia = ALPHA_INTERVALS - 1;
        }
        double fa = a - ia;
        double b = u * U_INTERVALS;
        int iu = (int) b;
        if (iu >= U_INTERVALS) {
            iu = U_INTERVALS - 1;
        }
        double fu = b - iu;
        int p00 = ia * ROW + iu * FIELDS;
        int p01 = p00 + FIELDS;
        int p10 = p00 + ROW;
        int p11 = p10 + FIELDS;
        double w00 = (1.0 - fa) * (1.0 - fu);
        double w01 = (1.0 - fa) * fu;
        double w10 = fa * (1.0 - fu);
        double w11 = fa * fu;
        double[] t = TABLE;
        for (int f = 0; f < FIELDS; f++) {
            result[f] = w00 * t[p00 + f] + w01 * t[p01 + f] + w10 * t[p10 + f] + w11 * t[p11 + f];
        }
    }

    /** The exact node values (no interpolation), for tests: g, β − α, peak, w. */
    static double[] solve(double alpha, double u) {
        double[] r = new double[FIELDS];
        solveInto(alpha, u, r, 0);
        return r;
    }

    private static double[] build() {
        double[] t = new double[(ALPHA_INTERVALS + 1) * ROW];
        for (int ia = 0; ia <= ALPHA_INTERVALS; ia++) {
            double alpha = ia * StrictMath.PI / ALPHA_INTERVALS;
            for (int iu = 0; iu <= U_INTERVALS; iu++) {
                solveInto(alpha, (double) iu / U_INTERVALS, t, ia * ROW + iu * FIELDS);
            }
        }
        return t;
    }

    private static void solveInto(double alpha, double u, double[] out, int at) {
        double phi = StrictMath.atan2(u, 1.0 - u);
        if (alpha <= phi) {
            out[at] = StrictMath.sqrt(0.5);
            out[at + 1] = StrictMath.PI;
            out[at + 2] = 1.0;
            out[at + 3] = 1.0;
            return;
        }
        double beta;
        double invTan = u == 0.0 ? Double.POSITIVE_INFINITY : (1.0 - u) / u;
        double k = StrictMath.sin(alpha - phi);
        if (u == 0.0) {
            beta = StrictMath.PI;
        } else {
            double lo = StrictMath.PI;
            double hi = StrictMath.PI + phi;
            for (int n = 0; n < 100 && hi - lo > 1e-15; n++) {
                double mid = 0.5 * (lo + hi);
                if (current(mid, alpha, phi, k, invTan) > 0.0) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            beta = 0.5 * (lo + hi);
        }
        int m = QUADRATURE_INTERVALS;
        double step = (beta - alpha) / m;
        double sum = 0.0;
        double peak = 0.0;
        for (int n = 0; n <= m; n++) {
            double theta = alpha + n * step;
            double i = u == 0.0 ? (n == 0 ? 0.0 : StrictMath.sin(theta)) : current(theta, alpha, phi, k, invTan);
            double weight = (n == 0 || n == m) ? 1.0 : ((n & 1) == 1 ? 4.0 : 2.0);
            sum += weight * i * i;
            peak = StrictMath.max(peak, StrictMath.abs(i));
        }
        double integral = sum * step / 3.0;
        if (u == 0.0) {
            // Pure resistance: the current jumps at α; integrate sin² exactly instead.
            integral = 0.5 * ((beta - alpha) - 0.5 * (StrictMath.sin(2.0 * beta) - StrictMath.sin(2.0 * alpha)));
            peak = alpha <= 0.5 * StrictMath.PI ? 1.0 : StrictMath.sin(alpha);
        }
        out[at] = StrictMath.sqrt(integral / StrictMath.PI);
        out[at + 1] = beta - alpha;
        out[at + 2] = peak;
        out[at + 3] = ((beta - alpha) - 0.5 * (StrictMath.sin(2.0 * beta) - StrictMath.sin(2.0 * alpha)))
                / StrictMath.PI;
    }

    private static double current(double theta, double alpha, double phi, double k, double invTan) {
        return StrictMath.sin(theta - phi) - k * StrictMath.exp(-(theta - alpha) * invTan);
    }
}
