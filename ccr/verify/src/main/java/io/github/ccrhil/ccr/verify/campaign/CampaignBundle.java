package io.github.ccrhil.ccr.verify.campaign;

import io.github.ccrhil.evidence.Verdict;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.ccrhil.ccr.verify.accept.bundle.BundleWriter;
import io.github.ccrhil.evidence.bundle.Manifest;
import io.github.ccrhil.evidence.BuildHash;
import io.github.ccrhil.ccr.emulator.scenario.Scenario;
import io.github.ccrhil.ccr.emulator.sim.CcrSimulation;
import io.github.ccrhil.ccr.emulator.trace.TraceRow;
import io.github.ccrhil.ccr.emulator.trace.TraceWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.zip.GZIPOutputStream;

/**
 * A campaign's output as an evidence bundle of the same kind as {@code accept} writes: per case
 * {@code cases/<index>-<name>/scenario.yaml} and the raw trace {@code trace.csv.gz}, written before
 * the case is judged; then {@code results.json}, {@code junit.xml} (by {@link Campaign}),
 * {@code identity.json}, {@code report.html}, {@code run.log}, and {@code manifest.sha256} last
 * (same file names and manifest format as the acceptance bundle, so {@code verify-bundle} and
 * {@code sha256sum -c} check it).
 */
public final class CampaignBundle {

    public static final String CASES_DIR = "cases";
    public static final String TRACE_FILE = "trace.csv.gz";
    public static final String SCENARIO_FILE = "scenario.yaml";
    /** Marks a campaign bundle (an acceptance bundle has plan.yaml instead). */
    public static final String MARKER_FILE = io.github.ccrhil.ccr.verify.accept.bundle.BundleVerifier.CAMPAIGN_MARKER;

    private final Path out;
    private final Map<Integer, String> log = new ConcurrentSkipListMap<>();

    public CampaignBundle(Path out) {
        this.out = out;
    }

