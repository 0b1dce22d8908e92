package io.github.ccrhil.water.verify.accept;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.evidence.Check;
import io.github.ccrhil.evidence.Outcome;
import io.github.ccrhil.evidence.Verdict;
import io.github.ccrhil.evidence.bundle.BundleCheck;
import io.github.ccrhil.evidence.bundle.BundleMarker;
import io.github.ccrhil.evidence.bundle.Manifest;
import io.github.ccrhil.evidence.bundle.Results;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole acceptance suite on the embedded default, at a short scan period and a small load. */
class AcceptanceSuiteTest {
    @TempDir
    Path dir;

    /** The number at the start of a check's measured text, e.g. 812 of "812 ms". */
    static double measured(Check c) {
        return Double.parseDouble(c.measured().split(" ")[0]);
    }

    @Test
    void embeddedDefaultPassesEveryFunctionalCheckMeasuresTheTimedOnesAndTheBundleIsComplete() throws Exception {
        AcceptanceSuite suite = new AcceptanceSuite(new AcceptanceSuite.Options(Duration.ofMillis(250), 3, 100, 4,
                dir.resolve("work"), null));
        Path bundle = dir.resolve("bundle");
        List<Verdict> verdicts = suite.run(bundle);
        String failed = verdicts.stream().filter(v -> v.outcome() != Outcome.PASS).map(v -> v.testId() + ": " + v.reason())
                .collect(Collectors.joining("\n"));
        assertEquals(List.of("IDENTITY", "SCAN_PERIOD_UNDER_LOAD", "ALARM_LATENCY", "COMMAND_AUTHORITY", "COMMAND_REPLAY", "LOGIN_RATE_LIMIT", "FAILOVER_TIME",
                "HISTORIAN_COMPLETENESS", "PLC_SAFE_SERVER_FLOODED_OR_DOWN", "PLC_AUTONOMY", "TURBIDITY_STEP"), verdicts.stream().map(Verdict::testId).toList());
        // functional checks must pass; the timed ones (scan period, alarm latency, failover time) are
        // measurements judged by the suite, not by this unit test (machines are noisy)
        for (Verdict v : verdicts) {
            if (List.of("COMMAND_AUTHORITY", "COMMAND_REPLAY", "LOGIN_RATE_LIMIT").contains(v.testId())) {
                // its server may have been the standby by then on an overloaded host (its lease lapsed): said so, never FAIL
                assertTrue(v.outcome() == Outcome.PASS || v.outcome() == Outcome.INCONCLUSIVE
                        && v.reason().startsWith("host overloaded during this check: "), v.testId() + ": " + v.reason());
            } else if (List.of("IDENTITY", "HISTORIAN_COMPLETENESS", "PLC_SAFE_SERVER_FLOODED_OR_DOWN", "PLC_AUTONOMY", "TURBIDITY_STEP").contains(v.testId())) {
                assertEquals(Outcome.PASS, v.outcome(), v.testId() + ": " + v.reason());
            } else {
                double m = measured(v.checks().get(0));
                assertTrue(Double.isFinite(m) && m >= 0, v.testId() + " measured: " + v.reason());
                // recorded its raw data: inconclusive only when the timing missed on an overloaded host, saying so
                assertTrue(v.outcome() != Outcome.INCONCLUSIVE || v.reason().startsWith("host overloaded during this check: "),
                        v.testId() + " recorded its raw data: " + v.reason());
            }
            // every check names its limit with the limit's own provenance, and the raw files it was judged from
            for (Check c : v.checks()) {
                assertTrue(!c.limitName().isBlank() && !c.provenance().isBlank() && !c.provenance().startsWith("default ("),
                        v.testId() + ": " + c);
            }
            assertTrue(!v.files().isEmpty() && v.files().stream().allMatch(f -> Files.isRegularFile(bundle.resolve(f))),
                    v.testId() + " files " + v.files());
        }
        verdicts.stream().filter(v -> List.of("COMMAND_REPLAY", "LOGIN_RATE_LIMIT", "PLC_SAFE_SERVER_FLOODED_OR_DOWN").contains(v.testId()))
                .forEach(v -> System.out.println(v.testId() + " " + v.outcome() + ": " + v.reason()));
        System.out.println(failed.isEmpty() ? "all 11 checks passed" : "checks not passed:\n" + failed);

        Map<String, String> manifest = Manifest.read(bundle);
        List<String> paths = new ArrayList<>();
        for (Map.Entry<String, String> f : manifest.entrySet()) {
            paths.add(f.getKey());
            assertEquals(f.getValue(), Manifest.sha256(bundle.resolve(f.getKey())), "manifest hash of " + f.getKey());
        }
        assertTrue(paths.containsAll(List.of("bundle.json", "identity.json", "junit.xml", WaterPlan.FILE, "report.html", "results.json",
                "run.log", "traces/turbidity_step.csv", RawData.SCAN, RawData.ALARM, RawData.COMMANDS, RawData.FAILOVER,
                RawData.HISTORIAN, RawData.HISTORIAN_SAMPLES, RawData.AUTONOMY, RawData.REPLAY, RawData.LOGINS, RawData.LOGIN_ATTEMPTS, RawData.PLC_SAFETY, RawData.PLC_SAFETY_SAMPLES, RawData.IDENTITY, RawData.HARDWARE, RawData.PACKAGES,
                RawData.hostFile(WaterPlan.SCAN_PERIOD_UNDER_LOAD),
                RawData.hostFile(WaterPlan.ALARM_LATENCY), RawData.hostFile(WaterPlan.COMMAND_AUTHORITY), RawData.hostFile(WaterPlan.COMMAND_REPLAY), RawData.hostFile(WaterPlan.LOGIN_RATE_LIMIT),
                RawData.hostFile(WaterPlan.FAILOVER_TIME))), paths.toString());
        assertEquals(WaterAcceptanceBundle.MARKER, BundleMarker.read(bundle).orElseThrow());
        String junit = Files.readString(bundle.resolve("junit.xml"));
        assertTrue(junit.contains("tests=\"11\" failures=\"" + verdicts.stream().filter(Verdict::failed).count() + "\""), junit);
        String html = Files.readString(bundle.resolve("report.html"));
        assertTrue(html.contains("<svg") && html.contains("application") && !html.contains("<script src"), "self-contained report");

        // the verdicts are a pure function of the plan and the recorded raw data: re-derived from the
        // bundle they are the live ones, and results.json holds the same
        assertEquals(verdicts, Results.readVerdicts(bundle));
        BundleCheck.Report check = BundleCheck.verify(bundle, List.of(new WaterAcceptanceBundle()));
        assertTrue(check.ok(), check.manifestProblems() + " " + check.verdictProblems());
        assertEquals(verdicts, check.recomputed());
    }
}
