package io.github.ccrhil.ccr.verify.accept;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.ccr.verify.accept.bundle.BundleWriter;
import io.github.ccrhil.evidence.bundle.Manifest;
import io.github.ccrhil.ccr.verify.accept.dut.EmulatedCcrSessions;
import io.github.ccrhil.ccr.verify.accept.dut.EmulatedCcrOverLoopback;
import io.github.ccrhil.ccr.verify.accept.plan.PlanReader;
import io.github.ccrhil.ccr.verify.accept.plan.TestPlan;
import io.github.ccrhil.evidence.Outcome;
import io.github.ccrhil.evidence.Verdict;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The default plan against the emulated CCR served as Modbus TCP on loopback: the same verdicts as in process. */
class OverARealLinkTest {

    @TempDir
    Path dir;

    @Test
    void theDefaultPlanPassesOverLoopbackModbusTcpWithTheSameTracesAsInProcess() throws Exception {
        SecurityPlans.Plan cut = SecurityPlans.whole(SecurityPlans.FRAMES); // the hostile frames cut to size
        TestPlan plan = cut.plan();
        AcceptanceRun.Result linked;
        try (EmulatedCcrOverLoopback dut = new EmulatedCcrOverLoopback(plan)) {
            linked = new AcceptanceRun(plan, cut.text(), dut, dut.describe(), AcceptanceRun.Progress.NONE,
                    Clock.systemUTC()).run(dir.resolve("tcp"));
        }
        for (Verdict v : linked.verdicts()) {
            assertEquals(Outcome.PASS, v.outcome(), v.testId() + ": " + v.reason());
        }
        AcceptanceRun.Result local = new AcceptanceRun(plan, cut.text(), EmulatedCcrSessions.reference(plan),
                "in-process", AcceptanceRun.Progress.NONE, Clock.systemUTC()).run(dir.resolve("local"));
        // the security procedures test the link itself: in process they do not apply, and record no trace
        java.util.Set<String> security = new java.util.HashSet<>();
        plan.tests().stream().filter(t -> t.procedure().security()).forEach(t -> security.add("traces/" + t.id() + "/"));
        assertEquals(traces(local.bundle(), security), traces(linked.bundle(), security), "the link changes nothing the plant measured");
    }

    private static Map<String, String> traces(Path bundle, java.util.Set<String> except) throws java.io.IOException {
        Map<String, String> out = new TreeMap<>();
        Manifest.read(bundle).forEach((k, v) -> {
            if (except.stream().anyMatch(k::startsWith)) {
                return;
            }
            if (k.startsWith("traces/") && k.endsWith(".csv") && !k.endsWith(".events.csv")) {
                out.put(k, v);
            }
        });
        return out;
    }

    @Test
    void aDutThatStopsAnsweringOnTheLinkGivesInconclusiveWithinTheWatchdogNotAHang() {
        TestPlan full = PlanReader.defaultPlan();
        TestPlan plan = new TestPlan(full.name(), full.seed(), full.dut(), full.rig(), full.measurement(), full.equipment(),
                full.identity(), full.tests().stream().filter(t -> t.id().equals("identity") || t.id().equals("local-remote")
                        || t.id().equals("open-circuit")).toList());
        AcceptanceRun.Result r = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            try (EmulatedCcrOverLoopback dut = new EmulatedCcrOverLoopback(plan, Duration.ofMillis(300), 2)) {
                return new AcceptanceRun(plan, PlanReader.defaultPlanText(), dut, dut.describe(), AcceptanceRun.Progress.NONE,
                        Clock.systemUTC()).run(dir.resolve("stalled"));
            }
        });
        assertEquals(Outcome.INCONCLUSIVE, r.outcome());
        for (Verdict v : r.verdicts()) {
            if (v.testId().equals("identity")) {
                continue; // two requests are enough to read the identity
            }
            assertEquals(Outcome.INCONCLUSIVE, v.outcome(), v.testId() + ": " + v.reason());
            assertTrue(v.reason().contains("did not answer"), v.reason());
        }
        assertTrue(java.nio.file.Files.exists(r.bundle().resolve(BundleWriter.REPORT_FILE)));
    }
}
