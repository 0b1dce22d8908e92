package io.github.ccrhil.ccr.verify.accept.verdict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.ccr.emulator.trace.TraceRow;
import io.github.ccrhil.ccr.verify.accept.plan.Conditions;
import io.github.ccrhil.ccr.verify.accept.plan.PlanReader;
import io.github.ccrhil.ccr.verify.accept.plan.TestPlan;
import io.github.ccrhil.ccr.verify.accept.plan.TestSpec;
import io.github.ccrhil.evidence.Outcome;
import io.github.ccrhil.evidence.Verdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/**
 * The failed-lamp count is judged as a count only where the DUT gives one. "Cannot tell" (−1) is
 * no claim: INCONCLUSIVE with where and why, never a PASS and never compared as a count; where the
 * plan requires a count ({@code cannotTell: fail}) it is a FAIL, "estimate not available where
 * the plan requires it". A wrong count is a FAIL either way.
 */
class LampCountJudgementTest {

    private static final Conditions.Point ALL_LED_FULL_LOAD = new Conditions.Point(1.0, 0, 0, OptionalDouble.of(1.0));

    private static RawRun run(int failed, int reported) {
        List<TraceRow> rows = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            rows.add(new TraceRow(i * 0.01, "REGULATING", 5, 6.6, 6.40, 6.70, 6.6, 1500, 9000, 0.93, 40, 6.58, 9.3, 1500,
                    reported, failed, 1e3, 0));
        }
        return new RawRun(ALL_LED_FULL_LOAD.label(), "t/a.csv", "t/a.events.csv", rows, List.of(
                new RawRun.Event(0, "harness", "lamps-in-loop", "91"),
                new RawRun.Event(0, "verifier", "select-step", "5"),
                new RawRun.Event(0.2, "rig", "failed-lamps", Integer.toString(failed)),
                new RawRun.Event(1.0, "dut", "failed-lamps", Integer.toString(reported))));
    }

    private static TestSpec lampCount(TestPlan plan, String cannotTell) {
        TestSpec t = plan.tests().stream().filter(x -> x.id().equals("lamp-count")).findFirst().orElseThrow();
        Map<String, Object> params = new LinkedHashMap<>(t.params());
        params.put("cannotTell", cannotTell);
        return new TestSpec(t.id(), t.procedure(), t.requirement(), t.clause(), t.limits(),
                new Conditions(List.of(5), List.of(ALL_LED_FULL_LOAD)), params);
    }

    @Test
    void cannotTellIsInconclusiveWithWhereAndWhyNeverAPassNorAFail() throws Exception {
        TestPlan plan = PlanReader.defaultPlan();
        Judge judge = new Judge(plan, IdentityResolver.LITERAL);
        TestSpec notRequired = lampCount(plan, "inconclusive");

        assertEquals(Outcome.PASS, judge.judge(notRequired, List.of(run(9, 9))).outcome(), "the right count");
        assertEquals(Outcome.FAIL, judge.judge(notRequired, List.of(run(9, 11))).outcome(), "a wrong count");
        Verdict unknown = judge.judge(notRequired, List.of(run(9, -1)));
        assertEquals(Outcome.INCONCLUSIVE, unknown.outcome(), unknown.reason());
        assertTrue(unknown.reason().contains("cannot tell (−1) at step 5 at 6.580 A, 9 of 91 lamps failed, loop at 100 % load,"
                + " 100 % LED") && unknown.reason().contains("cannot resolve one lamp"), unknown.reason());
        Verdict noneFailed = judge.judge(notRequired, List.of(run(0, -1)));
        assertEquals(Outcome.INCONCLUSIVE, noneFailed.outcome(), "−1 is not read as a count one lamp off 0: " + noneFailed.reason());
    }

    @Test
    void whereThePlanRequiresACountCannotTellIsAFailAndAWrongCountStaysAFail() throws Exception {
        TestPlan plan = PlanReader.defaultPlan();
        Judge judge = new Judge(plan, IdentityResolver.LITERAL);
        TestSpec required = lampCount(plan, "fail");

        Verdict unknown = judge.judge(required, List.of(run(9, -1)));
        assertEquals(Outcome.FAIL, unknown.outcome(), unknown.reason());
        assertTrue(unknown.reason().contains("estimate not available where the plan requires it"), unknown.reason());
        assertEquals(Outcome.FAIL, judge.judge(required, List.of(run(9, 8))).outcome(), "a count one off against an exact limit");
        assertEquals(Outcome.PASS, judge.judge(required, List.of(run(9, 9))).outcome());
    }

    @Test
    void theDefaultPlanRequiresItsLampCounts() throws Exception {
        TestSpec t = PlanReader.defaultPlan().tests().stream().filter(x -> x.id().equals("lamp-count")).findFirst().orElseThrow();
        assertEquals("fail", t.param("cannotTell", "inconclusive"));
    }
}
