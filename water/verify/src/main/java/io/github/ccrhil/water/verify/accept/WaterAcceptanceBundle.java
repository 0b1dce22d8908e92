package io.github.ccrhil.water.verify.accept;

import io.github.ccrhil.evidence.BuildHash;
import io.github.ccrhil.evidence.Verdict;
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
