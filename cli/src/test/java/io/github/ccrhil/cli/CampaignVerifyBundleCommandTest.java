package io.github.ccrhil.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.evidence.ExitCode;
import io.github.ccrhil.evidence.bundle.Manifest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * verify-bundle on campaign bundles from the command line: the campaign's plan (options, seed,
 * shard and limits) is what {@code --expect-plan} pins, and a campaign run under other options
 * is rejected with the "altered" exit code.
 */
class CampaignVerifyBundleCommandTest {

    @TempDir
    Path dir;

    private record Result(int exit, String out, String err) { }

    private static Result cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(exit, out.toString(), err.toString());
    }

    private Path campaign(String name, String seed) {
        Path out = dir.resolve(name);
        Result r = cli("campaign", "--cases", "3", "--seed", seed, "--waveform-share", "0", "--threads", "1",
                "--shrink-budget", "0", "--out", out.toString());
        assertTrue(r.exit() == 0 || r.exit() == 1, r.out() + r.err());
        return out;
    }

    @Test
    void aCampaignBundleIsReJudgedAndExpectPlanRejectsACampaignRunUnderOtherOptions() throws Exception {
        Path a = campaign("seed-5", "5");
        String plan = a.resolve("campaign-plan.json").toString();
        Result ok = cli("verify-bundle", "--expect-plan", plan, a.toString());
        assertTrue(ok.out().contains("plan sha256 " + Manifest.sha256(a.resolve("campaign-plan.json"))), ok.out());
        assertTrue(ok.out().contains("bundle OK: every file matches manifest.sha256 and every verdict follows from the raw data"),
                ok.out());
        assertTrue(ok.exit() == ExitCode.PASS.code() || ok.exit() == ExitCode.FAIL.code(), ok.out());

        Path b = campaign("seed-6", "6");
        Result other = cli("verify-bundle", "--expect-plan", plan, b.toString());
        assertEquals(ExitCode.ALTERED.code(), other.exit(), other.out());
        assertTrue(other.out().contains("PLAN     the bundle was run under plan " + Manifest.sha256(b.resolve("campaign-plan.json"))
                + ", not the expected " + Manifest.sha256(Path.of(plan))), other.out());

        Files.writeString(a.resolve("run.log"), "0 cases run, 0 failed\n");
        Manifest.write(a);
        Result forged = cli("verify-bundle", a.toString());
        assertEquals(ExitCode.ALTERED.code(), forged.exit(), forged.out());
        assertTrue(forged.out().contains("DERIVED  run.log: differs from the one regenerated from the raw data"), forged.out());
    }

    @Test
    void expectIdentityIsForALinkedDutAndABadDeclarationIsOneLineWithExitTwo() throws Exception {
        Result emulated = cli("campaign", "--cases", "1", "--expect-identity", "reference-build", "--out", dir.resolve("e").toString());
        assertEquals(2, emulated.exit(), emulated.out() + emulated.err());
        assertTrue(emulated.err().contains("--expect-identity is for a DUT at the end of a link"), emulated.err());
        Files.writeString(dir.resolve("bad.json"), "{\"dut\": []}");
        Result bad = cli("campaign", "--dut", "tcp:127.0.0.1:1", "--cases", "1", "--expect-identity", dir.resolve("bad.json").toString(),
                "--out", dir.resolve("l").toString());
        assertEquals(2, bad.exit(), bad.out() + bad.err());
        assertTrue(bad.err().contains("--expect-identity " + dir.resolve("bad.json") + ": expected a non-empty list"), bad.err());
        assertEquals(1, bad.err().strip().lines().count(), bad.err());
    }
}
