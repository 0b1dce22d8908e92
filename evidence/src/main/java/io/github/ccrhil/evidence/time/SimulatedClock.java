package io.github.ccrhil.evidence.time;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;

/**
 * Simulated time: it moves only when the runner advances it, never from the wall clock, so a
 * scenario run twice gives the same timestamps. Counts in nanoseconds from a fixed epoch
 * ({@link #EPOCH} unless the caller chooses one). Readable from any thread; one runner advances it.
 */
public final class SimulatedClock implements InstantSource {

    /** The epoch every simulated run starts from, so that traces carry no wall-clock date. */
    public static final Instant EPOCH = Instant.parse("2000-01-01T00:00:00Z");

    private final Instant epoch;
    private volatile long nanos;

    /** Starts at {@link #EPOCH}. */
    public SimulatedClock() {
        this(EPOCH);
    }

    /** Starts at a chosen epoch (e.g. the wall-clock instant a real-time run began). */
    public SimulatedClock(Instant epoch) {
        this.epoch = Objects.requireNonNull(epoch, "epoch");
    }

    @Override
    public Instant instant() {
        return epoch.plusNanos(nanos);
    }

    public Instant epoch() {
        return epoch;
    }

    public synchronized void advance(Duration step) {
        if (step.isNegative()) {
            throw new IllegalArgumentException("simulated time cannot go back: " + step);
        }
        nanos = Math.addExact(nanos, step.toNanos());
    }

    /** Moves time forward to {@code elapsedNanos} since the epoch; time never goes back. */
    public synchronized void advanceTo(long elapsedNanos) {
        if (elapsedNanos < nanos) {
            throw new IllegalArgumentException("simulated time cannot go back: " + elapsedNanos + " < " + nanos);
        }
        nanos = elapsedNanos;
    }

    /** Seconds since the epoch. */
    public double seconds() {
        return nanos / 1e9;
    }

    /** Nanoseconds since the epoch. */
    public long nanos() {
        return nanos;
    }

    /** Time since the epoch. */
    public Duration elapsed() {
        return Duration.ofNanos(nanos);
    }
}
