package io.github.ccrhil.water.verify.accept;

import io.github.ccrhil.evidence.BuildHash;
import io.github.ccrhil.evidence.Verdict;
import io.github.ccrhil.evidence.bundle.BundleCheck;
import io.github.ccrhil.evidence.bundle.BundleFiles;
import io.github.ccrhil.evidence.bundle.BundleFolder;
import io.github.ccrhil.evidence.bundle.BundleKind;
import io.github.ccrhil.evidence.bundle.BundleMarker;
import io.github.ccrhil.evidence.bundle.Results;
import io.github.ccrhil.evidence.report.HtmlReport;
import io.github.ccrhil.evidence.report.JunitXml;
import io.github.ccrhil.evidence.yaml.ConfigException;
import io.github.ccrhil.water.plant.WaterPlant;
import io.github.ccrhil.evidence.ComponentIdentity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The water acceptance bundle, kind {@value #KIND} on the evidence bundle core: bundle.json
 * first, {@value WaterPlan#FILE} (the plan with its limits and their provenance), the raw data
 * under {@value RawData#DIR}/ ({@link RawData}), identity.json, run.log, then results.json,
 * junit.xml and report.html from the verdicts {@link WaterJudge} computes from those files, and
 * manifest.sha256 last. As a {@link BundleKind} it re-derives the verdicts for {@code verify-bundle}
 * with the same judge.
 */
public final class WaterAcceptanceBundle implements BundleKind {

    public static final String KIND = "water-acceptance";
    /** 1: bundle.json, water-plan.yaml, traces/, identity.json, run.log, results.json, junit.xml, report.html, manifest.sha256. */
    public static final int FORMAT_VERSION = 1;
    public static final BundleMarker MARKER = new BundleMarker(KIND, FORMAT_VERSION);

    @Override
    public String planFile() {
        return WaterPlan.FILE;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public List<Verdict> rederive(Path bundle) throws IOException, ConfigException {
        return WaterJudge.judge(bundle);
    }

    /**
     * junit.xml and report.html regenerated from the plan and the re-derived verdicts, compared
     * byte for byte: a forged JUnit failure or report is named, as is a raw-data file of a check
     * the plan does not have (a check dropped from the plan).
     */
    @Override
    public List<String> rederiveFiles(Path bundle, List<Verdict> recomputed) throws IOException {
        List<String> out = new java.util.ArrayList<>();
        WaterPlan plan;
        try {
            plan = WaterPlan.read(bundle.resolve(WaterPlan.FILE));
        } catch (ConfigException e) {
            return List.of(e.getMessage());
        }
        String status = Results.JSON.readTree(bundle.resolve(BundleFiles.RESULTS).toFile()).path("status").asText("");
        String junit = BundleCheck.differs(bundle, BundleFiles.JUNIT,
                JunitXml.render(plan.name(), plan.options(), recomputed).getBytes(StandardCharsets.UTF_8));
        if (junit != null) {
            out.add(junit);
        }
        String identity = identityDiffers(bundle);
        if (identity != null) {
            out.add(identity);
        }
        String report = BundleCheck.differs(bundle, BundleFiles.REPORT,
                HtmlReport.render(WaterReport.model(bundle, plan, status, recomputed)).getBytes(StandardCharsets.UTF_8));
        if (report != null) {
            out.add(report);
        }
        return out;
    }

    /**
     * identity.json's equipment list against the server's report in the raw data, or null when
     * they agree (or the run recorded neither).
     */
    static String identityDiffers(Path bundle) throws IOException {
        Path raw = bundle.resolve(RawData.IDENTITY);
        Path json = bundle.resolve(BundleFiles.IDENTITY);
        if (!Files.exists(raw) && !Files.exists(json)) {
            return null;
        }
        if (!Files.exists(raw) || !Files.exists(json)) {
            return BundleFiles.IDENTITY + ": " + (Files.exists(json) ? RawData.IDENTITY : BundleFiles.IDENTITY) + " is missing";
        }
        RawData.IdentityRecord r;
        try {
            r = RawData.readJson(bundle, RawData.IDENTITY, RawData.IdentityRecord.class);
        } catch (IOException e) {
            return null; // named by the identity check's verdict (raw data unreadable)
        }
        com.fasterxml.jackson.databind.JsonNode recorded;
        try {
            recorded = Results.JSON.readTree(json.toFile()).path("equipment");
        } catch (IOException e) {
            return BundleFiles.IDENTITY + ": not JSON (" + e.getMessage() + ")";
        }
        com.fasterxml.jackson.databind.JsonNode expected = Results.JSON.valueToTree(
                r.components().stream().map(RawData.ReportedComponent::identity).toList());
        return recorded.equals(expected) ? null
                : BundleFiles.IDENTITY + ": its equipment list differs from the server's report in " + RawData.IDENTITY;
    }

    /**
     * A run cut short: each check whose raw files the manifest covers (and that has a recorded
     * verdict, when the run recorded any) re-judged; every other check INCONCLUSIVE, never judged
     * from partial raw data ("run ended inside this check", "not run"); notes name the last
     * complete check and the one the run ended inside.
     */
    @Override
    public List<Verdict> rederivePartial(Path bundle, java.util.Set<String> covered, java.util.Set<String> recorded,
                                         List<String> notes) throws IOException, ConfigException {
        WaterPlan plan = WaterPlan.read(bundle.resolve(WaterPlan.FILE));
        List<Verdict> out = new java.util.ArrayList<>();
        String lastComplete = null;
        for (CheckSpec c : plan.checks()) {
            List<String> files = WaterJudge.files(c.id());
            boolean complete = !files.isEmpty() && covered.containsAll(files) && (recorded == null || recorded.contains(c.id()));
            if (complete) {
                out.add(WaterJudge.judge(bundle, c));
                lastComplete = c.id();
                continue;
            }
            boolean started = files.stream().anyMatch(f -> Files.exists(bundle.resolve(f)));
            if (started) {
                notes.add(c.id() + ": the run ended inside this check");
            }
            out.add(new Verdict(c.id(), c.planName(), c.requirement(), c.clause(), io.github.ccrhil.evidence.Outcome.INCONCLUSIVE,
                    started ? "run ended inside this check: not judged from its partial raw data"
                            : "not run: the run ended before this check", "raw data", false, List.of(), files));
        }
        notes.add(0, "last complete check: " + (lastComplete == null ? "none" : lastComplete));
        return out;
    }

    /** results.json saying "running", and the manifest started with the marker and the plan. */
    static void running(BundleFolder folder) throws IOException {
        Path bundle = folder.dir();
        Results.write(bundle, new LinkedHashMap<>(), Results.RUNNING, List.of());
        io.github.ccrhil.evidence.bundle.Manifest.append(bundle, List.of(BundleMarker.FILE, WaterPlan.FILE));
    }

    /** A check's raw data are complete: the manifest covers them from now on. */
    static void completed(Path bundle, String checkId) throws IOException {
        List<String> files = new java.util.ArrayList<>(WaterJudge.files(checkId));
        if (checkId.equals(WaterPlan.IDENTITY) && Files.exists(bundle.resolve(RawData.SBOM))) {
            files.add(RawData.SBOM);
        }
        io.github.ccrhil.evidence.bundle.Manifest.append(bundle, files);
    }

    /** Starts a bundle in {@code dir} (new or empty): the marker, then the plan. */
    public static BundleFolder start(Path dir, WaterPlan plan) throws IOException {
        BundleFolder folder = BundleFolder.create(dir, MARKER);
        plan.write(folder.resolve(WaterPlan.FILE));
        return folder;
    }

    /** identity.json: the equipment under test as it reports itself, and the verifier's own build hashes. */
    public static void writeIdentity(Path bundle, List<ComponentIdentity> equipment) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("equipment", equipment);
        root.put("equipmentReportedBy", "the supervisory server's own component list (server, OS, middleware, application)");
        Map<String, String> verifier = new LinkedHashMap<>();
        verifier.put("ccr-hil water acceptance suite (io.github.ccrhil.water.verify) sha256",
                BuildHash.ofPackageTree(WaterAcceptanceBundle.class, "io.github.ccrhil.water.verify"));
        verifier.put("water plant model and PLC programs (io.github.ccrhil.water.plant) sha256",
                BuildHash.ofPackageTree(WaterPlant.class, "io.github.ccrhil.water.plant"));
        verifier.put("java", System.getProperty("java.vendor") + " " + System.getProperty("java.version"));
        root.put("verifier", verifier);
        Results.JSON.writeValue(bundle.resolve(BundleFiles.IDENTITY).toFile(), root);
    }

    /**
     * Judges the recorded raw data and writes run.log, results.json, junit.xml and report.html, then
     * the manifest. Returns the verdicts, as {@code verify-bundle} will re-derive them.
     *
     * @param status {@link Results#COMPLETE}, or why the run stopped short
     */
    public static List<Verdict> finish(BundleFolder folder, String status, List<String> log) throws IOException, ConfigException {
        Path bundle = folder.dir();
        Files.writeString(bundle.resolve(BundleFiles.LOG), String.join("\n", log) + "\n", StandardCharsets.UTF_8);
        WaterPlan plan = WaterPlan.read(bundle.resolve(WaterPlan.FILE));
        List<Verdict> verdicts = WaterJudge.judge(bundle);
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("plan", plan.name());
        header.put("options", plan.options());
        Results.write(bundle, header, status, verdicts);
        Files.writeString(bundle.resolve(BundleFiles.JUNIT), JunitXml.render(plan.name(), plan.options(), verdicts),
                StandardCharsets.UTF_8);
        Files.writeString(bundle.resolve(BundleFiles.REPORT), HtmlReport.render(WaterReport.model(bundle, plan, status, verdicts)),
                StandardCharsets.UTF_8);
        folder.seal();
        return verdicts;
    }
}
