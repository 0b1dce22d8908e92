package io.github.ccrhil.evidence.report;

import static io.github.ccrhil.evidence.report.Markup.escape;

import io.github.ccrhil.evidence.Check;
import io.github.ccrhil.evidence.Outcome;
import io.github.ccrhil.evidence.Verdict;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A {@link TestReport} as one self-contained HTML page, laid out as readers expect of a test
 * report: the overall outcome and the counts on top, then every test as a one-line summary,
 * failures first, then inconclusive ones, then the rest in plan order; each test's detail
 * (requirement, checks with limits and provenance, raw files, plots) folded in a
 * {@code <details>} element that is open only for failures. Plots are inline SVG
 * ({@link SvgPlot}); there is no script and nothing is fetched; every text is escaped; the
 * same model gives the same bytes.
 */
public final class HtmlReport {

    private static final String STYLE = "body{font-family:sans-serif;margin:1.5em;max-width:1000px}"
            + "table{border-collapse:collapse;font-size:90%;margin:.4em 0}"
            + "td,th{border:1px solid #ccc;padding:2px 6px;vertical-align:top;text-align:left}"
            + "span.PASS,b.PASS,td.PASS{color:#070}span.FAIL,b.FAIL,td.FAIL{color:#b00}"
            + "span.INCONCLUSIVE,b.INCONCLUSIVE,td.INCONCLUSIVE{color:#a60}"
            + ".flag{background:#fe9;padding:0 4px}.dflt{color:#666;font-style:italic}"
            + ".overall{font-size:130%;font-weight:bold}"
            + "details{border:1px solid #ccc;border-left-width:6px;margin:.3em 0;padding:.2em .6em}"
            + "details.FAIL{border-left-color:#b00}details.INCONCLUSIVE{border-left-color:#a60}details.PASS{border-left-color:#070}"
            + "summary{cursor:pointer}details.test>summary b{display:inline-block;min-width:7.5em}"
            + "details.checks{border:none;padding:0}tr.FAIL td{background:#fdd}tr.INCONCLUSIVE td{background:#fed}"
            + "figure{margin:.6em 0}figcaption{font-weight:bold}svg{border:1px solid #ddd;margin:4px 0;max-width:100%;height:auto}"
            + "code{font-size:90%}";

    /** A test with more checks than this shows them folded (its checks not passed stay in view). */
    static final int FOLD_CHECKS_ABOVE = 12;

    private HtmlReport() { }

    /** The page. */
    public static String render(TestReport r) {
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(escape(r.title()))
                .append(" — ").append(escape(r.kind())).append("</title>\n<style>").append(STYLE).append("</style></head><body>\n");
        Outcome overall = r.overall();
        b.append("<h1>").append(escape(r.title())).append(": <span class=\"").append(overall).append("\">").append(overall)
                .append("</span></h1>\n");
        b.append("<p>").append(escape(r.kind())).append(". ").append(escape(r.subject())).append("</p>\n");
        for (String f : r.flags()) {
            b.append("<p><span class=\"flag\">").append(escape(f)).append("</span></p>\n");
        }
        summary(b, r, overall);
        List<TestReport.Test> order = inReadingOrder(r.tests());
        List<String> anchors = anchors(order);
        b.append("<h2>Tests</h2>\n");
        for (int i = 0; i < order.size(); i++) {
            test(b, order.get(i), anchors.get(i));
        }
        if (!r.identity().isEmpty()) {
            b.append("<h2>Identity</h2>\n");
            for (TestReport.Table t : r.identity()) {
                table(b, t);
            }
        }
        if (!r.files().isEmpty()) {
            b.append("<h2>Files</h2>\n<ul>\n");
            for (TestReport.Link l : r.files()) {
                b.append("<li>").append(link(l.href(), l.label())).append("</li>\n");
            }
            b.append("</ul>\n");
        }
        if (!r.footer().isEmpty()) {
            b.append("<p><small>").append(escape(r.footer())).append("</small></p>\n");
        }
        return b.append("</body></html>\n").toString();
    }

    /** Failures first, then inconclusive, then passes, then any other outcome; plan order within each. */
    static List<TestReport.Test> inReadingOrder(List<TestReport.Test> tests) {
        List<TestReport.Test> out = new ArrayList<>(tests);
        out.sort(Comparator.comparingInt(t -> rank(t.verdict().outcome())));
        return out;
    }

    static int rank(Outcome o) {
        switch (o) {
            case FAIL:
                return 0;
            case INCONCLUSIVE:
                return 1;
            case PASS:
                return 2;
            default:
                return 3;
        }
    }

    private static void summary(StringBuilder b, TestReport r, Outcome overall) {
        b.append("<p><span class=\"overall ").append(overall).append("\">").append(overall).append("</span> — ")
                .append(r.tests().size()).append(r.tests().size() == 1 ? " test: " : " tests: ");
        Outcome[] all = Outcome.values().clone();
        Arrays.sort(all, Comparator.comparingInt(HtmlReport::rank));
        String sep = "";
        for (Outcome o : all) {
            long n = r.tests().stream().filter(t -> t.verdict().outcome() == o).count();
            b.append(sep).append("<span class=\"").append(o).append("\">").append(n).append(' ').append(o).append("</span>");
            sep = ", ";
        }
        b.append("</p>\n");
    }

