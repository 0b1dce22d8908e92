package io.github.ccrhil.ccr.verify.campaign;

import io.github.ccrhil.evidence.bundle.BundleCheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ccrhil.ccr.verify.accept.bundle.BundleVerifier;
import io.github.ccrhil.evidence.Outcome;
import io.github.ccrhil.evidence.Provenance;
import io.github.ccrhil.evidence.TimeLimit;
import io.github.ccrhil.evidence.Verdict;
import io.github.ccrhil.evidence.bundle.BundleMarker;
import io.github.ccrhil.evidence.bundle.Manifest;
import io.github.ccrhil.evidence.bundle.Results;
import io.github.ccrhil.ccr.emulator.trace.TraceRow;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** A campaign's output is an evidence bundle that verify-bundle checks. */
class CampaignBundleTest {

    private static Path fresh(String name) throws IOException {
        Path p = Path.of("target", "campaign-bundle-test", name);
        if (Files.exists(p)) {
            try (Stream<Path> s = Files.walk(p)) {
                for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(x);
                }
            }
        }
        return p;
    }

    @Test
    void everyCaseLeavesItsRawTraceAndTheBundleHasAManifestWrittenLast() throws Exception {
        Path out = fresh("whole");
        Campaign.Summary s = Campaign.run(new Campaign.Config(4, 11, 1, 1, List.of(CaseKind.values()), 0.0, 2, 0),
                out, n -> { });
        JsonNode json = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        for (JsonNode c : json.get("results")) {
            Path trace = out.resolve(c.get("rawTrace").asText());
            try (InputStream in = new GZIPInputStream(Files.newInputStream(trace))) {
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(text.contains(TraceRow.HEADER), "trace has the column line: " + trace);
                assertTrue(text.lines().filter(l -> !l.startsWith("#")).count() > 2, "trace has rows: " + trace);
            }
            assertTrue(Files.exists(trace.resolveSibling(CampaignBundle.SCENARIO_FILE)));
        }
        for (String f : List.of("bundle.json", "identity.json", "report.html", "run.log", "junit.xml", "results.json")) {
            assertTrue(Manifest.read(out).containsKey(f), f + " is in the manifest");
        }
        assertEquals(s.outcomes().size(), Files.readAllLines(out.resolve("run.log")).stream()
                .filter(l -> l.startsWith("case ")).count());
        assertTrue(BundleVerifier.verify(out).ok(), () -> {
            try {
                return String.valueOf(BundleVerifier.verify(out).manifestProblems());
            } catch (Exception e) {
                return e.toString();
            }
        });
    }

    @Test
    void verifyBundleNamesARawTraceAlteredAfterTheCampaign() throws Exception {
        Path out = fresh("altered");
        Campaign.run(new Campaign.Config(2, 12, 1, 1, List.of(CaseKind.STEP_CHANGE), 0.0, 1, 0), out, n -> { });
        JsonNode json = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        String rel = json.get("results").get(0).get("rawTrace").asText();
        Files.write(out.resolve(rel), new byte[] {1, 2, 3});
        BundleCheck.Report r = BundleVerifier.verify(out);
        assertFalse(r.ok());
        assertTrue(r.manifestProblems().stream().anyMatch(p -> p.startsWith(rel + ": altered")), r.manifestProblems().toString());
    }

    @Test
    void theBundleIsOfKindCcrCampaignWithResultsInTheSharedShapeAndEachVerdictNamingItsCaseAndRawFiles() throws Exception {
        Path out = fresh("shape");
        Campaign.Summary s = Campaign.run(new Campaign.Config(3, 13, 1, 1, List.of(CaseKind.STEP_CHANGE), 0.0, 1, 0), out, n -> { });
        assertEquals(java.util.Optional.of(CampaignBundle.MARKER), BundleMarker.read(out));
        JsonNode json = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertEquals(Results.COMPLETE, json.get("status").asText());
        assertEquals(s.failed() > 0 ? "FAIL" : "PASS", json.get("verdict").asText());
        List<Verdict> recorded = Results.readVerdicts(out);
        assertEquals(3 * PropertyChecks.ALL.size(), recorded.size());
        for (Campaign.CaseOutcome o : s.outcomes()) {
            String dir = CampaignBundle.caseDir(o.index(), o.result().scenario());
            for (Verdict v : o.result().verdicts()) {
                Verdict r = recorded.stream().filter(x -> x.testId().equals(o.result().scenario().name() + " / " + v.testId()))
                        .findFirst().orElseThrow();
                assertEquals(v.outcome(), r.outcome());
                assertEquals(v.reason(), r.reason());
                assertEquals(v.checks(), r.checks());
                assertEquals(List.of(dir + "/" + CampaignBundle.RERUN_FILE, dir + "/" + CampaignBundle.SCENARIO_FILE,
                        dir + "/" + CampaignBundle.TRACE_FILE), r.files());
            }
        }
        assertEquals(CampaignBundle.KIND, BundleVerifier.verify(out).kind());
        assertThrows(IllegalArgumentException.class, () -> Campaign.run(
                new Campaign.Config(1, 13, 1, 1, List.of(CaseKind.STEP_CHANGE), 0.0, 1, 0), out, n -> { }),
                "a bundle is never written over an older one");
    }

    @Test
    void theSameSeedGivesTheSameBundleByteForByte() throws Exception {
        Campaign.Config c = new Campaign.Config(4, 21, 1, 1, List.of(CaseKind.values()), 0.0, 2, 0);
        Path a = fresh("same-a");
        Path b = fresh("same-b");
        Campaign.run(c, a, n -> { });
        Campaign.run(c, b, n -> { });
        assertEquals(Manifest.hashAll(a), Manifest.hashAll(b));
    }

    /** A planted failure (settling limit 0 s): the report puts the failing cases first, open, each with its plot. */
    @Test
    void theReportShowsFailingCasesFirstEachWithAPlotOfItsRawTrace() throws Exception {
        PropertyLimits d = PropertyLimits.defaultsFor(6.6);
        PropertyLimits impossible = new PropertyLimits(d.overshootA(),
                new TimeLimit("step-to-step settling", Duration.ZERO, Provenance.defaultValue("planted failure")),
                d.openCircuit(), d.lampEstimateLamps(), d.lampEstimateShare(), d.steadyAfter());
        Path out = fresh("report-failing");
        Campaign.Summary s = Campaign.run(CampaignPlan.of(new Campaign.Config(3, 3, 1, 1, List.of(CaseKind.STEP_CHANGE), 0.0, 1, 0), r -> impossible, false),
                out, n -> { });
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(s.failed() > 0, "a 0 s settling limit fails every step change");
        int firstPass = html.indexOf("<b class=\"PASS\">PASS</b>");
        for (Campaign.CaseOutcome o : s.outcomes()) {
            if (!o.result().failed()) {
                continue;
            }
            String name = o.result().scenario().name();
            int at = html.indexOf("<b class=\"FAIL\">FAIL</b> " + name);
            assertTrue(at >= 0, "failing case " + name + " is in the report");
            assertTrue(firstPass < 0 || at < firstPass, "failing case " + name + " comes before any passing one");
            String section = html.substring(at, html.indexOf("</details>", html.indexOf("<svg", at)));
            assertTrue(section.contains(CampaignBundle.caseDir(o.index(), o.result().scenario()) + "/" + CampaignBundle.TRACE_FILE),
                    "plotted from its raw trace");
            assertTrue(section.contains("Replay: java -jar cli/target/ccr-hil.jar replay "), "with its replay command");
        }
        long plots = html.split("<svg", -1).length - 1;
        assertTrue(plots >= s.failed(), plots + " plots for " + s.failed() + " failing cases");
        String junit = Files.readString(out.resolve("junit.xml"));
        assertTrue(junit.contains("failures=\"" + s.failed() + "\""), junit);
    }

    @Test
    void thePassingCasesWithTheHighestPeakCurrentAndTheSlowestSettlingArePlotted() throws Exception {
        Path out = fresh("report-extremes");
        Campaign.Summary s = Campaign.run(new Campaign.Config(5, 31, 1, 1, List.of(CaseKind.STEP_CHANGE), 0.0, 2, 0),
                out, n -> { });
        String html = Files.readString(out.resolve("report.html"));
        List<CampaignBundle.Entry> entries = Campaign.entries(s);
        List<CampaignBundle.Extreme> extremes = CampaignBundle.extremes(entries);
        assertEquals(2, extremes.size(), extremes.toString());
        double highest = 0;
        for (Campaign.CaseOutcome o : s.outcomes()) {
            Verdict v = o.result().verdict(PropertyChecks.OVERSHOOT);
            if (!o.result().failed() && v.outcome() == Outcome.PASS) {
                highest = Math.max(highest, CampaignBundle.number(v.checks().get(0).measured()));
            }
        }
        assertTrue(extremes.get(0).why().startsWith("highest peak current"), extremes.get(0).why());
        assertTrue(extremes.get(0).why().endsWith(String.format(java.util.Locale.ROOT, "%.3f A", highest)), extremes.get(0).why());
        assertTrue(extremes.get(1).why().startsWith("slowest settling"), extremes.get(1).why());
        for (CampaignBundle.Extreme x : extremes) {
            assertTrue(html.contains("Plotted as the " + x.why().replace(">", "&gt;") + "."), x.why());
        }
        assertTrue(html.contains("<svg"), "the extremes are plotted");
    }

    @Test
    void aCampaignBundleWrittenBeforeBundleJsonIsStillCheckedByItsManifest() throws Exception {
        Path out = fresh("legacy");
        Files.createDirectories(out);
        Files.writeString(out.resolve(CampaignBundle.LEGACY_MARKER_FILE), "{\"kind\": \"ccr-hil campaign bundle\"}\n");
        Files.writeString(out.resolve("run.log"), "0 cases run, 0 failed\n");
        Manifest.write(out);
        BundleCheck.Report r = BundleVerifier.verify(out);
        assertEquals(CampaignBundle.KIND, r.kind());
        assertFalse(r.rederived());
        assertTrue(r.ok(), r.manifestProblems().toString());
        Files.writeString(out.resolve("run.log"), "1 cases run, 1 failed\n");
        assertTrue(BundleVerifier.verify(out).manifestProblems().stream().anyMatch(p -> p.startsWith("run.log: altered")));
    }
}
