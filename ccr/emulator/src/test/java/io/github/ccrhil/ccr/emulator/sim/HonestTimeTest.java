package io.github.ccrhil.ccr.emulator.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.ccr.emulator.scenario.ScenarioReader;
import io.github.ccrhil.evidence.Check;
import io.github.ccrhil.evidence.Outcome;
import io.github.ccrhil.evidence.Verdict;
import io.github.ccrhil.evidence.Verdicts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A real-time run that falls behind says so while it runs, and past its maximum lag is not
 * valid for timing judgements; a simulated-time run is unaffected.
 */
class HonestTimeTest {

    /** The loop's clock: each read ticks it a little; the starved work below moves it by hand. */
    private static final class StarvedNanos {
        long now;

        long read() {
            now += 1_000;
            return now;
        }
    }

    @Test
    void aRealTimeRunStarvedOfCpuReportsItsLagWhileItRunsAndMarksTimingVerdictsInconclusive() throws Exception {
        CcrSimulation sim = CcrSimulation.of(ScenarioReader.defaultScenario());
        StarvedNanos t = new StarvedNanos();
        RealTimePacer pacer = new RealTimePacer(Duration.ofMillis(10), t::read, ns -> t.now += ns, 1000);
        List<Duration> shown = new ArrayList<>();
        long[] rows = {0};
        CcrSimulation.Progress panel = new CcrSimulation.Progress() {
            @Override
            public void update(long done, long total) { }

            @Override
            public void lag(Duration lag, long overruns) {
                shown.add(lag);
            }
        };
        // every 20th half-cycle the loop gets the CPU back only 35 ms later: its work ends 25 ms past
        // the next deadline, 2 whole periods lost each time
        RunSummary r = sim.runRealTime(row -> {
            if (++rows[0] % 20 == 0) {
                t.now += 35_000_000;
            }
        }, panel, Duration.ofMillis(100), pacer);
        long starved = (r.halfCycles() - 1) / 20; // the last half-cycle is not waited after
        assertEquals(starved, r.overruns(), "each starved period is an overrun");
        assertEquals(Duration.ofMillis(20 * starved), r.lag(), "2 whole periods lost per starvation");
        assertTrue(r.worstOverrun().compareTo(Duration.ofMillis(25)) > 0, r.worstOverrun().toString());
        assertEquals(starved, shown.size(), "the lag was shown as it grew, not only at the end");
        assertEquals(r.lag(), shown.get(shown.size() - 1));
        String reason = r.timingInvalid().orElseThrow();
        assertTrue(reason.contains("behind the wall clock") && reason.contains("maximum lag 100.0 ms")
                && reason.contains("not valid for timing judgements"), reason);

        Verdict settling = verdict("step change response", Outcome.PASS);
        Verdict accuracy = verdict("step accuracy", Outcome.PASS);
        List<Verdict> judged = Verdicts.timingInvalid(List.of(settling, accuracy),
                v -> v.testId().equals("step change response"), reason);
        assertEquals(Outcome.INCONCLUSIVE, judged.get(0).outcome());
        assertEquals(reason, judged.get(0).reason());
        assertEquals(settling.checks(), judged.get(0).checks(), "the checks stay as judged, for the record");
        assertEquals(accuracy, judged.get(1), "a verdict that is not about timing is unchanged");
    }

    @Test
    void aRealTimeRunThatKeepsUpIsValidAndASimulatedTimeRunIsUnaffected() throws Exception {
        StarvedNanos t = new StarvedNanos();
        RealTimePacer pacer = new RealTimePacer(Duration.ofMillis(10), t::read, ns -> t.now += ns, 1000);
        RunSummary keptUp = CcrSimulation.of(ScenarioReader.defaultScenario()).runRealTime(row -> t.now += 2_000_000,
                CcrSimulation.Progress.NONE, Duration.ofMillis(100), pacer);
        assertEquals(0, keptUp.overruns());
        assertTrue(keptUp.timingInvalid().isEmpty());
        RunSummary simulated = CcrSimulation.of(ScenarioReader.defaultScenario()).run(row -> { }, CcrSimulation.Progress.NONE);
        assertEquals(Duration.ZERO, simulated.lag());
        assertTrue(simulated.timingInvalid().isEmpty());
    }

    private static Verdict verdict(String id, Outcome o) {
        return new Verdict(id, id, "requirement", "clause", o, "judged", "plant-trace", false,
                List.of(new Check("run 1", "settling time", "step settling", "≤ 1.0 s", "ccr.md", false, "0.8 s", o, 3.0)),
                List.of("tests/" + id + "/trace.csv"));
    }
}
