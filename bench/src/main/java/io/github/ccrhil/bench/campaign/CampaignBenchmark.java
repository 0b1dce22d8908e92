package io.github.ccrhil.bench.campaign;

import io.github.ccrhil.ccr.verify.campaign.CaseRunner;
import io.github.ccrhil.ccr.verify.campaign.Cases;
import io.github.ccrhil.ccr.verify.campaign.PropertyLimits;
import io.github.ccrhil.ccr.verify.campaign.RunContext;
import io.github.ccrhil.ccr.emulator.scenario.Scenario;
import java.util.SplittableRandom;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Step-change scenarios per second in simulated time on two threads (issue #5 target: ≥ 10,000
 * per minute on 2 cores, i.e. ≥ 167 operations/s here). One operation is one whole campaign case:
 * draw a step-change case (soft start, 1–4 step changes, 6–14 s simulated), run it on the emulated
 * DUT, and judge it.
 *
 * <ul>
 *   <li>{@link #stepChangeCaseJudgedWithRerun}: what {@code campaign} does per case — run twice
 *       (determinism) and judge every property, reachability included. Guards the campaign's
 *       real throughput.</li>
 *   <li>{@link #stepChangeCaseJudgedOnce}: run once and judge (what the property tests do). The
 *       difference to the first is the price of the determinism property.</li>
 * </ul>
 * Each thread draws its own sequence of cases from a fixed seed, so every run measures the same
 * mix; the result is returned so that nothing is dead-code eliminated. Shrinking of failing cases
 * is not included (a few cases of a campaign fail; shrinking each costs up to its run budget).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(2)
@Warmup(iterations = 1, time = 5)
@Measurement(iterations = 3, time = 10)
@Fork(1)
public class CampaignBenchmark {

    /** Per thread: its own case stream. */
    @State(Scope.Thread)
    public static class Stream {
        /** Share of cases on the waveform plant (the campaign default is 0.1). */
        @Param({"0.0", "0.1"})
        public double waveformShare;

        SplittableRandom random;

        @Setup(Level.Trial)
        public void setUp() {
            random = new SplittableRandom(20261125L + Thread.currentThread().getId());
        }

        Scenario next() {
            return Cases.stepChange(random, waveformShare).scenario("bench");
        }
    }

    @Benchmark
    public CaseRunner.Result stepChangeCaseJudgedWithRerun(Stream s) {
        return CaseRunner.run(s.next());
    }

    @Benchmark
    public CaseRunner.Result stepChangeCaseJudgedOnce(Stream s) {
        Scenario scenario = s.next();
        return CaseRunner.run(scenario, PropertyLimits.defaultsFor(RunContext.steps(scenario).ratedCurrentA()), false);
    }
}
