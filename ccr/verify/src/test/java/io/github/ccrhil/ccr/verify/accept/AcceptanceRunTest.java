package io.github.ccrhil.ccr.verify.accept;

import io.github.ccrhil.evidence.bundle.BundleCheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.evidence.ComponentIdentity;
import io.github.ccrhil.ccr.verify.accept.bundle.AcceptanceBundle;
import io.github.ccrhil.ccr.verify.accept.bundle.BundleVerifier;
import io.github.ccrhil.ccr.verify.accept.bundle.BundleWriter;
import io.github.ccrhil.evidence.bundle.BundleMarker;
import io.github.ccrhil.evidence.bundle.Manifest;
import io.github.ccrhil.ccr.verify.accept.dut.DutException;
import io.github.ccrhil.ccr.verify.accept.dut.EmulatedCcr;
import io.github.ccrhil.ccr.verify.accept.dut.EmulatedCcrSessions;
import io.github.ccrhil.ccr.verify.accept.dut.RemoteInterface;
import io.github.ccrhil.ccr.verify.accept.plan.PlanReader;
import io.github.ccrhil.ccr.verify.accept.plan.TestPlan;
import io.github.ccrhil.ccr.verify.accept.procedure.Procedures;
import io.github.ccrhil.ccr.verify.accept.verdict.BundleJudge;
import io.github.ccrhil.evidence.Outcome;
import io.github.ccrhil.ccr.verify.accept.verdict.RawRun;
import io.github.ccrhil.evidence.Verdict;
import io.github.ccrhil.evidence.yaml.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The default plan against the reference firmware in simulated time, and the evidence bundle it leaves. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AcceptanceRunTest {

    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
    static Path dir;

    private final TestPlan plan = PlanReader.defaultPlan();
    private AcceptanceRun.Result reference;

    @BeforeAll
    void runTheDefaultPlanOnce() throws IOException {
        reference = run(EmulatedCcrSessions.reference(plan), dir.resolve("reference"));
    }

    private AcceptanceRun.Result run(Procedures.Session session, Path bundle) throws IOException {
        return new AcceptanceRun(plan, PlanReader.defaultPlanText(), session, "in-process", AcceptanceRun.Progress.NONE,
                Clock.systemUTC()).run(bundle);
    }

    @Test
    void theReferenceFirmwarePassesEveryTestOfTheDefaultPlan() {
        assertEquals(plan.tests().size(), reference.verdicts().size());
        for (Verdict v : reference.verdicts()) {
            boolean security = plan.tests().stream().anyMatch(t -> t.id().equals(v.testId()) && t.procedure().security());
            // in process there is no Modbus interface: the security procedures run over a link (SecurityProceduresTest)
            assertEquals(security ? Outcome.NOT_APPLICABLE : Outcome.PASS, v.outcome(), v.testId() + ": " + v.reason());
            assertFalse(v.checks().isEmpty(), v.testId() + " judged nothing");
        }
        assertEquals(Outcome.PASS, reference.outcome());
    }

    @Test
    void theBundleHoldsEveryPartTheDesignNames() throws IOException {
        Path b = reference.bundle();
        for (String f : List.of(BundleWriter.PLAN_FILE, BundleWriter.RESULTS_FILE, BundleWriter.JUNIT_FILE,
                BundleWriter.REPORT_FILE, BundleWriter.IDENTITY_FILE, BundleWriter.LOG_FILE, Manifest.FILE)) {
            assertTrue(Files.isRegularFile(b.resolve(f)), f + " missing");
        }
        try (var s = Files.list(b.resolve(BundleWriter.COMTRADE_DIR))) {
            List<String> names = s.map(p -> p.getFileName().toString()).sorted().toList();
            assertTrue(names.stream().anyMatch(n -> n.startsWith("short-circuit-surge__") && n.endsWith(".cfg")), names.toString());
            for (String n : names.stream().filter(x -> x.endsWith(".cfg")).toList()) {
                assertTrue(names.contains(n.replace(".cfg", ".dat")), n + " has no .dat");
            }
        }
        String html = Files.readString(b.resolve(BundleWriter.REPORT_FILE), StandardCharsets.UTF_8);
        long plots = html.split("<svg", -1).length - 1;
        long runs = 0;
        for (var t : plan.tests()) {
            runs += BundleJudge.runs(b, t).stream().filter(run -> !run.rows().isEmpty()).count(); // not the ones that did not apply
        }
        assertEquals(runs, plots, "one plot per run");
        assertFalse(html.contains("src=\"http") || html.contains("<script"), "the report must be self-contained");
        var parser = javax.xml.parsers.DocumentBuilderFactory.newInstance();
        for (var m : java.util.regex.Pattern.compile("<svg.*?</svg>", java.util.regex.Pattern.DOTALL).matcher(html).results().toList()) {
            try {
                parser.newDocumentBuilder().parse(new java.io.ByteArrayInputStream(m.group().getBytes(StandardCharsets.UTF_8)));
            } catch (Exception e) {
                throw new AssertionError("plot is not well-formed SVG: " + e.getMessage(), e);
            }
        }
        String junit = Files.readString(b.resolve(BundleWriter.JUNIT_FILE), StandardCharsets.UTF_8);
        assertTrue(junit.contains("tests=\"" + plan.tests().size() + "\" failures=\"0\" errors=\"0\""), junit.lines().limit(3).toList().toString());
    }

    @Test
    void theSamePlanAndSeedGiveIdenticalVerdictsAndTraceHashes() throws IOException {
        AcceptanceRun.Result again = run(EmulatedCcrSessions.reference(plan), dir.resolve("again"));
        assertEquals(reference.verdicts(), again.verdicts());
        Map<String, String> a = withoutLog(Manifest.read(reference.bundle()));
        Map<String, String> b = withoutLog(Manifest.read(again.bundle()));
        assertEquals(a, b, "every file but the wall-clock run log is bit-identical");
        assertTrue(a.keySet().stream().filter(k -> k.startsWith("traces/") && k.endsWith(".csv")).count() > 20);
    }

    @Test
    void anotherSeedGivesOtherTraceHashes() throws IOException {
        TestPlan reseeded = new TestPlan(plan.name(), plan.seed() + 1, plan.dut(), plan.rig(), plan.measurement(),
                plan.equipment(), plan.identity(), plan.tests().subList(0, 2));
        AcceptanceRun.Result r = new AcceptanceRun(reseeded, PlanReader.defaultPlanText(), EmulatedCcrSessions.reference(reseeded),
                "in-process", AcceptanceRun.Progress.NONE, Clock.systemUTC()).run(dir.resolve("reseeded"));
        Map<String, String> other = Manifest.read(r.bundle());
        Map<String, String> ours = Manifest.read(reference.bundle());
        String trace = other.keySet().stream().filter(k -> k.startsWith("traces/step-accuracy/") && k.endsWith("0.csv"))
                .findFirst().orElseThrow();
        assertNotEquals(ours.get(trace), other.get(trace));
    }

    private static Map<String, String> withoutLog(Map<String, String> m) {
        Map<String, String> out = new TreeMap<>(m);
        out.remove(BundleWriter.LOG_FILE);
        return out;
    }

    @Test
    void verifyBundleRecomputesEveryVerdictOfAnUntouchedBundle() throws IOException, ConfigException {
        BundleCheck.Report r = BundleVerifier.verify(reference.bundle());
        assertTrue(r.ok(), r.manifestProblems() + " " + r.verdictProblems());
        assertEquals(reference.verdicts(), r.recomputed());
    }

    @Test
    void theBundleSaysItIsAnAcceptanceBundleAndOneWrittenBeforeThatIsStillReadAsOne() throws IOException, ConfigException {
        assertEquals(java.util.Optional.of(AcceptanceBundle.MARKER), BundleMarker.read(reference.bundle()));
        assertEquals("ccr-acceptance", BundleVerifier.verify(reference.bundle()).kind());
        Path old = copy(reference.bundle(), dir.resolve("unmarked"));
        Files.delete(old.resolve(BundleMarker.FILE));
        Manifest.write(old);
        BundleCheck.Report r = BundleVerifier.verify(old);
        assertTrue(r.ok() && r.rederived(), r.manifestProblems() + " " + r.verdictProblems());
        assertEquals("ccr-acceptance", r.kind());
        assertEquals(reference.verdicts(), r.recomputed());
    }

    @Test
    void verifyBundleNamesTheAlteredTraceAndTheVerdictItChanges() throws IOException, ConfigException {
        Path copy = copy(reference.bundle(), dir.resolve("tampered"));
        Path trace = copy.resolve("traces/open-circuit/step1-load030-in+00-fail00.csv");
        // push the de-energisation back by rewriting the plant voltage of the rows after the trip
        List<String> lines = Files.readAllLines(trace, StandardCharsets.UTF_8);
        StringBuilder b = new StringBuilder();
        for (String l : lines) {
            String[] f = l.split(",", -1);
            if (f.length == 18 && !l.startsWith("t_s") && Double.parseDouble(f[0]) > 5.5 && Double.parseDouble(f[0]) < 7.5) {
                f[13] = "1500.00";
                l = String.join(",", f);
            }
            b.append(l).append('\n');
        }
        Files.writeString(trace, b.toString(), StandardCharsets.UTF_8);
        BundleCheck.Report r = BundleVerifier.verify(copy);
        assertFalse(r.ok());
        assertEquals(1, r.manifestProblems().size(), r.manifestProblems().toString());
        assertTrue(r.manifestProblems().get(0).startsWith("traces/open-circuit/step1-load030-in+00-fail00.csv: altered"));
        assertEquals(1, r.verdictProblems().size(), r.verdictProblems().toString());
        String problem = r.verdictProblems().get(0);
        assertTrue(problem.startsWith("open-circuit: results.json says PASS") && problem.contains("the raw traces give FAIL")
                && problem.endsWith("altered: traces/open-circuit/step1-load030-in+00-fail00.csv"), problem);
    }

    @Test
    void verifyBundleNamesAnAlteredResultsFile() throws IOException, ConfigException {
        Path copy = copy(reference.bundle(), dir.resolve("results-edited"));
        Path results = copy.resolve(BundleWriter.RESULTS_FILE);
        String text = Files.readString(results, StandardCharsets.UTF_8);
        Files.writeString(results, text.replaceFirst("\"measured\" : \"[0-9.]+ s\"", "\"measured\" : \"0.100 s\""));
        BundleCheck.Report r = BundleVerifier.verify(copy);
        assertEquals(List.of(BundleWriter.RESULTS_FILE), r.manifestProblems().stream().map(p -> p.substring(0, p.indexOf(':'))).toList());
        assertEquals(1, r.verdictProblems().size(), r.verdictProblems().toString());
    }

    @Test
    void aDutThatStopsAnsweringGivesInconclusiveWithTheReasonNeverAHang() throws IOException {
        Procedures.Session dead = (point, seed, configure) -> {
            EmulatedCcr ccr = EmulatedCcrSessions.build(plan, point, seed, configure, io.github.ccrhil.ccr.verify.accept.dut.Firmware.Factory.REFERENCE);
            RemoteInterface inner = ccr.remote();
            ccr.useRemote(new RemoteInterface() {
                int calls;

                private void maybeDie() throws DutException {
                    if (++calls > 3) {
                        throw new DutException("no answer within 500 ms (transaction timed out)");
                    }
                }

                public Outcome selectStep(int step) throws DutException {
                    maybeDie();
                    return inner.selectStep(step);
                }

                public Readout read() throws DutException {
                    maybeDie();
                    return inner.read();
                }

                public List<ComponentIdentity> identity() throws DutException {
                    throw new DutException("no answer within 500 ms (transaction timed out)");
                }

                public String describe() {
                    return "dies after 3 requests";
                }

                public void close() {
                }
            });
            return ccr;
        };
        AcceptanceRun.Result r = run(dead, dir.resolve("dead"));
        assertEquals(Outcome.INCONCLUSIVE, r.outcome());
        for (Verdict v : r.verdicts()) {
            if (plan.tests().stream().anyMatch(t -> t.id().equals(v.testId()) && t.procedure().security())) {
                // in process there is no Modbus interface: the security procedures do not apply, whatever the DUT answers
                assertEquals(Outcome.NOT_APPLICABLE, v.outcome(), v.testId() + ": " + v.reason());
                continue;
            }
            assertEquals(Outcome.INCONCLUSIVE, v.outcome(), v.testId() + ": " + v.reason());
            assertTrue(v.reason().contains("no answer within 500 ms"), v.reason());
        }
    }

    @Test
    void whateverWasRecordedBeforeACrashStaysReadableAndCheckable() throws IOException, ConfigException {
        int[] runs = {0};
        Procedures.Session crashing = (point, seed, configure) -> {
            if (++runs[0] == 5) {
                throw new IllegalStateException("simulated harness crash");
            }
            return EmulatedCcrSessions.reference(plan).open(point, seed, configure);
        };
        Path b = dir.resolve("crashed");
        assertThrows(IllegalStateException.class, () -> run(crashing, b));
        assertTrue(Manifest.problems(b).isEmpty(), "the manifest covers what was written");
        TestPlan p = PlanReader.read(b.resolve(BundleWriter.PLAN_FILE));
        List<RawRun> recorded = BundleJudge.runs(b, p.tests().get(1));
        assertEquals(4, recorded.size(), "three complete runs and the one that crashed");
        assertTrue(recorded.get(0).rows().size() > 1000);
        assertTrue(Files.readString(b.resolve(BundleWriter.LOG_FILE)).contains("run aborted: java.lang.IllegalStateException"));
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (var s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
        return to;
    }
}
