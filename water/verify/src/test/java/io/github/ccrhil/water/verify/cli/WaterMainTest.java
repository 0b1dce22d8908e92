package io.github.ccrhil.water.verify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
