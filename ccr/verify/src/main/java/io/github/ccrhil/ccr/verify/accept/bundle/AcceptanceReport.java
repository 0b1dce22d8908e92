package io.github.ccrhil.ccr.verify.accept.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.ccrhil.ccr.emulator.trace.TraceRow;
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
import java.util.function.ToDoubleFunction;

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
        for (Verdict v : verdicts) {
            TestSpec test = plan.tests().stream().filter(t -> t.id().equals(v.testId())).findFirst().orElseThrow();
            List<Plot> plots = new ArrayList<>();
            if (test.procedure() != Procedure.IDENTITY) {
                for (RawRun r : BundleJudge.runs(bundle, test)) {
                    plots.add(plot(test, r));
                }
            }
            tests.add(new TestReport.Test(v, plots, List.of()));
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
        return new TestReport(plan.name(), "acceptance report", subject, flags, identity(bundle), tests, files,
                "Verdicts are a pure function of plan.yaml and the raw traces; `ccr-hil verify-bundle` recomputes them."
                        + " Files and their SHA-256 are in manifest.sha256.");
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

    private record Curve(String name, String color, String dash, ToDoubleFunction<TraceRow> f) { }

    /** The run's response against the test's limits, with the stimuli as markers. */
    static Plot plot(TestSpec test, RawRun run) {
        List<Curve> curves = new ArrayList<>();
        List<Plot.LimitLine> limits = new ArrayList<>();
        String unit;
        switch (test.procedure()) {
            case LAMP_COUNT -> {
                unit = "failed lamps";
                curves.add(new Curve("actual (rig)", "#0a0", "", r -> r.lampFailuresActual()));
                curves.add(new Curve("DUT estimate", "#e70", "4,3", r -> r.lampFailuresEstimated()));
            }
            case EARTH_FAULT -> {
                unit = "insulation MΩ (log10)";
                curves.add(new Curve("insulation (plant)", "#05c", "",
                        r -> StrictMath.log10(StrictMath.max(1e-3, r.insulationMohm()))));
                for (Limit l : test.limits().values()) {
                    limits.add(new Plot.LimitLine(StrictMath.log10(l.value()), label(l)));
                }
            }
            default -> {
                unit = "A rms";
                curves.add(new Curve("band low", "#0a0", "2,2", r -> r.bandHighA() > 0 ? r.bandLowA() : Double.NaN));
                curves.add(new Curve("band high", "#0a0", "2,2", r -> r.bandHighA() > 0 ? r.bandHighA() : Double.NaN));
                curves.add(new Curve("I rms plant (independent)", "#05c", "", TraceRow::plantCurrentRmsA));
                curves.add(new Curve("I rms DUT (self-reported)", "#e70", "4,3", TraceRow::firmwareCurrentRmsA));
                for (Limit l : test.limits().values()) {
                    if (l.unit().equals("A")) {
                        limits.add(new Plot.LimitLine(l.value(), label(l)));
                    }
                }
            }
        }
        List<Plot.Series> series = new ArrayList<>();
        for (Curve c : curves) {
            List<Plot.Point> points = new ArrayList<>(run.rows().size());
            for (TraceRow r : run.rows()) {
                points.add(new Plot.Point(r.timeSeconds(), c.f().applyAsDouble(r)));
            }
            series.add(new Plot.Series(c.name(), c.color(), c.dash(), points));
        }
        List<Plot.Marker> markers = new ArrayList<>();
        for (RawRun.Event e : run.events()) {
            if (!e.source().equals("dut")) {
                markers.add(new Plot.Marker(e.t(), e.source() + " " + e.kind() + " " + e.value() + " @ "
                        + FixedPoint.format(e.t(), 3) + " s"));
            }
        }
        return new Plot(run.name(), run.traceFile(), "s", unit, series, limits, markers, unit.equals("A rms"));
    }

    /** "overshoot limit 6.700 A (IEC 61822 §5.3.9)". */
    private static String label(Limit l) {
        return l.name() + " " + FixedPoint.format(l.value(), 3) + " " + l.unit() + " (" + l.provenance() + ")";
    }
}
