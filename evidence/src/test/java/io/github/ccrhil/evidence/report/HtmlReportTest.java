package io.github.ccrhil.evidence.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.evidence.Check;
import io.github.ccrhil.evidence.Outcome;
import io.github.ccrhil.evidence.Verdict;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;

/** The report reads as a test report: summary on top, failures first, details folded, plots inside, text escaped. */
class HtmlReportTest {

    private static Verdict verdict(String id, Outcome o, String reason) {
        Check c = new Check("run1", "overshoot", "overshootMax", "≤ 6.7 A", "IEC 61822 §5.3.9", false, "6.1 A", o, 4.0);
        return new Verdict(id, "step-change", "No overshoot above the limit", "§5.3.9", o, reason, "plant-trace", false,
                List.of(c), List.of("traces/" + id + "/run1.csv"));
    }

    private static Plot stepResponse(String run) {
        List<Plot.Point> up = new ArrayList<>();
        for (int i = 0; i <= 2000; i++) {
            up.add(new Plot.Point(i * 0.005, i < 800 ? 2.8 : 6.6 - 3.0 * StrictMath.exp(-(i - 800) / 50.0)));
        }
        return new Plot(run, "traces/" + run + ".csv", "s", "A rms",
                List.of(new Plot.Series("I rms plant (independent)", "#05c", "", up)),
                List.of(new Plot.LimitLine(6.7, "overshoot ≤ 6.7 A")), List.of(new Plot.Marker(4.0, "step 1 → 5 @ 4.000 s")), true);
    }

    private static TestReport report() {
        List<TestReport.Test> tests = List.of(
                new TestReport.Test(verdict("step-accuracy", Outcome.PASS, "all steps within band"), List.of(stepResponse("a")), List.of()),
                new TestReport.Test(verdict("link-loss", Outcome.INCONCLUSIVE, "no answer within 500 ms"), List.of(), List.of()),
                new TestReport.Test(verdict("step-change", Outcome.FAIL, "overshoot 7.1 A > 6.7 A"),
                        List.of(stepResponse("b"), stepResponse("c")), List.of("replay: ccr-hil simulate case-3.yaml")),
                new TestReport.Test(verdict("identity", Outcome.PASS, "identity as declared"), List.of(), List.of()));
        return new TestReport("default plan", "acceptance report", "DUT 127.0.0.1:502 (in-process)",
                List.of("SELF-REPORTED: the judged values are the DUT's own report"),
                List.of(new TestReport.Table("Device under test", List.of("component", "sha256"), List.of(List.of("firmware", "ab12")))),
                tests, List.of(new TestReport.Link("plan", "plan.yaml")), "verify-bundle recomputes every verdict.");
    }

    private static List<String> detailsOpenings(String html) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("<details id=[^>]*>").matcher(html);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    @Test
    void theOverallOutcomeAndTheCountsComeBeforeAnyTest() {
        String html = HtmlReport.render(report());
        int summary = html.indexOf("<span class=\"overall FAIL\">FAIL</span> — 4 tests: ");
        assertTrue(summary > 0, "overall outcome and counts");
        assertTrue(html.contains("1 FAIL</span>, <span class=\"INCONCLUSIVE\">1 INCONCLUSIVE</span>, <span class=\"PASS\">2 PASS"));
        assertTrue(summary < html.indexOf("<details"));
        assertTrue(html.indexOf("SELF-REPORTED") < html.indexOf("<details"), "flags are read before any verdict");
    }

    @Test
    void failuresComeFirstThenInconclusiveThenPassesInPlanOrder() {
        List<String> ids = detailsOpenings(HtmlReport.render(report())).stream()
                .map(d -> d.replaceAll(".*id=\"test-([^\"]*)\".*", "$1")).toList();
        assertEquals(List.of("step-change", "link-loss", "step-accuracy", "identity"), ids);
    }

    @Test
    void eachTestsDetailIsFoldedAndOpenOnlyForAFailure() {
        List<String> details = detailsOpenings(HtmlReport.render(report()));
        assertEquals(4, details.size(), "one folded detail per test");
        assertTrue(details.get(0).endsWith(" open>"), details.get(0));
        for (String d : details.subList(1, 4)) {
            assertFalse(d.contains("open"), d);
        }
    }

