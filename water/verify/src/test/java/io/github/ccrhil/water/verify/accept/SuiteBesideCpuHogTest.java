package io.github.ccrhil.water.verify.accept;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.evidence.Outcome;
import io.github.ccrhil.evidence.Verdict;
import io.github.ccrhil.evidence.bundle.BundleCheck;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The suite beside CPU hogs (busy-loop child processes, one by default): every check is PASS, or
 * INCONCLUSIVE with its reason, never FAIL; and {@code verify-bundle} re-derives the same verdicts
 * from the bundle. The test command runs it once; {@code -Dwater.hog.runs=20} runs it 20 times
 * ({@code -Dwater.hogs=N} for N hogs).
 */
class SuiteBesideCpuHogTest {

    @TempDir
    Path dir;

    @Test
    void besideACpuHogEveryCheckPassesOrIsInconclusiveWithItsReasonNeverFails() throws Exception {
        int runs = Integer.getInteger("water.hog.runs", 1);
        int hogs = Integer.getInteger("water.hogs", 1);
        List<String> summary = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            List<Process> hog = new ArrayList<>();
            List<Verdict> verdicts;
            Path bundle = dir.resolve("bundle-" + run);
            try {
                for (int i = 0; i < hogs; i++) {
                    // a busy loop that ends by itself once this JVM is gone (kill -0 is a shell built-in: no fork per turn)
                    hog.add(new ProcessBuilder("sh", "-c", "while kill -0 " + ProcessHandle.current().pid() + " 2>/dev/null; do :; done")
                            .redirectErrorStream(true).start());
                }
                verdicts = new AcceptanceSuite(new AcceptanceSuite.Options(Duration.ofMillis(250), 3, 100, 4, dir.resolve("work-" + run),
                        null)).run(bundle);
                assertTrue(hog.stream().allMatch(Process::isAlive), "the hogs ran through the whole suite");
            } finally {
                for (Process p : hog) {
                    p.destroyForcibly();
                }
            }
            String line = "run " + run + " beside " + hogs + " hog(s): " + verdicts.stream()
                    .map(v -> v.testId() + "=" + v.outcome() + (v.outcome() == Outcome.PASS ? "" : " (" + v.reason() + ")"))
                    .collect(Collectors.joining(", "));
            summary.add(line);
            System.out.println(line);
            for (Verdict v : verdicts) {
                assertTrue(v.outcome() == Outcome.PASS || v.outcome() == Outcome.INCONCLUSIVE && !v.reason().isBlank(), line);
            }
            BundleCheck.Report check = BundleCheck.verify(bundle, List.of(new WaterAcceptanceBundle()));
            assertTrue(check.ok(), check.manifestProblems() + " " + check.verdictProblems());
            assertEquals(verdicts, check.recomputed(), "verify-bundle re-derives the same verdicts, host judgement included");
        }
        assertEquals(runs, summary.size());
    }
}
