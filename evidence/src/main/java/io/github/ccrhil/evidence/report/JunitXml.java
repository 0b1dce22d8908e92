package io.github.ccrhil.evidence.report;

import static io.github.ccrhil.evidence.report.Markup.escape;

import io.github.ccrhil.evidence.Check;
import io.github.ccrhil.evidence.Outcome;
import io.github.ccrhil.evidence.Verdict;
import java.util.List;
import java.util.Map;

/**
 * JUnit XML for CI systems, from verdicts of any kind of bundle: a FAIL is a failure, an
 * INCONCLUSIVE an error (the test could not complete); each test case's output is its
 * requirement and checks with limits and provenance. Times are zero: verdicts are a pure
 * function of the raw data, and the file is the same for the same data.
 */
public final class JunitXml {

    private JunitXml() { }

    /**
     * @param suite the test suite's name, e.g. the plan's; each case's class name is
     *     {@code suite + "." + procedure}
     * @param properties shown as {@code <property>} elements, in the map's order
     * @param verdicts one test case each, in this order
     */
    public static String render(String suite, Map<String, String> properties, List<Verdict> verdicts) {
        long failures = verdicts.stream().filter(v -> v.outcome() == Outcome.FAIL).count();
        long errors = verdicts.stream().filter(v -> v.outcome() == Outcome.INCONCLUSIVE).count();
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        b.append("<testsuite name=\"").append(escape(suite)).append("\" tests=\"").append(verdicts.size())
                .append("\" failures=\"").append(failures).append("\" errors=\"").append(errors)
                .append("\" skipped=\"0\" time=\"0\">\n");
        if (!properties.isEmpty()) {
            b.append("  <properties>\n");
            for (Map.Entry<String, String> p : properties.entrySet()) {
                b.append("    <property name=\"").append(escape(p.getKey())).append("\" value=\"").append(escape(p.getValue()))
                        .append("\"/>\n");
            }
            b.append("  </properties>\n");
        }
        for (Verdict v : verdicts) {
            b.append("  <testcase classname=\"").append(escape(suite + "." + v.procedure())).append("\" name=\"")
                    .append(escape(v.testId())).append("\" time=\"0\">\n");
            String details = details(v);
            switch (v.outcome()) {
                case FAIL -> b.append("    <failure message=\"").append(escape(v.reason())).append("\" type=\"FAIL\">")
                        .append(escape(details)).append("</failure>\n");
                case INCONCLUSIVE -> b.append("    <error message=\"").append(escape(v.reason()))
                        .append("\" type=\"INCONCLUSIVE\">").append(escape(details)).append("</error>\n");
                default -> { }
            }
            b.append("    <system-out>").append(escape(details)).append("</system-out>\n  </testcase>\n");
        }
        return b.append("</testsuite>\n").toString();
    }

    /** The verdict's requirement and every check, one a line. */
    public static String details(Verdict v) {
        StringBuilder b = new StringBuilder(v.requirement() + " [" + v.clause() + "]\n");
        for (Check c : v.checks()) {
            b.append(c.outcome()).append("  ").append(c.run()).append(": ").append(c.what()).append(": measured ")
                    .append(c.measured()).append(", limit ").append(c.limit()).append(" (").append(c.limitName()).append("; ")
                    .append(c.defaultLimit() ? "default: " : "").append(c.provenance()).append(")\n");
        }
        return b.toString();
    }
}
