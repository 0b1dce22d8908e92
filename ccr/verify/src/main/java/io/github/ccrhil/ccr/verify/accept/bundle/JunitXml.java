package io.github.ccrhil.ccr.verify.accept.bundle;

import io.github.ccrhil.ccr.verify.accept.plan.TestPlan;
import io.github.ccrhil.evidence.Check;
import io.github.ccrhil.evidence.Outcome;
import io.github.ccrhil.evidence.Verdict;
import java.util.List;

/** JUnit XML for CI systems: a FAIL is a failure, an INCONCLUSIVE an error (the test could not complete). */
final class JunitXml {

    private JunitXml() { }

    static String render(TestPlan plan, List<Verdict> verdicts) {
        long failures = verdicts.stream().filter(v -> v.outcome() == Outcome.FAIL).count();
        long errors = verdicts.stream().filter(v -> v.outcome() == Outcome.INCONCLUSIVE).count();
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        b.append("<testsuite name=\"").append(x(plan.name())).append("\" tests=\"").append(verdicts.size())
                .append("\" failures=\"").append(failures).append("\" errors=\"").append(errors)
                .append("\" skipped=\"0\" time=\"0\">\n");
        b.append("  <properties>\n    <property name=\"seed\" value=\"").append(plan.seed()).append("\"/>\n")
                .append("    <property name=\"dut\" value=\"").append(x(plan.dut().address())).append("\"/>\n")
                .append("    <property name=\"measurement\" value=\"").append(x(BundleWriter.lower(plan.measurement().name())))
                .append("\"/>\n  </properties>\n");
        for (Verdict v : verdicts) {
            b.append("  <testcase classname=\"").append(x(plan.name() + "." + v.procedure())).append("\" name=\"")
                    .append(x(v.testId())).append("\" time=\"0\">\n");
            String details = details(v);
            if (v.outcome() == Outcome.FAIL) {
                b.append("    <failure message=\"").append(x(v.reason())).append("\" type=\"FAIL\">").append(x(details))
                        .append("</failure>\n");
            } else if (v.outcome() == Outcome.INCONCLUSIVE) {
                b.append("    <error message=\"").append(x(v.reason())).append("\" type=\"INCONCLUSIVE\">").append(x(details))
                        .append("</error>\n");
            }
            b.append("    <system-out>").append(x(details)).append("</system-out>\n  </testcase>\n");
        }
        return b.append("</testsuite>\n").toString();
    }

    private static String details(Verdict v) {
        StringBuilder b = new StringBuilder(v.requirement() + " [" + v.clause() + "]\n");
        for (Check c : v.checks()) {
            b.append(c.outcome()).append("  ").append(c.run()).append(": ").append(c.what()).append(": measured ")
                    .append(c.measured()).append(", limit ").append(c.limit()).append(" (").append(c.limitName()).append("; ")
                    .append(c.defaultLimit() ? "default: " : "").append(c.provenance()).append(")\n");
        }
        return b.toString();
    }

    static String x(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t') {
                        b.append(' ');
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
