package io.github.ccrhil.evidence.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.evidence.Check;
import io.github.ccrhil.evidence.Outcome;
import io.github.ccrhil.evidence.Verdict;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A toy kind whose raw data is one number per test in raw/&lt;id&gt;.txt, judged "≤ 10": what every
 * kind of bundle shares is checked on it.
 */
class BundleCheckTest {

    @TempDir
    Path dir;

    /** Judges raw/<id>.txt against ≤ 10. */
    static final class Toy implements BundleKind {
        private final String name;

        Toy(String name) {
            this.name = name;
        }

        public String kind() {
            return name;
        }

        public boolean recognises(Path bundle) {
            return Files.isDirectory(bundle.resolve("raw"));
        }

        public List<Verdict> rederive(Path bundle) throws IOException {
            try (var s = Files.list(bundle.resolve("raw"))) {
                return s.sorted().map(BundleCheckTest::judge).toList();
            }
        }
    }

    static Verdict judge(Path raw) {
        String id = raw.getFileName().toString().replace(".txt", "");
        double v;
        try {
            v = Double.parseDouble(Files.readString(raw).trim());
        } catch (IOException | NumberFormatException e) {
            v = Double.NaN;
        }
        Outcome o = Double.isNaN(v) ? Outcome.INCONCLUSIVE : v <= 10 ? Outcome.PASS : Outcome.FAIL;
        return new Verdict(id, "toy", "at most 10", "§1", o, "measured " + v, "raw", false,
                List.of(new Check("r", "value", "max", "≤ 10", "toy §1", false, Double.toString(v), o, Double.NaN)),
                List.of("raw/" + id + ".txt"));
    }

    private Path write(String name, Map<String, String> raw, BundleMarker marker) throws IOException {
        Path b = dir.resolve(name);
        BundleFolder f = marker == null ? null : BundleFolder.create(b, marker);
        Files.createDirectories(b.resolve("raw"));
        for (var e : raw.entrySet()) {
            Files.writeString(b.resolve("raw/" + e.getKey() + ".txt"), e.getValue(), StandardCharsets.UTF_8);
        }
        Toy k = new Toy("toy");
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("plan", "toy plan");
        Results.write(b, header, Results.COMPLETE, k.rederive(b));
        if (f != null) {
            f.seal();
        } else {
            Manifest.write(b);
        }
        return b;
    }

    private static Map<String, String> raw(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void anUntouchedBundleHoldsAndItsKindComesFromTheMarker() throws Exception {
        Path b = write("ok", raw("a", "3", "b", "12"), new BundleMarker("toy", 1));
        BundleCheck.Report r = BundleCheck.verify(b, List.of(new Toy("other"), new Toy("toy")));
        assertTrue(r.ok(), r.toString());
        assertEquals("toy", r.kind(), "the marker, not the first kind that recognises the files");
        assertEquals(List.of(Outcome.PASS, Outcome.FAIL), r.recomputed().stream().map(Verdict::outcome).toList());
        assertEquals(List.of("toy"), List.of(BundleMarker.read(b).orElseThrow().kind()));
        assertTrue(Manifest.read(b).containsKey(BundleMarker.FILE), "the marker is covered by the manifest");
    }

    @Test
    void anAlteredRawFileIsNamedAndTheVerdictItChangesToo() throws Exception {
        Path b = write("altered", raw("a", "3", "b", "12"), new BundleMarker("toy", 1));
        Files.writeString(b.resolve("raw/a.txt"), "30");
        BundleCheck.Report r = BundleCheck.verify(b, List.of(new Toy("toy")));
        assertFalse(r.ok());
        assertEquals(1, r.manifestProblems().size());
        assertTrue(r.manifestProblems().get(0).startsWith("raw/a.txt: altered"), r.manifestProblems().toString());
        assertEquals(List.of("a: results.json says PASS (measured 3.0), the raw traces give FAIL (measured 30.0); altered: raw/a.txt"),
                r.verdictProblems());
    }

    @Test
    void aBundleWithoutMarkerIsReadAsTheKindThatRecognisesItElseTheFirst() throws Exception {
        Path b = write("old", raw("a", "3"), null);
        BundleKind never = new BundleKind() {
            public String kind() {
                return "never";
            }

            public boolean rederives() {
                return false;
            }

            public List<Verdict> rederive(Path bundle) {
                throw new AssertionError("not re-derived");
            }
        };
        assertEquals("toy", BundleCheck.verify(b, List.of(never, new Toy("toy"))).kind());
        Path empty = Files.createDirectories(dir.resolve("empty"));
        BundleCheck.Report r = BundleCheck.verify(empty, List.of(never, new Toy("toy")));
        assertEquals("never", r.kind());
        assertFalse(r.rederived(), "only the manifest is checked for a kind that re-derives nothing");
        assertEquals(List.of("manifest.sha256: missing"), r.manifestProblems());
    }

    @Test
    void aMarkerNamingAnUnknownKindIsBadInputNotAGuess() throws Exception {
        Path b = write("unknown", raw("a", "3"), new BundleMarker("water-acceptance", 1));
        var e = assertThrows(IllegalArgumentException.class, () -> BundleCheck.verify(b, List.of(new Toy("toy"))));
        assertTrue(e.getMessage().contains("water-acceptance"), e.getMessage());
    }

    @Test
    void aVerdictMissingOnEitherSideIsNamed() {
        Verdict a = judgeText("a", "3");
        Verdict b = judgeText("b", "4");
        assertEquals(List.of("b: no verdict in results.json; the raw traces give PASS", "c: in results.json but not in the plan"),
                BundleCheck.compare(List.of(a, judgeText("c", "1")), List.of(a, b), List.of()));
    }

    private Verdict judgeText(String id, String value) {
        try {
            Path p = Files.createDirectories(dir.resolve("t")).resolve(id + ".txt");
            Files.writeString(p, value);
            return judge(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aBundleIsNeverWrittenIntoAFolderHoldingOtherFiles() throws IOException {
        Path b = Files.createDirectories(dir.resolve("used"));
        Files.writeString(b.resolve("old.txt"), "x");
        assertThrows(IllegalArgumentException.class, () -> BundleFolder.create(b, new BundleMarker("toy", 1)));
        assertFalse(Files.exists(b.resolve(BundleMarker.FILE)));
    }

    @Test
    void resultsRecordTheOverallOutcomeOnlyForACompleteRun() throws IOException {
        Path b = Files.createDirectories(dir.resolve("results"));
        Verdict pass = judgeText("a", "3");
        Results.write(b, Map.of(), "aborted: crash", List.of(pass));
        String json = Files.readString(b.resolve(BundleFiles.RESULTS));
        assertTrue(json.contains("\"verdict\" : \"INCONCLUSIVE\""), json);
        assertEquals(List.of(pass), Results.readVerdicts(b), "verdicts read back equal");
        Results.write(b, Map.of(), Results.COMPLETE, List.of(pass));
        assertTrue(Files.readString(b.resolve(BundleFiles.RESULTS)).contains("\"verdict\" : \"PASS\""));
    }

    @Test
    void aMarkerIsAKebabCaseKindAndAPositiveVersion() throws IOException {
        assertThrows(IllegalArgumentException.class, () -> new BundleMarker("CCR acceptance", 1));
        assertThrows(IllegalArgumentException.class, () -> new BundleMarker("ccr-acceptance", 0));
        Path b = Files.createDirectories(dir.resolve("bad-marker"));
        Files.writeString(b.resolve(BundleMarker.FILE), "{\"kind\": 3}");
        assertThrows(IOException.class, () -> BundleMarker.read(b));
    }
}
