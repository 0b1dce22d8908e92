package io.github.ccrhil.water.scada;

import io.github.ccrhil.modbus.client.LinkException;
import io.github.ccrhil.modbus.client.ModbusExceptionResponse;
import io.github.ccrhil.modbus.profile.Point;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scans every point of every PLC at a fixed period; each value carries a quality flag. The PLCs of
 * a cycle are polled in parallel; the cycle's samples all carry the cycle's time (injected clock)
 * and go to every sink in PLC order, then point order. One poller (connection) per PLC.
 */
public final class Scanner implements AutoCloseable {

    /** Scan statistics, for the acceptance suite and benchmarks. */
    public record Stats(long cycles, long overruns, Duration lastCycle, Duration maxCycle) {
    }

    private final Map<String, PlcPoller> pollers = new LinkedHashMap<>();
    private final Duration period;
    private final InstantSource clock;
    private final ExecutorService pool;
    private final List<SampleSink> sinks = new CopyOnWriteArrayList<>();
    private final Map<String, Sample> current = new ConcurrentHashMap<>();
    private final Map<String, Quality> plcQuality = new ConcurrentHashMap<>();
    private final AtomicLong cycles = new AtomicLong();
    private final AtomicLong overruns = new AtomicLong();
    private volatile long lastNanos;
    private volatile long maxNanos;
    private ScheduledExecutorService timer;

    /**
     * @param commFailAfter consecutive failed polls after which a PLC's points are COMM_FAIL (before: STALE)
     */
    public Scanner(List<PlcEndpoint> endpoints, Duration period, Duration timeout, int commFailAfter, InstantSource clock) {
        if (period == null || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("scan period must be positive");
        }
        if (commFailAfter < 1) {
            throw new IllegalArgumentException("commFailAfter must be >= 1, was " + commFailAfter);
        }
        this.period = period;
        this.clock = Objects.requireNonNull(clock, "clock");
        for (PlcEndpoint e : endpoints) {
            if (pollers.put(e.name(), new PlcPoller(e, timeout, commFailAfter)) != null) {
                throw new IllegalArgumentException("duplicate PLC name: " + e.name());
            }
        }
        int threads = Math.max(1, Math.min(32, endpoints.size()));
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "scan-poller");
            t.setDaemon(true);
            return t;
        });
    }

    public Duration period() {
        return period;
    }

    public void addSink(SampleSink sink) {
        sinks.add(Objects.requireNonNull(sink, "sink"));
    }

    /** Runs one scan cycle now and returns its samples (also given to every sink). */
    public List<Sample> scanOnce() {
        Instant time = clock.instant();
        long t0 = System.nanoTime();
        List<Future<List<Sample>>> futures = new ArrayList<>();
        for (PlcPoller p : pollers.values()) {
            futures.add(pool.submit(() -> {
                synchronized (p) {
                    return p.poll(time);
                }
            }));
        }
        List<Sample> cycle = new ArrayList<>();
        int i = 0;
        for (PlcPoller p : pollers.values()) {
            try {
                cycle.addAll(futures.get(i++).get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            } catch (ExecutionException e) {
                throw new IllegalStateException("poller of " + p.endpoint().name() + " failed", e.getCause());
            }
            plcQuality.put(p.endpoint().name(), p.currentQuality());
        }
        for (Sample s : cycle) {
            current.put(s.tag(), s);
        }
        long took = System.nanoTime() - t0;
        lastNanos = took;
        maxNanos = Math.max(maxNanos, took);
        if (took > period.toNanos()) {
            overruns.incrementAndGet();
        }
        cycles.incrementAndGet();
        List<Sample> view = Collections.unmodifiableList(cycle);
        for (SampleSink s : sinks) {
            s.accept(view);
        }
        return view;
    }

    /** Starts scanning at the fixed period on a timer thread. */
    public synchronized void start() {
        if (timer != null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "scan-timer");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(() -> {
            try {
                scanOnce();
            } catch (RuntimeException e) {
                // a sink's failure must not stop the scan; it shows in the sink's own state
            }
        }, 0, period.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Stops the periodic scan (connections stay open). */
    public synchronized void stop() {
        if (timer != null) {
            timer.shutdown(); // no interrupt: a cycle in progress finishes (its sinks may be writing files)
            try {
                timer.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            timer = null;
        }
    }

    /** Current value of every tag, sorted by tag. */
    public Map<String, Sample> current() {
        return Collections.unmodifiableMap(new TreeMap<>(current));
    }

    public Sample current(String tag) {
        return current.get(tag);
    }

    /** Link quality of each PLC after the last cycle. */
    public Map<String, Quality> plcQuality() {
        return Collections.unmodifiableMap(new TreeMap<>(plcQuality));
    }

    public String lastError(String plc) {
        return poller(plc).lastError();
    }

    public Stats stats() {
        return new Stats(cycles.get(), overruns.get(), Duration.ofNanos(lastNanos), Duration.ofNanos(maxNanos));
    }

    public List<String> plcNames() {
        return List.copyOf(pollers.keySet());
    }

    public PlcEndpoint endpoint(String plc) {
        return poller(plc).endpoint();
    }

    private PlcPoller poller(String plc) {
        PlcPoller p = pollers.get(plc);
        if (p == null) {
            throw new IllegalArgumentException("no PLC named " + plc);
        }
        return p;
    }

    /**
     * Writes a set-point or command over the PLC's link (the same connection the scan uses).
     * Values outside the point's range are refused here before anything is sent; the PLC checks
     * again and may refuse with exception 03 ({@link ModbusExceptionResponse}).
     */
    public void write(String plc, String point, double value) throws LinkException {
        PlcPoller p = poller(plc);
        Point pt = p.endpoint().points().require(point);
        if (!pt.access().writable()) {
            throw new IllegalArgumentException(plc + "." + point + " is read-only");
        }
        if (!PlcEndpoint.accepts(pt, value)) {
            throw new IllegalArgumentException(plc + "." + point + " accepts " + PlcEndpoint.range(pt) + ", not " + value);
        }
        synchronized (p) {
            p.write(point, value);
        }
    }

    /**
     * As {@link #write(String, String, double)}, carrying the writer's lease epoch to a PLC that
     * has a fence; a PLC that has seen a newer epoch refuses it ({@link PlcPoller.StaleEpochException}).
     */
    public void write(String plc, String point, double value, long epoch) throws LinkException {
        PlcPoller p = poller(plc);
        Point pt = p.endpoint().points().require(point);
        if (!pt.access().writable()) {
            throw new IllegalArgumentException(plc + "." + point + " is read-only");
        }
        if (!PlcEndpoint.accepts(pt, value)) {
            throw new IllegalArgumentException(plc + "." + point + " accepts " + PlcEndpoint.range(pt) + ", not " + value);
        }
        synchronized (p) {
            p.write(point, value, epoch);
        }
    }

    /**
     * Tells every PLC with a fence the lease epoch of a new active. Returns the PLCs it could not
     * tell (link down, or a newer epoch already there), each with the reason.
     */
    public java.util.Map<String, String> announceEpoch(long epoch) {
        java.util.Map<String, String> failed = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, PlcPoller> e : pollers.entrySet()) {
            PlcPoller p = e.getValue();
            synchronized (p) {
                try {
                    p.announceEpoch(epoch);
                } catch (LinkException ex) {
                    failed.put(e.getKey(), ex.getMessage());
                }
            }
        }
        return failed;
    }

    @Override
    public void close() {
        stop();
        pool.shutdownNow();
        for (PlcPoller p : pollers.values()) {
            p.close();
        }
    }
}
