package io.github.ccrhil.ccr.verify.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.ccr.verify.accept.bundle.BundleVerifier;
import io.github.ccrhil.evidence.ExitCode;
import io.github.ccrhil.evidence.Outcome;
import io.github.ccrhil.evidence.Verdict;
import io.github.ccrhil.evidence.bundle.BundleCheck;
import io.github.ccrhil.evidence.bundle.Manifest;
import io.github.ccrhil.evidence.bundle.Results;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code campaign} killed with SIGKILL in a child JVM at several moments (after 1, 10 and 40 cases
 * have finished): the partial bundle verifies as INCOMPLETE, says how many cases finished, names
 * every case the run ended inside, re-judges every finished case exactly as an uninterrupted run
 * of the same seed judges it, and judges no case from a partial trace. The trace of a case in
 * progress is readable up to its last flush and is the start of that case's whole trace.
 */
class KilledCampaignTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "killed after {0} finished cases")
    @ValueSource(ints = {1, 10, 40})
    void aCampaignKilledMidwayVerifiesAsIncompleteAndEveryFinishedCaseChecksOut(int finished) throws Exception {
        Path bundle = dir.resolve("bundle");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                CampaignInAChildJvm.class.getName(), bundle.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.out").toFile()).start();
        try {
            Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
            while (finishedCases(bundle) < finished) {
                assertTrue(child.isAlive(), "the child ended before " + finished + " cases: " + Files.readString(dir.resolve("child.out")));
                assertTrue(Instant.now().isBefore(deadline), "not " + finished + " finished cases within 3 minutes");
                Thread.sleep(20);
            }
        } finally {
            child.destroyForcibly(); // SIGKILL
            child.waitFor();
        }
        BundleCheck.Report r = BundleVerifier.verify(bundle);
        assertEquals(ExitCode.INCOMPLETE, r.exitCode(), r.manifestProblems() + " " + r.derivedProblems() + " " + r.notes());
        assertTrue(r.manifestProblems().isEmpty(), "what finished checks out: " + r.manifestProblems());
        assertTrue(Files.readString(bundle.resolve("results.json")).contains("\"status\" : \"running\""));
        assertTrue(r.notes().get(0).startsWith("cases finished: "), r.notes().toString());

        Map<String, Verdict> byId = r.recomputed().stream().collect(Collectors.toMap(Verdict::testId, Function.identity()));
        int lastStarted = 0;
        for (int i = 0; i < CampaignInAChildJvm.CONFIG.cases(); i++) {
            if (Files.isDirectory(bundle.resolve(CampaignBundle.caseDir(i, Campaign.scenario(CampaignInAChildJvm.CONFIG, i))))) {
                lastStarted = i;
            }
        }
        // the same seed, run to the end in this JVM, up to the last case the child started
        Path reference = dir.resolve("reference");
        Campaign.Config c = CampaignInAChildJvm.CONFIG;
        Campaign.run(new Campaign.Config(lastStarted + 1, c.seed(), 1, 1, c.kinds(), c.waveformShare(), 2, 0), reference, n -> { });
        Map<String, Verdict> uninterrupted = Results.readVerdicts(reference).stream()
                .collect(Collectors.toMap(Verdict::testId, Function.identity()));

        int judged = 0;
        int inside = 0;
        for (int i = 0; i <= lastStarted; i++) {
            String name = Campaign.scenario(c, i).name();
            String caseDir = CampaignBundle.caseDir(i, name);
            Verdict first = byId.get(name + " / " + PropertyChecks.ALL.get(0));
            boolean named = r.notes().contains("case " + i + " " + name + ": the run ended inside this case");
            boolean unjudged = first.outcome() == Outcome.INCONCLUSIVE
                    && (first.reason().startsWith("run ended inside this case") || first.reason().startsWith("not run"));
            if (!unjudged) {
                judged++;
                assertFalse(named, name);
                for (String p : PropertyChecks.ALL) {
                    assertEquals(uninterrupted.get(name + " / " + p), byId.get(name + " / " + p), name + " / " + p
                            + " finished before the kill, and is judged as an uninterrupted run judges it");
                }
                continue;
            }
            for (String p : PropertyChecks.ALL) {
                Verdict v = byId.get(name + " / " + p);
                assertEquals(Outcome.INCONCLUSIVE, v.outcome(), v.testId());
                assertTrue(v.checks().isEmpty(), v.testId() + " is not judged from a partial trace");
            }
            if (first.reason().startsWith("run ended inside this case")) {
                inside++;
                assertTrue(named, "case " + i + " is named as the one the run ended inside: " + r.notes());
                Path trace = bundle.resolve(caseDir + "/" + CampaignBundle.TRACE_FILE);
                if (Files.exists(trace)) {
                    String partial = readable(trace);
                    String whole = new String(CampaignBundle.gunzip(reference.resolve(caseDir + "/" + CampaignBundle.TRACE_FILE)),
                            StandardCharsets.UTF_8);
                    // empty only when killed between creating the file and its first flush, the header
                    assertTrue(partial.isEmpty() || partial.contains("# case: " + i + "\n"), "the header comes first: " + partial);
                    assertTrue(whole.startsWith(partial), caseDir + ": what reached the disk is the start of the case's trace");
                }
            }
        }
        assertTrue(judged >= finished, judged + " cases judged, " + finished + " had finished when the child was killed");
        assertTrue(inside >= 1, "the child was killed inside a case (its two workers are almost never between cases): "
                + r.notes());
        for (int i = lastStarted + 1; i < lastStarted + 50 && i < c.cases(); i++) {
            Verdict v = byId.get(Campaign.scenario(c, i).name() + " / " + PropertyChecks.SETTLING);
            assertTrue(v.reason().startsWith("not run"), v.reason());
        }
    }

    /** The cases whose traces the manifest covers. */
    private static long finishedCases(Path bundle) throws IOException {
        if (!Files.exists(bundle.resolve(Manifest.FILE))) {
            return 0;
        }
        try {
            return Manifest.read(bundle).keySet().stream().filter(f -> f.endsWith("/" + CampaignBundle.TRACE_FILE)).count();
        } catch (Manifest.AlteredManifestException | java.nio.file.NoSuchFileException e) {
            return 0; // read while being replaced
        }
    }

    /** A gzip cut short: everything up to its last flush. */
    static String readable(Path gz) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
            }
        } catch (EOFException e) {
            // cut short: keep what was flushed
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
