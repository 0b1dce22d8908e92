package io.github.ccrhil.ccr.verify.accept.bundle;

import static io.github.ccrhil.ccr.verify.accept.bundle.JunitXml.x;

import io.github.ccrhil.evidence.Limit;
import io.github.ccrhil.ccr.verify.accept.plan.Procedure;
import io.github.ccrhil.ccr.verify.accept.plan.TestPlan;
import io.github.ccrhil.ccr.verify.accept.plan.TestSpec;
import io.github.ccrhil.ccr.verify.accept.procedure.Fixed;
import io.github.ccrhil.ccr.verify.accept.verdict.BundleJudge;
import io.github.ccrhil.evidence.Check;
import io.github.ccrhil.evidence.Outcome;
import io.github.ccrhil.ccr.verify.accept.verdict.RawRun;
import io.github.ccrhil.evidence.Verdict;
import io.github.ccrhil.ccr.emulator.trace.TraceRow;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * One self-contained HTML page: the verdict of every test with its checks, limits and
 * provenance, and a plot of every run's response against its limits. Plots are inline SVG,
 * written by integer arithmetic on the trace: no external file, no script, the same bytes for
 * the same traces (a PNG renderer's bytes depend on the JVM's fonts and AWT build).
 */
final class HtmlReport {

    private static final int W = 900;
    private static final int H = 260;
    private static final int ML = 55;
    private static final int MR = 10;
    private static final int MT = 10;
    private static final int MB = 30;

    private HtmlReport() { }

    static String render(Path bundle, TestPlan plan, String dut, List<Verdict> verdicts) throws IOException {
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(x(plan.name())).append(" — acceptance report</title>\n<style>")
                .append("body{font-family:sans-serif;margin:1.5em;max-width:1000px}table{border-collapse:collapse;font-size:90%}")
                .append("td,th{border:1px solid #ccc;padding:2px 6px;vertical-align:top}.PASS{color:#070}.FAIL{color:#b00}")
                .append(".INCONCLUSIVE{color:#a60}.flag{background:#fe9;padding:0 4px}.dflt{color:#666;font-style:italic}")
                .append("svg{border:1px solid #ddd;margin:4px 0}</style></head><body>\n");
        Outcome overall = verdicts.isEmpty() ? Outcome.INCONCLUSIVE : Outcome.PASS;
        for (Verdict v : verdicts) {
            overall = overall.and(v.outcome());
        }
        b.append("<h1>").append(x(plan.name())).append(": <span class=\"").append(overall).append("\">").append(overall)
                .append("</span></h1>\n");
        b.append("<p>DUT ").append(x(plan.dut().address())).append(" (").append(x(dut)).append("), profile ")
                .append(x(plan.dut().profile())).append("; rig ").append(BundleWriter.lower(plan.rig().name()))
                .append("; measurement ").append(BundleWriter.lower(plan.measurement().name()));
        if (!plan.measurement().independent()) {
            b.append(" <span class=\"flag\">SELF-REPORTED: the judged values are the DUT's own report</span>");
        }
        b.append("; seed ").append(plan.seed()).append(".</p>\n<table><tr><th>test</th><th>verdict</th><th>requirement</th><th>reason</th></tr>\n");
        for (Verdict v : verdicts) {
            b.append("<tr><td><a href=\"#").append(x(v.testId())).append("\">").append(x(v.testId())).append("</a></td><td class=\"")
                    .append(v.outcome()).append("\">").append(v.outcome()).append("</td><td>").append(x(v.requirement()))
                    .append("</td><td>").append(x(v.reason())).append("</td></tr>\n");
        }
        b.append("</table>\n");
        for (Verdict v : verdicts) {
            TestSpec test = plan.tests().stream().filter(t -> t.id().equals(v.testId())).findFirst().orElseThrow();
            b.append("<h2 id=\"").append(x(v.testId())).append("\">").append(x(v.testId())).append(": <span class=\"")
                    .append(v.outcome()).append("\">").append(v.outcome()).append("</span></h2>\n<p>").append(x(v.requirement()))
                    .append(" <i>[").append(x(v.clause())).append("]</i>");
            if (v.selfReported()) {
                b.append(" <span class=\"flag\">self-reported</span>");
            }
            b.append("</p>\n<table><tr><th>run</th><th>check</th><th>measured</th><th>limit</th><th>provenance</th><th></th></tr>\n");
            for (Check c : v.checks()) {
                b.append("<tr><td>").append(x(c.run())).append("</td><td>").append(x(c.what())).append("</td><td>")
                        .append(x(c.measured())).append("</td><td>").append(x(c.limit())).append(" <small>(")
                        .append(x(c.limitName())).append(")</small></td><td").append(c.defaultLimit() ? " class=\"dflt\">default: " : ">")
                        .append(x(c.provenance())).append("</td><td class=\"").append(c.outcome()).append("\">").append(c.outcome())
                        .append("</td></tr>\n");
            }
            b.append("</table>\n");
            if (test.procedure() != Procedure.IDENTITY) {
                for (RawRun r : BundleJudge.runs(bundle, test)) {
                    b.append("<div><b>").append(x(r.name())).append("</b> <small>(").append(x(r.traceFile()))
                            .append(")</small><br>\n");
                    plot(b, test, r);
                    b.append("</div>\n");
                }
            }
        }
        b.append("<p><small>Verdicts are a pure function of plan.yaml and the raw traces; `ccr-hil verify-bundle` recomputes them."
                + " Files and their SHA-256 are in manifest.sha256.</small></p>\n</body></html>\n");
        return b.toString();
    }

