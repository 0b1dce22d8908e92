package io.github.ccrhil.water.verify.accept;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import io.github.ccrhil.evidence.ComponentIdentity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The bundle as a folder: plan.json, identity.json, results.json, junit.xml, report.html
 * (self-contained: inline CSS and SVG), traces/*.csv, run.log and manifest.json (SHA-256 and size
 * of every other file, sorted by path).
 */
public final class DirectoryBundle implements EvidenceBundle {
    private final ObjectMapper json = new ObjectMapper()
            .registerModule(new SimpleModule()
                    .addSerializer(Instant.class, ToStringSerializer.instance)
                    .addSerializer(Duration.class, ToStringSerializer.instance))
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    @Override
    public Path write(SuiteResult r, Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                if (s.findAny().isPresent()) {
                    throw new IOException("bundle folder " + dir + " is not empty; choose a new one");
                }
            }
        }
        Files.createDirectories(dir.resolve("traces"));
        Map<String, Object> plan = new LinkedHashMap<>();
        plan.put("suite", r.suite());
        plan.put("options", r.options());
        plan.put("checks", r.plan());
        json.writeValue(dir.resolve("plan.json").toFile(), plan);
        json.writeValue(dir.resolve("identity.json").toFile(), r.identity());
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("suite", r.suite());
        results.put("started", r.started());
        results.put("finished", r.finished());
        results.put("passed", r.passed());
        results.put("verdicts", r.verdicts());
        json.writeValue(dir.resolve("results.json").toFile(), results);
        Files.writeString(dir.resolve("junit.xml"), junit(r), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("report.html"), html(r), StandardCharsets.UTF_8);
        for (Map.Entry<String, String> t : new TreeMap<>(r.traces()).entrySet()) {
            if (!t.getKey().matches("[A-Za-z0-9_.-]+")) {
                throw new IllegalArgumentException("trace name not usable as a file name: " + t.getKey());
            }
            Files.writeString(dir.resolve("traces").resolve(t.getKey() + ".csv"), t.getValue(), StandardCharsets.UTF_8);
        }
        Files.writeString(dir.resolve("run.log"), String.join("\n", r.log()) + "\n", StandardCharsets.UTF_8);
        return writeManifest(dir);
    }

    private Path writeManifest(Path dir) throws IOException {
        List<Map<String, Object>> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path f : s.filter(Files::isRegularFile).sorted().toList()) {
                String rel = dir.relativize(f).toString().replace('\\', '/');
                if (rel.equals("manifest.json")) {
                    continue;
                }
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("path", rel);
                e.put("bytes", Files.size(f));
                e.put("sha256", sha256(f));
                files.add(e);
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("algorithm", "SHA-256");
        m.put("files", files);
        Path out = dir.resolve("manifest.json");
        json.writeValue(out.toFile(), m);
        return out;
    }

    /** SHA-256 of a file, lowercase hex. */
    public static String sha256(Path f) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private String junit(SuiteResult r) {
        long failures = r.verdicts().stream().filter(v -> !v.passed()).count();
        double seconds = Duration.between(r.started(), r.finished()).toMillis() / 1000.0;
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        b.append(String.format(Locale.ROOT, "<testsuite name=\"%s\" tests=\"%d\" failures=\"%d\" errors=\"0\" skipped=\"0\" time=\"%.3f\" timestamp=\"%s\">%n",
                xml(r.suite()), r.verdicts().size(), failures, seconds, r.started()));
        for (Verdict v : r.verdicts()) {
            b.append(String.format(Locale.ROOT, "  <testcase classname=\"%s\" name=\"%s\">%n", xml(r.suite()), xml(v.id())));
            if (!v.passed()) {
                b.append(String.format(Locale.ROOT, "    <failure message=\"%s\">%s</failure>%n",
                        xml(v.limitName() + ": measured " + v.measured() + " " + v.unit() + ", limit " + v.limit() + " " + v.unit()),
                        xml(v.detail())));
            }
            b.append("    <system-out>").append(xml(v.requirement() + "\n" + v.detail())).append("</system-out>\n");
            b.append("  </testcase>\n");
        }
        b.append("</testsuite>\n");
        return b.toString();
    }

    private String html(SuiteResult r) {
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(xml(r.suite())).append(" report</title>\n<style>")
                .append("body{font-family:sans-serif;margin:2em;max-width:75em}table{border-collapse:collapse;margin:1em 0}")
                .append("td,th{border:1px solid #999;padding:.3em .6em;text-align:left;vertical-align:top}")
                .append(".pass{background:#d7f5d7}.fail{background:#f8d0d0}code{font-size:90%}")
                .append("</style></head><body>\n");
        b.append("<h1>").append(xml(r.suite())).append(": ").append(r.passed() ? "PASSED" : "FAILED").append("</h1>\n");
        b.append("<p>Run from ").append(r.started()).append(" to ").append(r.finished()).append(".</p>\n");
        b.append("<h2>Equipment under test</h2>\n<table><tr><th>component</th><th>name</th><th>version</th><th>SHA-256</th></tr>\n");
        for (ComponentIdentity c : r.identity()) {
            b.append("<tr><td>").append(xml(c.component())).append("</td><td>").append(xml(c.model())).append("</td><td>")
                    .append(xml(c.revision())).append("</td><td><code>").append(xml(c.sha256())).append("</code></td></tr>\n");
        }
        b.append("</table>\n<h2>Verdicts</h2>\n<table><tr><th>check</th><th>requirement</th><th>limit</th><th>measured</th><th>result</th><th>how</th></tr>\n");
        for (Verdict v : r.verdicts()) {
            b.append("<tr class=\"").append(v.passed() ? "pass" : "fail").append("\"><td>").append(xml(v.id())).append("</td><td>")
                    .append(xml(v.requirement())).append("</td><td>").append(xml(v.limitName())).append(" ")
                    .append(fmt(v.limit())).append(" ").append(xml(v.unit())).append("<br><small>").append(xml(v.provenance()))
                    .append("</small></td><td>").append(fmt(v.measured())).append(" ").append(xml(v.unit())).append("</td><td>")
                    .append(v.passed() ? "pass" : "FAIL").append("</td><td>").append(xml(v.detail())).append("</td></tr>\n");
        }
        b.append("</table>\n");
        for (Map.Entry<String, String> t : new TreeMap<>(r.traces()).entrySet()) {
            b.append("<h2>Trace ").append(xml(t.getKey())).append("</h2>\n").append(svg(t.getValue()));
        }
        b.append("<h2>Plan</h2>\n<ol>\n");
        for (CheckSpec c : r.plan()) {
            b.append("<li><b>").append(xml(c.id())).append("</b>: ").append(xml(c.requirement())).append(" <i>")
                    .append(xml(c.procedure())).append("</i></li>\n");
        }
        b.append("</ol>\n</body></html>\n");
        return b.toString();
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }

    /** An inline SVG line plot of a CSV trace: first column x, each further column its own line (scaled to its own range). */
    static String svg(String csv) {
        List<String> lines = csv.lines().filter(l -> !l.isBlank()).toList();
        if (lines.size() < 3) {
            return "<p>(trace too short to plot)</p>\n";
        }
        String[] head = lines.get(0).split(",");
        int cols = head.length;
        double[][] v = new double[lines.size() - 1][cols];
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",");
            for (int c = 0; c < cols && c < f.length; c++) {
                try {
                    v[i - 1][c] = Double.parseDouble(f[c]);
                } catch (NumberFormatException e) {
                    v[i - 1][c] = Double.NaN;
                }
            }
        }
        int w = 900;
        int h = 120;
        String[] colours = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"};
        StringBuilder b = new StringBuilder();
        double x0 = v[0][0];
        double x1 = v[v.length - 1][0];
        for (int c = 1; c < cols; c++) {
            double lo = Double.MAX_VALUE;
            double hi = -Double.MAX_VALUE;
            for (double[] row : v) {
                if (!Double.isNaN(row[c])) {
                    lo = Math.min(lo, row[c]);
                    hi = Math.max(hi, row[c]);
                }
            }
            if (hi <= lo) {
                hi = lo + 1;
            }
            b.append(String.format(Locale.ROOT, "<p><b>%s</b> (%.4g to %.4g)</p><svg width=\"%d\" height=\"%d\" "
                    + "xmlns=\"http://www.w3.org/2000/svg\" style=\"border:1px solid #ccc\"><polyline fill=\"none\" stroke=\"%s\" points=\"",
                    xml(head[c]), lo, hi, w, h, colours[(c - 1) % colours.length]));
            for (double[] row : v) {
                if (Double.isNaN(row[c])) {
                    continue;
                }
                double x = (row[0] - x0) / (x1 - x0 == 0 ? 1 : x1 - x0) * (w - 10) + 5;
                double y = h - 5 - (row[c] - lo) / (hi - lo) * (h - 10);
                b.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            b.append("\"/></svg>\n");
        }
        return b.toString();
    }
}
