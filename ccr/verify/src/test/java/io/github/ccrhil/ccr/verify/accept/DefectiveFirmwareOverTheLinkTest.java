package io.github.ccrhil.ccr.verify.accept;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.ccrhil.ccr.verify.accept.dut.EmulatedCcrOverLoopback;
import io.github.ccrhil.ccr.verify.accept.plan.PlanReader;
import io.github.ccrhil.ccr.verify.accept.plan.TestPlan;
import io.github.ccrhil.evidence.Outcome;
import io.github.ccrhil.evidence.Verdict;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each defective firmware served over Modbus TCP on loopback fails its test there too: the
 * Modbus device hands every remote command to the firmware and adds no rule of its own, so a
 * board that obeys remote commands in LOCAL is seen doing so over the link. (The test that
 * catches the variant and the local-remote test run; the in-process suite runs the whole plan.)
 */
class DefectiveFirmwareOverTheLinkTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @EnumSource(DefectiveFirmware.class)
    void eachDefectiveFirmwareFailsItsTestOverLoopbackModbusTcp(DefectiveFirmware variant) throws Exception {
        TestPlan full = PlanReader.defaultPlan();
        TestPlan plan = new TestPlan(full.name(), full.seed(), full.dut(), full.rig(), full.measurement(), full.equipment(),
                full.identity(), full.tests().stream()
                .filter(t -> t.id().equals(variant.caughtBy) || t.id().equals("local-remote")).toList());
        AcceptanceRun.Result r;
        try (EmulatedCcrOverLoopback dut = variant.overLoopback(plan)) {
            r = new AcceptanceRun(plan, PlanReader.defaultPlanText(), dut, dut.describe(), AcceptanceRun.Progress.NONE,
                    Clock.systemUTC()).run(dir.resolve("bundle"));
        }
        Map<String, Outcome> outcomes = new TreeMap<>();
        for (Verdict v : r.verdicts()) {
            outcomes.put(v.testId(), v.outcome());
        }
        Map<String, Outcome> expected = new TreeMap<>();
        for (var t : plan.tests()) {
            expected.put(t.id(), variant.fails(t.id()) ? Outcome.FAIL : Outcome.PASS);
        }
        assertEquals(expected, outcomes, variant + " over loopback TCP");
    }
}
