package io.github.ccrhil.ccr.plant;

import java.util.SplittableRandom;

/**
 * Standard normal deviates from a seeded {@link SplittableRandom} by the ziggurat method of
 * Marsaglia and Tsang (J. Stat. Softw. 5(8), 2000; 128 layers, r = 3.442619855899). Each draw
 * takes one 64-bit word: the low 7 bits pick the layer and the high 32 bits give the abscissa, so
 * layer and value are independent (the correlation Doornik (2005) found in the original comes
 * from sharing bits). Tables are built with StrictMath and the rare wedge/tail paths use
 * StrictMath, so the sequence is the same on every JVM. About 97 % of draws cost one multiply.
 */
final class Gaussian {

    private static final double R = 3.442619855899;
    private static final double V = 9.91256303526217e-3;
    private static final double M1 = 2147483648.0;
    private static final long[] K = new long[128];
    private static final double[] W = new double[128];
    private static final double[] F = new double[128];

    static {
        double dn = R;
        double tn = dn;
        double q = V / StrictMath.exp(-0.5 * dn * dn);
        K[0] = (long) ((dn / q) * M1);
        K[1] = 0;
        W[0] = q / M1;
        W[127] = dn / M1;
        F[0] = 1.0;
        F[127] = StrictMath.exp(-0.5 * dn * dn);
        for (int i = 126; i >= 1; i--) {
            dn = StrictMath.sqrt(-2.0 * StrictMath.log(V / dn + StrictMath.exp(-0.5 * dn * dn)));
            K[i + 1] = (long) ((dn / tn) * M1);
            tn = dn;
            F[i] = StrictMath.exp(-0.5 * dn * dn);
            W[i] = dn / M1;
        }
    }

    private final SplittableRandom random;

    Gaussian(long seed) {
        this.random = new SplittableRandom(seed);
    }

    double next() {
        while (true) {
            long bits = random.nextLong();
            int iz = (int) (bits & 127L);
            long hz = bits >> 32; // signed 32-bit abscissa
            long abs = hz < 0 ? -hz : hz;
            double x = hz * W[iz];
            if (abs < K[iz]) {
                return x;
            }
            if (iz == 0) {
                // Tail beyond R (Marsaglia 1964).
                double tx;
                double ty;
                do {
                    tx = -StrictMath.log(uniform()) / R;
                    ty = -StrictMath.log(uniform());
                } while (ty + ty < tx * tx);
                return hz > 0 ? R + tx : -R - tx;
            }
            if (F[iz] + random.nextDouble() * (F[iz - 1] - F[iz]) < StrictMath.exp(-0.5 * x * x)) {
                return x;
            }
        }
    }

    /** Uniform in (0, 1]. */
    private double uniform() {
        return 1.0 - random.nextDouble();
    }
}
