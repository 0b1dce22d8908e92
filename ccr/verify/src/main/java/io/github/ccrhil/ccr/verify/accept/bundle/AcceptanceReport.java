package io.github.ccrhil.ccr.verify.accept.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.ccrhil.ccr.verify.accept.plan.Procedure;
import io.github.ccrhil.ccr.verify.accept.plan.TestPlan;
import io.github.ccrhil.ccr.verify.accept.plan.TestSpec;
import io.github.ccrhil.ccr.verify.accept.verdict.BundleJudge;
import io.github.ccrhil.ccr.verify.accept.verdict.RawRun;
import io.github.ccrhil.evidence.FixedPoint;
import io.github.ccrhil.evidence.Limit;
import io.github.ccrhil.evidence.Verdict;
import io.github.ccrhil.evidence.report.HtmlReport;
import io.github.ccrhil.evidence.report.Plot;
import io.github.ccrhil.evidence.report.TestReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The acceptance bundle's report.html: maps the plan, the raw traces read back from the bundle,
 * identity.json and the verdicts onto the evidence core's {@link TestReport}, with a plot of
 * every run's response against its limits; {@link HtmlReport} lays it out.
 */
final class AcceptanceReport {

    private AcceptanceReport() { }

    static String render(Path bundle, TestPlan plan, String dut, List<Verdict> verdicts) throws IOException {
        return HtmlReport.render(model(bundle, plan, dut, verdicts));
    }

    static TestReport model(Path bundle, TestPlan plan, String dut, List<Verdict> verdicts) throws IOException {
        String subject = "DUT " + plan.dut().address() + " (" + dut + "), profile " + plan.dut().profile() + "; rig "
                + BundleWriter.lower(plan.rig().name()) + "; measurement " + BundleWriter.lower(plan.measurement().name())
                + "; seed " + plan.seed() + ".";
        List<String> flags = plan.measurement().independent() ? List.of()
                : List.of("SELF-REPORTED: the judged values are the DUT's own report");
        List<TestReport.Test> tests = new ArrayList<>();
        LinkLog.Summary link = LinkLog.Summary.NONE;
        for (Verdict v : verdicts) {
            TestSpec test = plan.tests().stream().filter(t -> t.id().equals(v.testId())).findFirst().orElseThrow();
            List<Plot> plots = new ArrayList<>();
            if (test.procedure() != Procedure.IDENTITY) {
                for (RawRun r : BundleJudge.runs(bundle, test)) {
                    plots.add(plot(test, r));
                }
            }
            LinkLog.Summary l = LinkLog.read(bundle.resolve(BundleJudge.testDir(test)));
            link = link.plus(l);
            List<String> notes = l.sessions() == 0 ? List.of() : List.of(linkNote(l) + " (" + BundleJudge.testDir(test) + "/"
                    + LinkLog.FILE + ")");
            tests.add(new TestReport.Test(v, plots, notes));
        }
        List<TestReport.Link> files = new ArrayList<>();
        for (String f : List.of(BundleWriter.PLAN_FILE, BundleWriter.RESULTS_FILE, BundleWriter.IDENTITY_FILE,
                BundleWriter.JUNIT_FILE, BundleWriter.PROFILE_FILE, BundleWriter.LOG_FILE)) {
            if (Files.exists(bundle.resolve(f))) {
                files.add(new TestReport.Link(f, f));
            }
        }
        if (Files.isDirectory(bundle.resolve(BundleWriter.COMTRADE_DIR))) {
            files.add(new TestReport.Link("COMTRADE records of the transients", BundleWriter.COMTRADE_DIR + "/"));
        }
        List<TestReport.Table> tables = new ArrayList<>(identity(bundle));
        if (link.sessions() > 0) {
            tables.add(new TestReport.Table("Link to the DUT (fault-injecting; every repeat in each test's " + LinkLog.FILE + ")",
                    List.of("DUT sessions", "frames carried", "faults injected", "transactions repeated", "lost on every attempt"),
                    List.of(List.of(Long.toString(link.sessions()), Long.toString(link.frames()), Long.toString(link.faults()),
                            Long.toString(link.repeats()), Long.toString(link.lost())))));
        }
        return new TestReport(plan.name(), "acceptance report", subject, flags, tables, tests, files,
                "Verdicts are a pure function of plan.yaml and the raw traces; `ccr-hil verify-bundle` recomputes them."
                        + " Files and their SHA-256 are in manifest.sha256.");
    }

