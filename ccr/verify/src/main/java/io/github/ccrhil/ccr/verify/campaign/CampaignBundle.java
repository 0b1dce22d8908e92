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
import io.github.ccrhil.evidence.bundle.Manifest;
import io.github.ccrhil.evidence.bundle.Results;
import io.github.ccrhil.evidence.report.HtmlReport;
import io.github.ccrhil.evidence.report.JunitXml;
import io.github.ccrhil.evidence.report.Plot;
import io.github.ccrhil.evidence.report.TestReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A campaign's output as an evidence bundle of kind {@value #KIND} on the evidence core, written
 * so that a run killed at any moment leaves a bundle that {@code verify-bundle} reads as
 * INCOMPLETE with every finished case still checkable:
 * {@code bundle.json}, {@value CampaignPlan#FILE} (the options and every limit, with provenance)
 * and {@code results.json} saying "running" first, the manifest started over the first two; per
 * case {@code cases/<index>-<name>/scenario.yaml} (or the linked campaign's {@code commands.csv}),
 * the raw trace {@code trace.csv.gz} streamed as the case runs (flushed every
 * {@value #FLUSH_EVERY_S} s of recorded time) and, when each case is run twice, {@value #RERUN_FILE}
 * (the second run's trace SHA-256); the case is judged from those files as read back, its failure
 * file written ({@code failures/*.yaml}, shrunk, with its replay command), and then its files are
 * appended to the manifest. Last {@code identity.json}, {@code results.json} (the shared shape:
 * the campaign's header and its cases, then status, overall verdict, counts and every property
 * verdict of every case, its test id qualified by the case), {@code junit.xml} (one test case per
 * generated case), {@code report.html} (plots of every failing case and of the extreme passing
 * cases, see {@link #extremes}), {@code run.log}, and the whole manifest again, sealed.
 *
 * <p>Everything but {@code identity.json}'s Java version is a function of the seed and the DUT's
 * behaviour: the same campaign on the emulated DUT gives the same bytes. {@link CampaignVerifier}
 * re-derives every verdict and every derived file from the plan and the raw data.
 */
public final class CampaignBundle {

    public static final String KIND = "ccr-campaign";
    /**
     * 2: bundle.json, campaign-plan.json, cases/ (with rerun.sha256), failures/, identity.json,
     * results.json, junit.xml, report.html, run.log, manifest.sha256 (growing while running).
     * 1 had no campaign-plan.json and cannot be re-judged.
     */
    public static final int FORMAT_VERSION = 2;
    public static final BundleMarker MARKER = new BundleMarker(KIND, FORMAT_VERSION);

    public static final String CASES_DIR = "cases";
    public static final String FAILURES_DIR = "failures";
    public static final String TRACE_FILE = "trace.csv.gz";
    public static final String SCENARIO_FILE = "scenario.yaml";
    /** The second run's trace SHA-256, beside the first run's trace (determinism, judged from the bundle). */
    public static final String RERUN_FILE = "rerun.sha256";
    /** A case's trace reaches the disk at least this often, in recorded time: a crash loses no more. */
    public static final double FLUSH_EVERY_S = 0.5;
    /** Marked a campaign bundle before bundle.json (such a bundle has no plan.yaml). */
    public static final String LEGACY_MARKER_FILE = "campaign.json";

    /**
     * A campaign bundle written before bundle.json (campaign.json and no plan.yaml): it records
     * no limits, so only its manifest is checked.
     */
    public static final BundleKind LEGACY_KIND = new BundleKind() {
        @Override
        public String kind() {
            return KIND;
        }

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

    private CampaignBundle(BundleFolder folder) {
        this.folder = folder;
    }

    /**
     * Starts the bundle: creates the folder (new or empty), writes bundle.json, the campaign's
     * plan and results.json saying "running", starts the manifest over the first two, and makes
     * {@value #FAILURES_DIR}/.
     *
     * @throws IllegalArgumentException when the folder holds anything
     */
    public static CampaignBundle create(Path out, CampaignPlan plan) throws IOException {
        CampaignBundle b = new CampaignBundle(BundleFolder.create(out, MARKER));
        plan.write(b.folder.resolve(CampaignPlan.FILE));
        Results.write(b.dir(), new LinkedHashMap<>(), Results.RUNNING, List.of());
        Manifest.append(b.dir(), List.of(BundleMarker.FILE, CampaignPlan.FILE));
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

    /** The comment at the top of a case's scenario.yaml. */
    static List<String> scenarioComment(int index) {
        return List.of("campaign case " + index + " as run");
    }

    /** The header of a case's trace. */
    static Map<String, String> traceHeader(int index, String name) {
        Map<String, String> header = new LinkedHashMap<>();
        header.put("scenario", name);
        header.put("case", Integer.toString(index));
        return header;
    }

    /** Writes the case's scenario and opens its raw trace (before any judgement). */
    public CaseTrace startCase(int index, Scenario s) throws IOException {
        Path dir = folder.resolve(caseDir(index, s));
        Files.createDirectories(dir);
        ScenarioWriter.write(s, scenarioComment(index), dir.resolve(SCENARIO_FILE));
        return CaseTrace.open(dir.resolve(TRACE_FILE), traceHeader(index, s.name()));
    }

    /** Records the second run of case {@code index}: its trace's SHA-256 (as {@link TraceWriter} hashes it) and rows. */
    public void writeRerun(int index, Scenario s, String sha256, long rows) throws IOException {
        Files.writeString(folder.resolve(caseDir(index, s) + "/" + RERUN_FILE), sha256 + "  second run: " + rows
                + " rows; the SHA-256 of its trace as " + TRACE_FILE + " holds the first run's, unzipped\n", StandardCharsets.UTF_8);
    }

    /** The header a case's second run is hashed with: the first run's. */
    static Map<String, String> rerunHeader(int index, Scenario s) {
        return traceHeader(index, s.name());
    }

    /**
     * The case is finished: its raw files and its failure file (if any) join the manifest, so
     * they stay covered whatever happens to the run afterwards.
     */
    public synchronized void caseFinished(String caseDir, Path failureFile) throws IOException {
        List<String> files = new ArrayList<>(listed(dir(), caseDir));
        if (failureFile != null) {
            files.add(FAILURES_DIR + "/" + failureFile.getFileName());
        }
        Manifest.append(dir(), files);
    }

    /** The files of {@code rel} (a case's folder), relative to the bundle, sorted; empty when there is no such folder. */
    static List<String> listed(Path bundle, String rel) throws IOException {
        Path dir = bundle.resolve(rel);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> rel + "/" + p.getFileName()).sorted().toList();
        }
    }

    /**
     * A case's raw trace as it is recorded: gzip, flushed (a gzip sync flush) at the header and
     * then every {@value #FLUSH_EVERY_S} s of recorded time, so a run killed inside the case
     * leaves a readable prefix that lacks at most the last {@value #FLUSH_EVERY_S} s.
     */
    public static final class CaseTrace implements AutoCloseable {
        private final TraceWriter writer;
        private double flushedAt = Double.NEGATIVE_INFINITY;

        private CaseTrace(TraceWriter writer) {
            this.writer = writer;
        }

        static CaseTrace open(Path file, Map<String, String> header) throws IOException {
            OutputStream gz = new GZIPOutputStream(Files.newOutputStream(file), 1 << 16, true);
            CaseTrace t = new CaseTrace(TraceWriter.start(gz, header));
            t.writer.flush();
            return t;
        }

        public void accept(TraceRow r) throws IOException {
            writer.write(r);
            if (!(r.timeSeconds() < flushedAt + FLUSH_EVERY_S)) {
                writer.flush();
                flushedAt = r.timeSeconds();
            }
        }

        public long rows() {
            return writer.rows();
        }

        @Override
        public void close() throws IOException {
            writer.close();
        }
    }

    /** The rows of a case's raw trace, read back from the bundle. */
    public static List<TraceRow> readTrace(Path bundle, String trace) throws IOException {
        return rows(trace, gunzip(bundle.resolve(trace)));
    }

    /** A trace's bytes, unzipped; a gzip cut short or altered is an IOException. */
    static byte[] gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return in.readAllBytes();
        }
    }

    /** The rows of a trace's text; a line that is no trace row is an IOException naming the file. */
    static List<TraceRow> rows(String trace, byte[] text) throws IOException {
        List<String> lines = new String(text, StandardCharsets.UTF_8).lines().toList();
        List<TraceRow> rows = RawRun.rows(lines);
        long data = lines.stream().filter(l -> !(l.startsWith("#") || l.startsWith("t_s") || l.isBlank())).count();
        if (rows.size() != data) {
            throw new IOException(trace + ": line " + (rows.size() + 1) + " of its rows is not a trace row");
        }
        return rows;
    }

    /**
     * Every property of a case on the emulated DUT, judged from the bundle: the raw trace as read
     * back, the scenario, the plan's limits, and for determinism the second run's SHA-256 against
     * the first run's trace. The run and {@code verify-bundle} both call this, so they agree.
     */
    static List<Verdict> judgeCase(Path bundle, String caseDir, Scenario s, PropertyLimits limits, boolean rerun) throws IOException {
        String trace = caseDir + "/" + TRACE_FILE;
        byte[] text = gunzip(bundle.resolve(trace));
        List<TraceRow> rows = rows(trace, text);
        List<Verdict> out = new ArrayList<>(PropertyChecks.judge(RunContext.of(s, limits), rows));
        if (!rerun) {
            out.add(PropertyVerdicts.notApplicable(PropertyChecks.DETERMINISM, "run once"));
            return out;
        }
        String rerunFile = caseDir + "/" + RERUN_FILE;
        String recorded;
        try {
            recorded = Files.readString(bundle.resolve(rerunFile), StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException(rerunFile + ": missing (the second run is not recorded)");
        }
        if (recorded.length() < 64 || !recorded.substring(0, 64).matches("[0-9a-f]{64}")) {
            throw new IOException(rerunFile + ": does not start with a SHA-256");
        }
        String second = recorded.substring(0, 64);
        String first = Manifest.sha256(text);
        out.add(first.equals(second)
                ? PropertyVerdicts.pass(PropertyChecks.DETERMINISM, rows.size() + " rows identical (the second run's trace has"
                        + " the first's SHA-256)")
                : PropertyVerdicts.fail(PropertyChecks.DETERMINISM, "the second run's trace (SHA-256 " + second.substring(0, 12)
                        + "…, " + RERUN_FILE + ") differs from the first's (SHA-256 " + first.substring(0, 12) + "…, " + rows.size()
                        + " rows)"));
        return out;
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

    /** Writes identity.json, results.json, junit.xml, report.html and run.log, then seals the bundle with its whole manifest. */
    public void finish(Run run, List<Entry> entries, List<ComponentIdentity> dutIdentity) throws IOException {
        Path out = folder.dir();
        writeIdentity(out, dutIdentity);
        writeDerived(out, out, run, entries);
        folder.seal();
    }

    /**
     * Writes into {@code target} what follows from the cases' verdicts and the raw data of
     * {@code bundle}: results.json, junit.xml, report.html and run.log (the run writes them into
     * the bundle; {@code verify-bundle} into a folder of its own, to compare).
     */
    static void writeDerived(Path bundle, Path target, Run run, List<Entry> entries) throws IOException {
        List<Verdict> all = new ArrayList<>();
        // a linked campaign's identity line comes first (the DUT's report of itself before the first case)
        Verdict identity = identityLine(bundle);
        if (identity != null) {
            all.add(identity);
        }
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
            for (Verdict v : inBundle(bundle, e)) {
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
        Results.write(target, header, Results.COMPLETE, all);

        List<Verdict> perCase = new ArrayList<>();
        for (Entry e : entries) {
            perCase.add(caseVerdict(bundle, e));
        }
        List<Verdict> junit = new ArrayList<>();
        if (identity != null) {
            junit.add(identity);
        }
        junit.addAll(perCase);
        Files.writeString(target.resolve(BundleFiles.JUNIT), JunitXml.render(run.title(), run.junitProperties(), junit),
                StandardCharsets.UTF_8);

        Files.writeString(target.resolve(BundleFiles.REPORT), HtmlReport.render(report(bundle, run, entries, perCase, identity)),
                StandardCharsets.UTF_8);

        StringBuilder l = new StringBuilder();
        for (Entry e : entries) {
            l.append(String.format(Locale.ROOT, "case %d %s: %s%n", e.index(), e.name(), e.failed()
                    ? "FAIL (" + e.verdicts().stream().filter(Verdict::failed).findFirst().orElseThrow().testId() + ")" : "pass"));
        }
        long failed = entries.stream().filter(Entry::failed).count();
        l.append(String.format(Locale.ROOT, "%d cases run, %d failed%n", entries.size(), failed));
        Files.writeString(target.resolve(BundleFiles.LOG), l.toString(), StandardCharsets.UTF_8);
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
        return listed(bundle, e.dir());
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

    /** A linked campaign's identity line, judged from the bundle's plan and identity.json; null for a campaign on the emulated DUT. */
    static Verdict identityLine(Path bundle) throws IOException {
        CampaignPlan plan;
        try {
            plan = CampaignPlan.read(bundle);
        } catch (io.github.ccrhil.evidence.yaml.ConfigException e) {
            throw new IOException(e.getMessage(), e);
        }
        return LinkedIdentity.judge(bundle, plan);
    }

    private static TestReport report(Path bundle, Run run, List<Entry> entries, List<Verdict> perCase, Verdict identity)
            throws IOException {
        List<Extreme> extremes = extremes(entries);
        List<TestReport.Test> tests = new ArrayList<>();
        if (identity != null) {
            tests.add(new TestReport.Test(identity, List.of(), List.of()));
        }
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
                "Each case's verdicts are a pure function of its scenario, its raw trace and the limits in " + CampaignPlan.FILE
                        + ". `ccr-hil verify-bundle` checks every file against manifest.sha256, re-judges every case from those"
                        + " files and regenerates results.json, junit.xml, this report, run.log and failures/ to compare them byte"
                        + " for byte.");
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
