package io.github.ccrhil.ccr.verify.limits;

/** Accepted rms current range of one step, A, inclusive at both ends. */
public record ToleranceBand(double loA, double hiA) {

    public ToleranceBand {
        if (!Double.isFinite(loA) || !Double.isFinite(hiA) || !(loA > 0.0) || !(hiA > loA)) {
            throw new IllegalArgumentException("tolerance band needs 0 < lo < hi, was " + loA + ".." + hiA);
        }
    }

    public boolean contains(double currentA) {
        return currentA >= loA && currentA <= hiA;
    }
}
