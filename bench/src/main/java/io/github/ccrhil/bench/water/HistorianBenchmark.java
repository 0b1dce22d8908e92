package io.github.ccrhil.bench.water;

import io.github.ccrhil.water.scada.historian.JdbcHistorian;
import io.github.ccrhil.water.scada.historian.SpoolingHistorian;
import io.github.ccrhil.water.scada.Quality;
import io.github.ccrhil.water.scada.Sample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Samples per second stored in the embedded default historian (H2 in a file). Each operation is
 * one sample, so every score reads directly in samples/s. Target of issue #6: the farm of
 * 100 PLCs × 500 points scanned at 1 s, i.e. at least 50,000 samples/s <em>durably</em> stored.
 *
 * <ul>
 *   <li>{@link #spoolThenForward} is the figure that answers the target: the path the server
 *       really uses at its real durability. Whole scan cycles as the {@link
 *       io.github.ccrhil.water.scada.Scanner} hands them to its sinks (one list per scan, all PLCs
 *       in PLC order then point order, one time stamp) are appended to the spool, each forced to
 *       disk (the acknowledgement), while the forwarder inserts them (commit only) and syncs the
 *       historian once per {@link SpoolingHistorian#DEFAULT_SYNC_INTERVAL}; the time runs until
 *       {@code flush} returns, i.e. until every sample is durably in H2. The cycles are offered
 *       back to back, faster than a real 1 s scan, to measure capacity.</li>
 *   <li>{@code insertThenSync*}: the historian alone, one fixed batch per insert followed by a
 *       sync, so every batch is durable when the call returns (what every insert cost before
 *       issue #6). For comparison across batch sizes.</li>
 *   <li>{@link #insertCommitOnly50000}: inserts without a sync, i.e. not yet durable against an
 *       OS crash or power loss on their own; shows what the sync costs on top.</li>
 * </ul>
 *
 * <p>Guards against: a historian that cannot keep up with the scan (the spool would grow without
 * bound); regressions in the insert path (statement reuse, batching, per-row index cost); and the
 * store-and-forward layer (spool encoding, fsync per cycle, decoding, syncs) adding more cost than
 * the database itself. Every state checks at tear-down that every sample was stored.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 10)
@Measurement(iterations = 3, time = 10)
@Fork(1)
public class HistorianBenchmark {

    /** Tags of a farm of 100 PLCs × 500 points: "LOADp.Pi", as the scanner names them (a batch of n uses the first n). */
    static String tag(int i) {
        return "LOAD" + (i / 500) + ".P" + (i % 500);
    }

    /** One scan cycle of {@code size} samples at {@code time}, tags numbered from 0. */
    static List<Sample> cycle(int size, Instant time, long seq) {
        List<Sample> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(new Sample(tag(i), time, (double) ((seq + i) & 0xFFFF), Quality.GOOD));
        }
        return out;
    }

    static void deleteTree(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * A fresh H2 historian file per trial; every batch carries a new cycle time (no duplicates).
     * JMH runs the superclass's {@code @Setup}/{@code @TearDown} for each concrete state below.
     */
    @State(Scope.Benchmark)
    public abstract static class Db {
        Path dir;
        JdbcHistorian historian;
        List<Sample> next;
        long seq;
        final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");

        abstract int batch();

        @Setup(Level.Trial)
        public void openDb() throws Exception {
            dir = Files.createTempDirectory("bench-historian");
            historian = JdbcHistorian.h2(dir.resolve("historian"));
            // number the tags once, as a running server does after its first cycle
            historian.insert(cycle(batch(), t0, 0));
            historian.sync();
            seq = 1;
        }

        @Setup(Level.Invocation)
        public void prepareNext() {
            next = cycle(batch(), t0.plusMillis(seq), seq);
            seq++;
        }

        @TearDown(Level.Trial)
        public void closeDb() throws Exception {
            long stored = historian.count();
            historian.close();
            deleteTree(dir);
            // a benchmark that silently stored nothing would look fast
            if (stored != seq * batch()) {
                throw new IllegalStateException("historian holds " + stored + " samples, expected " + seq * batch());
            }
        }
    }

    /** Batches of 500 samples: one scan cycle of one 500-point PLC. */
    public static class Cycle500 extends Db {
        @Override
        int batch() {
            return 500;
        }
    }

    /** Batches of 5000 samples: one scan cycle of ten 500-point PLCs. */
    public static class Cycle5000 extends Db {
        @Override
        int batch() {
            return 5000;
        }
    }

    /** Batches of 50,000 samples: one scan cycle of the whole 100 × 500 farm. */
    public static class Cycle50000 extends Db {
        @Override
        int batch() {
            return 50_000;
        }
    }

    @Benchmark
    @OperationsPerInvocation(500)
    public void insertThenSync500(Cycle500 db) throws Exception {
        db.historian.insert(db.next);
        db.historian.sync();
    }

    @Benchmark
    @OperationsPerInvocation(5000)
    public void insertThenSync5000(Cycle5000 db) throws Exception {
        db.historian.insert(db.next);
        db.historian.sync();
    }

    @Benchmark
    @OperationsPerInvocation(50_000)
    public void insertThenSync50000(Cycle50000 db) throws Exception {
        db.historian.insert(db.next);
        db.historian.sync();
    }

    /** Committed, not synced: not a durability the server relies on by itself (see the class comment). */
    @Benchmark
    @OperationsPerInvocation(50_000)
    public void insertCommitOnly50000(Cycle50000 db) throws Exception {
        db.historian.insert(db.next);
    }

    /**
     * The store-and-forward path as the server uses it (see the class comment): {@value #CYCLES}
     * scans of the whole farm per invocation.
     */
    @State(Scope.Benchmark)
    public static class Spool {
        static final int CYCLES = 5;
        static final int PLCS = 100;
        static final int POINTS = 500;
        static final int SIZE = PLCS * POINTS;

        Path dir;
        JdbcHistorian historian;
        SpoolingHistorian spool;
        List<List<Sample>> next = new ArrayList<>();
        long seq;
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");

        /** One scan as the scanner hands it to its sinks: PLC order, then point order, one time. */
        static List<Sample> scan(Instant time, long scans) {
            List<Sample> out = new ArrayList<>(SIZE);
            for (int p = 0; p < PLCS; p++) {
                for (int i = 0; i < POINTS; i++) {
                    out.add(new Sample("LOAD" + p + ".P" + i, time, (double) ((scans + i) & 0xFFFF), Quality.GOOD));
                }
            }
            return java.util.Collections.unmodifiableList(out);
        }

        @Setup(Level.Trial)
        public void open() throws Exception {
            dir = Files.createTempDirectory("bench-spool");
            historian = JdbcHistorian.h2(dir.resolve("historian"));
            // number the tags once, as a running server does after its first cycle
            historian.insert(scan(t0, 0));
            historian.sync();
            seq = 1;
            // as SupervisoryServer opens it: each cycle forced to disk, default sync policy
            spool = new SpoolingHistorian(dir.resolve("spool"), historian, Duration.ofMillis(200), true);
        }

        @Setup(Level.Invocation)
        public void nextCycles() {
            next.clear();
            for (int c = 0; c < CYCLES; c++) {
                next.add(scan(t0.plusSeconds(seq), seq));
                seq++;
            }
        }

        @TearDown(Level.Trial)
        public void close() throws Exception {
            spool.close();
            long stored = historian.count();
            historian.close();
            deleteTree(dir);
            if (stored != seq * SIZE) {
                throw new IllegalStateException("historian holds " + stored + " samples, expected " + seq * SIZE);
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(Spool.CYCLES * Spool.SIZE)
    public boolean spoolThenForward(Spool s) throws Exception {
        for (List<Sample> c : s.next) {
            s.spool.accept(c);
        }
        boolean done = s.spool.flush(Duration.ofSeconds(120));
        if (!done) {
            throw new IllegalStateException("spool not durably forwarded within 120 s: " + s.spool.lastError());
        }
        return done;
    }
}
