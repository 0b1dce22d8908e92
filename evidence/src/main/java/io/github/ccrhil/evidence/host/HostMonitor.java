package io.github.ccrhil.evidence.host;

import io.github.ccrhil.evidence.bundle.SampleFile;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * What the verifier's host was doing while a run went on, sampled on a thread of its own: the one
 * host sampler of the project, with two views.
 *
 * <p><b>Rows</b> ({@link #csv}), one every {@link #PERIOD}: the load average, the whole machine's CPU
 * use and this JVM's own (the difference is what other processes took), the longest this sampler
 * woke late since the row before (a stall of the whole JVM or a starved CPU), the JVM's garbage
 * collections, and counters the caller names (a water server's scan overruns, say). The caller
 * writes the rows around each timed check or run into its bundle; its judge reads them back with
 * {@link HostLoad} and {@link HostJudgement}, so {@code verify-bundle} re-derives the same judgement
 * of the host.
 *
 * <p><b>Stall windows</b> ({@link #stalledMs}, {@link #record}): how much of a wall-clock window
 * (an answer time, say) the sampler was due but not running, i.e. time the host (other
 * processes, a garbage collection, a starved CPU) did not give the verifier. The finer the
 * sampler's wake period ({@link #wakingEvery}; {@link #STALL_PERIOD} for answer times), the
 * closer the attribution; the rows stay one every {@link #PERIOD} whatever the wake period.
 */
public final class HostMonitor implements AutoCloseable {

    /** How often a row is taken, and how often a sampler made without a period wakes. */
    public static final Duration PERIOD = Duration.ofMillis(200);
    /** The wake period for attributing answer times of a few milliseconds up ({@link #wakingEvery}). */
    public static final Duration STALL_PERIOD = Duration.ofMillis(10);
    /** How far back a stall window may reach: wake-ups older than this are forgotten. */
    public static final Duration WINDOW = Duration.ofSeconds(90);
    /** The columns every host file starts with; the caller's counters follow, one column each. */
    public static final String BASE_HEADER = "time,load_average_1m,cpus,machine_cpu,suite_cpu,stall_ms,gc_count,gc_ms";

    /** One sample; a CPU share the JVM cannot tell is negative (written empty). */
    record Row(Instant time, double loadAverage, int cpus, double machineCpu, double suiteCpu, double stallMs, long gcCount, long gcMs,
               long[] counters) {
        String csv() {
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%s,%.2f,%d,%s,%s,%.1f,%d,%d", time, loadAverage, cpus,
                    share(machineCpu), share(suiteCpu), stallMs, gcCount, gcMs));
            for (long c : counters) {
                b.append(',').append(c);
            }
            return b.toString();
        }

        private static String share(double v) {
            return v < 0 || Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.3f", v);
        }
    }

    private final Duration period;
    private final List<LongSupplier> counters;
    private final String header;
    private final List<Row> rows = new ArrayList<>();
    private final WakeLog wakes;
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * Starts sampling.
     *
     * @param period   how often the sampler wakes: at most {@link #PERIOD}, which it divides
     * @param counters the caller's counters by column name (in column order), each read at every
     *     row: running totals, so that the rows around a check give their increase over it
     */
    public HostMonitor(Duration period, Map<String, LongSupplier> counters) {
        if (period.isNegative() || period.isZero() || period.compareTo(PERIOD) > 0 || PERIOD.toNanos() % period.toNanos() != 0) {
            throw new IllegalArgumentException("a host sampler's period divides " + PERIOD.toMillis() + " ms: " + period);
        }
        this.period = period;
        Map<String, LongSupplier> c = new LinkedHashMap<>(counters);
        this.counters = List.copyOf(c.values());
        this.header = header(List.copyOf(c.keySet()));
        this.wakes = new WakeLog(period.toNanos(), (int) (WINDOW.toNanos() / period.toNanos()));
        thread = new Thread(this::loop, "host-monitor");
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts sampling every {@link #PERIOD}, with the caller's counters. */
    public HostMonitor(Map<String, LongSupplier> counters) {
        this(PERIOD, counters);
    }

    /** Starts sampling the host alone every {@link #PERIOD}, without counters of the caller's. */
    public HostMonitor() {
        this(Map.of());
    }

    /** Starts sampling the host alone, waking every {@code period} (for stall windows: {@link #STALL_PERIOD}). */
    public static HostMonitor wakingEvery(Duration period) {
        return new HostMonitor(period, Map.of());
    }

    /** How often this sampler wakes. */
    public Duration period() {
        return period;
    }

    /** The header of a host file with these counter columns. */
    public static String header(List<String> counterColumns) {
        StringBuilder b = new StringBuilder(BASE_HEADER);
        counterColumns.forEach(n -> b.append(',').append(n));
        return b.toString();
    }

    /** This monitor's header. */
    public String header() {
        return header;
    }

    private void loop() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        com.sun.management.OperatingSystemMXBean sun = os instanceof com.sun.management.OperatingSystemMXBean x ? x : null;
        List<GarbageCollectorMXBean> gcs = ManagementFactory.getGarbageCollectorMXBeans();
        long p = period.toNanos();
        long due = System.nanoTime() + p;
        long rowDue = due;
        double stall = 0;
        while (running) {
            for (long now = System.nanoTime(); now < due; now = System.nanoTime()) {
                LockSupport.parkNanos(due - now);
                if (Thread.interrupted()) {
                    return;
                }
            }
            long woke = System.nanoTime();
            wakes.add(due, woke);
            stall = Math.max(stall, (woke - due) / 1e6);
            if (due - rowDue >= 0) {
                long gcCount = 0;
                long gcMs = 0;
                for (GarbageCollectorMXBean g : gcs) {
                    gcCount += Math.max(0, g.getCollectionCount());
                    gcMs += Math.max(0, g.getCollectionTime());
                }
                long[] c = new long[counters.size()];
                for (int i = 0; i < c.length; i++) {
                    c[i] = counters.get(i).getAsLong();
                }
                Row r = new Row(Instant.now(), os.getSystemLoadAverage(), os.getAvailableProcessors(),
                        sun == null ? -1 : sun.getCpuLoad(), sun == null ? -1 : sun.getProcessCpuLoad(), stall, gcCount, gcMs, c);
                synchronized (rows) {
                    rows.add(r);
                    for (Recording rec : recordings) {
                        rec.add(r);
                    }
                }
                stall = 0;
                rowDue = due + PERIOD.toNanos();
            }
            long next = WakeLog.nextDue(due, woke, p);
            if (next - due > p) {
                rowDue = StrictMath.max(rowDue, next); // after a stall the rows start again from the next wake
            }
            due = next;
        }
    }

    private final List<Recording> recordings = new ArrayList<>();

    /**
     * A host file written as the rows are sampled ({@link #record}): the same rows {@link #csv}
     * gives for the window, on disk as they come, flushed at each row (every {@link #PERIOD},
     * within {@link SampleFile#FLUSH_EVERY}), so a run killed inside a check leaves its host's
     * figures up to the last row but one.
     */
    public final class Recording implements AutoCloseable {
        private final SampleFile file;
        private java.io.IOException failed;

        private Recording(SampleFile file) {
            this.file = file;
        }

        private void add(Row r) {
            if (failed != null) {
                return;
            }
            try {
                file.add(Duration.between(Instant.EPOCH, r.time()), r.csv());
            } catch (java.io.IOException e) {
                failed = e;
            }
        }

        /** Stops the recording and closes the file; an {@link java.io.IOException} if a row could not be written. */
        @Override
        public void close() throws java.io.IOException {
            synchronized (rows) {
                recordings.remove(this);
            }
            file.close();
            if (failed != null) {
                throw failed;
            }
        }
    }

    /**
     * Starts a host file at {@code file}: the header and the rows sampled since {@code from} (with
     * the one before, so that counters have a base) at once, then each new row as it is sampled,
     * until the recording is closed.
     */
    public Recording record(java.nio.file.Path file, Instant from) throws java.io.IOException {
        synchronized (rows) {
            Recording rec = new Recording(SampleFile.create(file, header, Duration.ZERO));
            int first = 0;
            while (first < rows.size() - 1 && rows.get(first + 1).time().isBefore(from)) {
                first++;
            }
            for (int i = first; i < rows.size(); i++) {
                rec.add(rows.get(i));
            }
            if (rec.failed != null) {
                rec.file.close();
                throw rec.failed;
            }
            recordings.add(rec);
            return rec;
        }
    }

    /**
     * Milliseconds of {@code [fromNanos, toNanos]} ({@link System#nanoTime}) during which the sampler
     * was due but not running; a window reaches back at most {@link #WINDOW}.
     */
    public double stalledMs(long fromNanos, long toNanos) {
        return wakes.stalledMs(fromNanos, toNanos);
    }

    /**
     * The record of one timed window, {@code wait_ms W stall_ms S load L cpus N}: its length, its
     * stall ({@link #stalledMs}), the load average over the last minute as the OS reports it (−1
     * where it does not) and the CPUs.
     */
    public String record(long fromNanos, long toNanos) {
        double stall = stalledMs(fromNanos, toNanos);
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return String.format(Locale.ROOT, "wait_ms %.1f stall_ms %.1f load %.2f cpus %d", (toNanos - fromNanos) / 1e6, stall,
                os.getSystemLoadAverage(), os.getAvailableProcessors());
    }

    /**
     * The rows sampled from {@code from} to {@code to} (with the one before, so that counters have a
     * base, and the first after), as CSV with its header.
     */
    public String csv(Instant from, Instant to) {
        StringBuilder b = new StringBuilder(header).append('\n');
        synchronized (rows) {
            int first = 0;
            while (first < rows.size() - 1 && rows.get(first + 1).time().isBefore(from)) {
                first++;
            }
            for (int i = first; i < rows.size(); i++) {
                b.append(rows.get(i).csv()).append('\n');
                if (rows.get(i).time().isAfter(to)) {
                    break;
                }
            }
        }
        return b.toString();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        List<Recording> open;
        synchronized (rows) {
            open = List.copyOf(recordings);
        }
        for (Recording r : open) {
            try {
                r.close();
            } catch (java.io.IOException e) {
                // a recording left open by a run that failed: its rows so far are on disk, and the run reports its own failure
            }
        }
    }
}