    static String linkNote(LinkLog.Summary l) {
        return "link: " + l.frames() + " frames, " + l.faults() + " faults injected, " + l.repeats() + " transactions repeated, "
                + l.lost() + " lost on every attempt";
    }

    /** The tables of identity.json (written before the report): the DUT's components, then the verifier's. */
    private static List<TestReport.Table> identity(Path bundle) throws IOException {
        Path file = bundle.resolve(BundleWriter.IDENTITY_FILE);
        if (!Files.exists(file)) {
            return List.of();
        }
        JsonNode root = BundleWriter.JSON.readTree(file.toFile());
        List<TestReport.Table> out = new ArrayList<>();
        List<List<String>> dut = new ArrayList<>();
        for (JsonNode c : root.path("dut")) {
            dut.add(List.of(c.path("component").asText(), c.path("model").asText(), c.path("revision").asText(),
                    c.path("sha256").asText()));
        }
        out.add(new TestReport.Table("Device under test (" + root.path("dutReportedBy").asText("as reported") + ")",
                List.of("component", "model", "revision", "SHA-256"), dut));
        List<List<String>> verifier = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) root.path("verifier")::fields) {
            verifier.add(List.of(e.getKey(), e.getValue().asText()));
        }
        out.add(new TestReport.Table("Verifier", List.of("component", "identity"), verifier));
        return out;
    }

    /** The run's response against the test's limits, with the stimuli as markers. */
    static Plot plot(TestSpec test, RawRun run) {
        List<Plot.Marker> markers = new ArrayList<>();
        for (RawRun.Event e : run.events()) {
            if (!e.source().equals("dut")) {
                markers.add(new Plot.Marker(e.t(), e.source() + " " + e.kind() + " " + e.value() + " @ "
                        + FixedPoint.format(e.t(), 3) + " s"));
            }
        }
        List<Plot.LimitLine> limits = new ArrayList<>();
        switch (test.procedure()) {
            case LAMP_COUNT -> {
                return TracePlots.plot(run.name(), run.traceFile(), "failed lamps", run.rows(), List.of(
                        new TracePlots.Curve("actual (rig)", "#0a0", "", r -> r.lampFailuresActual()),
                        new TracePlots.Curve("DUT estimate", "#e70", "4,3", r -> r.lampFailuresEstimated())),
                        limits, markers, false);
            }
            case EARTH_FAULT -> {
                for (Limit l : test.limits().values()) {
                    limits.add(new Plot.LimitLine(StrictMath.log10(l.value()), label(l)));
                }
                return TracePlots.plot(run.name(), run.traceFile(), "insulation MΩ (log10)", run.rows(), List.of(
                        new TracePlots.Curve("insulation (plant)", "#05c", "",
                                r -> StrictMath.log10(StrictMath.max(1e-3, r.insulationMohm())))), limits, markers, false);
            }
            default -> {
                for (Limit l : test.limits().values()) {
                    if (l.unit().equals("A")) {
                        limits.add(new Plot.LimitLine(l.value(), label(l)));
                    }
                }
                return TracePlots.current(run.name(), run.traceFile(), run.rows(), limits, markers);
            }
        }
    }

    /** "step-change overshoot 6.700 A (IEC 61822 §5.3.9)". */
    static String label(Limit l) {
        return l.name() + " " + FixedPoint.format(l.value(), 3) + " " + l.unit() + " (" + l.provenance() + ")";
    }
}
