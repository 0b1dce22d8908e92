package io.github.ccrhil.water.verify.accept;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.evidence.ExitCode;
import io.github.ccrhil.evidence.Outcome;
import io.github.ccrhil.evidence.Verdict;
import io.github.ccrhil.evidence.bundle.BundleCheck;
import io.github.ccrhil.evidence.bundle.Manifest;
import io.github.ccrhil.water.verify.cli.WaterMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code water accept} killed with SIGKILL in a child JVM at several moments (once its identity or
 * command-authority check is complete, the next one under way; see {@link #moments()}): the partial bundle
 * verifies INCOMPLETE (not altered), every check the manifest covers is re-judged from its raw
 * data, and no check is judged from data the run did not finish.
 */
class KilledWaterAcceptTest {

    @TempDir
    Path dir;

    /**
     * Killed once identity (the first check) and once command authority is complete; {@code
     * -Dccrhil.water.kills=all} adds a kill once failover time is complete (the standby has taken
     * over), which costs a minute more on a loaded host.
     */
    static List<String> moments() {
        return "all".equals(System.getProperty("ccrhil.water.kills", "two"))
                ? List.of(WaterPlan.IDENTITY, WaterPlan.COMMAND_AUTHORITY, WaterPlan.FAILOVER_TIME)
                : List.of(WaterPlan.IDENTITY, WaterPlan.COMMAND_AUTHORITY);
    }

    @ParameterizedTest(name = "killed once {0} is complete")
    @MethodSource("moments")
    void aKilledWaterAcceptIsIncompleteWithEveryFinishedCheckCovered(String killedAfter) throws Exception {
        String trigger = WaterJudge.files(killedAfter).get(0);
        Path out = dir.resolve("out");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), WaterMain.class.getName(), "accept",
                "--out", out.toString(), "--scan-ms", "250", "--load-plcs", "3", "--load-points", "100", "--cycles", "4")
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        Path bundle = out.resolve("bundle");
        try {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!covers(bundle, trigger) && p.isAlive() && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            assertTrue(p.isAlive(), "still running when killed: " + Files.readString(dir.resolve("child.log")));
            assertTrue(covers(bundle, trigger), killedAfter + " completed within the deadline");
        } finally {
            p.destroyForcibly(); // SIGKILL
            p.waitFor(30, TimeUnit.SECONDS);
        }
        BundleCheck.Report r = BundleCheck.verify(bundle, List.of(new WaterAcceptanceBundle()));
        assertEquals(ExitCode.INCOMPLETE, r.exitCode(), r.manifestProblems() + " " + r.derivedProblems() + " " + r.notes());
        assertTrue(r.manifestProblems().isEmpty(), r.manifestProblems().toString());
        Set<String> covered = Manifest.read(bundle).keySet();
        for (Verdict v : r.recomputed()) {
            boolean finished = covered.containsAll(WaterJudge.files(v.testId()));
            boolean judged = !v.reason().startsWith("not run") && !v.reason().startsWith("run ended inside");
            assertEquals(finished, judged, v.testId() + ": " + v.reason());
        }
        List<String> order = r.recomputed().stream().map(Verdict::testId).toList();
        assertTrue(order.contains(killedAfter), order.toString());
        for (Verdict v : r.recomputed().subList(0, order.indexOf(killedAfter) + 1)) {
            assertFalse(v.reason().startsWith("not run") || v.reason().startsWith("run ended inside"),
                    v.testId() + " finished before the kill: " + v.reason());
        }
        Verdict last = r.recomputed().get(r.recomputed().size() - 1);
        assertEquals(WaterPlan.TURBIDITY_STEP, last.testId());
        assertEquals(Outcome.INCONCLUSIVE, last.outcome(), "the last check had not run: " + last.reason());
        assertTrue(r.notes().get(0).startsWith("last complete check: "), r.notes().toString());
    }

    private static boolean covers(Path bundle, String file) {
        try {
            return Files.exists(bundle.resolve(Manifest.FILE)) && Files.readString(bundle.resolve(Manifest.FILE)).contains(file);
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
