package io.github.ccrhil.ccr.emulator.device;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Says while a real-time loop runs that it fell behind: every overrun with its size, written by
 * a thread of its own so that the loop never waits on output. At most {@code linesPerSecond}
 * lines a second; overruns beyond that are counted and summed up in the next line. The first
 * time the lag passes {@code maxLag} it says that the run is no longer valid for timing
 * judgements.
 */
public final class OverrunLog implements FirmwareLoop.OverrunListener, AutoCloseable {

    private final ArrayBlockingQueue<FirmwareLoop.Overrun> queue = new ArrayBlockingQueue<>(4096);
    private final AtomicLong dropped = new AtomicLong();
    private final PrintWriter out;
    private final Duration maxLag;
    private final int linesPerSecond;
    private final Thread thread;
    private volatile boolean stop;
    private volatile boolean lagExceeded;

    public OverrunLog(PrintWriter out, Duration maxLag, int linesPerSecond) {
        this.out = Objects.requireNonNull(out, "out");
        this.maxLag = Objects.requireNonNull(maxLag, "maxLag");
        this.linesPerSecond = StrictMath.max(1, linesPerSecond);
        this.thread = new Thread(this::report, "overrun-log");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void overrun(FirmwareLoop.Overrun o) {
        if (!queue.offer(o)) {
            dropped.incrementAndGet();
        }
    }

    /** True once the lag passed the limit: the run is not valid for timing judgements. */
    public boolean lagExceeded() {
        return lagExceeded;
    }

    public Duration maxLag() {
        return maxLag;
    }

    private void report() {
        long windowStart = System.nanoTime();
        int lines = 0;
        long unprinted = 0;
        long unprintedSkipped = 0;
        Duration unprintedWorst = Duration.ZERO;
        while (!stop || !queue.isEmpty()) {
            FirmwareLoop.Overrun o;
            try {
                o = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            long now = System.nanoTime();
            if (now - windowStart >= 1_000_000_000L) {
                if (unprinted > 0) {
                    line(String.format(Locale.ROOT, "overrun: %d more in the last second (worst %s late, %d periods skipped)",
                            unprinted, ms(unprintedWorst), unprintedSkipped));
                }
                windowStart = now;
                lines = 0;
                unprinted = 0;
                unprintedSkipped = 0;
                unprintedWorst = Duration.ZERO;
            }
            if (o == null) {
                continue;
            }
            if (lines < linesPerSecond) {
                lines++;
                line(String.format(Locale.ROOT, "overrun: control period %d ended %s late, %d period%s skipped; lag %s",
                        o.period(), ms(o.late()), o.skipped(), o.skipped() == 1 ? "" : "s", ms(o.lag())));
            } else {
                unprinted++;
                unprintedSkipped += o.skipped();
                if (o.late().compareTo(unprintedWorst) > 0) {
                    unprintedWorst = o.late();
                }
            }
            if (!lagExceeded && o.lag().compareTo(maxLag) > 0) {
                lagExceeded = true;
                line("lag " + ms(o.lag()) + " exceeds the maximum lag " + ms(maxLag)
                        + ": this run is not valid for timing judgements");
            }
        }
    }

    private void line(String s) {
        synchronized (out) {
            out.println(s);
            out.flush();
        }
    }

    /** Milliseconds with one decimal, as the log writes them. */
    public static String ms(Duration d) {
        return String.format(Locale.ROOT, "%.1f ms", d.toNanos() / 1e6);
    }

    /** Overruns that did not fit the queue (counted by the loop all the same). */
    public long dropped() {
        return dropped.get();
    }

    /** Writes what is queued and stops. */
    @Override
    public void close() {
        stop = true;
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
