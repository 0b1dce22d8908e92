package io.github.ccrhil.ccr.verify.accept;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.ccr.verify.accept.bundle.BundleVerifier;
import io.github.ccrhil.ccr.verify.accept.plan.PlanReader;
import io.github.ccrhil.ccr.verify.accept.plan.TestPlan;
import io.github.ccrhil.evidence.ExitCode;
import io.github.ccrhil.evidence.Outcome;
import io.github.ccrhil.evidence.bundle.BundleCheck;
import io.github.ccrhil.evidence.bundle.Manifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a forger does to an acceptance bundle whose open-circuit test FAILs, each time with the
 * manifest recomputed as a forger would: verify-bundle catches every edit, names the file, and
 * exits with "altered". And a flipped byte in any file of the bundle, the manifest included, is
 * named as that file's.
 */
class ForgedBundleTest {

    @TempDir
    static Path dir;

    static Path original;
    static String planText;

    @BeforeAll
    static void aBundleWhoseOpenCircuitTestFails() throws Exception {
        String full = PlanReader.defaultPlanText();
        int tests = full.indexOf("\ntests:\n") + "\ntests:\n".length();
        StringBuilder b = new StringBuilder(full.substring(0, tests));
        for (String block : full.substring(tests).split("\n(?=  - id: )")) {
            if (block.startsWith("  - id: identity\n") || block.startsWith("  - id: open-circuit\n")) {
                b.append(block.strip().isEmpty() ? "" : block).append('\n');
            }
        }
        planText = b.toString();
        TestPlan plan = PlanReader.read("plan.yaml", planText);
        assertEquals(2, plan.tests().size());
        AcceptanceRun.Result r = new AcceptanceRun(plan, planText, DefectiveFirmware.SLOW_OPEN_CIRCUIT_TRIP.session(plan),
                "in-process (slow open-circuit trip)", AcceptanceRun.Progress.NONE, Clock.systemUTC())
                .run(dir.resolve("original"));
        assertEquals(Outcome.FAIL, r.outcome());
        // the slow-trip board runs other protection settings: identity FAILs with open-circuit (2 FAIL, 0 PASS)
        assertEquals(List.of(Outcome.FAIL, Outcome.FAIL), r.verdicts().stream().map(v -> v.outcome()).toList());
        original = r.bundle();
        BundleCheck.Report check = BundleVerifier.verify(original);
        assertTrue(check.ok(), check.toString());
        assertEquals(ExitCode.FAIL, check.exitCode(), "an untouched failing bundle holds, and says FAIL");
    }

