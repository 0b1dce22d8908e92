package io.github.ccrhil.ccr.verify.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.ccrhil.ccr.emulator.scenario.Scenario;
import io.github.ccrhil.ccr.emulator.sim.CcrSimulation;
import io.github.ccrhil.ccr.emulator.trace.TraceRow;
import io.github.ccrhil.ccr.emulator.trace.TraceWriter;
import io.github.ccrhil.ccr.verify.accept.bundle.BundleWriter;
import io.github.ccrhil.ccr.verify.accept.bundle.TracePlots;
import io.github.ccrhil.ccr.verify.accept.verdict.RawRun;
import io.github.ccrhil.evidence.BuildHash;
import io.github.ccrhil.evidence.Check;
import io.github.ccrhil.evidence.ComponentIdentity;
import io.github.ccrhil.evidence.FixedPoint;
import io.github.ccrhil.evidence.Outcome;
import io.github.ccrhil.evidence.Verdict;
import io.github.ccrhil.evidence.Verdicts;
import io.github.ccrhil.evidence.bundle.BundleFiles;
import io.github.ccrhil.evidence.bundle.BundleFolder;
import io.github.ccrhil.evidence.bundle.BundleKind;
import io.github.ccrhil.evidence.bundle.BundleMarker;
import io.github.ccrhil.evidence.bundle.Results;
import io.github.ccrhil.evidence.report.HtmlReport;
import io.github.ccrhil.evidence.report.JunitXml;
import io.github.ccrhil.evidence.report.Plot;
import io.github.ccrhil.evidence.report.TestReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A campaign's output as an evidence bundle of kind {@value #KIND} on the evidence core:
 * {@code bundle.json} first; per case {@code cases/<index>-<name>/scenario.yaml} (or the linked
 * campaign's {@code commands.csv}) and the raw trace {@code trace.csv.gz}, written before the case
 * is judged; {@code failures/*.yaml} (each failing case, shrunk, with its replay command); then
 * {@code identity.json}, {@code results.json} (the shared shape: the campaign's header and its
 * cases, then status, overall verdict, counts and every property verdict of every case, its test
 * id qualified by the case), {@code junit.xml} (one test case per generated case, by the evidence
 * JUnit writer), {@code report.html} (by the evidence report generator, with plots of every
 * failing case and of the extreme passing cases, see {@link #extremes}), {@code run.log}, and
 * {@code manifest.sha256} last.
 *
 * <p>Everything but {@code identity.json}'s Java version is a function of the seed and the DUT's
 * behaviour: the same campaign on the emulated DUT gives the same bytes.
 */
public final class CampaignBundle {

    public static final String KIND = "ccr-campaign";
    /** 1: bundle.json, cases/, failures/, identity.json, results.json, junit.xml, report.html, run.log, manifest.sha256. */
    public static final int FORMAT_VERSION = 1;
    public static final BundleMarker MARKER = new BundleMarker(KIND, FORMAT_VERSION);

    public static final String CASES_DIR = "cases";
    public static final String FAILURES_DIR = "failures";
    public static final String TRACE_FILE = "trace.csv.gz";
    public static final String SCENARIO_FILE = "scenario.yaml";
    /** Marked a campaign bundle before bundle.json (such a bundle has no plan.yaml). */
    public static final String LEGACY_MARKER_FILE = "campaign.json";

    /**
     * The campaign bundle for {@code verify-bundle}: its manifest is checked. Its verdicts are not
     * yet re-derived (each case's properties are pure functions of scenario.yaml and the trace,
     * but the limits a campaign was judged against are not yet recorded in the bundle).
     */
    public static final BundleKind BUNDLE_KIND = new BundleKind() {
        @Override
        public String kind() {
            return KIND;
        }

        /** A campaign bundle written before bundle.json: campaign.json and no plan.yaml. */
        @Override
        public boolean recognises(Path bundle) {
            return Files.exists(bundle.resolve(LEGACY_MARKER_FILE)) && !Files.exists(bundle.resolve(BundleWriter.PLAN_FILE));
        }

        @Override
        public boolean rederives() {
            return false;
        }

        @Override
        public List<Verdict> rederive(Path bundle) {
            return List.of();
        }
    };

    private final BundleFolder folder;
    private final Map<Integer, String> log = new ConcurrentSkipListMap<>();

    private CampaignBundle(BundleFolder folder) {
        this.folder = folder;
    }

    /**
     * Starts the bundle: creates the folder (new or empty), writes bundle.json and makes
     * {@value #FAILURES_DIR}/.
     *
     * @throws IllegalArgumentException when the folder holds anything
     */
    public static CampaignBundle create(Path out) throws IOException {
        CampaignBundle b = new CampaignBundle(BundleFolder.create(out, MARKER));
        Files.createDirectories(b.failures());
        return b;
    }

    /** The bundle's folder. */
    public Path dir() {
        return folder.dir();
    }

    /** Where the failing cases' scenario files go. */
    public Path failures() {
        return folder.resolve(FAILURES_DIR);
    }

    /** The case's folder, relative to the bundle. */
    public static String caseDir(int index, Scenario s) {
        return caseDir(index, s.name());
    }

    /** The folder of case {@code index} named {@code name}, relative to the bundle. */
    public static String caseDir(int index, String name) {
        return CASES_DIR + "/" + String.format(Locale.ROOT, "%06d", index) + "-" + name.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** Writes the case's scenario and raw rows (before any judgement). */
    public void writeRaw(int index, Scenario s, List<TraceRow> rows) {
        try {
            Path dir = folder.resolve(caseDir(index, s));
            Files.createDirectories(dir);
            ScenarioWriter.write(s, List.of("campaign case " + index + " as run"), dir.resolve(SCENARIO_FILE));
            Map<String, String> header = new LinkedHashMap<>();
            header.put("scenario", s.name());
            header.put("case", Integer.toString(index));
            writeTrace(dir.resolve(TRACE_FILE), header, rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes raw rows as a gzipped trace (the linked campaign's too). */
    static void writeTrace(Path file, Map<String, String> header, List<TraceRow> rows) throws IOException {
        try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(file));
             TraceWriter w = TraceWriter.start(gz, header)) {
            for (TraceRow r : rows) {
                w.write(r);
            }
        }
    }

    /** The rows of a case's raw trace, read back from the bundle. */
    public static List<TraceRow> readTrace(Path bundle, String trace) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(bundle.resolve(trace)))) {
            return RawRun.rows(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
        }
    }

    /** A run.log line for case {@code index} (lines are written in case order). */
    public void log(int index, String line) {
        log.merge(index, line, (a, b) -> a + "\n" + b);
    }

    /**
     * One case as the bundle records it.
     *
     * @param index the case's index in the whole campaign
     * @param kind the case kind's label, e.g. "step-change"
     * @param name the case's name (its scenario's)
     * @param verdicts every property judged on it, test id = property
     * @param failureFile the failing case's scenario file (null when it passed)
     * @param replay the command that replays it (null when it passed)
     * @param extra further fields of the case in results.json (e.g. the commands sent)
     */
    public record Entry(int index, String kind, String name, List<Verdict> verdicts, Path failureFile, String replay,
                        Map<String, Object> extra) {
        public Entry {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(name, "name");
            verdicts = List.copyOf(verdicts);
            extra = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extra));
        }

        public boolean failed() {
            return verdicts.stream().anyMatch(Verdict::failed);
        }

        /** The case's folder, relative to the bundle. */
        public String dir() {
            return caseDir(index, name);
        }

        /** The raw trace, relative to the bundle. */
        public String trace() {
            return dir() + "/" + TRACE_FILE;
        }
    }

    /** What the whole campaign was: for results.json's header, the JUnit suite and the report's title. */
    public record Run(String title, Map<String, String> junitProperties, Map<String, Object> header, String dut,
                      boolean selfReported) {
        public Run {
            junitProperties = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(junitProperties));
            header = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(header));
        }
    }

    /** Writes identity.json, results.json, junit.xml, report.html and run.log, then seals the bundle with its manifest. */
    public void finish(Run run, List<Entry> entries, List<ComponentIdentity> dutIdentity) throws IOException {
        Path out = folder.dir();
        writeIdentity(out, dutIdentity);

        List<Verdict> all = new ArrayList<>();
        List<Object> cases = new ArrayList<>();
        for (Entry e : entries) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("index", e.index());
            m.put("kind", e.kind());
            m.put("scenario", e.name());
            m.put("verdict", e.failed() ? "FAIL" : "PASS");
            m.putAll(e.extra());
            m.put("rawTrace", e.trace());
            List<String> ids = new ArrayList<>();
            for (Verdict v : inBundle(out, e)) {
                all.add(v);
                ids.add(v.testId());
            }
            m.put("verdicts", ids);
            if (e.failureFile() != null) {
                // relative to the bundle: no absolute path inside a bundle
                m.put("scenarioFile", FAILURES_DIR + "/" + e.failureFile().getFileName());
                m.put("replay", e.replay());
            }
            cases.add(m);
        }
        Map<String, Object> header = new LinkedHashMap<>(run.header());
        header.put("casesRun", entries.size());
        header.put("casesFailed", entries.stream().filter(Entry::failed).count());
        header.put("results", cases);
        Results.write(out, header, Results.COMPLETE, all);

        List<Verdict> perCase = new ArrayList<>();
        for (Entry e : entries) {
            perCase.add(caseVerdict(out, e));
        }
        Files.writeString(out.resolve(BundleFiles.JUNIT), JunitXml.render(run.title(), run.junitProperties(), perCase),
                StandardCharsets.UTF_8);

        Files.writeString(out.resolve(BundleFiles.REPORT), HtmlReport.render(report(out, run, entries, perCase)),
                StandardCharsets.UTF_8);

        StringBuilder l = new StringBuilder();
        for (String line : log.values()) {
            l.append(line).append('\n');
        }
        long failed = entries.stream().filter(Entry::failed).count();
        l.append(String.format(Locale.ROOT, "%d cases run, %d failed%n", entries.size(), failed));
        Files.writeString(out.resolve(BundleFiles.LOG), l.toString(), StandardCharsets.UTF_8);
        folder.seal();
    }

    private static void writeIdentity(Path out, List<ComponentIdentity> dutIdentity) throws IOException {
        Map<String, Object> id = new LinkedHashMap<>();
        List<Map<String, String>> dut = new ArrayList<>();
        for (ComponentIdentity c : dutIdentity) {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("component", c.component());
            m.put("model", c.model());
            m.put("revision", c.revision());
            m.put("sha256", c.sha256());
            dut.add(m);
        }
        id.put("dut", dut);
        Map<String, String> verifier = new LinkedHashMap<>();
        verifier.put("ccr-hil verifier (io.github.ccrhil.ccr.verify) sha256", BuildHash.ofPackageTree(BundleWriter.class, "io.github.ccrhil.ccr.verify"));
        verifier.put("emulated plant (io.github.ccrhil.ccr.plant) sha256",
                BuildHash.ofPackageTree(io.github.ccrhil.ccr.plant.Plants.class, "io.github.ccrhil.ccr.plant"));
        verifier.put("reference current-control software sha256", CcrSimulation.currentControlSoftwareSha256());
        verifier.put("java", System.getProperty("java.vendor") + " " + System.getProperty("java.version"));
        id.put("verifier", verifier);
        Results.JSON.writeValue(out.resolve(BundleFiles.IDENTITY).toFile(), id);
    }

    /** The emulated DUT's designated components (from the emulated-DUT adapter). */
    public static List<ComponentIdentity> modelIdentity() {
        return io.github.ccrhil.ccr.verify.accept.dut.Firmware.modelIdentity();
    }

    // ------------------------------------------------------------------ verdicts as the bundle records them

    /** The case's verdicts with their test ids qualified by the case ({@code <case> / <property>}) and its raw files. */
    static List<Verdict> inBundle(Path bundle, Entry e) throws IOException {
        List<String> files = rawFiles(bundle, e);
        List<Verdict> out = new ArrayList<>();
        for (Verdict v : e.verdicts()) {
            out.add(new Verdict(e.name() + " / " + v.testId(), v.procedure(), v.requirement(), v.clause(), v.outcome(),
                    v.reason(), v.measurement(), v.selfReported(), v.checks(), files));
        }
        return out;
    }

    private static List<String> rawFiles(Path bundle, Entry e) throws IOException {
        Path dir = bundle.resolve(e.dir());
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> e.dir() + "/" + p.getFileName()).sorted().toList();
        }
    }

    /**
     * One generated case as one test (for CI and the report): FAIL if any property failed, with
     * the first failure and the replay command as its reason; one check a property, with the
     * property's own numbers where it has them.
     */
    static Verdict caseVerdict(Path bundle, Entry e) throws IOException {
        Outcome o = Verdicts.overall(e.verdicts());
        String reason;
        Verdict first = e.verdicts().stream().filter(Verdict::failed).findFirst().orElse(null);
        if (first != null) {
            reason = first.testId() + ": " + first.reason() + (e.replay() == null ? "" : "; replay: " + e.replay());
        } else {
            reason = String.format(Locale.ROOT, "%d properties hold, %d not applicable",
                    Verdicts.count(e.verdicts(), Outcome.PASS), Verdicts.count(e.verdicts(), Outcome.NOT_APPLICABLE));
        }
        List<Check> checks = new ArrayList<>();
        for (Verdict v : e.verdicts()) {
            if (v.checks().isEmpty()) {
                checks.add(new Check(e.name(), v.testId() + ": " + v.reason(), v.testId(), "holds", v.clause(), false,
                        v.outcome() == Outcome.NOT_APPLICABLE ? "not exercised" : v.outcome() == Outcome.PASS ? "holds" : "does not hold",
                        v.outcome(), Double.NaN));
            }
            for (Check c : v.checks()) {
                checks.add(new Check(e.name(), v.testId() + ": " + v.reason(), c.limitName(), c.limit(), c.provenance(),
                        c.defaultLimit(), c.measured(), c.outcome(), c.atSeconds()));
            }
        }
        boolean self = e.verdicts().stream().anyMatch(Verdict::selfReported);
        return new Verdict(e.name(), e.kind(), "Every campaign property holds on the generated case", "each property's clause, below", o, reason,
                self ? PropertyVerdicts.DUT_SELF_REPORT : PropertyVerdicts.PLANT_TRACE, self, checks, rawFiles(bundle, e));
    }

    // ------------------------------------------------------------------ report

    /** Why a passing case is plotted: the extreme it is. */
    record Extreme(int index, String why) { }

    /**
     * The passing cases worth a plot: the highest peak current (the overshoot property's largest
     * half-cycle rms loop current, on the plant) and the slowest settling (the settling property's
     * slowest step change), each among the cases whose property passed.
     */
    static List<Extreme> extremes(List<Entry> entries) {
        List<Extreme> out = new ArrayList<>();
        extreme(entries, PropertyChecks.OVERSHOOT, "highest peak current of the passing cases", out);
        extreme(entries, PropertyChecks.SETTLING, "slowest settling of the passing cases", out);
        return out;
    }

    private static void extreme(List<Entry> entries, String property, String why, List<Extreme> out) {
        Entry best = null;
        double max = Double.NEGATIVE_INFINITY;
        for (Entry e : entries) {
            if (e.failed()) {
                continue;
            }
            for (Verdict v : e.verdicts()) {
                if (v.testId().equals(property) && v.outcome() == Outcome.PASS && !v.checks().isEmpty()) {
                    double x = number(v.checks().get(0).measured());
                    if (x > max) {
                        max = x;
                        best = e;
                    }
                }
            }
        }
        if (best != null) {
            out.add(new Extreme(best.index(), why + ": " + best.name() + ", " + property + " "
                    + best.verdicts().stream().filter(v -> v.testId().equals(property)).findFirst().orElseThrow().checks().get(0).measured()));
        }
    }

    private static final Pattern NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");

    /** The first number in a measured or limit text ("6.812 A" → 6.812); NaN when none. */
    static double number(String text) {
        Matcher m = NUMBER.matcher(text);
        return m.find() ? Double.parseDouble(m.group()) : Double.NaN;
    }

    private static TestReport report(Path bundle, Run run, List<Entry> entries, List<Verdict> perCase) throws IOException {
        List<Extreme> extremes = extremes(entries);
        List<TestReport.Test> tests = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            List<String> notes = new ArrayList<>();
            List<Extreme> mine = extremes.stream().filter(x -> x.index() == e.index()).toList();
            for (Extreme x : mine) {
                notes.add("Plotted as the " + x.why() + ".");
            }
            if (e.replay() != null) {
                notes.add("Replay: " + e.replay());
            }
            List<Plot> plots = new ArrayList<>();
            if ((e.failed() || !mine.isEmpty()) && Files.exists(bundle.resolve(e.trace()))) {
                plots.add(plot(bundle, e));
            }
            tests.add(new TestReport.Test(perCase.get(i), plots, notes));
        }
        long failed = entries.stream().filter(Entry::failed).count();
        String subject = "DUT: " + run.dut() + ". " + entries.size() + " generated cases, " + failed + " failed; each case is"
                + " one test, its properties folded in it; every failing case and the extreme passing cases are plotted.";
        List<String> flags = run.selfReported() ? List.of("SELF-REPORTED: every verdict rests on the DUT's own report") : List.of();
        List<TestReport.Link> files = new ArrayList<>();
        for (String f : List.of(BundleFiles.RESULTS, BundleFiles.IDENTITY, BundleFiles.JUNIT, BundleFiles.LOG)) {
            files.add(new TestReport.Link(f, f));
        }
        if (failed > 0) {
            files.add(new TestReport.Link("failing cases, shrunk, as scenario files", FAILURES_DIR + "/"));
        }
        files.add(new TestReport.Link("every case's scenario and raw trace", CASES_DIR + "/"));
        return new TestReport(run.title(), "campaign report", subject, flags, identity(bundle), tests, files,
                "Each case's verdicts are a pure function of its scenario and raw trace. `ccr-hil verify-bundle` checks every"
                        + " file against manifest.sha256; it does not yet recompute campaign verdicts.");
    }

    /** The case's output current against its step's band and the overshoot limit, failing moments marked. */
    private static Plot plot(Path bundle, Entry e) throws IOException {
        List<TraceRow> rows = readTrace(bundle, e.trace());
        List<Plot.LimitLine> limits = new ArrayList<>();
        List<Plot.Marker> markers = new ArrayList<>();
        for (Verdict v : e.verdicts()) {
            for (Check c : v.checks()) {
                if (v.testId().equals(PropertyChecks.OVERSHOOT) && Double.isFinite(number(c.limit()))) {
                    limits.add(new Plot.LimitLine(number(c.limit()), c.limitName() + " " + c.limit() + " (" + c.provenance() + ")"));
                }
                if (Double.isFinite(c.atSeconds())) {
                    markers.add(new Plot.Marker(c.atSeconds(), v.testId() + " " + c.outcome() + " @ "
                            + FixedPoint.format(c.atSeconds(), 3) + " s"));
                }
            }
        }
        return TracePlots.current(e.name(), e.trace(), rows, limits, markers);
    }

    /** The tables of identity.json: the DUT's components, then the verifier's. */
    private static List<TestReport.Table> identity(Path bundle) throws IOException {
        JsonNode root = Results.JSON.readTree(bundle.resolve(BundleFiles.IDENTITY).toFile());
        List<List<String>> dut = new ArrayList<>();
        for (JsonNode c : root.path("dut")) {
            dut.add(List.of(c.path("component").asText(), c.path("model").asText(), c.path("revision").asText(),
                    c.path("sha256").asText()));
        }
        List<List<String>> verifier = new ArrayList<>();
        for (Map.Entry<String, JsonNode> f : (Iterable<Map.Entry<String, JsonNode>>) root.path("verifier")::fields) {
            verifier.add(List.of(f.getKey(), f.getValue().asText()));
        }
        return List.of(new TestReport.Table("Device under test", List.of("component", "model", "revision", "SHA-256"), dut),
                new TestReport.Table("Verifier", List.of("component", "identity"), verifier));
    }
}
