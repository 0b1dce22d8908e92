package io.github.ccrhil.water.verify.accept;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.ccrhil.evidence.FixedPoint;
import io.github.ccrhil.evidence.Limit;
import io.github.ccrhil.evidence.Verdict;
import io.github.ccrhil.evidence.bundle.BundleFiles;
import io.github.ccrhil.evidence.bundle.Results;
import io.github.ccrhil.evidence.report.Plot;
import io.github.ccrhil.evidence.report.TestReport;
import io.github.ccrhil.water.plant.plc.ChlorinationProgram;
import io.github.ccrhil.water.plant.site.WaterSite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The water acceptance bundle's report.html: maps the plan, identity.json, the raw data read back
 * from the bundle and the verdicts onto the evidence core's {@link TestReport}, with plots of the
 * raw data against the plan's limits. It judges nothing.
 */
final class WaterReport {

    /** The tag plotted across the faults of the historian check. */
    static final String CHLORINE_TAG = WaterSite.CHLORINATION + "." + ChlorinationProgram.CW_CHLORINE;

    private WaterReport() {
    }

    static TestReport model(Path bundle, WaterPlan plan, String status, List<Verdict> verdicts) throws IOException {
        Map<String, String> o = plan.options();
        String subject = "Supervisory system on the embedded default: five plant PLCs plus " + o.getOrDefault("loadPlcs", "?")
                + " synthetic PLCs of " + o.getOrDefault("loadPoints", "?") + " points on loopback, a hot-standby pair of servers, "
                + "historian " + o.getOrDefault("historian", "?") + ", scan period " + o.getOrDefault("scanPeriod", "?") + ".";
        List<String> flags = new ArrayList<>();
        if (!status.equals(Results.COMPLETE)) {
            flags.add("INCOMPLETE RUN: " + status);
        }
        List<String> self = verdicts.stream().filter(Verdict::selfReported).map(Verdict::testId).toList();
        if (!self.isEmpty()) {
            flags.add("SELF-REPORTED: " + String.join(", ", self) + " are judged on time stamps and statistics the servers report "
                    + "about themselves");
        }
        List<TestReport.Test> tests = new ArrayList<>();
        for (Verdict v : verdicts) {
            List<Plot> plots = new ArrayList<>();
            try {
                plots.addAll(plots(bundle, plan.check(v.testId())));
            } catch (IOException | RuntimeException e) {
                // the verdict already says the raw data is unreadable; the report shows no plot
            }
            tests.add(new TestReport.Test(v, plots, List.of()));
        }
        List<TestReport.Link> files = new ArrayList<>();
        for (String f : List.of(WaterPlan.FILE, BundleFiles.RESULTS, BundleFiles.IDENTITY, BundleFiles.JUNIT, BundleFiles.LOG)) {
            if (Files.exists(bundle.resolve(f))) {
                files.add(new TestReport.Link(f, f));
            }
        }
        files.add(new TestReport.Link("raw data of every check", RawData.DIR + "/"));
        return new TestReport(plan.name(), "acceptance report", subject, flags, identity(bundle), tests, files,
                "Verdicts are a pure function of " + WaterPlan.FILE + " and the raw data under " + RawData.DIR
                        + "/; `ccr-hil verify-bundle` recomputes them. Files and their SHA-256 are in manifest.sha256.");
    }