    /** The case's folder, relative to the bundle. */
    public static String caseDir(int index, Scenario s) {
        return CASES_DIR + "/" + String.format(Locale.ROOT, "%06d", index) + "-" + s.name().replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** Writes the case's scenario and raw rows (before any judgement). */
    public void writeRaw(int index, Scenario s, List<TraceRow> rows) {
        try {
            Path dir = out.resolve(caseDir(index, s));
            Files.createDirectories(dir);
            ScenarioWriter.write(s, List.of("campaign case " + index + " as run"), dir.resolve(SCENARIO_FILE));
            Map<String, String> header = new LinkedHashMap<>();
            header.put("scenario", s.name());
            header.put("case", Integer.toString(index));
            try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(dir.resolve(TRACE_FILE)));
                 TraceWriter w = TraceWriter.start(gz, header)) {
                for (TraceRow r : rows) {
                    w.write(r);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A run.log line for case {@code index} (lines are written in case order). */
    public void log(int index, String line) {
        log.merge(index, line, (a, b) -> a + "\n" + b);
    }

    /**
     * One case in the report.
     *
     * @param trace the raw trace, relative to the bundle
     * @param replay the command that replays it (null when it passed)
     */
    public record Entry(int index, String name, List<Verdict> verdicts, String trace, String replay) {
        public boolean failed() {
            return verdicts.stream().anyMatch(Verdict::failed);
        }
    }

    /** Writes identity.json, campaign.json, report.html and run.log, then manifest.sha256 last (the model DUT). */
    public void finish(Campaign.Summary s, String dutDescription) throws IOException {
        List<Entry> entries = new java.util.ArrayList<>();
        for (Campaign.CaseOutcome o : s.outcomes()) {
            entries.add(new Entry(o.index(), o.result().scenario().name(), o.result().verdicts(),
                    caseDir(o.index(), o.result().scenario()) + "/" + TRACE_FILE,
                    o.file() == null ? null : FailureFiles.replayCommand(o.file())));
        }
        finish(s.config(), dutDescription, entries, modelIdentity());
    }

    /** As {@link #finish(Campaign.Summary, String)} for any DUT, with the DUT's identity rows. */
    public void finish(Campaign.Config config, String dutDescription, List<Entry> entries,
                       List<Map<String, String>> dutIdentity) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Map<String, Object> marker = new LinkedHashMap<>();
        marker.put("kind", "ccr-hil campaign bundle");
        marker.put("seed", Long.toUnsignedString(config.seed()));
        marker.put("shard", config.shard() + "/" + config.shards());
        marker.put("dut", dutDescription);
        json.writeValue(out.resolve(MARKER_FILE).toFile(), marker);

        Map<String, Object> id = new LinkedHashMap<>();
        id.put("dut", dutIdentity);
        Map<String, String> verifier = new LinkedHashMap<>();
        verifier.put("ccr-hil verifier (io.github.ccrhil.ccr.verify) sha256", BuildHash.ofPackageTree(BundleWriter.class, "io.github.ccrhil.ccr.verify"));
        verifier.put("emulated plant (io.github.ccrhil.ccr.plant) sha256",
                BuildHash.ofPackageTree(io.github.ccrhil.ccr.plant.Plants.class, "io.github.ccrhil.ccr.plant"));
        verifier.put("reference current-control software sha256", CcrSimulation.currentControlSoftwareSha256());
        verifier.put("java", System.getProperty("java.vendor") + " " + System.getProperty("java.version"));
        id.put("verifier", verifier);
        json.writeValue(out.resolve(BundleWriter.IDENTITY_FILE).toFile(), id);

        StringBuilder l = new StringBuilder();
        for (String line : log.values()) {
            l.append(line).append('\n');
        }
        long failed = entries.stream().filter(Entry::failed).count();
        l.append(String.format(Locale.ROOT, "%d cases run, %d failed%n", entries.size(), failed));
        Files.writeString(out.resolve(BundleWriter.LOG_FILE), l.toString(), StandardCharsets.UTF_8);
        Files.writeString(out.resolve(BundleWriter.REPORT_FILE), report(config, entries, dutDescription), StandardCharsets.UTF_8);
        Manifest.write(out);
    }

    /** The emulated DUT's designated components: the firmware model and the plant it runs on. */
    public static List<Map<String, String>> modelIdentity() {
        Map<String, String> fw = new LinkedHashMap<>();
        fw.put("component", "firmware model (io.github.ccrhil.ccr.firmware)");
        fw.put("sha256", BuildHash.ofPackageTree(io.github.ccrhil.ccr.firmware.hardware.HardwarePort.class, "io.github.ccrhil.ccr.firmware"));
        Map<String, String> cc = new LinkedHashMap<>();
        cc.put("component", "current-control software");
        cc.put("sha256", CcrSimulation.currentControlSoftwareSha256());
        return List.of(fw, cc);
    }

    private static String report(Campaign.Config c, List<Entry> entries, String dut) {
        StringBuilder b = new StringBuilder();
        long failed = entries.stream().filter(Entry::failed).count();
        b.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>ccr-hil campaign</title>\n")
                .append("<style>body{font-family:sans-serif}td,th{padding:2px 6px;border-bottom:1px solid #ddd}"
                        + ".FAIL{color:#b00;font-weight:bold}.PASS{color:#070}</style></head><body>\n");
        b.append("<h1>ccr-hil campaign seed ").append(Long.toUnsignedString(c.seed())).append(" shard ")
                .append(c.shard()).append('/').append(c.shards()).append("</h1>\n");
        b.append("<p>DUT: ").append(esc(dut)).append("<br>").append(entries.size()).append(" cases, ")
                .append(failed).append(" failed</p>\n<table><tr><th>case</th><th>scenario</th><th>verdict</th>"
                        + "<th>properties</th><th>raw trace</th><th>replay</th></tr>\n");
        for (Entry o : entries) {
            String v = o.failed() ? "FAIL" : "PASS";
            b.append("<tr><td>").append(o.index()).append("</td><td>").append(esc(o.name()))
                    .append("</td><td class=\"").append(v).append("\">").append(v).append("</td><td>");
            for (Verdict x : o.verdicts()) {
                b.append(esc(x.testId())).append(": ").append(x.outcome()).append(x.failed() ? " — " + esc(x.reason()) : "")
                        .append("<br>");
            }
            b.append("</td><td><a href=\"").append(esc(o.trace())).append("\">").append(esc(o.trace())).append("</a></td><td>")
                    .append(o.replay() == null ? "" : "<code>" + esc(o.replay()) + "</code>")
                    .append("</td></tr>\n");
        }
        b.append("</table></body></html>\n");
        return b.toString();
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
