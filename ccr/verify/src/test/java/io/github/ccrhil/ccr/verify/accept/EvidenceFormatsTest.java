package io.github.ccrhil.ccr.verify.accept;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.github.ccrhil.ccr.verify.accept.bundle.BundleWriter;
import io.github.ccrhil.ccr.verify.accept.dut.EmulatedCcrSessions;
import io.github.ccrhil.ccr.verify.accept.plan.PlanReader;
import io.github.ccrhil.ccr.verify.accept.plan.TestPlan;
import io.github.ccrhil.ccr.verify.accept.procedure.WaveCapture;
import io.github.ccrhil.evidence.Verdict;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plans in JSON, self-reported measurement, and the COMTRADE records' structure. */
class EvidenceFormatsTest {

    @TempDir
    Path dir;

    /** The default plan cut to the tests named, as text in the same format. */
    private static TestPlan subset(TestPlan full, String measurement, String... ids) {
        List<String> keep = List.of(ids);
        return new TestPlan(full.name(), full.seed(), full.dut(), full.rig(),
                measurement == null ? full.measurement() : TestPlan.Measurement.valueOf(measurement), full.equipment(),
                full.identity(), full.tests().stream().filter(t -> keep.contains(t.id())).toList());
    }

    @Test
    void aPlanWrittenAsJsonReadsTheSameAsTheYamlOne() throws Exception {
        Object tree = new ObjectMapper(new YAMLFactory()).readValue(PlanReader.defaultPlanText(), Object.class);
        String json = new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(tree);
        assertEquals(PlanReader.defaultPlan(), PlanReader.read("plan.json", json));
    }

    @Test
    void withTheDutsOwnReportAsMeasurementEveryVerdictIsFlaggedSelfReported() throws Exception {
        TestPlan plan = subset(PlanReader.defaultPlan(), "DUT_SELF_REPORT", "step-change", "open-circuit");
        AcceptanceRun.Result r = new AcceptanceRun(plan, PlanReader.defaultPlanText(), EmulatedCcrSessions.reference(plan), "in-process",
                AcceptanceRun.Progress.NONE, Clock.systemUTC()).run(dir.resolve("self"));
        for (Verdict v : r.verdicts()) {
            assertTrue(v.selfReported(), v.testId());
            assertEquals("dut-self-report", v.measurement());
        }
        String html = Files.readString(r.bundle().resolve(BundleWriter.REPORT_FILE), StandardCharsets.UTF_8);
        assertTrue(html.contains("SELF-REPORTED"), "the report says so up front");
        assertTrue(Files.readString(r.bundle().resolve(BundleWriter.RESULTS_FILE)).contains("\"selfReported\" : true"));
    }

    @Test
    void everyComtradeRecordHasAConfigurationMatchingItsDataFile() throws Exception {
        TestPlan plan = subset(PlanReader.defaultPlan(), null, "short-circuit-surge");
        AcceptanceRun.Result r = new AcceptanceRun(plan, PlanReader.defaultPlanText(), EmulatedCcrSessions.reference(plan), "in-process",
                AcceptanceRun.Progress.NONE, Clock.systemUTC()).run(dir.resolve("comtrade"));
        Path c = r.bundle().resolve(BundleWriter.COMTRADE_DIR);
        List<Path> cfgs;
        try (var s = Files.list(c)) {
            cfgs = s.filter(p -> p.toString().endsWith(".cfg")).sorted().toList();
        }
        assertEquals(2, cfgs.stream().filter(p -> !p.toString().contains("__w")).count(),
                "one half-cycle record per run (steps 5 and 4)");
        assertEquals(4, cfgs.stream().filter(p -> p.toString().contains("__w")).count(),
                "one waveform record per stimulus (short on, short off) per run");
        for (Path cfg : cfgs) {
            boolean wave = cfg.toString().contains("__w");
            List<String> lines = Files.readAllLines(cfg, StandardCharsets.US_ASCII);
            assertTrue(lines.get(0).endsWith(",1999"), "revision year: " + lines.get(0));
            String[] counts = lines.get(1).split(",");
            int channels = Integer.parseInt(counts[0]);
            assertEquals(channels + "A", counts[1]);
            assertEquals("0D", counts[2]);
            String[] rate = lines.get(channels + 4).split(",");
            assertEquals(wave ? "10000" : "100", rate[0], wave ? "200 samples per cycle" : "one sample per half-cycle at 50 Hz");
            int samples = Integer.parseInt(rate[1]);
            assertEquals("ASCII", lines.get(channels + 7));
            List<String> dat = Files.readAllLines(Path.of(cfg.toString().replace(".cfg", ".dat")), StandardCharsets.US_ASCII);
            assertEquals(samples, dat.size());
            for (String d : dat) {
                assertEquals(channels + 2, d.split(",").length, d);
            }
            if (!wave || cfg.toString().endsWith("__w1.cfg")) {
                assertEquals("01/01/2000,00:00:04.000000", lines.get(channels + 6), "trigger: the short circuit at 4 s");
            }
            if (wave) {
                assertEquals(2, channels);
                assertEquals((WaveCapture.PRE_HALF_CYCLES + WaveCapture.POST_HALF_CYCLES) * 100, samples, cfg.toString());
            }
        }
    }
}
