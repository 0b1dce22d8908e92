package io.github.ccrhil.ccr.emulator.sim;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Paces a loop to a fixed period on the wall clock, and counts what went wrong.
 *
 * <p>It parks until {@link #SPIN_WINDOW} before each deadline and then spins with
 * {@link Thread#onSpinWait()}: on these 2-core machines parking alone gives a p99.9 lateness of
 * about 2 ms at a 1 ms period, park-then-spin about 1 ms (see shared/spec/testing-tools.md).
 * A period whose work ends after the next deadline is an <em>overrun</em>: the pacer does not
 * try to catch up by running short periods, it re-anchors on the next whole period.
 */
public final class RealTimePacer {

    public static final Duration SPIN_WINDOW = Duration.ofNanos(200_000);

    private final long periodNanos;
    private final LongSupplier nanoTime;
    private final LongConsumer park;
    private final long[] lateness;
    private int recorded;
    private long next;
    private long periods;
    private long overruns;
    private long skipped;
    private long lastOverrun;
    private long worstOverrun;

    /**
     * @param period the loop period
     * @param nanoTime a monotonic nanosecond source ({@code System::nanoTime} in production)
     * @param park parks the thread for about the given nanoseconds
     *     ({@code LockSupport::parkNanos} in production)
     * @param latenessSamples how many lateness samples to keep for percentiles
     */
    public RealTimePacer(Duration period, LongSupplier nanoTime, LongConsumer park, int latenessSamples) {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period must be positive, was " + period);
        }
        this.periodNanos = period.toNanos();
        this.nanoTime = nanoTime;
        this.park = park;
        this.lateness = new long[Math.max(1, latenessSamples)];
    }

    /** A pacer on the JVM's monotonic clock. */
    public static RealTimePacer onWallClock(Duration period, int latenessSamples) {
        return new RealTimePacer(period, System::nanoTime, LockSupport::parkNanos, latenessSamples);
    }

    /** Marks the start of the first period. */
    public void start() {
        next = nanoTime.getAsLong() + periodNanos;
    }

    /** Waits for the next period boundary; returns false if the thread was interrupted. */
    public boolean awaitNextPeriod() {
        long now = nanoTime.getAsLong();
        if (now > next) {
            overruns++;
            lastOverrun = now - next;
            worstOverrun = Math.max(worstOverrun, lastOverrun);
            long missed = (now - next) / periodNanos;
            skipped += missed;
            next += (missed + 1) * periodNanos;
        }
        long spinFrom = next - SPIN_WINDOW.toNanos();
        while ((now = nanoTime.getAsLong()) < spinFrom) {
            park.accept(spinFrom - now);
            if (Thread.currentThread().isInterrupted()) {
                return false;
            }
        }
        while ((now = nanoTime.getAsLong()) < next) {
            Thread.onSpinWait();
        }
        if (recorded < lateness.length) {
            lateness[recorded++] = now - next;
        }
        periods++;
        next += periodNanos;
        return true;
    }

    public long periods() { return periods; }

    /** Periods whose work ran past the next deadline. */
    public long overruns() { return overruns; }

    /** Whole periods lost to overruns. */
    public long skippedPeriods() { return skipped; }

    /** How far past its deadline the work of the latest overrun ended (zero before the first). */
    public Duration lastOverrun() { return Duration.ofNanos(lastOverrun); }

    /** The largest overrun so far. */
    public Duration worstOverrun() { return Duration.ofNanos(worstOverrun); }

    /**
     * How far the paced loop has fallen behind the wall clock: the whole periods lost to overruns.
     * A loop that advances its (emulated) time one period per period is this much behind.
     */
    public Duration lag() { return Duration.ofNanos(skipped * periodNanos); }

    /** Lateness of the wake-up behind the deadline at quantile q (0..1). */
    public Duration latenessQuantile(double q) {
        if (recorded == 0) {
            return Duration.ZERO;
        }
        long[] sorted = Arrays.copyOf(lateness, recorded);
        Arrays.sort(sorted);
        int i = (int) Math.min(recorded - 1, Math.floor(q * recorded));
        return Duration.ofNanos(sorted[i]);
    }
}
