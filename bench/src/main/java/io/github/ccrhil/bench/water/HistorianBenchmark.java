package io.github.ccrhil.bench.water;

import io.github.ccrhil.water.historian.JdbcHistorian;
import io.github.ccrhil.water.historian.SpoolingHistorian;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Samples per second stored in the embedded default historian (H2 in a file), at the durability
 * the historian documents: an insert returns only when its batch is committed and forced to disk.
 * Each operation is one sample, so the score reads directly in samples/s (target of issue #6:
 * at least 50,000 samples/s).
 *
 * <p>Guards against: a historian that cannot keep up with the scan (100 PLCs × 500 points at 1 s
 * is 50,000 samples/s), so that the store-and-forward spool grows without bound; regressions in the
 * insert path (statement reuse, batching, per-row index cost); and, through {@link #spoolThenForward},
 * the store-and-forward layer adding more cost than the database itself.
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
    @OperationsPerInvocation(50_000)
    public void insert50000(Cycle50000 db) throws Exception {
        db.historian.insert(db.next);
    }

    @Benchmark
    @OperationsPerInvocation(500)
    public void insert500(Cycle500 db) throws Exception {
        db.historian.insert(db.next);
    }

    @Benchmark
    @OperationsPerInvocation(5000)
    public void insert5000(Cycle5000 db) throws Exception {
        db.historian.insert(db.next);
    }

    /**
     * The store-and-forward path as the server uses it: ten cycles of 5,000 samples appended to
     * the spool (each forced to disk, as the server does), then waited for until the forwarder has
     * stored them all in H2. The forwarder coalesces whatever records it finds into one insert, so
     * its batch sizes depend on timing: this is the end-to-end figure, not a fixed-batch one.
     */
    @State(Scope.Benchmark)
    public static class Spool {
        static final int CYCLES = 10;
        static final int SIZE = 5000;

        /** Whether each appended cycle is forced to disk (the server does; false is the author's bench hook). */
        @Param({"true"})
        public boolean forceEachCycle;

        Path dir;
        JdbcHistorian historian;
        SpoolingHistorian spool;
        List<List<Sample>> next = new ArrayList<>();
        long seq;
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");

        @Setup(Level.Trial)
        public void open() throws Exception {
            dir = Files.createTempDirectory("bench-spool");
            historian = JdbcHistorian.h2(dir.resolve("historian"));
            historian.insert(cycle(SIZE, t0, 0));
            seq = 1;
            spool = new SpoolingHistorian(dir.resolve("spool"), historian, Duration.ofMillis(50), forceEachCycle);
        }

        @Setup(Level.Invocation)
        public void nextCycles() {
            next.clear();
            for (int c = 0; c < CYCLES; c++) {
                next.add(cycle(SIZE, t0.plusMillis(seq), seq));
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
        boolean done = s.spool.flush(Duration.ofSeconds(60));
        if (!done) {
            throw new IllegalStateException("spool not forwarded within 60 s: " + s.spool.lastError());
        }
        return done;
    }
}
