package io.github.ccrhil.ccr.verify.accept.fleet;

import static io.github.ccrhil.evidence.report.Markup.escape;

import io.github.ccrhil.ccr.verify.accept.plan.TestPlan;
import io.github.ccrhil.ccr.verify.accept.plan.TestSpec;
import io.github.ccrhil.evidence.Outcome;
import io.github.ccrhil.evidence.Verdict;
import io.github.ccrhil.evidence.Verdicts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fleet report: one self-contained HTML page (no script, nothing fetched, the same bytes for
 * the same data). On top the overall verdict and the CCRs that need attention; then the identity
 * table (which CCRs run which current-control software, and which differ from their declaration);
 * then the CCR × test matrix, each cell linking to that CCR's own report.
 */
public final class FleetReport {

    /** The component whose hash names "the software" a CCR runs. */
    public static final String SOFTWARE = "current-control software";

    private FleetReport() { }

    static String driftCsv(Fleet fleet, Map<String, FleetIdentity> identities) {
        StringBuilder b = new StringBuilder("ccr,vault,address,component,declared_revision,declared_sha256,reported_revision,reported_sha256,drift\n");
        for (Fleet.Ccr c : fleet.ccrs()) {
            FleetIdentity id = identities.get(c.name());
            for (FleetIdentity.Row r : id.rows()) {
                b.append(c.name()).append(',').append(csv(c.vault())).append(',').append(csv(c.address().describe())).append(',')
                        .append(csv(r.component())).append(',').append(csv(r.declaredRevision())).append(',')
                        .append(r.declaredSha256()).append(',').append(csv(r.reportedRevision())).append(',')
                        .append(r.reportedSha256()).append(',').append(r.drift() ? "yes" : "no").append('\n');
            }
        }
        return b.toString();
    }

    private static String csv(String s) {
        return s.replace(',', ';').replace('\n', ' ');
    }

    private static String shortHash(String sha) {
        return sha.matches("[0-9a-f]{64}") ? sha.substring(0, 12) : sha;
    }

