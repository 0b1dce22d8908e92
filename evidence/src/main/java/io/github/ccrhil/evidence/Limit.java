package io.github.ccrhil.evidence;

import java.util.Objects;

/**
 * A named numeric threshold with its unit and provenance, e.g. the 6.7 A overshoot limit of
 * IEC 61822 §5.3.9.
 */
public record Limit(String name, double value, String unit, Provenance provenance) {

    public Limit {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(provenance, "provenance");
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be finite, was " + value);
        }
    }

    public Limit withValue(double newValue) {
        return new Limit(name, newValue, unit, provenance);
    }

    @Override
    public String toString() {
        return name + " = " + value + " " + unit + " [" + provenance + "]";
    }
}
