package io.github.ccrhil.water.verify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class WaterMainTest {
    @TempDir
    Path dir;

    record Out(int code, String out, String err) {
    }

    Out exec(String... args) {
        return exec(new StringWriter(), args);
    }

    /** As {@link #exec(String...)}, printing into {@code out} as it goes, so a test can wait on a line. */
    Out exec(StringWriter out, String... args) {
        CommandLine cl = WaterMain.commandLine();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
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
        assertTrue(o.out().matches("(?s).*accept: \\S+ suite started.*accept: \\S+ check FAILOVER_TIME.*"), "progress as it goes: " + o.out());
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

    @Test
    void aBadDeclaredIdentityFileIsOneLineAndExitCode2BeforeAnythingRuns() throws Exception {
        Path id = dir.resolve("identity.yaml");
        Files.writeString(id, "identity:\n  - { component: os, model: as-found, revision: as-found, sha256: not-a-hash }\n");
        Out o = exec("accept", "--out", dir.resolve("never").toString(), "--identity", id.toString());
        assertEquals(2, o.code());
        assertTrue(o.err().startsWith("water: ") && o.err().contains("identity.yaml") && o.err().contains("sha256 of os must be"),
                o.err());
        assertTrue(o.err().strip().lines().count() == 1, o.err());
        assertTrue(Files.notExists(dir.resolve("never").resolve("bundle")), "nothing ran");
    }

    @Test
    void modbusTcpSecurityAtThePlcsAndTheServerNeedsBothKeyAndTrustedCasInOneLine() {
        for (String sub : new String[] {"plant", "server"}) {
            Out o = sub.equals("plant") ? exec(sub, "--tls-key", dir.resolve("plc.p12").toString(), "--duration", "1")
                    : exec(sub, "--name", "scada-a", "--tls-key", dir.resolve("scada.p12").toString(), "--duration", "1");
            assertEquals(2, o.code(), sub + ": " + o.out() + o.err());
            assertTrue(o.err().strip().endsWith("Modbus/TCP Security needs both --tls-key and --tls-trust"), sub + ": " + o.err());
            assertEquals(1, o.err().strip().lines().count(), o.err());
        }
    }

    @Test
    void everySubcommandAnswersHelp() {
        for (String sub : new String[] {"run", "plant", "server", "accept", "check-config"}) {
            Out o = exec(sub, "--help");
            assertEquals(0, o.code(), sub + ": " + o.err());
            assertTrue(o.out().startsWith("Usage: water " + sub), sub + ": " + o.out());
        }
    }

    @Test
    void generatedTokensGoToAPrivateFileNotToTheConsole() throws Exception {
        Path cfg = dir.resolve("site.json");
        Files.writeString(cfg, "{\"plcBasePort\":0,\"apiPort\":0,\"scanPeriodMs\":200,\"dataDir\":\"" + dir.resolve("data") + "\"}");
        Out o = exec("run", "--config", cfg.toString(), "--duration", "1");
        assertEquals(0, o.code(), o.err());
        Path tokens = dir.resolve("data").resolve("tokens");
        assertTrue(o.out().contains("bearer tokens are in " + tokens.toAbsolutePath() + " (mode 0600)"), o.out());
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(tokens)));
        List<String> lines = Files.readAllLines(tokens);
        assertEquals(4, lines.size(), "a comment and one line per role: " + lines);
        for (String line : lines.subList(1, 4)) {
            String token = line.split(" ")[2];
            assertTrue(token.matches("[0-9a-f]{32}"), line);
            assertFalse(o.out().contains(token), "a token on the console");
        }
    }

    @Test
    void aPortInUseIsNamedInTheError() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Path cfg = dir.resolve("site.json");
            Files.writeString(cfg, "{\"plcBasePort\":0,\"apiPort\":" + taken.getLocalPort() + ",\"dataDir\":\"" + dir.resolve("data")
                    + "\",\"users\":[{\"name\":\"otto\",\"role\":\"OPERATOR\",\"token\":\"operator-token-000001\"}]}");
            Out o = exec("run", "--config", cfg.toString(), "--duration", "1");
            assertEquals(2, o.code(), o.out());
            assertTrue(o.err().contains("API cannot listen on 127.0.0.1:" + taken.getLocalPort()), o.err());
        }
    }

    static int freeBasePort() throws Exception {
        return io.github.ccrhil.modbus.tcp.FreePorts.consecutive(5);
    }

    @Test
    void aPairOfServersRunsAgainstAPlantOfItsOwnOneActiveOneStandby() throws Exception {
        int base = freeBasePort();
        Path cfg = dir.resolve("site.json");
        Files.writeString(cfg, "{\"plcBasePort\":" + base + ",\"apiPort\":0,\"scanPeriodMs\":200,\"dataDir\":\""
                + dir.resolve("data") + "\",\"users\":[{\"name\":\"otto\",\"role\":\"OPERATOR\",\"token\":\"operator-token-000001\"}]}");
        String historian = "jdbc:h2:file:" + dir.resolve("shared").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE";
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            StringWriter plantOut = new StringWriter();
            java.util.concurrent.Future<Out> plant = pool.submit(() -> exec(plantOut, "plant", "--config", cfg.toString(), "--duration", "6"));
            // the plant first, as on site: the servers start once its PLCs serve
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!plantOut.toString().contains("plant running")) {
                assertTrue(System.nanoTime() < end && !plant.isDone(), "the plant did not start: " + plantOut);
                Thread.sleep(20);
            }
            java.util.concurrent.Future<Out> a = pool.submit(() -> exec("server", "--name", "scada-a", "--peer", "scada-b",
                    "--historian", historian, "--config", cfg.toString(), "--duration", "4"));
            java.util.concurrent.Future<Out> b = pool.submit(() -> exec("server", "--name", "scada-b", "--peer", "scada-a",
                    "--historian", historian, "--config", cfg.toString(), "--duration", "4"));
            Out oa = a.get(60, java.util.concurrent.TimeUnit.SECONDS);
            Out ob = b.get(60, java.util.concurrent.TimeUnit.SECONDS);
            Out op = plant.get(60, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(0, op.code(), op.err());
            assertTrue(op.out().contains("PLC CHLOR Modbus TCP 127.0.0.1:" + (base + 3)), op.out());
            assertEquals(0, oa.code(), oa.err());
            assertEquals(0, ob.code(), ob.err());
            String both = oa.out() + ob.out();
            assertEquals(1, both.split("started active, lease epoch 1", -1).length - 1, both);
            assertEquals(1, both.split("started standby", -1).length - 1, both);
            assertTrue(both.contains("server scada-a (peer scada-b) started"), both);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aPairNeedsASharedHistorianAndTwoNames() {
        Out o = exec("server", "--name", "scada-a", "--peer", "scada-b");
        assertEquals(2, o.code());
        assertTrue(o.err().contains("a pair shares its historian"), o.err());
        o = exec("server", "--name", "scada-a", "--peer", "scada-a", "--historian", "jdbc:h2:mem:x");
        assertEquals(2, o.code());
        assertTrue(o.err().contains("--peer must name the other server"), o.err());
    }

    @Test
    void plcPortsNeedOneValidPortForEachPlcAndACoordinationUrlIsJdbc() {
        Out o = exec("server", "--name", "scada-a", "--plc-ports", "15020,15021");
        assertEquals(2, o.code());
        assertTrue(o.err().contains("one port for each of the 5 PLCs"), o.err());
        o = exec("server", "--name", "scada-a", "--plc-ports", "1,2,3,4,70000");
        assertEquals(2, o.code());
        assertTrue(o.err().contains("PLC port must be 1..65535, was 70000"), o.err());
        o = exec("server", "--name", "scada-a", "--coordination", "mysql://db/x");
        assertEquals(2, o.code());
        assertTrue(o.err().contains("--coordination must be a jdbc:postgresql: or jdbc:h2: URL"), o.err());
    }

    @Test
    void twoRunsOnOneHistorianAreNeverBothActiveTheSecondIsRefused() throws Exception {
        Path cfg = dir.resolve("site.json");
        Files.writeString(cfg, "{\"plcBasePort\":0,\"apiPort\":0,\"scanPeriodMs\":200,\"dataDir\":\"" + dir.resolve("data")
                + "\",\"users\":[{\"name\":\"otto\",\"role\":\"OPERATOR\",\"token\":\"operator-token-000001\"}]}");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            StringWriter firstOut = new StringWriter();
            java.util.concurrent.Future<Out> first = pool.submit(() -> exec(firstOut, "run", "--config", cfg.toString(), "--duration", "6"));
            // the first run holds the name once its API is up (it claims the name before serving)
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!firstOut.toString().contains(" API http://")) {
                assertTrue(System.nanoTime() < end, "the first run did not start its API: " + firstOut);
                assertTrue(!first.isDone(), "the first run ended early: " + firstOut);
                Thread.sleep(20);
            }
            Out second = exec("run", "--config", cfg.toString(), "--duration", "1");
            assertEquals(2, second.code(), second.out());
            assertTrue(second.err().contains("server name scada-1 is in use by a running server"), second.err());
            Out o = first.get(60, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(0, o.code(), o.err());
        } finally {
            pool.shutdownNow();
        }
    }
}
