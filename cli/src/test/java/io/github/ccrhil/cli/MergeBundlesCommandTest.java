package io.github.ccrhil.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.evidence.ExitCode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * merge-bundles from the command line: two shards of a campaign become one bundle that
 * verify-bundle holds, with the campaign's exit code; shards that cannot be merged get one line
 * and the bad-input exit code.
 */
class MergeBundlesCommandTest {

    @TempDir
    Path dir;

    private record Result(int exit, String out, String err) { }

    private static Result cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(exit, out.toString(), err.toString());
    }

    private Path shard(String k) {
        Path out = dir.resolve("shard-" + k.replace('/', 'o'));
        Result r = cli("campaign", "--cases", "4", "--seed", "9", "--shard", k, "--waveform-share", "0", "--threads", "1",
                "--shrink-budget", "0", "--out", out.toString());
        assertTrue(r.exit() == 0 || r.exit() == 1, r.out() + r.err());
        return out;
    }

    @Test
    void twoShardsMergeIntoABundleThatVerifyBundleHolds() {
        Path a = shard("1/2");
        Path b = shard("2/2");
        Path merged = dir.resolve("merged");
        Result m = cli("merge-bundles", merged.toString(), b.toString(), a.toString());
        assertTrue(m.exit() == 0 || m.exit() == 1, m.out() + m.err());
        assertTrue(m.out().startsWith("merged 2 shards of campaign seed 9: 4 cases, "), m.out());
        Result v = cli("verify-bundle", merged.toString());
        assertTrue(v.out().contains("bundle OK"), v.out());
        assertEquals(m.exit(), v.exit(), "the merged bundle's verdict is the merge's exit code");

        Result twice = cli("merge-bundles", dir.resolve("twice").toString(), a.toString(), a.toString());
        assertEquals(ExitCode.BAD_INPUT.code(), twice.exit());
        assertEquals("ccr-hil: shard 1/2 given twice: " + a + " and " + a + "\n", twice.err());
        Result missing = cli("merge-bundles", dir.resolve("missing").toString(), b.toString());
        assertEquals(ExitCode.BAD_INPUT.code(), missing.exit());
        assertEquals("ccr-hil: missing shard 1/2 of seed 9 (given: 2/2)\n", missing.err());
        assertTrue(Files.notExists(dir.resolve("twice")) && Files.notExists(dir.resolve("missing")), "nothing written");
    }
}
