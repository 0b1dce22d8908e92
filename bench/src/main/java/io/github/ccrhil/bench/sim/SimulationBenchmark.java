package io.github.ccrhil.bench.sim;

import io.github.ccrhil.ccr.emulator.scenario.Scenario;
import io.github.ccrhil.ccr.emulator.scenario.ScenarioEvent;
import io.github.ccrhil.ccr.emulator.sim.CcrSimulation;
import java.io.IOException;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One simulated second of the whole closed loop: the firmware model (measurement, protections,
 * regulation, monitoring) regulating the emulated plant, one control step per mains half-cycle,
 * with every trace row produced. The real-time factor is 1 s divided by the score.
 *
 * <p>Guards against: the harness or the firmware, not only the plant, eating the simulation's
 * speed (allocation per step, status snapshots, event handling), which is what a campaign of
 * thousands of scenarios pays for.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Thread)
public class SimulationBenchmark {

    @Param({"WAVEFORM", "AVERAGED"})
    public String fidelity;

    @Param({"0.0", "0.3"})
    public double failedLamps;

    private CcrSimulation sim;

    /** A fresh regulator every iteration, already settled on step 5 of a loaded loop. */
    @Setup(Level.Iteration)
    public void settle() throws IOException {
        Scenario s = new Scenario("bench", 1, Scenario.Fidelity.valueOf(fidelity),
                new Scenario.CcrRating(10_000, "6.6A-5step", List.of(), "UFC-3-535-01"),
                new Scenario.Mains(400, 50, 0.0), new Scenario.Loop(0.6, 4000, 0.5, failedLamps),
                Duration.ofHours(10), List.of(new ScenarioEvent.StepCommand(Duration.ZERO, 5)));
        sim = CcrSimulation.of(s);
        sim.advance(300, row -> { });
    }

    @Benchmark
    public long oneSimulatedSecond(Blackhole bh) throws IOException {
        sim.advance(100, bh::consume);
        return sim.halfCyclesDone();
    }
}
