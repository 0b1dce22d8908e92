package io.github.ccrhil.ccr.plant;

/** One-line argument checks shared by the configuration records. */
final class Checks {

    private Checks() {
    }

    static double positive(String name, double value) {
        if (!(value > 0.0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be a positive finite number, was " + value);
        }
        return value;
    }

    static double nonNegative(String name, double value) {
        if (!(value >= 0.0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number ≥ 0, was " + value);
        }
        return value;
    }

    static double positiveOrInfinite(String name, double value) {
        if (!(value > 0.0)) {
            throw new IllegalArgumentException(name + " must be > 0 (or +∞), was " + value);
        }
        return value;
    }

    static double inRange(String name, double value, double lo, double hi) {
        if (!(value >= lo && value <= hi)) {
            throw new IllegalArgumentException(name + " must be in " + lo + ".." + hi + ", was " + value);
        }
        return value;
    }

    static int inRange(String name, int value, int lo, int hi) {
        if (value < lo || value > hi) {
            throw new IllegalArgumentException(name + " must be in " + lo + ".." + hi + ", was " + value);
        }
        return value;
    }
}
