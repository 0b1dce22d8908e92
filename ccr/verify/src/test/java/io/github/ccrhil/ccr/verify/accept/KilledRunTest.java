package io.github.ccrhil.ccr.verify.accept;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.ccr.verify.accept.bundle.BundleVerifier;
import io.github.ccrhil.ccr.verify.accept.plan.PlanReader;
import io.github.ccrhil.evidence.ExitCode;
import io.github.ccrhil.evidence.Outcome;
import io.github.ccrhil.evidence.Verdict;
import io.github.ccrhil.evidence.bundle.BundleCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code accept} killed with SIGKILL in a child JVM at several moments: the partial bundle
 * verifies as INCOMPLETE, names the last complete test, re-judges every test finished before the
 * kill (each PASS, as the reference CCR does) and never judges the test the run ended inside.
 */
class KilledRunTest {

    @TempDir
    Path dir;

    /**
     * @param moment the run.log line after which the child is killed: a test completed
     *     ("test identity: ") or a test started ("test step-accuracy (" — killed inside it)
     */
    @ParameterizedTest(name = "killed after \"{0}\"")
    @ValueSource(strings = {"test identity: ", "test step-accuracy (", "test step-change: "})
    void aRunKilledMidwayVerifiesAsIncompleteAndWhatFinishedChecksOut(String moment) throws Exception {
        Path bundle = dir.resolve("bundle");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                AcceptInAChildJvm.class.getName(), bundle.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.out").toFile()).start();
        try {
            Path log = bundle.resolve("run.log");
            Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
            while (!(Files.exists(log) && Files.readString(log).contains(moment))) {
                assertTrue(child.isAlive(), "the child ended before \"" + moment + "\": " + Files.readString(dir.resolve("child.out")));
                assertTrue(Instant.now().isBefore(deadline), "no \"" + moment + "\" within 3 minutes");
                Thread.sleep(20);
            }
        } finally {
            child.destroyForcibly(); // SIGKILL
            child.waitFor();
        }
        BundleCheck.Report r = BundleVerifier.verify(bundle);
        assertEquals(ExitCode.INCOMPLETE, r.exitCode(), r.toString());
        assertTrue(r.manifestProblems().isEmpty(), "what finished checks out: " + r.manifestProblems());
        String last = r.notes().get(0);
        assertTrue(last.startsWith("last complete test: "), r.notes().toString());
        List<String> ids = PlanReader.defaultPlan().tests().stream().map(t -> t.id()).toList();
        int lastIndex = ids.indexOf(last.substring("last complete test: ".length()));
        String killedAfter = moment.substring(5, moment.length() - 2);
        assertTrue(lastIndex >= ids.indexOf(killedAfter) - (moment.endsWith("(") ? 1 : 0), last + " after " + moment);
        for (int i = 0; i < ids.size(); i++) {
            Verdict v = r.recomputed().get(i);
            if (i <= lastIndex) {
                assertEquals(Outcome.PASS, v.outcome(), v.testId() + " finished before the kill: " + v.reason());
            } else {
                assertEquals(Outcome.INCONCLUSIVE, v.outcome(), v.testId());
                assertTrue(v.reason().startsWith("run ended inside this test") || v.reason().startsWith("not run"), v.reason());
                assertTrue(v.checks().isEmpty(), v.testId() + " is not judged from a partial trace");
                for (String f : v.files()) {
                    if (f.endsWith(".csv")) {
                        assertTrue(Files.size(bundle.resolve(f)) > 0, f + " keeps at least its header");
                    }
                }
            }
        }
        try (Stream<Path> s = Files.list(bundle)) {
            assertTrue(s.anyMatch(p -> p.getFileName().toString().equals("results.json")), "the status record is there");
        }
        assertTrue(Files.readString(bundle.resolve("results.json")).contains("\"status\" : \"running\""));
    }
}
