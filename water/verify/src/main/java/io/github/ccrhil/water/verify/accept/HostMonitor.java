package io.github.ccrhil.water.verify.accept;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * What the host was doing while the suite ran, sampled every {@link #PERIOD} on a thread of its own:
 * the load average, the whole machine's CPU use and the suite JVM's own (the difference is what
 * other processes took), how late this sampler woke (a stall of the whole JVM or a starved CPU),
 * the JVM's garbage collections, and the servers' scan overruns and late lease renewals. The suite
 * writes the rows around each timed check into the bundle ({@link RawData#hostFile}); the judge reads
 * them back, so {@code verify-bundle} re-derives the same judgement of the host.
 */
final class HostMonitor implements AutoCloseable {

    static final Duration PERIOD = Duration.ofMillis(200);
    static final String HEADER = "time,load_average_1m,cpus,machine_cpu,suite_cpu,stall_ms,gc_count,gc_ms,scan_overruns,late_lease_renewals";

    /** One sample; a CPU share the JVM cannot tell is negative (written empty). */
    record Row(Instant time, double loadAverage, int cpus, double machineCpu, double suiteCpu, double stallMs, long gcCount, long gcMs,
               long scanOverruns, long lateRenewals) {
        String csv() {
            return String.format(Locale.ROOT, "%s,%.2f,%d,%s,%s,%.1f,%d,%d,%d,%d", time, loadAverage, cpus, share(machineCpu), share(suiteCpu),
                    stallMs, gcCount, gcMs, scanOverruns, lateRenewals);
        }

        private static String share(double v) {
            return v < 0 || Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.3f", v);
        }
    }

    private final LongSupplier scanOverruns;
    private final LongSupplier lateRenewals;
    private final List<Row> rows = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * Starts sampling.
     *
     * @param scanOverruns  scan cycles that overran their period, summed over the servers so far
     * @param lateRenewals  lease-loop ticks that came late, summed over the servers so far
     */
    HostMonitor(LongSupplier scanOverruns, LongSupplier lateRenewals) {
        this.scanOverruns = scanOverruns;
        this.lateRenewals = lateRenewals;
        thread = new Thread(this::loop, "host-monitor");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        com.sun.management.OperatingSystemMXBean sun = os instanceof com.sun.management.OperatingSystemMXBean x ? x : null;
        List<GarbageCollectorMXBean> gcs = ManagementFactory.getGarbageCollectorMXBeans();
        long due = System.nanoTime();
        while (running) {
            due += PERIOD.toNanos();
            long now = System.nanoTime();
            if (due > now) {
                try {
                    Thread.sleep((due - now) / 1_000_000, (int) ((due - now) % 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            long woke = System.nanoTime();
            double stall = Math.max(0, (woke - due) / 1e6);
            if (woke - due > PERIOD.toNanos()) {
                due = woke; // no catching up in a burst after a stall
            }
            long gcCount = 0;
            long gcMs = 0;
            for (GarbageCollectorMXBean g : gcs) {
                gcCount += Math.max(0, g.getCollectionCount());
                gcMs += Math.max(0, g.getCollectionTime());
            }
            Row r = new Row(Instant.now(), os.getSystemLoadAverage(), os.getAvailableProcessors(), sun == null ? -1 : sun.getCpuLoad(),
                    sun == null ? -1 : sun.getProcessCpuLoad(), stall, gcCount, gcMs, scanOverruns.getAsLong(), lateRenewals.getAsLong());
            synchronized (rows) {
                rows.add(r);
            }
        }
    }

    /**
     * The rows sampled from {@code from} to {@code to} (with the one before, so that counters have a
     * base, and the first after), as CSV with its header.
     */
    String csv(Instant from, Instant to) {
        StringBuilder b = new StringBuilder(HEADER).append('\n');
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
    }
}