    static String render(Fleet fleet, TestPlan plan, Map<String, List<Verdict>> byCcr, Map<String, FleetIdentity> identities) {
        List<Verdict> all = FleetBundle.flatten(byCcr);
        Outcome overall = Verdicts.overall(all);
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Fleet ").append(escape(fleet.name()))
                .append("</title>\n<style>\n")
                .append("body{font-family:sans-serif;margin:1.2em;color:#222}table{border-collapse:collapse;margin:.6em 0}")
                .append("td,th{border:1px solid #bbb;padding:2px 6px;font-size:13px}th{background:#eee}")
                .append(".PASS{background:#d8f0d8}.FAIL{background:#f4b4b4;font-weight:bold}.INCONCLUSIVE{background:#f8e08a}")
                .append(".NOT_APPLICABLE{background:#ddd}.drift{background:#f4b4b4;font-weight:bold}code{font-size:12px}")
                .append("a{color:inherit}h1 span{padding:0 .3em}\n</style></head><body>\n");
        b.append("<h1>Fleet ").append(escape(fleet.name())).append(": <span class=\"").append(overall).append("\">").append(overall)
                .append("</span></h1>\n");
        long ccrsFailed = byCcr.values().stream().filter(vs -> Verdicts.overall(vs) == Outcome.FAIL).count();
        long ccrsInconclusive = byCcr.values().stream().filter(vs -> Verdicts.overall(vs) == Outcome.INCONCLUSIVE).count();
        long drifted = identities.values().stream().filter(FleetIdentity::drift).count();
        b.append("<p>Plan <b>").append(escape(plan.name())).append("</b> (").append(plan.tests().size()).append(" tests) against ")
                .append(fleet.ccrs().size()).append(" CCRs: ").append(fleet.ccrs().size() - ccrsFailed - ccrsInconclusive)
                .append(" pass, ").append(ccrsFailed).append(" fail, ").append(ccrsInconclusive).append(" inconclusive; ")
                .append(drifted).append(" differ from their declared identity.</p>\n");
        // what needs attention
        List<String> attention = new ArrayList<>();
        for (Fleet.Ccr c : fleet.ccrs()) {
            for (Verdict v : byCcr.get(c.name())) {
                if (v.outcome() != Outcome.PASS && v.outcome() != Outcome.NOT_APPLICABLE) {
                    attention.add("<li><a href=\"" + FleetRun.CCRS + "/" + escape(c.name()) + "/report.html\">" + escape(c.name())
                            + "</a> (" + escape(c.vault()) + ", " + escape(c.address().describe()) + ") <b>" + escape(v.testId())
                            + "</b>: <span class=\"" + v.outcome() + "\">" + v.outcome() + "</span> " + escape(v.reason()) + "</li>");
                }
            }
        }
        b.append("<h2>Needs attention</h2>\n");
        b.append(attention.isEmpty() ? "<p>Nothing: every CCR passed every test.</p>\n"
                : "<ul>\n" + String.join("\n", attention) + "\n</ul>\n");
        // which software where
        b.append("<h2>Identity: which CCRs run which software</h2>\n<table><tr><th>").append(SOFTWARE)
                .append(" (sha256, reported)</th><th>revision</th><th>CCRs</th><th>declared</th></tr>\n");
        Map<String, List<String>> bySoftware = new TreeMap<>();
        Map<String, String> revision = new TreeMap<>();
        for (Fleet.Ccr c : fleet.ccrs()) {
            FleetIdentity id = identities.get(c.name());
            String sha = id.reportedSha256(SOFTWARE);
            bySoftware.computeIfAbsent(sha, k -> new ArrayList<>()).add(c.name());
            id.rows().stream().filter(r -> r.component().equals(SOFTWARE)).findFirst()
                    .ifPresent(r -> revision.putIfAbsent(sha, r.reportedRevision()));
        }
        for (Map.Entry<String, List<String>> e : bySoftware.entrySet()) {
            boolean declared = e.getValue().stream().allMatch(c -> identities.get(c).rows().stream()
                    .filter(r -> r.component().equals(SOFTWARE)).noneMatch(FleetIdentity.Row::drift));
            b.append("<tr><td><code>").append(escape(e.getKey())).append("</code></td><td>")
                    .append(escape(revision.getOrDefault(e.getKey(), ""))).append("</td><td>").append(e.getValue().size()).append(": ")
                    .append(escape(e.getValue().size() > 12 ? String.join(", ", e.getValue().subList(0, 12)) + ", …"
                            : String.join(", ", e.getValue())))
                    .append("</td><td class=\"").append(declared ? "PASS\">as declared" : "drift\">differs from the declaration")
                    .append("</td></tr>\n");
        }
        b.append("</table>\n<h3>CCRs that differ from their declaration</h3>\n");
        List<String> drift = new ArrayList<>();
        for (Fleet.Ccr c : fleet.ccrs()) {
            FleetIdentity id = identities.get(c.name());
            if (!id.reported()) {
                drift.add("<tr><td>" + escape(c.name()) + "</td><td colspan=\"3\">reported no identity</td></tr>");
                continue;
            }
            for (FleetIdentity.Row r : id.rows()) {
                if (r.drift()) {
                    drift.add("<tr><td>" + escape(c.name()) + "</td><td>" + escape(r.component()) + "</td><td><code>"
                            + escape(r.declaredRevision()) + " " + escape(shortHash(r.declaredSha256())) + "</code></td><td class=\"drift\"><code>"
                            + escape(r.reportedRevision()) + " " + escape(shortHash(r.reportedSha256())) + "</code></td></tr>");
                }
            }
        }
        b.append(drift.isEmpty() ? "<p>None: every CCR reports the identity its owner declared.</p>\n"
                : "<table><tr><th>CCR</th><th>component</th><th>declared</th><th>reported</th></tr>\n" + String.join("\n", drift)
                        + "\n</table>\n");
        // the matrix
        b.append("<h2>Verdicts: CCR × test</h2>\n<table><tr><th>CCR</th><th>vault</th><th>address</th><th>rating</th><th>loop</th>");
        for (TestSpec t : plan.tests()) {
            b.append("<th>").append(escape(t.id())).append("</th>");
        }
        b.append("<th>software</th></tr>\n");
        for (Fleet.Ccr c : fleet.ccrs()) {
            b.append("<tr><td><a href=\"").append(FleetRun.CCRS).append('/').append(escape(c.name())).append("/report.html\">")
                    .append(escape(c.name())).append("</a></td><td>").append(escape(c.vault())).append("</td><td>")
                    .append(escape(c.address().describe())).append("</td><td>").append(escape(num(c.rating().kva()) + " kVA "
                            + c.rating().steps() + " " + c.rating().tolerances())).append("</td><td>")
                    .append(escape(num(c.loop().lengthM()) + " m, " + c.loop().lamps() + " lamps, " + num(c.loop().led() * 100) + "% LED"))
                    .append("</td>");
            for (TestSpec t : plan.tests()) {
                Verdict v = byCcr.get(c.name()).stream().filter(x -> x.testId().equals(t.id())).findFirst().orElse(null);
                Outcome o = v == null ? Outcome.INCONCLUSIVE : v.outcome();
                b.append("<td class=\"").append(o).append("\" title=\"").append(escape(v == null ? "" : v.reason())).append("\">")
                        .append(o == Outcome.NOT_APPLICABLE ? "N/A" : o.name()).append("</td>");
            }
            FleetIdentity id = identities.get(c.name());
            b.append("<td class=\"").append(id.drift() ? "drift" : "PASS").append("\"><code>")
                    .append(escape(shortHash(id.reportedSha256(SOFTWARE)))).append("</code></td></tr>\n");
        }
        b.append("</table>\n<p>Each CCR's bundle is under <code>").append(FleetRun.CCRS)
                .append("/&lt;ccr&gt;/</code>, checked on its own by <code>verify-bundle</code>; this bundle's manifest covers each of their manifests.</p>\n");
        b.append("</body></html>\n");
        return b.toString();
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