    @Test
    void everyPlotOfATestIsInsideItsDetailAsWellFormedSvg() throws Exception {
        String html = HtmlReport.render(report());
        List<String> blocks = Pattern.compile("<details.*?</details>", Pattern.DOTALL).matcher(html).results()
                .map(m -> m.group()).toList();
        assertEquals(List.of(2L, 0L, 1L, 0L), blocks.stream().map(b -> (long) (b.split("<svg", -1).length - 1)).toList(),
                "a plot per transient run, in its test's detail");
        assertEquals(3, html.split("<svg", -1).length - 1, "no plot outside a test");
        var parser = DocumentBuilderFactory.newInstance();
        for (var m : Pattern.compile("<svg.*?</svg>", Pattern.DOTALL).matcher(html).results().toList()) {
            parser.newDocumentBuilder().parse(new ByteArrayInputStream(m.group().getBytes(StandardCharsets.UTF_8)));
        }
        assertTrue(blocks.get(0).contains("overshoot ≤ 6.7 A</text>"), "the limit line is labelled");
        assertTrue(blocks.get(0).contains("<a href=\"traces/b.csv\">"), "the plot names its raw file");
        assertTrue(blocks.get(0).contains("replay: ccr-hil simulate case-3.yaml"), "notes are shown");
        assertTrue(blocks.get(0).contains("IEC 61822 §5.3.9"), "every check shows its limit's provenance");
    }

    @Test
    void aFailedTestWithManyChecksShowsTheChecksNotPassedAndFoldsTheRest() {
        List<Check> many = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            many.add(new Check("run" + i, "overshoot", "overshootMax", "≤ 6.7 A", "IEC 61822 §5.3.9", false,
                    i == 17 ? "7.1 A" : "6.1 A", i == 17 ? Outcome.FAIL : i == 5 ? Outcome.NOT_APPLICABLE : Outcome.PASS, 4.0));
        }
        Verdict v = new Verdict("step-change", "step-change", "r", "c", Outcome.FAIL, "run17 overshoots", "plant-trace", false,
                many, List.of());
        String html = HtmlReport.render(new TestReport("t", "k", "s", List.of(), List.of(),
                List.of(new TestReport.Test(v, List.of(), List.of())), List.of(), ""));
        int notPassed = html.indexOf("Checks failed or inconclusive");
        int folded = html.indexOf("<details class=\"checks\"><summary>all 40 checks</summary>");
        assertTrue(notPassed > 0 && folded > notPassed, "the failing check is in view, the other 39 folded below it");
        assertEquals(2, html.split("<td>run17</td>", -1).length - 1, "run17 in the short table and in the full one");
        assertEquals(1, html.split("<td>run3</td>", -1).length - 1);
        assertEquals(1, html.split("<td>run5</td>", -1).length - 1, "a check not exercised is no failure: full table only");
    }

    @Test
    void theSameModelGivesTheSameBytes() {
        assertEquals(HtmlReport.render(report()), HtmlReport.render(report()));
    }

    @Test
    void theReportIsSelfContained() {
        String html = HtmlReport.render(report());
        assertFalse(html.contains("<script") || html.contains("src="), "no script, nothing fetched");
        assertFalse(html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "").contains("http"), "no external address");
    }

    @Test
    void everyTextIsEscapedAndNoLinkLeavesTheBundle() {
        Verdict nasty = new Verdict("<script>alert(1)</script>", "p&q", "a \"quoted\" <b>requirement</b>", "c'1", Outcome.FAIL,
                "x < y & z", "m", true, List.of(), List.of("javascript:alert(1)", "traces/a b.csv"));
        Plot p = new Plot("<i>run</i>", "http://evil.example/x.csv", "s", "<y>",
                List.of(new Plot.Series("</text><script>", "#123", "", List.of(new Plot.Point(0, 1), new Plot.Point(1, 2)))),
                List.of(new Plot.LimitLine(1.5, "<limit>")), List.of(new Plot.Marker(0.5, "a&b")), false);
        String html = HtmlReport.render(new TestReport("<t>", "k&", "s\"", List.of("<flag>"), List.of(),
                List.of(new TestReport.Test(nasty, List.of(p), List.of("<note>"))), List.of(), ""));
        assertFalse(html.contains("<script"), html);
        assertFalse(html.contains("<b>requirement"), html);
        assertFalse(html.contains("<note>") || html.contains("<flag>") || html.contains("<limit>") || html.contains("<y>"));
        assertFalse(html.contains("href=\"javascript:") || html.contains("href=\"http:"), "links stay inside the bundle");
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assertTrue(html.contains("x &lt; y &amp; z"));
        assertTrue(html.contains("<a href=\"traces/a b.csv\">"));
        assertTrue(html.contains("id=\"test-_script_alert_1___script_\""), "the anchor is a plain name");
    }

    @Test
    void noTestsIsInconclusiveNotPassed() {
        String html = HtmlReport.render(new TestReport("empty", "k", "s", List.of(), List.of(), List.of(), List.of(), ""));
        assertTrue(html.contains("<span class=\"overall INCONCLUSIVE\">INCONCLUSIVE</span> — 0 tests"), html);
    }
}
