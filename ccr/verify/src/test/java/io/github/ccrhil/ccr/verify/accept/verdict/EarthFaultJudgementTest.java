package io.github.ccrhil.ccr.verify.accept.verdict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.ccr.emulator.trace.TraceRow;
import io.github.ccrhil.ccr.verify.accept.plan.PlanReader;
import io.github.ccrhil.ccr.verify.accept.plan.TestPlan;
import io.github.ccrhil.ccr.verify.accept.plan.TestSpec;
import io.github.ccrhil.evidence.Outcome;
import io.github.ccrhil.evidence.Verdict;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The earth-fault alarms are judged against the insulation resistance the bench measured. Where
 * nobody measured it (a DUT over a link, its own report the measurement, no plant trace), the
 * alarms cannot be judged: INCONCLUSIVE, never a FAIL of the DUT.
 */
class EarthFaultJudgementTest {

    private static RawRun run(double insulationMohm, String alarms) {
        List<TraceRow> rows = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            rows.add(new TraceRow(i * 0.1, "REGULATING", 4, 5.2, 5.04, 5.36, 5.2, 800, 4000, 0.9, 60, 5.2, 7.4, 800, 0, 0,
                    insulationMohm, 0));
        }
        return new RawRun("load080", "t/load080.csv", "t/load080.events.csv", rows,
                List.of(new RawRun.Event(0.95, "dut", "alarms", alarms)));
    }

    @Test
    void alarmsAreJudgedAgainstTheMeasuredInsulationAndNotJudgedWhereNoneWasMeasured() throws Exception {
        TestPlan plan = PlanReader.defaultPlan();
        TestSpec earth = plan.tests().stream().filter(t -> t.id().equals("earth-fault")).findFirst().orElseThrow();
        Judge judge = new Judge(plan, IdentityResolver.LITERAL);

        assertEquals(Outcome.PASS, judge.judge(earth, List.of(run(5.0, "EARTH_FAULT_1"))).outcome(), "5 MΩ: level 1 only");
        assertEquals(Outcome.FAIL, judge.judge(earth, List.of(run(50.0, "EARTH_FAULT_1"))).outcome(), "50 MΩ: no alarm is due");

        Verdict unmeasured = judge.judge(earth, List.of(run(Double.NaN, "EARTH_FAULT_1")));
        assertEquals(Outcome.INCONCLUSIVE, unmeasured.outcome(), unmeasured.reason());
        assertTrue(unmeasured.reason().contains("not measured on this bench (the DUT reported EARTH_FAULT_1)"), unmeasured.reason());
    }
}
