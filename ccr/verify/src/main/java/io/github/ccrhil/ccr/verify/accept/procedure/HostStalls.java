package io.github.ccrhil.ccr.verify.accept.procedure;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Locale;

/**
 * The host's share of a wall-clock answer time: a thread of the verifier's own that asks to wake
 * every {@link #PERIOD} and notes how late it woke. Time it spent waiting past its due time is
 * time the host (other processes, a garbage collection, a starved CPU) did not give the verifier;
 * a request timed across such a stall carries it. {@link #during(long, long)} says how much of a
 * window was stalled, for the record next to each answer time; the judge reads both back, so
 * {@code verify-bundle} re-derives whether a missed answer-time limit was the host's doing.
 *
 * <p>The same idea as the water suite's host monitor (its stall_ms column), kept to the security
 * procedures' answer times here.
 */
final class HostStalls implements AutoCloseable {

    /** How often the sampler asks to wake. */
    static final Duration PERIOD = Duration.ofMillis(10);
    /** Samples kept: a minute and a half at {@link #PERIOD}; older ones are overwritten (no window is that long). */
    private static final int KEPT = 9_000;

    private final long[] due = new long[KEPT];
    private final long[] woke = new long[KEPT];
    private long count;
    private final Thread thread;
    private volatile boolean running = true;

    private HostStalls() {
        thread = new Thread(this::loop, "host-stalls");
        thread.setDaemon(true);
        thread.setPriority(Thread.NORM_PRIORITY);
    }

    /** Starts sampling. */
    static HostStalls start() {
        HostStalls h = new HostStalls();
        h.thread.start();
        return h;
    }

    private void loop() {
        long next = System.nanoTime();
        while (running) {
            next += PERIOD.toNanos();
            long now = System.nanoTime();
            if (next > now) {
                java.util.concurrent.locks.LockSupport.parkNanos(next - now);
                if (Thread.interrupted()) {
                    return;
                }
            }
            long w = System.nanoTime();
            if (w < next) {
                next = w; // woken early (a spurious unpark): counts as on time
            }
            synchronized (this) {
                int i = (int) (count % KEPT);
                due[i] = next;
                woke[i] = w;
                count++;
            }
            if (w - next > PERIOD.toNanos()) {
                next = w; // no catching up in a burst after a stall
            }
        }
    }

    /** Milliseconds of {@code [fromNanos, toNanos]} (System.nanoTime) during which the sampler was due but not running. */
    synchronized double during(long fromNanos, long toNanos) {
        long stalled = 0;
        for (long k = StrictMath.max(0, count - KEPT); k < count; k++) {
            int i = (int) (k % KEPT);
            long a = StrictMath.max(due[i], fromNanos);
            long b = StrictMath.min(woke[i], toNanos);
            if (b > a) {
                stalled += b - a;
            }
        }
        // the window's tail, if the sampler has not woken since it was due
        long lastDue = count == 0 ? fromNanos : due[(int) ((count - 1) % KEPT)] + PERIOD.toNanos();
        if (count > 0 && woke[(int) ((count - 1) % KEPT)] < toNanos && lastDue < toNanos) {
            stalled += toNanos - StrictMath.max(lastDue, fromNanos);
        }
        return stalled / 1e6;
    }

    /**
     * The record of one timed window: {@code wait_ms W stall_ms S load L cpus N} (the load average
     * over the last minute, as the OS reports it; −1 where it does not).
     */
    String record(long fromNanos, long toNanos) {
        double stall = during(fromNanos, toNanos);
        var os = ManagementFactory.getOperatingSystemMXBean();
        return String.format(Locale.ROOT, "wait_ms %.1f stall_ms %.1f load %.2f cpus %d", (toNanos - fromNanos) / 1e6, stall,
                os.getSystemLoadAverage(), os.getAvailableProcessors());
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
