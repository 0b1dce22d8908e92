package io.github.ccrhil.evidence.report;

import io.github.ccrhil.evidence.Outcome;
import io.github.ccrhil.evidence.Verdict;
import io.github.ccrhil.evidence.Verdicts;
import java.util.List;
import java.util.Objects;

/**
 * What a bundle's report shows, for any kind of bundle (CCR acceptance, campaign, water
 * acceptance): {@link HtmlReport} lays it out. The kind maps its plan, raw data and verdicts onto
 * this; the report judges nothing.
 *
 * @param title e.g. the plan's name
 * @param kind what sort of report, e.g. "acceptance report", "campaign report"
 * @param subject one line naming the device under test and how it was reached
 * @param flags warnings a reader must see before any verdict, e.g. "SELF-REPORTED: …"
 * @param identity tables naming the exact components tested and the verifier's own
 * @param tests every verdict, in plan order, with its plots and notes
 * @param files the bundle's other files worth opening (plan, results, raw records)
 * @param footer one closing sentence, e.g. how to re-derive the verdicts ("" for none)
 */
public record TestReport(String title, String kind, String subject, List<String> flags, List<Table> identity,
                         List<Test> tests, List<Link> files, String footer) {

    public TestReport {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(footer, "footer");
        flags = List.copyOf(flags);
        identity = List.copyOf(identity);
        tests = List.copyOf(tests);
        files = List.copyOf(files);
    }

    /** FAIL if any test failed, else INCONCLUSIVE if any was, else PASS; INCONCLUSIVE when nothing was tested. */
    public Outcome overall() {
        return Verdicts.overall(tests.stream().map(Test::verdict).toList());
    }

    /**
     * One verdict with what shows it.
     *
     * @param verdict the verdict with its checks, limits and provenance; its raw files are linked
     * @param plots zero or more plots of its raw data against its limits
     * @param notes further lines, e.g. the command that replays a failing case
     */
    public record Test(Verdict verdict, List<Plot> plots, List<String> notes) {
        public Test {
            Objects.requireNonNull(verdict, "verdict");
            plots = List.copyOf(plots);
            notes = List.copyOf(notes);
        }
    }

    /** A titled table, e.g. the device's components with version and SHA-256. */
    public record Table(String heading, List<String> columns, List<List<String>> rows) {
        public Table {
            Objects.requireNonNull(heading, "heading");
            columns = List.copyOf(columns);
            rows = rows.stream().map(List::copyOf).toList();
        }
    }

    /** A link to a file of the bundle, relative to it. */
    public record Link(String label, String href) {
        public Link {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(href, "href");
        }
    }
}
