package io.github.ccrhil.ccr.verify.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ccrhil.ccr.verify.accept.bundle.BundleVerifier;
import io.github.ccrhil.evidence.ExitCode;
import io.github.ccrhil.evidence.Provenance;
import io.github.ccrhil.evidence.TimeLimit;
import io.github.ccrhil.evidence.Verdict;
import io.github.ccrhil.evidence.bundle.BundleCheck;
import io.github.ccrhil.evidence.bundle.Manifest;
import io.github.ccrhil.evidence.bundle.Results;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a forger does to a campaign bundle, each time recomputing the manifest: {@code
 * verify-bundle} re-judges every case from campaign-plan.json and the raw traces, regenerates
 * results.json, junit.xml, report.html, run.log and failures/, and names the file that does not
 * follow. A byte flipped in any file is named, with the "altered" exit code.
 */
class ForgedCampaignBundleTest {

    @TempDir
    static Path dir;

    private static Path original;
    private static Campaign.Summary summary;

    /** Six cases of every kind, judged against a planted 0 s settling limit so that some fail and some pass. */
    @BeforeAll
    static void aCampaignWithFailingAndPassingCases() throws Exception {
        PropertyLimits d = PropertyLimits.defaultsFor(6.6);
        original = dir.resolve("original");
        summary = Campaign.run(CampaignPlan.of(new Campaign.Config(6, 3, 1, 1, List.of(CaseKind.values()), 0.0, 2, 0),
                r -> {
                    PropertyLimits x = PropertyLimits.defaultsFor(RunContext.stepsNamed(r.stepTable()).ratedCurrentA());
                    return new PropertyLimits(x.overshootA(), new TimeLimit("step-to-step settling", Duration.ZERO,
                            Provenance.defaultValue("planted failure")), x.openCircuit(), x.lampEstimateLamps(),
                            x.lampEstimateShare(), x.steadyAfter());
                }, true), original, n -> { });
        assertTrue(summary.failed() > 0 && summary.failed() < 6, summary.failed() + " of 6 cases fail");
        BundleCheck.Report r = BundleVerifier.verify(original);
        assertTrue(r.ok(), r.toString());
        assertEquals(ExitCode.FAIL, r.exitCode());
        assertEquals(Results.readVerdicts(original), r.recomputed(), "every case re-judged as the run judged it");
    }

