package io.github.ccrhil.ccr.verify.accept;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.ccr.verify.accept.plan.PlanReader;
import io.github.ccrhil.ccr.verify.accept.plan.TestPlan;
import io.github.ccrhil.evidence.Outcome;
import io.github.ccrhil.evidence.Verdict;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The suite proves itself: each defective firmware fails exactly the tests that should catch it (its
 * own test, and identity where it runs another build or configuration than the reference).
 */
class DefectiveFirmwareTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @EnumSource(DefectiveFirmware.class)
    void eachDefectiveFirmwareFailsExactlyTheTestsThatShouldCatchIt(DefectiveFirmware variant) throws IOException, io.github.ccrhil.evidence.yaml.ConfigException {
        TestPlan plan = PlanReader.defaultPlan();
        AcceptanceRun.Result r = new AcceptanceRun(plan, PlanReader.defaultPlanText(), variant.session(plan),
                "in-process (" + variant + ")", AcceptanceRun.Progress.NONE, Clock.systemUTC()).run(dir.resolve("bundle"));
        Map<String, Outcome> outcomes = new TreeMap<>();
        for (Verdict v : r.verdicts()) {
            outcomes.put(v.testId(), v.outcome());
        }
        Map<String, Outcome> expected = new TreeMap<>();
        for (var t : plan.tests()) {
            // in process there is no Modbus interface to test: the security procedures do not apply (DefectiveSecurityTest)
            expected.put(t.id(), variant.fails(t.id()) ? Outcome.FAIL : t.procedure().security() ? Outcome.NOT_APPLICABLE : Outcome.PASS);
        }
        assertEquals(expected, outcomes, () -> variant + ": " + reasons(r.verdicts()));
        assertEquals(Outcome.FAIL, r.outcome());
        if (variant == DefectiveFirmware.OLD_CONTROL_LAW_ON_AN_LED_LOOP) {
            String why = reasons(r.verdicts());
            assertTrue(why.contains("-led100"), "the old control law fails on the all-LED loop: " + why);
        }
        var check = io.github.ccrhil.ccr.verify.accept.bundle.BundleVerifier.verify(r.bundle());
        assertTrue(check.ok(), "verify-bundle recomputes the failing verdicts: " + check.verdictProblems());
    }

    private static String reasons(List<Verdict> vs) {
        StringBuilder b = new StringBuilder();
        for (Verdict v : vs) {
            if (v.outcome() != Outcome.PASS) {
                b.append("\n  ").append(v.testId()).append(' ').append(v.outcome()).append(": ").append(v.reason());
            }
        }
        return b.toString();
    }
}
