package io.github.ccrhil.bench.plant;

import io.github.ccrhil.ccr.plant.CircuitModel;
import io.github.ccrhil.ccr.plant.LampDynamics;
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
 * Side-by-side baseline: the same circuit and the same half-cycles integrated by commons-math3's
 * adaptive {@code DormandPrince853Integrator} ({@link DormandPrinceLoop}: same
 * {@code LoopEquation}, current-zero event, dense output at the 100 sample instants) and by the
 * plant's fixed-step RK4 ({@code Plants.waveform} with lamps frozen at rated, so both solve the
 * identical ODE). Reference plant at full load, no LEDs, α = 1 rad, failed-lamp share 0 or 0.3.
 *
 * <p>Tolerances (absolute A = relative): 1e-8 and 1e-7. Measured against a DormandPrince853 run at
 * 1e-13 over 20 half-cycles (sample-wise max error): RK4 at 1 step/sample 7.5e-7 A (no failed
 * lamps, peak 10.0 A) and 6.0e-6 A (27 failed, peak 7.9 A); DormandPrince853 at 1e-8: 2.8e-7 A and
 * 3.1e-7 A (at least as accurate as RK4 in both cases); at 1e-7: 2.1e-6 A and 8.7e-7 A (the
 * loosest setting of the same order as RK4). Each trial's setup re-checks that the baseline and
 * the RK4 plant agree within {@link #AGREEMENT_PER_PEAK} of the peak current, so the two sides do
 * the same work.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
public class OdeBaselineBenchmark {

    /** Largest sample-wise difference between the baseline and the RK4 plant, per unit of peak current. */
    static final double AGREEMENT_PER_PEAK = 1.0e-5;

    @Param({"0", "0.3"})
    public double failedShare;

    PlantConfig config;
    int failed;
    CircuitModel rk4;
    final PlantHalfCycle rk4Out = new PlantHalfCycle();

    /** The adaptive integrator's state, with its tolerance (only the baseline benchmarks use it). */
    @State(Scope.Thread)
    public static class Baseline {
        /** Absolute (A) and relative tolerance of DormandPrince853. */
        @Param({"1e-8", "1e-7"})
        public double tolerance;

        DormandPrinceLoop loop;
        double[] samples;

        @Setup(Level.Trial)
        public void setUp(OdeBaselineBenchmark plant) {
            checkAgreement(plant.config, plant.failed, tolerance);
            loop = new DormandPrinceLoop(plant.config, plant.failed, tolerance, tolerance);
            samples = new double[loop.samplesPerHalf()];
            for (int k = 0; k < PlantStepBenchmark.SETTLE_HALF_CYCLES; k++) {
                loop.runHalfCycle(PlantStepBenchmark.ALPHA, samples);
            }
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        config = PlantConfig.reference(1.0, 0.0);
        failed = (int) StrictMath.round(failedShare * config.loop().lampCount());
        rk4 = frozenPlant(config, failed);
        for (int k = 0; k < PlantStepBenchmark.SETTLE_HALF_CYCLES; k++) {
            rk4.runHalfCycle(true, PlantStepBenchmark.ALPHA, rk4Out);
        }
    }

    static CircuitModel frozenPlant(PlantConfig cfg, int failedLamps) {
        CircuitModel model = Plants.waveform(cfg, LampDynamics.FROZEN_RATED);
        model.conditions().setFailedLamps(failedLamps);
        return model;
    }

    /** Fails the trial if the two integrations do not describe the same currents. */
    static void checkAgreement(PlantConfig cfg, int failedLamps, double tolerance) {
        CircuitModel model = frozenPlant(cfg, failedLamps);
        DormandPrinceLoop loop = new DormandPrinceLoop(cfg, failedLamps, tolerance, tolerance);
        PlantHalfCycle out = new PlantHalfCycle();
        double[] samples = new double[loop.samplesPerHalf()];
        double peak = 0.0;
        double diff = 0.0;
        for (int k = 0; k < 20; k++) {
            model.runHalfCycle(true, PlantStepBenchmark.ALPHA, out);
            loop.runHalfCycle(PlantStepBenchmark.ALPHA, samples);
            for (int j = 0; j < samples.length; j++) {
                peak = StrictMath.max(peak, StrictMath.abs(out.current[j]));
                diff = StrictMath.max(diff, StrictMath.abs(out.current[j] - samples[j]));
            }
        }
        System.out.printf("%n[agreement] failed %d, tolerance %.0e: max |RK4 - DormandPrince853| = %.3e A, peak %.3f A%n",
                failedLamps, tolerance, diff, peak);
        if (!(diff <= AGREEMENT_PER_PEAK * peak)) {
            throw new IllegalStateException("baseline and RK4 plant disagree: " + diff + " A at peak " + peak + " A");
        }
    }

    /**
     * One half-cycle by DormandPrince853, in ns. Guards against a misleading baseline: the
     * adaptive integrator's cost per half-cycle (step-size control, event location, dense output,
     * restart at each half-cycle) is the figure the fixed-step RK4 is compared with.
     */
    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public double dormandPrinceHalfCycle(Baseline b) {
        return b.loop.runHalfCycle(PlantStepBenchmark.ALPHA, b.samples);
    }

    /** One simulated second (100 half-cycles, firing each one) by DormandPrince853, in ms. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public double dormandPrinceOneSecond(Baseline b) {
        double sum = 0.0;
        for (int k = 0; k < PlantStepBenchmark.HALF_CYCLES_PER_SECOND; k++) {
            sum += b.loop.runHalfCycle(PlantStepBenchmark.ALPHA, b.samples);
        }
        return sum;
    }

    /**
     * The plant's RK4 on the identical ODE (lamps frozen), one half-cycle, in ns: the other side of
     * the comparison, measured in the same run. Guards against comparing the baseline with a
     * plant doing different work (thermal lamp updates).
     */
    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public void rk4HalfCycle(Blackhole bh) {
        rk4.runHalfCycle(true, PlantStepBenchmark.ALPHA, rk4Out);
        bh.consume(rk4Out.trueCurrentRms);
        bh.consume(rk4Out.current[rk4Out.count - 1]);
    }

    /** The plant's RK4 on the identical ODE, one simulated second, in ms. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public double rk4OneSecond() {
        double sum = 0.0;
        for (int k = 0; k < PlantStepBenchmark.HALF_CYCLES_PER_SECOND; k++) {
            rk4.runHalfCycle(true, PlantStepBenchmark.ALPHA, rk4Out);
            sum += rk4Out.trueCurrentRms;
        }
        return sum;
    }
}
