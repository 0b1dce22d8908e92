package io.github.ccrhil.cli;

import io.github.ccrhil.ccr.emulator.profile.CcrProfiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.ccr.verify.accept.plan.PlanReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AcceptCommandTest {

    @TempDir
    Path dir;

    private record Result(int exit, String out, String err) { }

    private static Result cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(exit, out.toString(), err.toString());
    }

    /** The default plan cut to three tests, so the CLI test stays quick. */
    private Path shortPlan(String change) throws IOException {
        String text = PlanReader.defaultPlanText();
        int tests = text.indexOf("\ntests:");
        StringBuilder b = new StringBuilder(text.substring(0, tests)).append("\ntests:\n");
        for (String block : text.substring(tests + 8).split("\n(?=  - id: )")) {
            if (block.contains("id: identity") || block.contains("id: local-remote") || block.contains("id: open-circuit")) {
                b.append(block.stripTrailing()).append("\n\n");
            }
        }
        Path p = dir.resolve("short.yaml");
        Files.writeString(p, change == null ? b.toString() : b.toString().replace(change.split("=>")[0], change.split("=>")[1]),
                StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void acceptRunsThePlanOverLoopbackTcpShowsProgressAndExitsZeroWhenEveryTestPasses() throws IOException {
        Path bundle = dir.resolve("bundle");
        Result r = cli("accept", "--plan", shortPlan(null).toString(), "--out", bundle.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("[ 3/3] local-remote"), r.out());
        assertTrue(r.out().contains("Modbus TCP on loopback"), r.out());
        assertTrue(r.out().contains("verdict PASS: 3 passed, 0 failed, 0 inconclusive"), r.out());
        Result v = cli("verify-bundle", bundle.toString());
        assertEquals(0, v.exit(), v.out() + v.err());
        assertTrue(v.out().contains("bundle OK"), v.out());
    }

    @Test
    void aRunUnderAnotherSeedThanThePlansVerifiesAsRun() throws IOException {
        // plan.yaml stays the vendor's file byte for byte; the seed the run used is a recorded fact of the run
        Path bundle = dir.resolve("seeded");
        Result r = cli("accept", "--plan", shortPlan(null).toString(), "--seed", "5", "--out", bundle.toString(), "--quiet");
        assertEquals(0, r.exit(), r.out() + r.err());
        Result v = cli("verify-bundle", bundle.toString());
        assertEquals(0, v.exit(), v.out() + v.err());
        assertTrue(v.out().contains("bundle OK"), v.out());
    }

    @Test
    void aFailingVerdictGivesExitCodeOneAndVerifyBundleNamesAnAlteredFile() throws IOException {
        // a plan whose open-circuit limit the reference cannot meet (2.02 s trip against 1 s)
        Path plan = shortPlan("trip-time: { name: open-circuit trip time, value: 3.0=>trip-time: { name: open-circuit trip time, value: 1.0");
        Path bundle = dir.resolve("failing");
        Result r = cli("accept", "--plan", plan.toString(), "--out", bundle.toString(), "--link", "in-process", "--quiet");
        assertEquals(AcceptCommand.EXIT_FAIL, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("verdict FAIL: 2 passed, 1 failed"), r.out());
        Path report = bundle.resolve("report.html");
        Files.writeString(report, Files.readString(report) + "<!-- edited -->");
        Result v = cli("verify-bundle", bundle.toString());
        assertEquals(io.github.ccrhil.evidence.ExitCode.ALTERED.code(), v.exit());
        assertTrue(v.out().contains("ALTERED  report.html: altered"), v.out());
    }

    @Test
    void aMalformedPlanIsOneLineWithFileLineAndFieldAndExitCodeTwo() throws IOException {
        Path plan = shortPlan("measurement: plant-trace=>measurement: plant-trace\nmeasurment: x");
        Result r = cli("accept", "--plan", plan.toString(), "--out", dir.resolve("never").toString());
        assertEquals(Main.EXIT_INPUT, r.exit());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("ccr-hil: " + plan + ":11: measurment: unknown field"), r.err());
        assertFalse(Files.exists(dir.resolve("never")), "nothing written for a bad plan");
    }

    @Test
    void aMalformedProfileIsOneLineWithFileLineAndField() throws IOException {
        String profile = CcrProfiles.referenceCcrText()
                .replaceFirst("    type: u16\n", "    type: u17\n");
        Files.writeString(dir.resolve("vendor.yaml"), profile, StandardCharsets.UTF_8);
        Path plan = shortPlan("profile: reference-ccr=>profile: vendor.yaml");
        Result r = cli("accept", "--plan", plan.toString(), "--out", dir.resolve("never").toString());
        assertEquals(Main.EXIT_INPUT, r.exit(), r.out() + r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().matches("ccr-hil: vendor\\.yaml:[0-9]+: .*\\s*"), r.err());
    }

    @Test
    void aDutOutsideTheProcessNeedsAnOperatorRigAndSaysSoInOneLine() throws IOException {
        Result r = cli("accept", "--plan", shortPlan(null).toString(), "--dut", "tcp:127.0.0.1:1", "--out",
                dir.resolve("never").toString());
        assertEquals(Main.EXIT_INPUT, r.exit(), r.out() + r.err());
        assertEquals("ccr-hil: --dut tcp:127.0.0.1:1: a DUT outside this process needs rig: operator-prompt"
                + " or relay-module; the plan says emulated-plant", r.err().strip());
    }

    @Test
    void aTlsDutNeedsTheVerifiersKeyAndTrustedCasAndSaysSoInOneLine() throws IOException {
        Result r = cli("accept", "--plan", shortPlan(null).toString(), "--dut", "tls:127.0.0.1:802", "--out",
                dir.resolve("never").toString());
        assertEquals(Main.EXIT_INPUT, r.exit(), r.out() + r.err());
        assertEquals("ccr-hil: --dut tls:127.0.0.1:802: Modbus/TCP Security needs --tls-key and --tls-trust", r.err().strip());
        Result plain = cli("accept", "--plan", shortPlan(null).toString(), "--tls-key", "k.p12", "--out", dir.resolve("never").toString());
        assertEquals(Main.EXIT_INPUT, plain.exit());
        assertEquals("ccr-hil: --tls-key and --tls-trust are for a DUT at tls:<host:port>", plain.err().strip());
    }

    @Test
    void aFaultyLinkIsForTheServedEmulatedDutAndItsFaultsAreCheckedInOneLine() throws IOException {
        Result inProcess = cli("accept", "--plan", shortPlan(null).toString(), "--link", "in-process", "--faulty-link", "hostile",
                "--out", dir.resolve("never").toString());
        assertEquals(Main.EXIT_INPUT, inProcess.exit());
        String forWhat = "ccr-hil: --faulty-link: for the emulated DUT served over --link tcp-loopback or pty,"
                + " or a DUT at --dut tcp:<host:port>, tls:<host:port> or rtu:<tty>";
        assertEquals(forWhat, inProcess.err().strip());
        // before a Modbus/TCP Security DUT too (the proxy cuts TLS records): this plan is refused for its rig, not the link
        Result overTls = cli("accept", "--plan", shortPlan(null).toString(), "--dut", "tls:127.0.0.1:802", "--tls-key", "k.p12",
                "--tls-trust", "t.p12", "--faulty-link", "hostile", "--out", dir.resolve("never").toString());
        assertEquals(Main.EXIT_INPUT, overTls.exit());
        assertTrue(overTls.err().strip().startsWith("ccr-hil: --dut tls:127.0.0.1:802: a DUT outside this process needs rig:"),
                overTls.err());
        Result bad = cli("accept", "--plan", shortPlan(null).toString(), "--faulty-link", "corrupt=2", "--out",
                dir.resolve("never").toString());
        assertEquals(Main.EXIT_INPUT, bad.exit());
        assertEquals("ccr-hil: corruptedBytes must be a probability 0..1, was 2.0", bad.err().strip());
        Result unknown = cli("accept", "--plan", shortPlan(null).toString(), "--faulty-link", "jam=0.1", "--out",
                dir.resolve("never").toString());
        assertEquals("ccr-hil: link faults: unknown fault 'jam' (expected corrupt, drop, delay, max-delay, cut)", unknown.err().strip());
    }

    @Test
    void theDefaultPlanThroughAHostileTcpLinkRecordsEveryRepeatInTheBundle() throws IOException {
        Path bundle = dir.resolve("faulty");
        Result r = cli("accept", "--plan", shortPlan(null).toString(), "--faulty-link", "hostile", "--link-seed", "15",
                "--timeout", "300ms", "--out", bundle.toString(), "--quiet");
        assertTrue(r.exit() == 0 || r.exit() == 3, r.out() + r.err());
        assertTrue(r.out().contains("link: ") && r.out().contains("transactions repeated"), r.out());
        assertTrue(Files.exists(bundle.resolve("traces/identity/link.csv")) || Files.exists(bundle.resolve("traces/local-remote/link.csv")),
                "the link's record is raw data of each test");
    }
}
