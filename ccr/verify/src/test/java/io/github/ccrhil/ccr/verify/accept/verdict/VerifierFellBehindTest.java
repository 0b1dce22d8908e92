package io.github.ccrhil.ccr.verify.accept.verdict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.ccr.emulator.trace.TraceRow;
import io.github.ccrhil.ccr.verify.accept.plan.PlanReader;
import io.github.ccrhil.ccr.verify.accept.plan.TestPlan;
import io.github.ccrhil.ccr.verify.accept.plan.TestSpec;
import io.github.ccrhil.ccr.verify.accept.verdict.RawRun.Event;
import io.github.ccrhil.evidence.Check;
import io.github.ccrhil.evidence.Outcome;
import io.github.ccrhil.evidence.Verdict;
import io.github.ccrhil.evidence.yaml.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoublePredicate;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, "honest time", for the acceptance suite: a wall-clock run in which the verifier went
 * longer than the plan's sampling gap without reading the DUT is not valid for timing judgements.
 * Its timed verdicts are INCONCLUSIVE with the reason, whatever they would have been; a run that
 * kept pace is judged as before; time spent waiting on an operator or with the link deliberately
 * down is not a gap. All of it from the raw rows and events, as {@code verify-bundle} re-derives it.
 */
class VerifierFellBehindTest {

    private static final TestPlan PLAN = PlanReader.defaultPlan();
    private static final TestSpec STEP_CHANGE = spec("step-change");
    private static final double POLL = 0.1;

    private static TestSpec spec(String id) {
        return PLAN.tests().stream().filter(t -> t.id().equals(id)).findFirst().orElseThrow();
    }

    /** A step 0→1 soft start at t = 0, then 1→5 at t = 3 s, read every 100 ms to t = 6 s; in band at once unless {@code late}. */
    private static RawRun stepChange(DoublePredicate missing, boolean settlesLate, List<Event> extra) {
        List<TraceRow> rows = new ArrayList<>();
        for (int i = 1; i <= 60; i++) {
            double t = i * POLL;
            if (missing.test(t)) {
                continue;
            }
            int step = t <= 3.0 + 1e-9 ? 1 : 5;
            double amps = step == 1 ? 2.8 : (settlesLate && t < 5.0 ? 6.0 : 6.6);
            rows.add(new TraceRow(t, "REGULATING", step, amps, 0, 0, amps, 100, 100, 1, 90, amps, amps * 1.41, 100, 0, 0,
                    Double.POSITIVE_INFINITY, 0));
        }
        List<Event> events = new ArrayList<>(List.of(new Event(0.0, "verifier", "select-step", "1"),
                new Event(3.0, "verifier", "select-step", "5")));
        events.addAll(extra);
        events.sort((a, b) -> Double.compare(a.t(), b.t()));
        return new RawRun("r1", "traces/step-change/r1.csv", "traces/step-change/r1.events.csv", rows, events);
    }

    private static Verdict judge(RawRun run) {
        return new Judge(PLAN, BundleJudge.REFERENCE_RESOLVER).judge(STEP_CHANGE, List.of(run));
    }

    @Test
    void aRunThatKeptPaceIsJudgedAsBefore() {
        Verdict v = judge(stepChange(t -> false, false, List.of()));
        assertEquals(Outcome.PASS, v.outcome(), v.reason());
        assertTrue(v.checks().stream().noneMatch(c -> c.limitName().equals(PLAN.samplingGap().name())), v.checks().toString());
    }

    @Test
    void aSecondWithoutASampleInsideAJudgedStretchMakesTheTimedVerdictInconclusive() {
        Verdict v = judge(stepChange(t -> t > 3.45 && t < 4.35, false, List.of()));
        assertEquals(Outcome.INCONCLUSIVE, v.outcome(), v.reason());
        assertTrue(v.reason().contains("the verifier fell behind") && v.reason().contains("not valid for timing judgements"),
                v.reason());
        Check gap = v.checks().stream().filter(c -> c.limitName().equals("verifier sampling gap")).findFirst().orElseThrow();
        assertEquals(Outcome.INCONCLUSIVE, gap.outcome());
        assertEquals("≤ 0.500 s", gap.limit());
        assertTrue(gap.measured().startsWith("no sample for 1.000 s after t = 3.400 s"), gap.measured());
    }

    @Test
    void aFailOnStretchedTimeIsNotReportedAsAFailOfTheDut() {
        Verdict kept = judge(stepChange(t -> false, true, List.of()));
        assertEquals(Outcome.FAIL, kept.outcome(), "the late settling fails when the verifier kept pace: " + kept.reason());
        Verdict behind = judge(stepChange(t -> t > 3.45 && t < 4.35, true, List.of()));
        assertEquals(Outcome.INCONCLUSIVE, behind.outcome(), behind.reason());
        assertTrue(behind.checks().stream().anyMatch(c -> c.outcome() == Outcome.FAIL),
                "the checks stay as judged, for the record");
    }

    @Test
    void waitingForAnOperatorOrALinkHeldDownIsNotAGap() {
        // rows stop at 3.4 s; an operator confirms an action at 4.3 s; sampling resumes at 4.4 s
        Verdict v = judge(stepChange(t -> t > 3.45 && t < 4.35, false, List.of(new Event(4.3, "rig", "link", "up"))));
        assertTrue(v.checks().stream().noneMatch(c -> c.limitName().equals(PLAN.samplingGap().name())), v.checks().toString());
        assertEquals(Outcome.PASS, v.outcome(), v.reason());
    }

    @Test
    void thePlanSetsTheGapAsALimitWithItsProvenance() throws ConfigException {
        assertEquals(0.5, PLAN.samplingGap().value());
        assertTrue(PLAN.samplingGap().provenance().isDefault());
        String text = PlanReader.defaultPlanText().replace("sampling-gap: { name: verifier sampling gap, value: 0.5",
                "sampling-gap: { name: verifier sampling gap, value: 1.5");
        TestPlan wide = PlanReader.read("wide.yaml", text);
        Verdict v = new Judge(wide, BundleJudge.REFERENCE_RESOLVER).judge(STEP_CHANGE,
                List.of(stepChange(t -> t > 3.45 && t < 4.35, false, List.of())));
        assertEquals(Outcome.PASS, v.outcome(), "a 1 s gap is within a 1.5 s limit: " + v.reason());
    }

    @Test
    void aSamplingGapOfZeroIsRefusedWithTheLine() {
        String text = PlanReader.defaultPlanText().replace("sampling-gap: { name: verifier sampling gap, value: 0.5",
                "sampling-gap: { name: verifier sampling gap, value: 0");
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, () -> PlanReader.read("zero.yaml", text));
        assertTrue(e.getMessage().contains("zero.yaml") && e.getMessage().contains("above 0 s"), e.getMessage());
    }
}
