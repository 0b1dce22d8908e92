package io.github.ccrhil.water.verify.accept;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ccrhil.evidence.ExitCode;
import io.github.ccrhil.evidence.bundle.BundleCheck;
import io.github.ccrhil.evidence.bundle.BundleFiles;
import io.github.ccrhil.evidence.bundle.BundleFolder;
import io.github.ccrhil.evidence.bundle.Manifest;
import io.github.ccrhil.evidence.bundle.Results;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A water bundle edited as a forger would, the manifest recomputed after each edit: a verdict, a
 * count, the summary, a JUnit failure, the report, a raw-data file, a check dropped everywhere.
 * {@code verify-bundle} catches each and names the file (a dropped check by the plan's SHA-256,
 * which {@code --expect-plan} compares).
 */
class ForgedWaterBundleTest {

    @TempDir
    Path dir;

    /** The turbidity step (its trace recorded, worst 0.06 deg: PASS) and failover time (its raw data never recorded: INCONCLUSIVE). */
    Path bundle(String name) throws Exception {
        WaterPlan full = WaterPlan.of(AcceptanceSuite.Options.defaults(Path.of("work")));
        WaterPlan plan = new WaterPlan(full.name(), full.options(),
                List.of(full.check(WaterPlan.TURBIDITY_STEP), full.check(WaterPlan.FAILOVER_TIME)));
        BundleFolder f = WaterAcceptanceBundle.start(dir.resolve(name), plan);
        RawData.writeCsv(f.dir(), RawData.TURBIDITY, WaterAcceptanceBundleTest.trace("0.060000"));
        WaterAcceptanceBundle.finish(f, Results.COMPLETE, List.of("a log line"));
        return f.dir();
    }

    /** The forger's last move: a manifest that matches the edited files. */
    static BundleCheck.Report forged(Path b) throws Exception {
        Manifest.write(b);
        BundleCheck.Report r = WaterAcceptanceBundleTest.verify(b);
        assertTrue(r.manifestProblems().isEmpty(), "the forger recomputed the manifest: " + r.manifestProblems());
        assertFalse(r.ok(), "a forged bundle is not OK");
        assertEquals(ExitCode.ALTERED, r.exitCode());
        return r;
    }

    static List<String> problems(BundleCheck.Report r) {
        List<String> all = new ArrayList<>(r.verdictProblems());
        all.addAll(r.derivedProblems());
        return all;
    }

    static void edit(Path file, String from, String to) throws Exception {
        String text = Files.readString(file);
        assertTrue(text.contains(from), file + " has " + from);
        Files.writeString(file, text.replace(from, to));
    }

    @Test
    void theUntouchedBundleVerifies() throws Exception {
        BundleCheck.Report r = WaterAcceptanceBundleTest.verify(bundle("b"));
        assertTrue(r.ok(), r.manifestProblems() + " " + r.verdictProblems() + " " + r.derivedProblems());
    }

    @Test
    void aChangedVerdictIsNamedWithItsCheck() throws Exception {
        Path b = bundle("b");
        ObjectNode root = (ObjectNode) Results.JSON.readTree(b.resolve(BundleFiles.RESULTS).toFile());
        ((ObjectNode) root.path("verdicts").get(1)).put("outcome", "PASS");
        Results.JSON.writeValue(b.resolve(BundleFiles.RESULTS).toFile(), root);
        BundleCheck.Report r = forged(b);
        assertTrue(problems(r).stream().anyMatch(p -> p.startsWith(WaterPlan.FAILOVER_TIME + ": results.json says PASS")),
                problems(r).toString());
    }

    @Test
    void aChangedCountAndAChangedSummaryAreNamed() throws Exception {
        Path b = bundle("b");
        ObjectNode root = (ObjectNode) Results.JSON.readTree(b.resolve(BundleFiles.RESULTS).toFile());
        ((ObjectNode) root.path("counts")).put("PASS", 2).put("INCONCLUSIVE", 0);
        root.put("verdict", "PASS");
        Results.JSON.writeValue(b.resolve(BundleFiles.RESULTS).toFile(), root);
        BundleCheck.Report r = forged(b);
        assertTrue(problems(r).contains("results.json: says verdict PASS, the raw data give INCONCLUSIVE"), problems(r).toString());
        assertTrue(problems(r).stream().anyMatch(p -> p.startsWith("results.json: says counts {FAIL=0, INCONCLUSIVE=0,")),
                problems(r).toString());
    }

