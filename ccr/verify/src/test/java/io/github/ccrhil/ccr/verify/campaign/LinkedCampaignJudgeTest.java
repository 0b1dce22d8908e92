package io.github.ccrhil.ccr.verify.campaign;

import io.github.ccrhil.evidence.Outcome;
import io.github.ccrhil.evidence.Verdict;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.ccr.emulator.trace.TraceRow;
import io.github.ccrhil.ccr.verify.limits.LimitTables;
import io.github.ccrhil.ccr.verify.limits.StepTable;
import io.github.ccrhil.ccr.verify.accept.dut.RemoteInterface;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a linked campaign judges what it recorded, on rows whose answer is known. */
class LinkedCampaignJudgeTest {

    @Test
    void aDutThatNeverReachesItsBandFailsSettlingFromItsOwnReport() {
        StepTable steps = LimitTables.builtIn().steps("6.6A-5step");
        List<TraceRow> rows = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            double t = i * 0.1;
            rows.add(new TraceRow(t, "ON", 3, steps.nominalCurrentA(3), steps.nominalCurrentA(3) - 0.1,
                    steps.nominalCurrentA(3) + 0.1, steps.nominalCurrentA(3) - 1.0, Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN, Double.NaN, Double.NaN, Double.NaN, -1, -1, Double.NaN, Double.NaN));
        }
        List<Verdict> v = LinkedCampaign.judge(true, List.of(new LinkedCampaign.Mark(0, 3, 1,
                        new RemoteInterface.Outcome(true, "ok"))), List.of(new LinkedCampaign.Command(3, Duration.ofSeconds(3))),
                rows, PropertyLimits.defaultsFor(6.6), steps);
        Verdict settling = v.stream().filter(x -> x.testId().equals(PropertyChecks.SETTLING)).findFirst().orElseThrow();
        assertEquals(Outcome.FAIL, settling.outcome(), settling.reason());
        assertTrue(settling.reason().startsWith(LinkedCampaign.SELF_REPORTED));
        assertTrue(settling.selfReported());
        assertEquals(PropertyVerdicts.DUT_SELF_REPORT, settling.measurement());
    }
}
