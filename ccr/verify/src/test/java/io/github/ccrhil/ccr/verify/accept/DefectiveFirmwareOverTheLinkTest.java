package io.github.ccrhil.ccr.verify.accept;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.ccr.verify.accept.dut.EmulatedCcrOverLoopback;
import io.github.ccrhil.ccr.verify.accept.plan.PlanReader;
import io.github.ccrhil.ccr.verify.accept.plan.TestPlan;
import io.github.ccrhil.evidence.Outcome;
import io.github.ccrhil.evidence.Verdict;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each defective firmware served over a real link fails its test there too: over Modbus TCP on
 * loopback, and over Modbus RTU on a socat pty pair (19,200 baud 8N1). The Modbus device hands
 * every remote command to the firmware and adds no rule of its own, so a board that obeys remote
 * commands in LOCAL is seen doing so over the link. (The test that catches the variant, identity
 * and local-remote run; the in-process suite, {@link DefectiveFirmwareTest}, runs the whole plan.)
 *
 * <p>Over RTU the README's test command runs two variants (the board that obeys remote commands in
 * LOCAL and the board with a changed protection constant); {@code -Dccrhil.defective.rtu=all} runs
 * all of them (a documented command; its figures are in the README).
 */
class DefectiveFirmwareOverTheLinkTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @EnumSource(DefectiveFirmware.class)
    void eachDefectiveFirmwareFailsItsTestOverLoopbackModbusTcp(DefectiveFirmware variant) throws Exception {
        failsExactlyItsTestsOver(EmulatedCcrOverLoopback.Medium.TCP, variant, "tcp:");
    }

    /** Two variants by default; every one under {@code -Dccrhil.defective.rtu=all}. */
    static List<DefectiveFirmware> overRtu() {
        if ("all".equals(System.getProperty("ccrhil.defective.rtu", "two"))) {
            return Arrays.asList(DefectiveFirmware.values());
        }
        return List.of(DefectiveFirmware.LOCAL_MODE_IGNORED, DefectiveFirmware.SLOW_OPEN_CIRCUIT_TRIP);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overRtu")
    void eachDefectiveFirmwareFailsItsTestOverModbusRtuOnAPty(DefectiveFirmware variant) throws Exception {
        failsExactlyItsTestsOver(EmulatedCcrOverLoopback.Medium.PTY, variant, "rtu:");
    }

    private void failsExactlyItsTestsOver(EmulatedCcrOverLoopback.Medium medium, DefectiveFirmware variant, String scheme)
            throws Exception {
        TestPlan full = PlanReader.defaultPlan();
        TestPlan plan = new TestPlan(full.name(), full.seed(), full.dut(), full.rig(), full.measurement(), full.equipment(),
                full.identity(), full.tests().stream()
                .filter(t -> variant.fails(t.id()) || t.id().equals("identity") || t.id().equals("local-remote")).toList());
        AcceptanceRun.Result r;
        String address;
        try (EmulatedCcrOverLoopback dut = variant.overLoopback(plan).over(medium)) {
            r = new AcceptanceRun(plan, PlanReader.defaultPlanText(), dut, dut.describe(), AcceptanceRun.Progress.NONE,
                    Clock.systemUTC()).run(dir.resolve("bundle"));
            address = dut.lastAddress();
        }
        assertTrue(address.startsWith(scheme), "the verifier reached the DUT over " + medium + ": " + address);
        Map<String, Outcome> outcomes = new TreeMap<>();
        for (Verdict v : r.verdicts()) {
            outcomes.put(v.testId(), v.outcome());
        }
        Map<String, Outcome> expected = new TreeMap<>();
        for (var t : plan.tests()) {
            expected.put(t.id(), variant.fails(t.id()) ? Outcome.FAIL : Outcome.PASS);
        }
        assertEquals(expected, outcomes, () -> variant + " over " + medium + ": " + reasons(r.verdicts()));
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
