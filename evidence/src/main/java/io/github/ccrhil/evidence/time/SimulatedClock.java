package io.github.ccrhil.evidence.time;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * Simulated time: it moves only when the runner advances it, never from the wall clock, so a
 * scenario run twice gives the same timestamps. Counts in nanoseconds from a fixed epoch.
 */
public final class SimulatedClock implements InstantSource {

    /** The epoch every simulated run starts from, so that traces carry no wall-clock date. */
    public static final Instant EPOCH = Instant.parse("2000-01-01T00:00:00Z");

    private long nanos;

    @Override
    public Instant instant() {
        return EPOCH.plusNanos(nanos);
    }

    public void advance(Duration step) {
        if (step.isNegative()) {
            throw new IllegalArgumentException("simulated time cannot go back: " + step);
        }
        nanos = Math.addExact(nanos, step.toNanos());
    }

    /** Seconds since {@link #EPOCH}. */
    public double seconds() {
        return nanos / 1e9;
    }

    public long nanos() {
        return nanos;
    }
}
