package io.github.ccrhil.bench.plant;

import io.github.ccrhil.ccr.plant.CircuitModel;
import io.github.ccrhil.ccr.plant.PlantConfig;
import io.github.ccrhil.ccr.plant.PlantHalfCycle;
import io.github.ccrhil.ccr.plant.Plants;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Cost of the emulated plant per simulated time, for the real-time budget of a hardware-in-the-loop
 * run: one mains half-cycle (10 ms at 50 Hz) and one simulated second (100 half-cycles) of the
 * waveform model (RK4, 200 samples per cycle, 1 step per sample, thermal lamps) and of the averaged
 * model, on the 10 kVA 6.6 A reference plant at full load with 5 km of cable
 * ({@link PlantConfig#reference(double, double)}), fired at a fixed α = 1 rad (57°, near rated
 * current with no failed lamps).
 *
 * <p>Real-time factor = simulated time / measured time: 10 ms / (half-cycle score) or
 * 1 s / (one-second score). Targets: waveform ≥ 3,600×, averaged ≥ 100,000×.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
public class PlantStepBenchmark {

    /** Firing angle used throughout, rad. */
    static final double ALPHA = 1.0;
    /** Half-cycles in one simulated second at 50 Hz. */
    static final int HALF_CYCLES_PER_SECOND = 100;
    /** Half-cycles run before measuring so the lamps are hot and the currents periodic. */
    static final int SETTLE_HALF_CYCLES = 200;

    /** Share of lamps whose isolation-transformer secondary is open (saturating magnetising L). */
    @Param({"0", "0.3"})
    public double failedShare;

    /** Share of LED lamps (the rest halogen). */
    @Param({"0", "0.5"})
    public double ledShare;

    CircuitModel waveform;
    CircuitModel averaged;
    /** Caller-owned output buffers: the models write into them, as the harness does. */
    final PlantHalfCycle waveformOut = new PlantHalfCycle();
    final PlantHalfCycle averagedOut = new PlantHalfCycle();

    @Setup(Level.Trial)
    public void setUp() {
        PlantConfig cfg = PlantConfig.reference(1.0, ledShare);
        int failed = (int) StrictMath.round(failedShare * cfg.loop().lampCount());
        waveform = Plants.waveform(cfg);
        averaged = Plants.averaged(cfg);
        waveform.conditions().setFailedLamps(failed);
        averaged.conditions().setFailedLamps(failed);
        for (int k = 0; k < SETTLE_HALF_CYCLES; k++) {
            waveform.runHalfCycle(true, ALPHA, waveformOut);
            averaged.runHalfCycle(true, ALPHA, averagedOut);
        }
    }

    /**
     * One waveform half-cycle, reported in ns. Guards against a regression of the RK4 inner loop
     * (extra divisions per stage, allocation, megamorphic calls, transcendental functions per
     * step) that would push the waveform model below 3,600× real time. The samples land in the
     * state's buffer (escaped, so not dead code) and the rms is sunk in the Blackhole.
     */
    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public void waveformHalfCycle(Blackhole bh) {
        waveform.runHalfCycle(true, ALPHA, waveformOut);
        bh.consume(waveformOut.trueCurrentRms);
        bh.consume(waveformOut.current[waveformOut.count - 1]);
    }

    /**
     * One averaged half-cycle, reported in ns. Guards against the averaged model's per-half-cycle
     * update (table lookup, saturation fixed point, lamp update) growing past the 100,000× budget
     * (100 ns per 10 ms half-cycle).
     */
    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public void averagedHalfCycle(Blackhole bh) {
        averaged.runHalfCycle(true, ALPHA, averagedOut);
        bh.consume(averagedOut.trueCurrentRms);
        bh.consume(averagedOut.voltage[1]);
    }

    /**
     * One simulated second (100 half-cycles) of the waveform model, in ms: the real-time factor
     * is 1,000 ms / score (e.g. 0.25 ms → 4,000×). Guards against the per-half-cycle
     * figure hiding costs that only show over alternating polarities and lamp-state changes.
     */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public double waveformOneSecond() {
        double sum = 0.0;
        for (int k = 0; k < HALF_CYCLES_PER_SECOND; k++) {
            waveform.runHalfCycle(true, ALPHA, waveformOut);
            sum += waveformOut.trueCurrentRms;
        }
        return sum;
    }

    /**
     * One simulated second of the averaged model, in ms (real-time factor = 1,000 ms / score).
     * Guards the same budget as {@link #averagedHalfCycle} over alternating polarities.
     */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public double averagedOneSecond() {
        double sum = 0.0;
        for (int k = 0; k < HALF_CYCLES_PER_SECOND; k++) {
            averaged.runHalfCycle(true, ALPHA, averagedOut);
            sum += averagedOut.trueCurrentRms;
        }
        return sum;
    }
}