    private static Path copy(String name) throws IOException {
        Path to = dir.resolve(name);
        try (Stream<Path> s = Files.walk(original)) {
            for (Path p : s.toList()) {
                Path q = to.resolve(original.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else {
                    Files.copy(p, q);
                }
            }
        }
        return to;
    }

    /** The forger's last step: a manifest that matches every file again. */
    private static BundleCheck.Report forgedAndResealed(Path bundle) throws Exception {
        Manifest.write(bundle);
        BundleCheck.Report r = BundleVerifier.verify(bundle);
        assertTrue(r.manifestProblems().isEmpty(), r.manifestProblems().toString());
        assertEquals(ExitCode.ALTERED, r.exitCode(), r.toString());
        return r;
    }

    private static List<String> problems(BundleCheck.Report r) {
        List<String> all = new ArrayList<>(r.manifestProblems());
        all.addAll(r.verdictProblems());
        all.addAll(r.derivedProblems());
        return all;
    }

    private static void named(BundleCheck.Report r, String file) {
        assertTrue(problems(r).stream().anyMatch(p -> p.startsWith(file + ":") || p.contains(" " + file + " ")),
                file + " is named: " + problems(r));
    }

    private static Campaign.CaseOutcome aFailingCase() {
        return summary.outcomes().stream().filter(o -> o.result().failed()).findFirst().orElseThrow();
    }

    @Test
    void aFailTurnedIntoAPassInResultsJsonIsCaught() throws Exception {
        Path b = copy("fail-to-pass");
        ObjectNode root = (ObjectNode) Results.JSON.readTree(b.resolve("results.json").toFile());
        for (JsonNode v : root.get("verdicts")) {
            if (v.get("outcome").asText().equals("FAIL")) {
                ((ObjectNode) v).put("outcome", "PASS");
            }
        }
        for (JsonNode c : root.get("results")) {
            ((ObjectNode) c).put("verdict", "PASS");
        }
        root.put("verdict", "PASS");
        root.put("casesFailed", 0);
        Results.JSON.writeValue(b.resolve("results.json").toFile(), root);
        BundleCheck.Report r = forgedAndResealed(b);
        String name = aFailingCase().result().scenario().name();
        assertTrue(r.verdictProblems().stream().anyMatch(p -> p.startsWith(name + " / ") && p.contains("results.json says PASS")
                && p.contains("the raw traces give FAIL")), r.verdictProblems().toString());
        named(r, "results.json");
    }

    @Test
    void aChangedCountIsCaught() throws Exception {
        Path b = copy("count");
        ObjectNode root = (ObjectNode) Results.JSON.readTree(b.resolve("results.json").toFile());
        ObjectNode counts = (ObjectNode) root.get("counts");
        counts.put("FAIL", counts.get("FAIL").asLong() - 1);
        counts.put("PASS", counts.get("PASS").asLong() + 1);
        Results.JSON.writeValue(b.resolve("results.json").toFile(), root);
        named(forgedAndResealed(b), "results.json");
    }

    @Test
    void anEmptiedFailuresFolderIsCaught() throws Exception {
        Path b = copy("no-failures");
        try (Stream<Path> s = Files.list(b.resolve("failures"))) {
            for (Path p : s.toList()) {
                Files.delete(p);
            }
        }
        BundleCheck.Report r = forgedAndResealed(b);
        Campaign.CaseOutcome o = aFailingCase();
        assertTrue(r.derivedProblems().contains("failures/: no failure file for failing case " + o.index() + " "
                + o.result().scenario().name()), r.derivedProblems().toString());
    }

    @Test
    void anEditedReportIsCaught() throws Exception {
        Path b = copy("report");
        String html = Files.readString(b.resolve("report.html"));
        Files.writeString(b.resolve("report.html"), html.replace("<b class=\"FAIL\">FAIL</b>", "<b class=\"PASS\">PASS</b>"));
        named(forgedAndResealed(b), "report.html");
    }

    @Test
    void aJunitFailureRemovedIsCaught() throws Exception {
        Path b = copy("junit");
        String xml = Files.readString(b.resolve("junit.xml"));
        assertTrue(xml.contains("<failure"), xml);
        Files.writeString(b.resolve("junit.xml"), xml.replaceAll("(?s)<failure.*?</failure>", ""));
        named(forgedAndResealed(b), "junit.xml");
    }

    @Test
    void anEditedRunLogIsCaught() throws Exception {
        Path b = copy("log");
        Files.writeString(b.resolve("run.log"), Files.readString(b.resolve("run.log")).replaceAll("FAIL \\([^)]*\\)", "pass"));
        named(forgedAndResealed(b), "run.log");
    }

    @Test
    void aCaseDroppedEverywhereIsCaughtAndDroppingItFromThePlanTooChangesThePlansSha256() throws Exception {
        Path b = copy("dropped");
        Campaign.CaseOutcome last = summary.outcomes().get(summary.outcomes().size() - 1);
        List<CampaignBundle.Entry> kept = new ArrayList<>(Campaign.entries(summary));
        kept.removeIf(e -> e.index() == last.index());
        dropEverywhere(b, last, kept);
        BundleCheck.Report r = forgedAndResealed(b);
        String caseDir = CampaignBundle.caseDir(last.index(), last.result().scenario());
        assertTrue(r.derivedProblems().stream().anyMatch(p -> p.startsWith(caseDir + "/: missing")), r.derivedProblems().toString());
        assertTrue(r.verdictProblems().stream().anyMatch(p -> p.startsWith(last.result().scenario().name() + " / ")
                && p.contains("no verdict in results.json")), r.verdictProblems().toString());

        // the thorough forger also says the campaign had one case fewer: the bundle holds, but its
        // plan is no longer the plan a reviewer expects (verify-bundle --expect-plan)
        Path p = copy("dropped-from-the-plan");
        dropEverywhere(p, last, kept);
        ObjectNode plan = (ObjectNode) Results.JSON.readTree(p.resolve(CampaignPlan.FILE).toFile());
        plan.put("cases", 5);
        Results.JSON.writeValue(p.resolve(CampaignPlan.FILE).toFile(), plan);
        ObjectNode root = (ObjectNode) Results.JSON.readTree(p.resolve("results.json").toFile());
        root.put("cases", 5);
        Results.JSON.writeValue(p.resolve("results.json").toFile(), root);
        Manifest.write(p);
        BundleCheck.Report holds = BundleVerifier.verify(p);
        BundleCheck.Report honest = BundleVerifier.verify(original);
        assertNotEquals(honest.planSha256(), holds.planSha256(), "--expect-plan with the honest plan's SHA-256 rejects it");
        assertEquals(Manifest.sha256(original.resolve(CampaignPlan.FILE)), honest.planSha256());
    }

    /** Removes a case's raw data, failure file and verdicts and regenerates the derived files without it, as our own writer would. */
    private static void dropEverywhere(Path b, Campaign.CaseOutcome dropped, List<CampaignBundle.Entry> kept) throws IOException {
        String caseDir = CampaignBundle.caseDir(dropped.index(), dropped.result().scenario());
        try (Stream<Path> s = Files.walk(b.resolve(caseDir))) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
        if (dropped.file() != null) {
            Files.delete(b.resolve("failures").resolve(dropped.file().getFileName()));
        }
        CampaignBundle.writeDerived(b, b, Campaign.bundleRun(summary.config()), kept);
    }

    @Test
    void aChangedTraceHeaderIsCaught() throws Exception {
        Path b = copy("header");
        Campaign.CaseOutcome o = summary.outcomes().get(0);
        Path trace = b.resolve(CampaignBundle.caseDir(o.index(), o.result().scenario()) + "/" + CampaignBundle.TRACE_FILE);
        String text;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(trace))) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(trace))) {
            out.write(text.replace("# case: " + o.index() + "\n", "# case: 99\n").getBytes(StandardCharsets.UTF_8));
        }
        BundleCheck.Report r = forgedAndResealed(b);
        String rel = b.relativize(trace).toString().replace('\\', '/');
        assertTrue(r.derivedProblems().stream().anyMatch(p -> p.startsWith(rel + ": header")), r.derivedProblems().toString());
    }

    @Test
    void aLimitLoosenedInThePlanIsCaught() throws Exception {
        Path b = copy("limit");
        String plan = Files.readString(b.resolve(CampaignPlan.FILE));
        Files.writeString(b.resolve(CampaignPlan.FILE), plan.replace("\"PT0S\"", "\"PT1S\""));
        BundleCheck.Report r = forgedAndResealed(b);
        String name = aFailingCase().result().scenario().name();
        assertTrue(r.verdictProblems().stream().anyMatch(p -> p.startsWith(name + " / ") && p.contains("results.json says FAIL")),
                r.verdictProblems().toString());
        assertNotEquals(BundleVerifier.verify(original).planSha256(), r.planSha256());
    }

    @Test
    void aForgedSecondRunIsCaught() throws Exception {
        Path b = copy("rerun");
        Campaign.CaseOutcome o = summary.outcomes().get(0);
        Path rerun = b.resolve(CampaignBundle.caseDir(o.index(), o.result().scenario()) + "/" + CampaignBundle.RERUN_FILE);
        Files.writeString(rerun, "0".repeat(64) + Files.readString(rerun).substring(64));
        BundleCheck.Report r = forgedAndResealed(b);
        assertTrue(r.verdictProblems().stream().anyMatch(p -> p.startsWith(o.result().scenario().name() + " / "
                + PropertyChecks.DETERMINISM) && p.contains("the raw traces give FAIL")), r.verdictProblems().toString());
    }

    /**
     * identity.json against the DUT identity campaign-plan.json declares before any case: a forged
     * hash is named; forged in the plan too, the bundle holds but its plan's SHA-256 changes.
     */
    @Test
    void aForgedIdentityHashIsCaughtAndForgingThePlanTooChangesThePlansSha256() throws Exception {
        Path b = copy("identity");
        ObjectNode id = (ObjectNode) Results.JSON.readTree(b.resolve("identity.json").toFile());
        ObjectNode first = (ObjectNode) id.get("dut").get(0);
        String component = first.get("component").asText();
        String honest = first.get("sha256").asText();
        String forged = "0".repeat(63) + "1";
        first.put("sha256", forged);
        Results.JSON.writeValue(b.resolve("identity.json").toFile(), id);
        BundleCheck.Report r = forgedAndResealed(b);
        assertTrue(r.derivedProblems().contains("identity.json: DUT component \"" + component + "\" has sha256 " + forged
                + ", campaign-plan.json declares " + honest), r.derivedProblems().toString());

        Path p = copy("identity-and-plan");
        Results.JSON.writeValue(p.resolve("identity.json").toFile(), id);
        Files.writeString(p.resolve(CampaignPlan.FILE), Files.readString(p.resolve(CampaignPlan.FILE)).replace(honest, forged));
        CampaignBundle.writeDerived(p, p, Campaign.bundleRun(summary.config()), Campaign.entries(summary)); // the report shows identity.json
        Manifest.write(p);
        BundleCheck.Report holds = BundleVerifier.verify(p);
        assertTrue(holds.ok(), holds.toString());
        assertNotEquals(BundleVerifier.verify(original).planSha256(), holds.planSha256(),
                "--expect-plan with the honest plan's SHA-256 rejects it");
    }

    @Test
    void anIdentityComponentDroppedIsCaught() throws Exception {
        Path b = copy("identity-dropped");
        ObjectNode id = (ObjectNode) Results.JSON.readTree(b.resolve("identity.json").toFile());
        String component = id.get("dut").get(0).get("component").asText();
        ((ArrayNode) id.get("dut")).remove(0);
        Results.JSON.writeValue(b.resolve("identity.json").toFile(), id);
        BundleCheck.Report r = forgedAndResealed(b);
        assertTrue(r.derivedProblems().contains("identity.json: no DUT component \"" + component + "\", which campaign-plan.json"
                + " declares"), r.derivedProblems().toString());
    }

    @Test
    void aByteFlippedInAnyFileIsCaughtAndNamesThatFile() throws Exception {
        List<String> files = new ArrayList<>(Manifest.read(original).keySet());
        files.add(Manifest.FILE);
        for (String f : files) {
            Path b = copy("flip-" + f.replaceAll("[^A-Za-z0-9.-]", "_"));
            byte[] bytes = Files.readAllBytes(b.resolve(f));
            int at = bytes.length / 2;
            bytes[at] ^= 0x01;
            Files.write(b.resolve(f), bytes);
            BundleCheck.Report r = BundleVerifier.verify(b);
            assertEquals(ExitCode.ALTERED, r.exitCode(), f + ": " + r);
            assertTrue(r.manifestProblems().stream().anyMatch(p -> p.startsWith(f + ": altered")), f + ": " + r.manifestProblems());
            if (!f.equals(Manifest.FILE)) {
                assertEquals(1, r.manifestProblems().size(), f + ": only that file is blamed: " + r.manifestProblems());
            }
        }
    }

    @Test
    void everyVerdictOfTheBundleIsOneTheRunRecorded() throws Exception {
        List<Verdict> recorded = Results.readVerdicts(original);
        assertEquals(6 * PropertyChecks.ALL.size(), recorded.size());
        assertEquals(recorded, BundleVerifier.verify(original).recomputed());
    }
}
