package io.github.ccrhil.ccr.verify.accept.bundle;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ccrhil.ccr.verify.accept.plan.Procedure;
import io.github.ccrhil.ccr.verify.accept.plan.TestPlan;
import io.github.ccrhil.ccr.verify.accept.plan.TestSpec;
import io.github.ccrhil.ccr.verify.accept.procedure.Procedures;
import io.github.ccrhil.ccr.verify.accept.verdict.BundleJudge;
import io.github.ccrhil.ccr.verify.accept.verdict.RawRun;
import io.github.ccrhil.evidence.Verdict;
import io.github.ccrhil.evidence.BuildHash;
import io.github.ccrhil.evidence.bundle.BundleFiles;
import io.github.ccrhil.evidence.bundle.Results;
import io.github.ccrhil.evidence.report.JunitXml;
import io.github.ccrhil.ccr.emulator.sim.CcrSimulation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Writes the judged and derived files of an evidence bundle (the raw traces are written by the procedures). */
public final class BundleWriter {

    public static final String PLAN_FILE = "plan.yaml";
    public static final String PROFILE_FILE = "profile.yaml";
    public static final String LOG_FILE = BundleFiles.LOG;
    public static final String RESULTS_FILE = BundleFiles.RESULTS;
    public static final String JUNIT_FILE = BundleFiles.JUNIT;
    public static final String REPORT_FILE = BundleFiles.REPORT;
    public static final String IDENTITY_FILE = BundleFiles.IDENTITY;
    /** The verifier's CycloneDX SBOM in a bundle, copied from {@link #SBOM_RESOURCE}. */
    public static final String SBOM_FILE = "verifier-sbom.cdx.json";
    /** Where the cli build puts the SBOM (cyclonedx-maven-plugin, cli/pom.xml). */
    public static final String SBOM_RESOURCE = io.github.ccrhil.evidence.Sbom.RESOURCE;
    public static final String COMTRADE_DIR = "comtrade";

    /** Procedures whose runs are transients worth a COMTRADE record. */
    public static final Set<Procedure> TRANSIENTS = EnumSet.of(Procedure.STEP_CHANGE, Procedure.LOAD_CHANGE,
            Procedure.SURGE, Procedure.OPEN_CIRCUIT, Procedure.OVERCURRENT, Procedure.POWER_INTERRUPTION);

    static final ObjectMapper JSON = Results.JSON;

    private final Path bundle;
    private final TestPlan plan;
    private final String dutDescription;

    public BundleWriter(Path bundle, TestPlan plan, String dutDescription) {
        this.bundle = bundle;
        this.plan = plan;
        this.dutDescription = dutDescription;
    }

    /** Copies the register profile as run, when it ships with this build. */
    public void writeProfile() throws IOException {
        if (!plan.dut().profile().equals("reference-ccr")) {
            Path p = Path.of(plan.dut().profile());
            if (Files.isRegularFile(p)) {
                Files.copy(p, bundle.resolve(PROFILE_FILE));
            }
            return;
        }
        byte[] reference = referenceProfile();
        if (reference != null) {
            Files.write(bundle.resolve(PROFILE_FILE), reference);
        }
    }

    /** The reference register profile as this build ships it, or null. */
    public static byte[] referenceProfile() throws IOException {
        try (InputStream in = BundleWriter.class.getResourceAsStream("/profiles/reference-ccr.yaml")) {
            return in == null ? null : in.readAllBytes();
        }
    }

    /**
     * Writes what is derived from the verdicts and this bundle's raw data (junit.xml, comtrade/,
     * report.html) into {@code target}: verify-bundle regenerates them to compare byte for byte.
     */
    public void writeDerived(Path target, List<Verdict> verdicts) throws IOException {
        writeJunit(target, verdicts);
        writeComtrade(target);
        Files.writeString(target.resolve(REPORT_FILE), AcceptanceReport.render(bundle, plan, dutDescription, verdicts),
                StandardCharsets.UTF_8);
    }

    /** The status record a run writes first: "running", no verdicts yet. */
    public void writeRunning() throws IOException {
        writeResults(List.of(), Results.RUNNING);
    }

    public void writeResults(List<Verdict> verdicts) throws IOException {
        writeResults(verdicts, Results.COMPLETE);
    }

    /** After a crash: writes what was judged so far, never throws. */
    public void writeResultsQuietly(List<Verdict> verdicts, String status) {
        try {
            writeResults(verdicts, status);
        } catch (IOException | RuntimeException ignored) {
            // the raw traces and the log are what matters now
        }
    }

