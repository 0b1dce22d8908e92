package io.github.ccrhil.water.verify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.evidence.Outcome;
import io.github.ccrhil.evidence.bundle.BundleMarker;
import io.github.ccrhil.evidence.bundle.Manifest;
import io.github.ccrhil.evidence.bundle.Results;
import io.github.ccrhil.water.verify.accept.WaterAcceptanceBundle;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class WaterMainTest {
    @TempDir
    Path dir;

    record Out(int code, String out, String err) {
    }

    Out exec(String... args) {
        CommandLine cl = WaterMain.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Out(code, out.toString(), err.toString());
    }

    @Test
    void runStartsPlantPlcsServerAndApiAndStopsCleanly() throws Exception {
        Path cfg = dir.resolve("site.json");
        Files.writeString(cfg, "{\"plcBasePort\":0,\"apiPort\":0,\"scanPeriodMs\":200,\"dataDir\":\"" + dir.resolve("data")
                + "\",\"users\":[{\"name\":\"otto\",\"role\":\"OPERATOR\",\"token\":\"operator-token-000001\"}]}");
        Out o = exec("run", "--config", cfg.toString(), "--duration", "2");
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("PLC CHLOR Modbus TCP 127.0.0.1:"), o.out());
        assertTrue(o.out().contains("identity application"), o.out());
        assertTrue(o.out().matches("(?s).*samples stored [1-9]\\d*.*"), o.out());
    }

    @Test
    void aBadConfigFileGetsOneClearLineAndExitCode2() throws Exception {
        Path cfg = dir.resolve("bad.json");
        Files.writeString(cfg, "{\n \"scanPeriodMs\": 5,\n \"apiPort\": 0\n}");
        Out o = exec("check-config", cfg.toString());
        assertEquals(2, o.code());
        assertTrue(o.err().contains("scanPeriodMs must be 100..60000, was 5"), o.err());
        Files.writeString(cfg, "{\"scanPeriod\": 500}");
        o = exec("check-config", cfg.toString());
        assertEquals(2, o.code());
        assertTrue(o.err().contains("scanPeriod"), o.err());
        Files.writeString(cfg, "{\"users\": [{\"name\":\"x\",\"role\":\"KING\",\"token\":\"0123456789abcdef\"}]}");
        o = exec("check-config", cfg.toString());
        assertEquals(2, o.code());
        assertTrue(o.err().contains("KING"), o.err());
        Files.writeString(cfg, "{ not json");
        o = exec("check-config", cfg.toString());
        assertEquals(2, o.code());
        assertTrue(o.err().contains("not valid JSON"), o.err());
        o = exec("check-config", dir.resolve("missing.json").toString());
        assertEquals(2, o.code());
        assertTrue(o.err().contains("cannot read"), o.err());
    }

    @Test
    void acceptWritesAWaterAcceptanceBundleAndExitsWithItsVerdict() throws Exception {
        Path out = dir.resolve("acc");
        String[] args = {"accept", "--out", out.toString(), "--scan-ms", "250", "--load-plcs", "3", "--load-points", "100", "--cycles", "4"};
        Out o = exec(args);
        Path bundle = out.resolve("bundle");
        Outcome overall = Outcome.valueOf(Results.JSON.readTree(bundle.resolve("results.json").toFile()).path("verdict").asText());
        assertEquals(WaterMain.exitCode(overall), o.code(), o.out() + o.err());
        assertEquals(WaterAcceptanceBundle.MARKER, BundleMarker.read(bundle).orElseThrow());
        assertTrue(Manifest.problems(bundle).isEmpty(), Manifest.problems(bundle).toString());
        assertTrue(o.out().contains("bundle: " + bundle.toAbsolutePath()), o.out());
        assertTrue(o.out().matches("(?s).*TURBIDITY_STEP +PASS +measured 0\\.\\d+ deg \\(limit ≤ 0\\.1000 deg\\).*"), o.out());
        assertTrue(o.out().matches("(?s).*\\d passed, \\d failed, \\d inconclusive.*"), o.out());
        // a second run into the same folder is bad input, and the bundle is left as it was
        Out again = exec(args);
        assertEquals(2, again.code(), again.out());
        assertTrue(again.err().contains("already holds a bundle"), again.err());
        assertTrue(Manifest.problems(bundle).isEmpty());
    }

    @Test
    void theAcceptExitCodeIsTheOverallVerdictAndBadOptionsAreExitCode2() {
        assertEquals(0, WaterMain.exitCode(Outcome.PASS));
        assertEquals(1, WaterMain.exitCode(Outcome.FAIL));
        assertEquals(3, WaterMain.exitCode(Outcome.INCONCLUSIVE));
        Out o = exec("accept", "--out", dir.resolve("never").toString(), "--scan-ms", "10");
        assertEquals(2, o.code());
        assertTrue(o.err().contains("scan period must be at least 50 ms"), o.err());
    }
}