    private static List<TestReport.Table> identity(Path bundle) throws IOException {
        Path file = bundle.resolve(BundleFiles.IDENTITY);
        if (!Files.exists(file)) {
            return List.of();
        }
        JsonNode root = Results.JSON.readTree(file.toFile());
        List<List<String>> eq = new ArrayList<>();
        for (JsonNode c : root.path("equipment")) {
            eq.add(List.of(c.path("component").asText(), c.path("name").asText(), c.path("version").asText(), c.path("sha256").asText()));
        }
        List<List<String>> verifier = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) root.path("verifier")::fields) {
            verifier.add(List.of(e.getKey(), e.getValue().asText()));
        }
        return List.of(new TestReport.Table("Equipment under test (" + root.path("equipmentReportedBy").asText("as reported") + ")",
                        List.of("component", "name", "version", "SHA-256"), eq),
                new TestReport.Table("Verifier", List.of("component", "identity"), verifier));
    }

    private static List<Plot> plots(Path bundle, CheckSpec c) throws IOException {
        return switch (c.id()) {
            case WaterPlan.TURBIDITY_STEP -> turbidity(bundle, c);
            case WaterPlan.HISTORIAN_COMPLETENESS -> List.of(historian(bundle));
            case WaterPlan.SCAN_PERIOD_UNDER_LOAD -> List.of(scan(bundle, c));
            default -> List.of();
        };
    }

    private static List<Plot> turbidity(Path bundle, CheckSpec c) throws IOException {
        List<String[]> rows = RawData.readCsv(bundle, RawData.TURBIDITY, RawData.TURBIDITY_HEADER);
        List<Plot.Marker> step = List.of(new Plot.Marker(6, "raw turbidity 5 -> 50 deg"));
        return List.of(
                plot("Filtered water turbidity", "deg", rows, List.of(series("filtered", "#05c", rows, 2)),
                        List.of(line(c.limit("filtered-turbidity"))), step),
                plot("Tap turbidity and raw water", "deg", rows, List.of(series("tap", "#05c", rows, 3), series("raw (÷ 25)", "#999", rows, 1, 25)),
                        List.of(line(c.limit("tap-turbidity"))), step),
                plot("Free residual chlorine at the tap", "mg/L", rows, List.of(series("tap chlorine", "#0a0", rows, 4)),
                        List.of(line(c.limit("tap-chlorine"))), step),
                plot("Tap pH", "pH", rows, List.of(series("pH", "#a0a", rows, 5)),
                        List.of(line(c.limit("ph-min")), line(c.limit("ph-max"))), step));
    }

    private static Plot plot(String title, String y, List<String[]> rows, List<Plot.Series> s, List<Plot.LimitLine> l,
                             List<Plot.Marker> m) {
        return new Plot(title, RawData.TURBIDITY, "h", y, s, l, m, true);
    }

    private static Plot.Series series(String name, String color, List<String[]> rows, int col) throws IOException {
        return series(name, color, rows, col, 1);
    }

    private static Plot.Series series(String name, String color, List<String[]> rows, int col, double divide) throws IOException {
        List<Plot.Point> p = new ArrayList<>();
        for (String[] r : rows) {
            p.add(new Plot.Point(RawData.number(RawData.TURBIDITY, r[0]), RawData.number(RawData.TURBIDITY, r[col]) / divide));
        }
        return new Plot.Series(name, color, "", p);
    }

    private static Plot.LimitLine line(Limit l) {
        return new Plot.LimitLine(l.value(), l.name() + " " + FixedPoint.format(l.value(), 2) + " " + l.unit() + " (" + l.provenance() + ")");
    }

    private static Plot historian(Path bundle) throws IOException {
        RawData.HistorianRecord h = RawData.readJson(bundle, RawData.HISTORIAN, RawData.HistorianRecord.class);
        Instant from = Instant.parse(h.from());
        List<Plot.Point> values = new ArrayList<>();
        List<Plot.Point> quality = new ArrayList<>();
        for (String[] f : RawData.readCsv(bundle, RawData.HISTORIAN_SAMPLES, RawData.SAMPLES_HEADER)) {
            if (f[0].equals(CHLORINE_TAG)) {
                double t = Duration.between(from, Instant.parse(f[1])).toNanos() / 1e9;
                values.add(new Plot.Point(t, RawData.number(RawData.HISTORIAN_SAMPLES, f[2])));
                quality.add(new Plot.Point(t, f[3].equals("GOOD") ? 0 : 1));
            }
        }
        List<Plot.Marker> markers = new ArrayList<>();
        for (Map.Entry<String, String> e : h.faults().entrySet()) {
            try {
                markers.add(new Plot.Marker(Duration.between(from, Instant.parse(e.getValue())).toNanos() / 1e9, e.getKey()));
            } catch (DateTimeParseException notATime) {
                // a value such as the spool backlog: in the raw file, not on the time axis
            }
        }
        return new Plot("Stored samples of " + CHLORINE_TAG + " across the faults", RawData.HISTORIAN_SAMPLES, "s",
                "mg/L (flag: 1 = stale or comm-fail)", List.of(new Plot.Series("stored value", "#05c", "", values),
                new Plot.Series("flagged", "#b00", "4,3", quality)), List.of(), markers, true);
    }

    private static Plot scan(Path bundle, CheckSpec c) throws IOException {
        RawData.ScanRecord r = RawData.scanWithStarts(bundle, RawData.readJson(bundle, RawData.SCAN, RawData.ScanRecord.class));
        List<Plot.Point> p = new ArrayList<>();
        for (int i = 1; i < r.cycleStarts().size(); i++) {
            p.add(new Plot.Point(i, Duration.between(Instant.parse(r.cycleStarts().get(i - 1)), Instant.parse(r.cycleStarts().get(i)))
                    .toMillis()));
        }
        return new Plot("Interval between scan cycles under load", RawData.SCAN, "", "ms",
                List.of(new Plot.Series("interval", "#05c", "", p)),
                List.of(line(c.limit("cycle-duration")), line(c.limit("cycle-interval"))), List.of(), true);
    }
}