    private static void test(StringBuilder b, TestReport.Test t, String anchor) {
        Verdict v = t.verdict();
        b.append("<details id=\"").append(anchor).append("\" class=\"test ").append(v.outcome()).append('"')
                .append(v.outcome() == Outcome.FAIL ? " open" : "").append("><summary><b class=\"").append(v.outcome())
                .append("\">").append(v.outcome()).append("</b> ").append(escape(v.testId())).append(" — ")
                .append(escape(v.reason())).append("</summary>\n");
        b.append("<p>").append(escape(v.requirement()));
        if (!v.clause().isEmpty()) {
            b.append(" <i>[").append(escape(v.clause())).append("]</i>");
        }
        b.append("<br><small>procedure ").append(escape(v.procedure())).append("; measurement ").append(escape(v.measurement()))
                .append("</small>");
        if (v.selfReported()) {
            b.append(" <span class=\"flag\">self-reported</span>");
        }
        b.append("</p>\n");
        // what needs a reader's attention: failed and inconclusive checks (not the ones not exercised)
        List<Check> notPassed = v.checks().stream()
                .filter(c -> c.outcome() == Outcome.FAIL || c.outcome() == Outcome.INCONCLUSIVE).toList();
        if (!notPassed.isEmpty() && notPassed.size() < v.checks().size()) {
            b.append("<p><b>Checks failed or inconclusive</b></p>\n");
            checks(b, notPassed);
        }
        if (v.checks().size() > FOLD_CHECKS_ABOVE) {
            b.append("<details class=\"checks\"><summary>all ").append(v.checks().size()).append(" checks</summary>\n");
            checks(b, v.checks());
            b.append("</details>\n");
        } else if (!v.checks().isEmpty()) {
            checks(b, v.checks());
        }
        for (String n : t.notes()) {
            b.append("<p>").append(escape(n)).append("</p>\n");
        }
        if (!v.files().isEmpty()) {
            b.append("<p><small>raw data: ");
            String sep = "";
            for (String f : v.files()) {
                b.append(sep).append(link(f, f));
                sep = ", ";
            }
            b.append("</small></p>\n");
        }
        for (Plot p : t.plots()) {
            b.append("<figure><figcaption>").append(escape(p.title()));
            if (!p.source().isEmpty()) {
                b.append(" <small>(").append(link(p.source(), p.source())).append(")</small>");
            }
            b.append("</figcaption>\n");
            SvgPlot.render(b, p);
            b.append("</figure>\n");
        }
        b.append("</details>\n");
    }

    private static void checks(StringBuilder b, List<Check> checks) {
        b.append("<table><tr><th>run</th><th>check</th><th>measured</th><th>limit</th><th>provenance</th><th></th></tr>\n");
        for (Check c : checks) {
            b.append("<tr class=\"").append(c.outcome()).append("\"><td>").append(escape(c.run())).append("</td><td>")
                    .append(escape(c.what())).append("</td><td>").append(escape(c.measured())).append("</td><td>")
                    .append(escape(c.limit())).append(" <small>(").append(escape(c.limitName())).append(")</small></td><td")
                    .append(c.defaultLimit() ? " class=\"dflt\">default: " : ">").append(escape(c.provenance()))
                    .append("</td><td class=\"").append(c.outcome()).append("\">").append(c.outcome()).append("</td></tr>\n");
        }
        b.append("</table>\n");
    }

    private static void table(StringBuilder b, TestReport.Table t) {
        b.append("<h3>").append(escape(t.heading())).append("</h3>\n<table><tr>");
        for (String c : t.columns()) {
            b.append("<th>").append(escape(c)).append("</th>");
        }
        b.append("</tr>\n");
        for (List<String> row : t.rows()) {
            b.append("<tr>");
            for (String c : row) {
                b.append("<td>").append(escape(c)).append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</table>\n");
    }

    /** A link to a file of the bundle; anything with a scheme ("http:", "javascript:") is shown as text only. */
    private static String link(String href, String label) {
        if (href.matches("(?s)[A-Za-z][A-Za-z0-9+.-]*:.*") || href.startsWith("//")) {
            return escape(label);
        }
        return "<a href=\"" + escape(href) + "\">" + escape(label) + "</a>";
    }

    /** "test-" and the test id in letters, digits, '.', '_' and '-', made unique. */
    private static List<String> anchors(List<TestReport.Test> tests) {
        Set<String> seen = new HashSet<>();
        List<String> out = new ArrayList<>();
        for (TestReport.Test t : tests) {
            String base = "test-" + t.verdict().testId().replaceAll("[^A-Za-z0-9._-]", "_");
            String a = base;
            for (int k = 2; !seen.add(a); k++) {
                a = base + "-" + k;
            }
            out.add(a);
        }
        return out;
    }
}