    private record Series(String name, String color, String dash, ToDoubleFunction<TraceRow> f) { }

    private static void plot(StringBuilder b, TestSpec test, RawRun run) {
        List<TraceRow> rows = run.rows();
        if (rows.isEmpty()) {
            b.append("<i>no data</i>");
            return;
        }
        List<Series> series = new ArrayList<>();
        List<double[]> hlines = new ArrayList<>();
        String unit;
        switch (test.procedure()) {
            case LAMP_COUNT -> {
                unit = "failed lamps";
                series.add(new Series("actual (rig)", "#0a0", "", r -> r.lampFailuresActual()));
                series.add(new Series("DUT estimate", "#e70", "4,3", r -> r.lampFailuresEstimated()));
            }
            case EARTH_FAULT -> {
                unit = "insulation MΩ (log10)";
                series.add(new Series("insulation (plant)", "#05c", "", r -> StrictMath.log10(StrictMath.max(1e-3, r.insulationMohm()))));
                for (Limit l : test.limits().values()) {
                    hlines.add(new double[] {StrictMath.log10(l.value())});
                }
            }
            default -> {
                unit = "A rms";
                series.add(new Series("band low", "#0a0", "2,2", r -> r.bandHighA() > 0 ? r.bandLowA() : Double.NaN));
                series.add(new Series("band high", "#0a0", "2,2", r -> r.bandHighA() > 0 ? r.bandHighA() : Double.NaN));
                series.add(new Series("I rms plant (independent)", "#05c", "", TraceRow::plantCurrentRmsA));
                series.add(new Series("I rms DUT (self-reported)", "#e70", "4,3", TraceRow::firmwareCurrentRmsA));
                for (Limit l : test.limits().values()) {
                    if (l.unit().equals("A")) {
                        hlines.add(new double[] {l.value()});
                    }
                }
            }
        }
        double t0 = rows.get(0).timeSeconds() - 0.01;
        double t1 = rows.get(rows.size() - 1).timeSeconds();
        double ymin = Double.POSITIVE_INFINITY;
        double ymax = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (TraceRow r : rows) {
                double v = s.f().applyAsDouble(r);
                if (Double.isFinite(v)) {
                    ymin = StrictMath.min(ymin, v);
                    ymax = StrictMath.max(ymax, v);
                }
            }
        }
        for (double[] h : hlines) {
            ymax = StrictMath.max(ymax, h[0]);
            ymin = StrictMath.min(ymin, h[0]);
        }
        if (unit.equals("A rms")) {
            ymin = 0;
        }
        if (!(ymax > ymin)) {
            ymax = ymin + 1;
        }
        ymax += 0.05 * (ymax - ymin);
        double fx = (W - ML - MR) / (t1 - t0);
        double fy = (H - MT - MB) / (ymax - ymin);
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(W).append("\" height=\"").append(H)
                .append("\" font-size=\"10\">");
        b.append("<rect x=\"").append(ML).append("\" y=\"").append(MT).append("\" width=\"").append(W - ML - MR)
                .append("\" height=\"").append(H - MT - MB).append("\" fill=\"#fff\" stroke=\"#999\"/>");
        for (int k = 0; k <= 4; k++) {
            double v = ymin + k * (ymax - ymin) / 4;
            long y = StrictMath.round(H - MB - (v - ymin) * fy);
            b.append("<text x=\"2\" y=\"").append(y + 3).append("\">").append(Fixed.format(v, 2)).append("</text>");
        }
        for (int k = 0; k <= 5; k++) {
            double t = t0 + k * (t1 - t0) / 5;
            long px = StrictMath.round(ML + (t - t0) * fx);
            b.append("<text x=\"").append(px - 10).append("\" y=\"").append(H - 12).append("\">").append(Fixed.format(t, 1))
                    .append(" s</text>");
        }
        b.append("<text x=\"").append(ML + 5).append("\" y=\"").append(H - 1).append("\">").append(x(unit)).append("</text>");
        for (RawRun.Event e : run.events()) {
            if (e.source().equals("dut")) {
                continue;
            }
            long px = StrictMath.round(ML + (e.t() - t0) * fx);
            b.append("<line x1=\"").append(px).append("\" x2=\"").append(px).append("\" y1=\"").append(MT).append("\" y2=\"")
                    .append(H - MB).append("\" stroke=\"#aaa\" stroke-dasharray=\"1,3\"><title>").append(x(e.source() + " "
                            + e.kind() + " " + e.value() + " @ " + Fixed.format(e.t(), 3) + " s")).append("</title></line>");
        }
        for (double[] h : hlines) {
            long y = StrictMath.round(H - MB - (h[0] - ymin) * fy);
            b.append("<line x1=\"").append(ML).append("\" x2=\"").append(W - MR).append("\" y1=\"").append(y).append("\" y2=\"")
                    .append(y).append("\" stroke=\"#d00\" stroke-width=\"1\"><title>limit ").append(Fixed.format(h[0], 3))
                    .append("</title></line>");
        }
        int legend = 0;
        for (Series s : series) {
            b.append("<polyline fill=\"none\" stroke=\"").append(s.color()).append("\" stroke-width=\"1.2\"")
                    .append(s.dash().isEmpty() ? "" : " stroke-dasharray=\"" + s.dash() + "\"").append(" points=\"");
            // min/max envelope per pixel column, so no excursion is hidden
            int cols = W - ML - MR;
            int n = rows.size();
            for (int c = 0; c < cols && n > 0; c++) {
                int from = (int) ((long) c * n / cols);
                int to = (int) ((long) (c + 1) * n / cols);
                if (to <= from) {
                    continue;
                }
                double lo = Double.POSITIVE_INFINITY;
                double hi = Double.NEGATIVE_INFINITY;
                for (int i = from; i < to; i++) {
                    double v = s.f().applyAsDouble(rows.get(i));
                    if (Double.isFinite(v)) {
                        lo = StrictMath.min(lo, v);
                        hi = StrictMath.max(hi, v);
                    }
                }
                if (!Double.isFinite(lo)) {
                    continue;
                }
                long px = StrictMath.round(ML + (rows.get(from).timeSeconds() - t0) * fx);
                b.append(px).append(',').append(StrictMath.round(H - MB - (lo - ymin) * fy)).append(' ');
                if (hi > lo) {
                    b.append(px).append(',').append(StrictMath.round(H - MB - (hi - ymin) * fy)).append(' ');
                }
            }
            b.append("\"/>");
            b.append("<text x=\"").append(W - MR - 190).append("\" y=\"").append(MT + 12 + 12 * legend++).append("\" fill=\"")
                    .append(s.color()).append("\">").append(x(s.name())).append("</text>");
        }
        if (!hlines.isEmpty()) {
            b.append("<text x=\"").append(W - MR - 190).append("\" y=\"").append(MT + 12 + 12 * legend).append("\" fill=\"#d00\">")
                    .append("limits (plan)</text>");
        }
        b.append("</svg>\n");
    }
}
