package io.github.ccrhil.evidence;

import java.time.Duration;
import java.util.Objects;

/** A named duration with its provenance, e.g. the 3 s open-circuit trip of UFC 3-535-01. */
public record TimeLimit(String name, Duration value, Provenance provenance) {

    public TimeLimit {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(provenance, "provenance");
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, was " + value);
        }
    }

    public TimeLimit withValue(Duration newValue) {
        return new TimeLimit(name, newValue, provenance);
    }

    @Override
    public String toString() {
        return name + " = " + value + " [" + provenance + "]";
    }
}
