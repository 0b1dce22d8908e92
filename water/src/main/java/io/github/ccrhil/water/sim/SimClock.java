package io.github.ccrhil.water.sim;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;

/**
 * Simulated time: starts at a fixed epoch and moves only when a runner advances it.
 * Never reads the system clock. Resolution one nanosecond (a long count since the epoch).
 */
public final class SimClock implements InstantSource {
    private final Instant epoch;
    private volatile long nanos;

    public SimClock(Instant epoch) {
        this.epoch = Objects.requireNonNull(epoch, "epoch");
    }

    /** The epoch used by default: 2026-01-01T00:00:00Z, so traces are stable. */
    public static SimClock atDefaultEpoch() {
        return new SimClock(Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Override
    public Instant instant() {
        return epoch.plusNanos(nanos);
    }

    public Instant epoch() {
        return epoch;
    }

    /** Nanoseconds elapsed since the epoch. */
    public long elapsedNanos() {
        return nanos;
    }

    public Duration elapsed() {
        return Duration.ofNanos(nanos);
    }

    /** Moves time forward to {@code elapsedNanos}; time never goes back. */
    public synchronized void advanceTo(long elapsedNanos) {
        if (elapsedNanos < nanos) {
            throw new IllegalArgumentException("simulated time cannot go back: " + elapsedNanos + " < " + nanos);
        }
        nanos = elapsedNanos;
    }
}
