package io.github.ccrhil.ccr.verify.accept;

import io.github.ccrhil.ccr.verify.accept.bundle.BundleWriter;
import io.github.ccrhil.ccr.verify.accept.bundle.AcceptanceBundle;
import io.github.ccrhil.evidence.bundle.BundleFolder;
import io.github.ccrhil.ccr.verify.accept.plan.TestPlan;
import io.github.ccrhil.ccr.verify.accept.plan.TestSpec;
import io.github.ccrhil.ccr.verify.accept.procedure.Procedures;
import io.github.ccrhil.ccr.verify.accept.verdict.BundleJudge;
import io.github.ccrhil.evidence.Outcome;
import io.github.ccrhil.evidence.Verdict;
import io.github.ccrhil.evidence.Verdicts;
import io.github.ccrhil.ccr.verify.accept.verdict.IdentityResolver;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One acceptance run: bundle.json first, then every test of the plan in order, each writing its
 * raw traces into the evidence bundle and closing them <em>before</em> it is judged from those files; then
 * results.json, junit.xml, report.html, COMTRADE files and identity; the manifest last, also
 * after a crash, so whatever was recorded stays readable and checkable.
 */
public final class AcceptanceRun {

    /** Told about progress. */
    public interface Progress {
        void testStarted(int index, int total, TestSpec test);

        void runStarted(String testId, String run);

        void testJudged(int index, int total, Verdict verdict);

        Progress NONE = new Progress() {
            public void testStarted(int i, int n, TestSpec t) { }

            public void runStarted(String t, String r) { }

            public void testJudged(int i, int n, Verdict v) { }
        };
    }

    /** The outcome of the run. */
    public record Result(Path bundle, Outcome outcome, List<Verdict> verdicts) {
        public long count(Outcome o) {
            return verdicts.stream().filter(v -> v.outcome() == o).count();
        }
    }

    private final TestPlan plan;
    private final String planText;
    private final Procedures.Session session;
    private final String dutDescription;
    private final Progress progress;
    private final Clock wallClock;
    private final IdentityResolver resolver;

    /**
     * @param plan the plan
     * @param planText its text, copied into the bundle as run
     * @param session opens the DUT for each run
     * @param dutDescription how the DUT was reached, for the log and the results
     * @param progress progress listener
     * @param wallClock wall clock for the run log only (never in traces or results)
     */
    public AcceptanceRun(TestPlan plan, String planText, Procedures.Session session, String dutDescription,
                         Progress progress, Clock wallClock) {
        this.plan = Objects.requireNonNull(plan, "plan");
        this.planText = Objects.requireNonNull(planText, "planText");
        this.session = Objects.requireNonNull(session, "session");
        this.dutDescription = dutDescription;
        this.progress = progress;
        this.wallClock = wallClock;
        this.resolver = BundleJudge.REFERENCE_RESOLVER;
    }

    public Result run(Path bundle) throws IOException {
        BundleFolder folder = BundleFolder.create(bundle, AcceptanceBundle.MARKER);
        Files.writeString(bundle.resolve(BundleWriter.PLAN_FILE), planText, StandardCharsets.UTF_8);
        List<Verdict> verdicts = new ArrayList<>();
        BundleWriter writer = new BundleWriter(bundle, plan, dutDescription);
        // a DUT in wall-clock time: what the verifier's host did during each run goes with it
        try (io.github.ccrhil.evidence.host.HostMonitor host = plan.dut().emulated() ? null
                : new io.github.ccrhil.evidence.host.HostMonitor();
             Writer log = new BufferedWriter(Files.newBufferedWriter(bundle.resolve(BundleWriter.LOG_FILE), StandardCharsets.UTF_8))) {
            log(log, "plan " + plan.name() + ", seed " + plan.seed() + ", " + plan.tests().size() + " tests; DUT "
                    + dutDescription + "; rig " + plan.rig() + "; measurement " + plan.measurement());
            try {
                writer.writeProfile();
                // crash-safe: the status says "running" until the end, and the manifest grows
                // as each test completes, so a killed run is INCOMPLETE with its finished tests covered
                writer.writeRunning();
                List<String> start = new ArrayList<>(List.of(io.github.ccrhil.evidence.bundle.BundleMarker.FILE,
                        BundleWriter.PLAN_FILE));
                if (Files.exists(bundle.resolve(BundleWriter.PROFILE_FILE))) {
                    start.add(BundleWriter.PROFILE_FILE);
                }
                io.github.ccrhil.evidence.bundle.Manifest.append(bundle, start);
                int n = plan.tests().size();
                for (int i = 0; i < n; i++) {
                    TestSpec test = plan.tests().get(i);
                    progress.testStarted(i, n, test);
                    log(log, "test " + test.id() + " (" + test.procedure().planName() + ") started");
                    List<String> runs = Procedures.run(plan, test, i, bundle.resolve(BundleJudge.testDir(test)), session,
                            (t, r) -> {
                                progress.runStarted(t, r);
                                log(log, "  run " + r);
                            }, host);
                    if (session instanceof io.github.ccrhil.ccr.verify.accept.bundle.LinkLog.Source linkSource) {
                        // every repeat through a faulty link is raw data of the test it happened in
                        io.github.ccrhil.ccr.verify.accept.bundle.LinkLog.write(bundle.resolve(BundleJudge.testDir(test)),
                                linkSource.drainLinkSessions());
                    }
                    // the raw files are closed: judge from them, exactly as verify-bundle will
                    Verdict v = BundleJudge.judge(bundle, plan, test, resolver);
                    verdicts.add(v);
                    io.github.ccrhil.evidence.bundle.Manifest.append(bundle, testFiles(bundle, test));
                    log(log, "test " + test.id() + ": " + v.outcome() + " (" + runs.size() + " runs): " + v.reason());
                    progress.testJudged(i, n, v);
                }
                writer.writeIdentity();
                writer.writeJunit(verdicts);
                writer.writeComtrade(verdicts);
                writer.writeReport(verdicts);
                writer.writeResults(verdicts); // "complete" only once everything derived is there
                log(log, "verdict " + overall(verdicts));
            } catch (IOException | RuntimeException e) {
                log(log, "run aborted: " + e);
                writer.writeResultsQuietly(verdicts, "aborted: " + e);
                throw e;
            } finally {
                log.flush();
            }
        } finally {
            folder.seal();
        }
        return new Result(bundle, overall(verdicts), List.copyOf(verdicts));
    }

    /** A completed test's raw files, relative to the bundle, sorted. */
    static List<String> testFiles(Path bundle, TestSpec test) throws IOException {
        Path dir = bundle.resolve(BundleJudge.testDir(test));
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).map(p -> BundleJudge.testDir(test) + "/" + p.getFileName()).sorted().toList();
        }
    }

    public static Outcome overall(List<Verdict> verdicts) {
        return Verdicts.overall(verdicts);
    }

    private void log(Writer log, String line) {
        try {
            log.write(Instant.now(wallClock) + " " + line + "\n");
            log.flush();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
