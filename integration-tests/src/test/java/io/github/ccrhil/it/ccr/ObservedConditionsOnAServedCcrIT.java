package io.github.ccrhil.it.ccr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.ccr.emulator.profile.CcrProfiles;
import io.github.ccrhil.ccr.verify.accept.AcceptanceRun;
import io.github.ccrhil.ccr.verify.accept.dut.DutException;
import io.github.ccrhil.ccr.verify.accept.dut.LinkedDutSessions;
import io.github.ccrhil.ccr.verify.accept.dut.Operator;
import io.github.ccrhil.ccr.verify.accept.plan.Conditions;
import io.github.ccrhil.ccr.verify.accept.plan.PlanReader;
import io.github.ccrhil.ccr.verify.accept.plan.TestPlan;
import io.github.ccrhil.ccr.verify.accept.plan.TestSpec;
import io.github.ccrhil.evidence.Outcome;
import io.github.ccrhil.evidence.Verdict;
import io.github.ccrhil.modbus.client.LinkException;
import io.github.ccrhil.modbus.profile.ProfileClient;
import io.github.ccrhil.modbus.tcp.ModbusTcpClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verdicts only on observed conditions, against the reference CCR outside the verifier: two child
 * JVMs, {@code power-stage --tcp} (the series loop, whose rig points an operator can switch) and
 * {@code serve --tcp --plant-tcp} (the regulator), the default plan's limits, the operator as rig
 * and the DUT's own report as the measurement. Each run starts from the starting state the
 * verifier brought about and saw (the regulator is left regulating at step 5 by the test before);
 * a loop the operator really opens is seen carrying no current and the trip is judged; a loop an
 * operator only says was opened keeps its current, and the test comes out INCONCLUSIVE ("fault not
 * observed"), never a FAIL of the regulator.
 */
class ObservedConditionsOnAServedCcrIT {

    @TempDir
    Path dir;

    @Test
    void theDefaultPlansTestsRunFromAnObservedStartAndAFaultNobodyMadeIsInconclusive() throws Exception {
        try (FreshStartIT.Child stage = new FreshStartIT.Child("power-stage", "--tcp", "127.0.0.1:0")) {
            int stagePort = stage.port("power stage:");
            try (FreshStartIT.Child serve = new FreshStartIT.Child("serve", "--tcp", "127.0.0.1:0",
                    "--plant-tcp", "127.0.0.1:" + stagePort);
                 ModbusTcpClient bench = new ModbusTcpClient(new InetSocketAddress("127.0.0.1", stagePort), Duration.ofSeconds(2))) {
                String address = "tcp:127.0.0.1:" + serve.port("emulated CCR:");
                ProfileClient loop = new ProfileClient(bench, CcrProfiles.powerStage());
                List<String> told = new ArrayList<>();
                // the operator at the bench: opens and closes the loop, shorts the output, on the power stage
                Operator acting = instruction -> {
                    told.add(instruction);
                    try {
                        if (instruction.startsWith("open the series loop")) {
                            loop.write("loop_open", 1.0);
                        } else if (instruction.startsWith("close the series loop")) {
                            loop.write("loop_open", 0.0);
                        } else if (instruction.startsWith("short the CCR output")) {
                            loop.write("output_shorted", 1.0);
                        } else if (instruction.startsWith("remove the short")) {
                            loop.write("output_shorted", 0.0);
                        }
                    } catch (LinkException e) {
                        throw new DutException("the bench's power stage did not answer: " + e.getMessage(), e);
                    }
                };
                TestPlan full = PlanReader.defaultPlan();
                // the default plan's tests at the bench's one operating point (the stage runs at 80 % load),
                // shortened dwells; step accuracy leaves the regulator at step 5 for the step-change test
                Conditions.Point benchPoint = new Conditions.Point(0.8, 0, 0);
                TestPlan plan = plan(full, address, List.of(
                        at(full, "step-accuracy", List.of(5), benchPoint, Map.of("firstDwell", Duration.ofSeconds(3))),
                        at(full, "step-change", List.of(), benchPoint, Map.of("sequence", List.of(0, 1, 5, 1),
                                "firstDwell", Duration.ofSeconds(3), "dwell", Duration.ofMillis(1500))),
                        at(full, "open-circuit", List.of(5), benchPoint, Map.of("dwell", Duration.ofMillis(1500)))));
                AcceptanceRun.Result r = run(plan, address, acting, dir.resolve("acting"));
                for (Verdict v : r.verdicts()) {
                    assertNotEquals(Outcome.FAIL, v.outcome(), v.testId() + ": " + v.reason());
                    if (v.outcome() == Outcome.INCONCLUSIVE) {
                        assertFalse(v.reason().isBlank(), v.testId() + " is inconclusive for a stated reason");
                    }
                }
                Verdict open = verdict(r, "open-circuit");
                assertEquals(Outcome.PASS, open.outcome(), "a loop really opened carries no current and the trip is judged: "
                        + open.reason());
                String stepChange = events(r.bundle(), "step-change");
                assertTrue(stepChange.contains(",verifier,to-starting-state,REGULATING step 5"),
                        "the regulator was left regulating at step 5 and was brought off first:\n" + stepChange);
                assertTrue(stepChange.contains(",harness,starting-state,observed: OFF step 0"),
                        "the start of the step change was seen, not assumed:\n" + stepChange);
                assertTrue(events(r.bundle(), "open-circuit").contains(",harness,fault-observed,"),
                        "the open loop was seen in the measurement");
                assertTrue(told.contains("close the series loop again"), "the loop was closed again after the test: " + told);
                assertEquals(0.0, loop.readNumber("loop_open"), "the bench is as it was");

                // an operator who only says "done"
                Operator pretending = instruction -> { };
                TestPlan faultOnly = plan(full, address, List.of(
                        at(full, "open-circuit", List.of(5), benchPoint, Map.of("dwell", Duration.ofMillis(1500)))));
                AcceptanceRun.Result p = run(faultOnly, address, pretending, dir.resolve("pretending"));
                Verdict notOpened = verdict(p, "open-circuit");
                assertEquals(Outcome.INCONCLUSIVE, notOpened.outcome(), notOpened.reason());
                assertTrue(notOpened.reason().contains("fault not observed"), notOpened.reason());
            }
        }
    }

    private static AcceptanceRun.Result run(TestPlan plan, String address, Operator operator, Path bundle) throws IOException {
        try (LinkedDutSessions session = new LinkedDutSessions(plan, address, CcrProfiles.referenceCcr(),
                Duration.ofSeconds(2), Clock.systemUTC(), keepAlive -> operator)) {
            return new AcceptanceRun(plan, PlanReader.defaultPlanText(), session, session.describe(),
                    AcceptanceRun.Progress.NONE, Clock.systemUTC()).run(bundle);
        }
    }

    private static TestPlan plan(TestPlan full, String address, List<TestSpec> tests) {
        return new TestPlan(full.name(), full.seed(), new TestPlan.DutSpec(address, "reference-ccr"),
                TestPlan.Rig.OPERATOR_PROMPT, TestPlan.Measurement.DUT_SELF_REPORT, full.equipment(), full.identity(), tests);
    }

    private static TestSpec at(TestPlan full, String id, List<Integer> steps, Conditions.Point point, Map<String, Object> params) {
        TestSpec t = full.tests().stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
        Map<String, Object> p = new java.util.LinkedHashMap<>(t.params());
        p.putAll(params);
        return new TestSpec(t.id(), t.procedure(), t.requirement(), t.clause(), t.limits(),
                new Conditions(steps, List.of(point)), p);
    }

    private static Verdict verdict(AcceptanceRun.Result r, String id) {
        return r.verdicts().stream().filter(v -> v.testId().equals(id)).findFirst().orElseThrow();
    }

    /** Every events file of a test, concatenated. */
    private static String events(Path bundle, String testId) throws IOException {
        StringBuilder b = new StringBuilder();
        try (Stream<Path> s = Files.list(bundle.resolve("traces").resolve(testId))) {
            for (Path f : s.filter(x -> x.toString().endsWith(".events.csv")).sorted().toList()) {
                b.append(Files.readString(f));
            }
        }
        return b.toString();
    }
}