    @Test
    void aRemovedJunitFailureAndAnEditedReportAreNamed() throws Exception {
        Path b = bundle("b");
        Path junit = b.resolve(BundleFiles.JUNIT);
        String xml = Files.readString(junit);
        Files.writeString(junit, xml.replaceAll("(?s)<(skipped|failure|error)\\b.*?(/>|</\\1>)", ""));
        assertNotEquals(xml, Files.readString(junit), "the JUnit file had a non-pass to remove");
        edit(b.resolve(BundleFiles.REPORT), "INCONCLUSIVE", "PASS");
        BundleCheck.Report r = forged(b);
        assertTrue(problems(r).stream().anyMatch(p -> p.startsWith("junit.xml: differs from the one regenerated")), problems(r).toString());
        assertTrue(problems(r).stream().anyMatch(p -> p.startsWith("report.html: differs from the one regenerated")), problems(r).toString());
    }

    @Test
    void aChangedRawValueIsNamedWithItsFile() throws Exception {
        Path b = bundle("b");
        edit(b.resolve(RawData.TURBIDITY), "0.060000", "0.160000");
        BundleCheck.Report r = forged(b);
        assertTrue(problems(r).stream().anyMatch(p -> p.startsWith(WaterPlan.TURBIDITY_STEP + ": results.json says PASS")
                && p.contains("give FAIL")), problems(r).toString());
    }

    /** No forger's care: one byte flipped in each file in turn (the manifest included) is named, with the "altered" exit code. */
    @Test
    void aByteFlippedInAnyFileIsCaughtAndNamesThatFile() throws Exception {
        Path original = bundle("flip-original");
        List<String> files = new ArrayList<>(Manifest.read(original).keySet());
        files.add(Manifest.FILE);
        assertTrue(files.contains(RawData.TURBIDITY) && files.contains(BundleFiles.RESULTS) && files.contains(WaterPlan.FILE),
                files.toString());
        for (String f : files) {
            Path b = dir.resolve("flip-" + f.replaceAll("[^A-Za-z0-9.-]", "_"));
            copyTree(original, b);
            byte[] bytes = Files.readAllBytes(b.resolve(f));
            bytes[bytes.length / 2] ^= 0x01;
            Files.write(b.resolve(f), bytes);
            BundleCheck.Report r = WaterAcceptanceBundleTest.verify(b);
            assertEquals(ExitCode.ALTERED, r.exitCode(), f + ": " + r.manifestProblems());
            assertTrue(r.manifestProblems().stream().anyMatch(p -> p.startsWith(f + ": altered")), f + ": " + r.manifestProblems());
            if (!f.equals(Manifest.FILE)) {
                assertEquals(1, r.manifestProblems().size(), f + ": only that file is blamed: " + r.manifestProblems());
            }
        }
    }

    private static void copyTree(Path from, Path to) throws java.io.IOException {
        try (java.util.stream.Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path q = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else {
                    Files.copy(p, q);
                }
            }
        }
    }

    @Test
    void aCheckDroppedEverywhereChangesThePlansSha256() throws Exception {
        Path original = bundle("original");
        String expected = Manifest.sha256(original.resolve(WaterPlan.FILE));
        // the forger's bundle: the same run without the failover check, every file consistent
        WaterPlan full = WaterPlan.of(AcceptanceSuite.Options.defaults(Path.of("work")));
        WaterPlan cut = new WaterPlan(full.name(), full.options(), List.of(full.check(WaterPlan.TURBIDITY_STEP)));
        BundleFolder f = WaterAcceptanceBundle.start(dir.resolve("cut"), cut);
        RawData.writeCsv(f.dir(), RawData.TURBIDITY, WaterAcceptanceBundleTest.trace("0.060000"));
        WaterAcceptanceBundle.finish(f, Results.COMPLETE, List.of("a log line"));
        BundleCheck.Report r = WaterAcceptanceBundleTest.verify(f.dir());
        assertTrue(r.ok(), "a consistent bundle of its own: " + problems(r));
        assertNotEquals(expected, r.planSha256(), "the plan it was run under is not the one expected");
        assertEquals(expected, WaterAcceptanceBundleTest.verify(original).planSha256());
    }
}
