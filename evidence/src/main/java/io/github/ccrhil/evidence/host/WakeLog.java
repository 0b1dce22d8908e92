package io.github.ccrhil.evidence.host;

/**
 * The host sampler's recent wake-ups: when each was due and when it came (System.nanoTime), kept
 * in a ring so that a window of the last {@link HostMonitor#WINDOW} can be asked how long the
 * sampler was due but not running in it ({@link #stalledMs}).
 */
final class WakeLog {

    private final long periodNanos;
    private final long[] due;
    private final long[] woke;
    private long count;

    /**
     * @param periodNanos how often the sampler asks to wake
     * @param kept        wake-ups kept; older ones are overwritten
     */
    WakeLog(long periodNanos, int kept) {
        if (periodNanos <= 0 || kept <= 0) {
            throw new IllegalArgumentException("period and kept must be positive: " + periodNanos + ", " + kept);
        }
        this.periodNanos = periodNanos;
        this.due = new long[kept];
        this.woke = new long[kept];
    }

    /**
     * When the sampler is next due after a wake-up: one period after this one was due, or, after a
     * stall longer than a period, one period after it woke (no catching up in a burst).
     */
    static long nextDue(long dueNanos, long wokeNanos, long periodNanos) {
        return wokeNanos - dueNanos > periodNanos ? wokeNanos + periodNanos : dueNanos + periodNanos;
    }

    /** Notes one wake-up: due at {@code dueNanos}, running from {@code wokeNanos}. */
    synchronized void add(long dueNanos, long wokeNanos) {
        int i = (int) (count % due.length);
        due[i] = dueNanos;
        woke[i] = wokeNanos;
        count++;
    }

    /** Milliseconds of {@code [fromNanos, toNanos]} during which the sampler was due but not running. */
    synchronized double stalledMs(long fromNanos, long toNanos) {
        int kept = due.length;
        long stalled = 0;
        for (long k = StrictMath.max(0, count - kept); k < count; k++) {
            int i = (int) (k % kept);
            long a = StrictMath.max(due[i], fromNanos);
            long b = StrictMath.min(woke[i], toNanos);
            if (b > a) {
                stalled += b - a;
            }
        }
        // the window's tail, if the sampler has not woken since it was next due
        if (count > 0) {
            int last = (int) ((count - 1) % kept);
            long nextDue = nextDue(due[last], woke[last], periodNanos);
            if (woke[last] < toNanos && nextDue < toNanos) {
                stalled += toNanos - StrictMath.max(nextDue, fromNanos);
            }
        }
        return stalled / 1e6;
    }
}
