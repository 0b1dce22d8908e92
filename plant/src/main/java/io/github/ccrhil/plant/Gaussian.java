package io.github.ccrhil.plant;

import java.util.SplittableRandom;

/**
 * Standard normal deviates by Marsaglia's polar method on a seeded {@link SplittableRandom},
 * with {@link StrictMath#log} so the sequence is the same on every JVM.
 */
final class Gaussian {

    private final SplittableRandom random;
    private double spare;
    private boolean hasSpare;

    Gaussian(long seed) {
        this.random = new SplittableRandom(seed);
    }

    double next() {
        if (hasSpare) {
            hasSpare = false;
            return spare;
        }
        double u;
        double v;
        double s;
        do {
            u = 2.0 * random.nextDouble() - 1.0;
            v = 2.0 * random.nextDouble() - 1.0;
            s = u * u + v * v;
        } while (s >= 1.0 || s == 0.0);
        double m = StrictMath.sqrt(-2.0 * StrictMath.log(s) / s);
        spare = v * m;
        hasSpare = true;
        return u * m;
    }
}
