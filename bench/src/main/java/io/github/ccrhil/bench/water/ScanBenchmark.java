package io.github.ccrhil.bench.water;

import io.github.ccrhil.water.verify.site.SiteWiring;
import io.github.ccrhil.water.plant.plc.SyntheticFarm;
import io.github.ccrhil.water.scada.Quality;
import io.github.ccrhil.water.scada.Sample;
import io.github.ccrhil.water.scada.Scanner;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One full scan cycle of 100 synthetic PLCs × 500 input registers on loopback Modbus TCP (each PLC
 * its own server, scanning every 200 ms), through the supervisory server's {@link Scanner}: 100
 * connections polled in parallel, 50,000 samples with quality flags. The score is the time one
 * cycle takes; target of issue #6: a full cycle fits in the 1 s scan period.
 *
 * <p>Guards against: the scan outgrowing its period as PLCs and points are added (Modbus framing,
 * per-point decoding, the poller pool), and a "fast" scan that in fact timed out: after every
 * iteration each sample of the last cycle must be GOOD, else the run fails.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 10)
@Measurement(iterations = 3, time = 10)
@Fork(1)
@State(Scope.Benchmark)
public class ScanBenchmark {
    static final int PLCS = 100;
    static final int POINTS = 500;

    SyntheticFarm farm;
    Scanner scanner;
    List<Sample> last = List.of();

    @Setup(Level.Trial)
    public void start() throws Exception {
        farm = new SyntheticFarm(PLCS, POINTS, Duration.ofMillis(200));
        scanner = new Scanner(SiteWiring.endpoints(farm), Duration.ofSeconds(1), Duration.ofMillis(500), 3, Clock.systemUTC());
        last = scanner.scanOnce(); // connects all 100 pollers
    }

    @Benchmark
    public List<Sample> scanOnce() {
        last = scanner.scanOnce();
        return last;
    }

    @TearDown(Level.Iteration)
    public void everySampleGood() {
        // 500 points + 1 set-point per PLC
        int expected = PLCS * (POINTS + 1);
        long good = last.stream().filter(s -> s.quality() == Quality.GOOD).count();
        if (last.size() != expected || good != expected) {
            throw new IllegalStateException("last scan: " + last.size() + " samples, " + good + " GOOD, expected "
                    + expected + " GOOD; stats " + scanner.stats());
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        System.out.println();
        System.out.println("scanner stats: " + scanner.stats());
        scanner.close();
        farm.close();
    }
}
