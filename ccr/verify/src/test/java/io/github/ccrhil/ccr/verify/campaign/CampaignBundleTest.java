package io.github.ccrhil.ccr.verify.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ccrhil.ccr.verify.accept.bundle.BundleVerifier;
import io.github.ccrhil.evidence.bundle.Manifest;
import io.github.ccrhil.ccr.emulator.trace.TraceRow;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** A campaign's output is an evidence bundle that verify-bundle checks. */
class CampaignBundleTest {

    private static Path fresh(String name) throws IOException {
        Path p = Path.of("target", "campaign-bundle-test", name);
        if (Files.exists(p)) {
            try (Stream<Path> s = Files.walk(p)) {
                for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(x);
                }
            }
        }
        return p;
    }

    @Test
    void everyCaseLeavesItsRawTraceAndTheBundleHasAManifestWrittenLast() throws Exception {
        Path out = fresh("whole");
        Campaign.Summary s = Campaign.run(new Campaign.Config(4, 11, 1, 1, List.of(CaseKind.values()), 0.0, 2, 0),
                out, n -> { });
        JsonNode json = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        for (JsonNode c : json.get("results")) {
            Path trace = out.resolve(c.get("rawTrace").asText());
            try (InputStream in = new GZIPInputStream(Files.newInputStream(trace))) {
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(text.contains(TraceRow.HEADER), "trace has the column line: " + trace);
                assertTrue(text.lines().filter(l -> !l.startsWith("#")).count() > 2, "trace has rows: " + trace);
            }
            assertTrue(Files.exists(trace.resolveSibling(CampaignBundle.SCENARIO_FILE)));
        }
        for (String f : List.of("identity.json", "report.html", "run.log", "junit.xml", "results.json")) {
            assertTrue(Manifest.read(out).containsKey(f), f + " is in the manifest");
        }
        assertEquals(s.outcomes().size(), Files.readAllLines(out.resolve("run.log")).stream()
                .filter(l -> l.startsWith("case ")).count());
        assertTrue(BundleVerifier.verify(out).ok(), () -> {
            try {
                return String.valueOf(BundleVerifier.verify(out).manifestProblems());
            } catch (Exception e) {
                return e.toString();
            }
        });
    }

    @Test
    void verifyBundleNamesARawTraceAlteredAfterTheCampaign() throws Exception {
        Path out = fresh("altered");
        Campaign.run(new Campaign.Config(2, 12, 1, 1, List.of(CaseKind.STEP_CHANGE), 0.0, 1, 0), out, n -> { });
        JsonNode json = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        String rel = json.get("results").get(0).get("rawTrace").asText();
        Files.write(out.resolve(rel), new byte[] {1, 2, 3});
        BundleVerifier.Report r = BundleVerifier.verify(out);
        assertFalse(r.ok());
        assertTrue(r.manifestProblems().stream().anyMatch(p -> p.startsWith(rel + ": altered")), r.manifestProblems().toString());
    }
}