    private void writeResults(List<Verdict> verdicts, String status) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("plan", plan.name());
        root.put("seed", plan.seed());
        root.put("dut", plan.dut().address());
        root.put("dutLink", dutDescription);
        root.put("profile", plan.dut().profile());
        root.put("rig", lower(plan.rig().name()));
        root.put("measurement", lower(plan.measurement().name()));
        root.put("selfReported", !plan.measurement().independent());
        Results.write(bundle, root, status, verdicts);
    }

    /** Reads the verdicts back from results.json (none when it is missing). */
    public static List<Verdict> readVerdicts(Path bundle) throws IOException {
        return Results.readVerdicts(bundle);
    }

    static String lower(String s) {
        return s.toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    public void writeIdentity() throws IOException {
        writeIdentityTo(bundle);
    }

    /** identity.json into {@code target}, from this bundle's identity record. */
    public void writeIdentityTo(Path target) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        List<Map<String, String>> dut = new ArrayList<>();
        Path reported = null;
        for (TestSpec t : plan.tests()) {
            if (t.procedure() == Procedure.IDENTITY) {
                reported = bundle.resolve(BundleJudge.testDir(t)).resolve(Procedures.IDENTITY_FILE);
            }
        }
        if (reported != null && Files.exists(reported)) {
            for (String l : Files.readAllLines(reported, StandardCharsets.UTF_8)) {
                if (l.startsWith("component,") || l.startsWith("#") || l.isBlank()) {
                    continue;
                }
                String[] f = l.split(",", -1);
                Map<String, String> c = new LinkedHashMap<>();
                c.put("component", f[0]);
                c.put("model", f[1]);
                c.put("revision", f[2]);
                c.put("sha256", f[3]);
                dut.add(c);
            }
        }
        root.put("dut", dut);
        root.put("dutReportedBy", "the DUT itself (identity test); judged against the plan's declared identity");
        Map<String, String> verifier = new LinkedHashMap<>();
        verifier.put("ccr-hil verifier (io.github.ccrhil.ccr.verify) sha256", BuildHash.ofPackageTree(BundleWriter.class, "io.github.ccrhil.ccr.verify"));
        verifier.put("emulated plant (io.github.ccrhil.ccr.plant) sha256",
                BuildHash.ofPackageTree(io.github.ccrhil.ccr.plant.Plants.class, "io.github.ccrhil.ccr.plant"));
        verifier.put("reference current-control software sha256", CcrSimulation.currentControlSoftwareSha256());
        verifier.put("java", System.getProperty("java.vendor") + " " + System.getProperty("java.version"));
        verifier.put("sbom", copySbom(target));
        root.put("verifier", verifier);
        JSON.writeValue(target.resolve(IDENTITY_FILE).toFile(), root);
    }

    /**
     * Copies the verifier's CycloneDX SBOM (made at build time into the ccr-hil jar, every library
     * with its own hashes) into {@code target} as {@value #SBOM_FILE}; returns what identity.json
     * says of it: the file and its SHA-256, or why there is none (run from classes, not the jar).
     */
    static String copySbom(Path target) throws IOException {
        java.util.Optional<byte[]> sbom = io.github.ccrhil.evidence.Sbom.ofThisBuild();
        if (sbom.isEmpty()) {
            return io.github.ccrhil.evidence.Sbom.ABSENT;
        }
        Path out = target.resolve(SBOM_FILE);
        Files.write(out, sbom.get());
        return SBOM_FILE + " sha256 " + io.github.ccrhil.evidence.bundle.Manifest.sha256(out);
    }

    public void writeJunit(List<Verdict> verdicts) throws IOException {
        writeJunit(bundle, verdicts);
    }

    private void writeJunit(Path target, List<Verdict> verdicts) throws IOException {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("seed", Long.toString(plan.seed()));
        properties.put("dut", plan.dut().address());
        properties.put("measurement", lower(plan.measurement().name()));
        Files.writeString(target.resolve(JUNIT_FILE), JunitXml.render(plan.name(), properties, verdicts), StandardCharsets.UTF_8);
    }

    public void writeComtrade(List<Verdict> verdicts) throws IOException {
        writeComtrade(bundle);
    }

    private void writeComtrade(Path target) throws IOException {
        for (TestSpec t : plan.tests()) {
            if (!TRANSIENTS.contains(t.procedure())) {
                continue;
            }
            for (RawRun r : BundleJudge.runs(bundle, t)) {
                if (!r.rows().isEmpty()) {
                    Comtrade.write(target.resolve(COMTRADE_DIR), t.id() + "__" + r.name(), plan, t, r);
                }
                Comtrade.writeWaves(target.resolve(COMTRADE_DIR), t.id() + "__" + r.name(), plan, t,
                        bundle.resolve(BundleJudge.testDir(t)).resolve(r.name() + io.github.ccrhil.ccr.verify.accept.procedure.WaveCapture.SUFFIX));
            }
        }
    }

    public void writeReport(List<Verdict> verdicts) throws IOException {
        Files.writeString(bundle.resolve(REPORT_FILE), AcceptanceReport.render(bundle, plan, dutDescription, verdicts),
                StandardCharsets.UTF_8);
    }
}