    private static Path copy(String name) throws IOException {
        Path to = dir.resolve(name);
        try (Stream<Path> s = Files.walk(original)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(original.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
        return to;
    }

    /** Edits one file as a forger would, recomputes the manifest, and returns what verify-bundle says. */
    private static BundleCheck.Report forge(String name, String file, UnaryOperator<String> edit) throws Exception {
        Path b = copy(name);
        Path f = b.resolve(file);
        String before = Files.readString(f, StandardCharsets.ISO_8859_1);
        String after = edit.apply(before);
        assertNotEquals(before, after, name + ": the forgery changes " + file);
        Files.writeString(f, after, StandardCharsets.ISO_8859_1);
        Manifest.write(b);
        BundleCheck.Report r = BundleVerifier.verify(b);
        assertTrue(r.manifestProblems().isEmpty(), "the forger recomputed the manifest: " + r.manifestProblems());
        assertEquals(ExitCode.ALTERED, r.exitCode(), name + ": " + r);
        return r;
    }

    private static void named(BundleCheck.Report r, String file) {
        List<String> all = new ArrayList<>(r.verdictProblems());
        all.addAll(r.derivedProblems());
        assertTrue(all.stream().anyMatch(p -> p.startsWith(file + ":") || p.contains(file)), file + " not named in " + all);
    }

    @Test
    void aVerdictTurnedToPassWithTheSummaryAndCountsIsCaughtAndNamed() throws Exception {
        BundleCheck.Report r = forge("verdict", "results.json", s -> s
                .replace("\"outcome\" : \"FAIL\"", "\"outcome\" : \"PASS\"")
                .replace("\"verdict\" : \"FAIL\"", "\"verdict\" : \"PASS\"")
                .replace("\"PASS\" : 0,", "\"PASS\" : 2,").replace("\"FAIL\" : 2,", "\"FAIL\" : 0,"));
        assertTrue(r.verdictProblems().stream().anyMatch(p -> p.startsWith("open-circuit: results.json says PASS")),
                r.verdictProblems().toString());
    }

    @Test
    void aSummaryVerdictAloneIsCaught() throws Exception {
        named(forge("summary", "results.json", s -> s.replace("\"verdict\" : \"FAIL\"", "\"verdict\" : \"PASS\"")),
                "results.json");
    }

    @Test
    void aCountAloneIsCaught() throws Exception {
        named(forge("counts", "results.json", s -> s.replace("\"FAIL\" : 2,", "\"FAIL\" : 1,")), "results.json");
    }

    @Test
    void aJunitFailureRemovedIsCaught() throws Exception {
        named(forge("junit", "junit.xml", s -> s.replaceAll("(?s)<failure.*?</failure>", "")), "junit.xml");
    }

    @Test
    void anEditedReportIsCaught() throws Exception {
        named(forge("report", "report.html", s -> s.replaceFirst("FAIL", "PASS")), "report.html");
    }

    @Test
    void anEditedIdentityHashIsCaught() throws Exception {
        named(forge("identity", "identity.json", s -> s.replaceFirst("\"sha256\" : \"[0-9a-f]", "\"sha256\" : \"x")),
                "identity.json");
    }

    @Test
    void anEditedCaptureIsCaught() throws Exception {
        String dat;
        try (Stream<Path> s = Files.walk(original.resolve("comtrade"))) {
            dat = original.relativize(s.filter(p -> p.toString().endsWith(".dat")).sorted().findFirst().orElseThrow())
                    .toString().replace('\\', '/');
        }
        named(forge("capture", dat, s -> s.replaceFirst("\r\n2,", "\r\n2,1")), dat);
    }

    @Test
    void anEditedProfileIsCaught() throws Exception {
        named(forge("profile", "profile.yaml", s -> s + "# edited\n"), "profile.yaml");
    }

    @Test
    void anEditedTraceHeaderIsCaught() throws Exception {
        String trace;
        try (Stream<Path> s = Files.list(original.resolve("traces/open-circuit"))) {
            trace = "traces/open-circuit/" + s.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".csv") && !n.endsWith(".events.csv")).sorted().findFirst().orElseThrow();
        }
        named(forge("header", trace, s -> s.replaceFirst("# seed[:=, ]+([0-9])", "# seed: 9$1")), trace);
    }

    @Test
    void aTestDroppedEverywhereIsCaughtByTheExpectedPlan() throws Exception {
        Path b = copy("dropped");
        String fewer = planText.substring(0, planText.indexOf("  - id: open-circuit"));
        Files.writeString(b.resolve("plan.yaml"), fewer, StandardCharsets.UTF_8);
        try (Stream<Path> s = Files.walk(b.resolve("traces/open-circuit"))) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        BundleCheck.Report r = BundleVerifier.verify(b);
        String expected = Manifest.sha256(original.resolve("plan.yaml"));
        assertEquals(expected, BundleVerifier.verify(original).planSha256());
        assertNotEquals(expected, r.planSha256(), "the plan's SHA-256 tells the bundle was run under another plan");
    }

    @Test
    void aFlippedByteInAnyFileNamesThatFile() throws Exception {
        List<String> files = new ArrayList<>(Manifest.read(original).keySet());
        files.add(Manifest.FILE);
        int n = 0;
        for (String f : files) {
            Path b = copy("flip-" + n++);
            Path p = b.resolve(f);
            byte[] bytes = Files.readAllBytes(p);
            bytes[bytes.length / 2] ^= 0x01;
            Files.write(p, bytes);
            BundleCheck.Report r = BundleVerifier.verify(b);
            assertEquals(ExitCode.ALTERED, r.exitCode(), f + ": " + r);
            assertTrue(r.manifestProblems().stream().anyMatch(m -> m.startsWith(f + ": altered")),
                    f + " not named: " + r.manifestProblems());
        }
    }
}
