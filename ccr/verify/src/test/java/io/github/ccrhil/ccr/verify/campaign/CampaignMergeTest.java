package io.github.ccrhil.ccr.verify.campaign;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ccrhil.ccr.verify.accept.bundle.BundleVerifier;
import io.github.ccrhil.evidence.ExitCode;
import io.github.ccrhil.evidence.Provenance;
import io.github.ccrhil.evidence.TimeLimit;
import io.github.ccrhil.evidence.bundle.BundleCheck;
import io.github.ccrhil.evidence.bundle.Manifest;
import io.github.ccrhil.evidence.bundle.Results;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A campaign run as n shards (n processes, n pods) and merged is the campaign run in one process:
 * the merged bundle holds, byte for byte, the same files (results.json, junit.xml, the report,
 * run.log, every case's scenario and raw trace, the failure files and the manifest), and passes
 * verify-bundle, which re-judges every case. Shards that do not make one campaign are refused
 * with one line, before anything is written.
 */
class CampaignMergeTest {

    @TempDir
    static Path dir;

    private static Path whole;
    private static final Path[] SHARDS = new Path[3];

    /** Eight cases of every kind, a planted 0 s settling limit so that some fail (and get failure files) and some pass. */
    private static CampaignPlan plan(int shard, int shards) {
        return CampaignPlan.of(new Campaign.Config(8, 3, shard, shards, List.of(CaseKind.values()), 0.0, 2, 2), r -> {
            PropertyLimits x = PropertyLimits.defaultsFor(RunContext.stepsNamed(r.stepTable()).ratedCurrentA());
            return new PropertyLimits(x.overshootA(), new TimeLimit("step-to-step settling", Duration.ZERO,
                    Provenance.defaultValue("planted failure")), x.openCircuit(), x.lampEstimateLamps(),
                    x.lampEstimateShare(), x.steadyAfter());
        }, true);
    }

    @BeforeAll
    static void theCampaignInOneProcessAndAsThreeShards() throws Exception {
        whole = dir.resolve("whole");
        Campaign.Summary s = Campaign.run(plan(1, 1), whole, n -> { });
        assertTrue(s.failed() > 0 && s.failed() < 8, s.failed() + " of 8 cases fail");
        for (int k = 1; k <= 3; k++) {
            SHARDS[k - 1] = dir.resolve("shard-" + k + "of3");
            Campaign.run(plan(k, 3), SHARDS[k - 1], n -> { });
        }
    }

    private static Map<String, byte[]> files(Path bundle) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(bundle)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                out.put(bundle.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
            }
        }
        return out;
    }

    @Test
    void theMergedShardsAreByteForByteTheCampaignRunInOneProcess() throws Exception {
        Path merged = dir.resolve("merged");
        // given out of order: the merge puts every case where the single run has it
        CampaignMerge.Summary m = CampaignMerge.merge(merged, List.of(SHARDS[2], SHARDS[0], SHARDS[1]), 2);
        assertEquals(8, m.cases());
        assertEquals(3, m.shards());

        Map<String, byte[]> expected = files(whole);
        Map<String, byte[]> actual = files(merged);
        assertEquals(expected.keySet(), actual.keySet(), "the same files");
        assertTrue(expected.keySet().stream().anyMatch(f -> f.startsWith("failures/")), "failure files are among them");
        assertTrue(expected.keySet().stream().filter(f -> f.endsWith("/trace.csv.gz")).count() == 8, "every case's raw trace");
        for (String f : expected.keySet()) {
            assertArrayEquals(expected.get(f), actual.get(f), f + " differs from the single run's");
        }

        BundleCheck.Report r = BundleVerifier.verify(merged);
        assertTrue(r.ok(), r.toString());
        assertEquals(ExitCode.FAIL, r.exitCode(), "the planted failures are the campaign's verdict");
        assertEquals(Results.readVerdicts(whole), r.recomputed(), "every case re-judged as the single run judged it");
    }

    private static String refused(List<Path> shards) {
        Path out = dir.resolve("refused-" + System.nanoTime());
        String m = assertThrows(CampaignMerge.Refused.class, () -> CampaignMerge.merge(out, shards, 1)).getMessage();
        assertEquals(1, m.lines().count(), m);
        assertFalse(Files.exists(out), "nothing is written for a refused merge");
        return m;
    }

    /** A copy of a shard with one of its files changed as {@code edit} says, its manifest written again (as a forger or another run would). */
    private static Path edited(Path shard, String name, String file, java.util.function.Consumer<ObjectNode> edit) throws IOException {
        Path to = dir.resolve(name);
        try (Stream<Path> s = Files.walk(shard)) {
            for (Path p : s.toList()) {
                Path q = to.resolve(shard.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else {
                    Files.copy(p, q);
                }
            }
        }
        ObjectNode json = (ObjectNode) Results.JSON.readTree(to.resolve(file).toFile());
        edit.accept(json);
        Results.JSON.writeValue(to.resolve(file).toFile(), json);
        Manifest.write(to);
        return to;
    }

    @Test
    void aMissingShardIsRefused() {
        assertEquals("missing shard 2/3 of seed 3 (given: 1/3, 3/3)", refused(List.of(SHARDS[0], SHARDS[2])));
    }

    @Test
    void aShardGivenTwiceIsRefused() {
        assertEquals("shard 1/3 given twice: " + SHARDS[0] + " and " + SHARDS[0],
                refused(List.of(SHARDS[0], SHARDS[1], SHARDS[2], SHARDS[0])));
    }

    @Test
    void shardsOfDifferentSeedsAreRefused() throws Exception {
        Path other = edited(SHARDS[1], "seed-4", CampaignPlan.FILE, j -> j.put("seed", "4"));
        assertEquals("shards of different seeds: " + SHARDS[0] + " has seed 3, " + other + " seed 4",
                refused(List.of(SHARDS[0], other, SHARDS[2])));
    }

    @Test
    void shardsOfDifferentPlansAreRefused() throws Exception {
        Path other = edited(SHARDS[1], "other-limit", CampaignPlan.FILE,
                j -> ((ObjectNode) j.path("limits").path("6.6A-5step").path("settling")).put("value", "PT3S"));
        assertEquals("shards of different plans: " + SHARDS[0] + " and " + other + " differ in campaign-plan.json at"
                + " limits.6.6A-5step.settling.value (PT0S against PT3S)", refused(List.of(SHARDS[0], other, SHARDS[2])));
        Path split = edited(SHARDS[1], "other-split", CampaignPlan.FILE, j -> j.put("shard", "2/4"));
        assertEquals("shards of different splits: " + SHARDS[0] + " is shard 1/3, " + split + " shard 2/4",
                refused(List.of(SHARDS[0], split, SHARDS[2])));
    }

    @Test
    void shardsOfDifferentBuildsAreRefused() throws Exception {
        Path other = edited(SHARDS[2], "other-build", "identity.json",
                j -> ((ObjectNode) j.path("verifier")).put("ccr-hil verifier (io.github.ccrhil.ccr.verify) sha256", "0".repeat(64)));
        String m = refused(List.of(SHARDS[0], SHARDS[1], other));
        assertTrue(m.startsWith("shards of different builds: " + SHARDS[0] + " and " + other + " differ in identity.json at"
                + " verifier.ccr-hil verifier (io.github.ccrhil.ccr.verify) sha256 ("), m);
    }

    @Test
    void anUnfinishedOrAlteredShardIsRefused() throws Exception {
        Path running = edited(SHARDS[1], "running", "results.json", j -> j.put("status", Results.RUNNING));
        assertEquals(running + ": shard 2/3 did not finish (results.json says \"running\"); run it again",
                refused(List.of(SHARDS[0], running, SHARDS[2])));
        Path altered = edited(SHARDS[1], "altered", "results.json", j -> { });
        Files.writeString(altered.resolve("run.log"), "0 cases run, 0 failed\n");
        assertEquals(altered + ": does not match its manifest: run.log: altered (sha256 "
                + Manifest.sha256(altered.resolve("run.log")) + ", manifest says " + Manifest.read(SHARDS[1]).get("run.log") + ")",
                refused(List.of(SHARDS[0], altered, SHARDS[2])));
        assertEquals(dir + ": not a campaign bundle (no campaign-plan.json)", refused(List.of(dir)));
    }
}
