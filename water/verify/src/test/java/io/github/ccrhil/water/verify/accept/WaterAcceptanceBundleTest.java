package io.github.ccrhil.water.verify.accept;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.evidence.Outcome;
import io.github.ccrhil.evidence.Verdict;
import io.github.ccrhil.evidence.bundle.BundleCheck;
import io.github.ccrhil.evidence.bundle.BundleFolder;
import io.github.ccrhil.evidence.bundle.Results;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The water acceptance bundle on the evidence core, with the turbidity step's raw trace written
 * by hand: the verdict follows from the recorded trace and the plan's limits, and
 * {@code verify-bundle} re-derives it, so a changed raw value is caught.
 */
class WaterAcceptanceBundleTest {
    @TempDir
    Path dir;

    /** The suite's plan cut to its turbidity step, with a requirement text that needs escaping. */
    static WaterPlan turbidityPlan(String requirement) {
        WaterPlan full = WaterPlan.of(AcceptanceSuite.Options.defaults(Path.of("work")));
        CheckSpec t = full.check(WaterPlan.TURBIDITY_STEP);
        return new WaterPlan(full.name(), full.options(),
                List.of(new CheckSpec(t.id(), requirement, t.clause(), t.procedure(), t.limits())));
    }

    /** Three process minutes of treated water; {@code filtered} is the worst filtered turbidity. */
    static String trace(String filtered) {
        return RawData.TURBIDITY_HEADER + "\n"
                + "0.0167,5.0000,0.030000,0.020000,0.45000,7.2000,20.0000\n"
                + "6.0167,50.0000," + filtered + ",0.030000,0.44000,7.1000,35.0000\n"
                + "6.0333,50.0000,0.040000,0.030000,0.43000,7.1000,36.0000\n";
    }

    Path bundle(String name, String requirement, String filtered) throws Exception {
        BundleFolder f = WaterAcceptanceBundle.start(dir.resolve(name), turbidityPlan(requirement));
        RawData.writeCsv(f.dir(), RawData.TURBIDITY, trace(filtered));
        WaterAcceptanceBundle.finish(f, Results.COMPLETE, List.of("a log line"));
        return f.dir();
    }

    static BundleCheck.Report verify(Path bundle) throws Exception {
        return BundleCheck.verify(bundle, List.of(new WaterAcceptanceBundle()));
    }

    @Test
    void theVerdictFollowsFromTheRecordedTraceAndThePlansLimitsWithTheirProvenance() throws Exception {
        Path b = bundle("b", "treated water stays inside water.md limits", "0.060000");
        List<Verdict> recorded = Results.readVerdicts(b);
        assertEquals(1, recorded.size());
        Verdict v = recorded.get(0);
        assertEquals(Outcome.PASS, v.outcome(), v.reason());
        assertEquals(List.of(RawData.TURBIDITY), v.files());
        assertEquals("filtered turbidity max", v.checks().get(0).limitName());
        assertEquals("≤ 0.1000 deg", v.checks().get(0).limit());
        assertEquals("0.0600 deg", v.checks().get(0).measured());
        assertEquals("Cryptosporidium countermeasure guideline, via water.md", v.checks().get(0).provenance());
        assertFalse(v.checks().get(0).defaultLimit());
        BundleCheck.Report r = verify(b);
        assertTrue(r.ok(), r.manifestProblems() + " " + r.verdictProblems());
        assertEquals("water-acceptance", r.kind());
        assertEquals(recorded, r.recomputed());
    }

    @Test
    void aChangedRawValueChangesTheRederivedVerdictAndVerifyBundleSaysSo() throws Exception {
        Path b = bundle("b", "treated water stays inside water.md limits", "0.060000");
        Path trace = b.resolve(RawData.TURBIDITY);
        Files.writeString(trace, Files.readString(trace).replace("0.060000", "0.160000"));
        BundleCheck.Report r = verify(b);
        assertFalse(r.ok());
        assertEquals(Outcome.FAIL, r.recomputed().get(0).outcome(), r.recomputed().get(0).reason());
        assertTrue(r.manifestProblems().stream().anyMatch(m -> m.startsWith(RawData.TURBIDITY + ": altered")), r.manifestProblems().toString());
        assertEquals(1, r.verdictProblems().size(), r.verdictProblems().toString());
        String p = r.verdictProblems().get(0);
        assertTrue(p.startsWith("TURBIDITY_STEP: results.json says PASS") && p.contains("give FAIL")
                && p.contains("worst filtered turbidity 0.1600 deg (limit ≤ 0.1000 deg)") && p.endsWith("altered: " + RawData.TURBIDITY), p);
    }

    @Test
    void aChangedLimitInThePlanIsAlsoCaught() throws Exception {
        Path b = bundle("b", "treated water stays inside water.md limits", "0.060000");
        Path plan = b.resolve(WaterPlan.FILE);
        Files.writeString(plan, Files.readString(plan).replace("value: 0.1, unit: \"deg\"", "value: 0.05, unit: \"deg\""));
        BundleCheck.Report r = verify(b);
        assertTrue(r.manifestProblems().stream().anyMatch(m -> m.startsWith(WaterPlan.FILE + ": altered")), r.manifestProblems().toString());
        assertEquals(Outcome.FAIL, r.recomputed().get(0).outcome());
        assertEquals(1, r.verdictProblems().size(), r.verdictProblems().toString());
    }

    @Test
    void aMissingRawFileIsInconclusiveNamingTheFileAndAnAddedFileIsNamed() throws Exception {
        Path b = bundle("b", "treated water stays inside water.md limits", "0.060000");
        Files.delete(b.resolve(RawData.TURBIDITY));
        Files.writeString(b.resolve("traces/extra.csv"), "x\n");
        BundleCheck.Report r = verify(b);
        assertEquals(Outcome.INCONCLUSIVE, r.recomputed().get(0).outcome());
        assertTrue(r.recomputed().get(0).reason().contains(RawData.TURBIDITY + " is missing"), r.recomputed().get(0).reason());
        assertTrue(r.manifestProblems().contains(RawData.TURBIDITY + ": missing"), r.manifestProblems().toString());
        assertTrue(r.manifestProblems().contains("traces/extra.csv: not in the manifest (added)"), r.manifestProblems().toString());
    }

    @Test
    void aFailedVerdictIsAJunitFailureWithEscapedText() throws Exception {
        Path b = bundle("b", "x <works> & more", "0.200000");
        String junit = Files.readString(b.resolve("junit.xml"));
        assertTrue(junit.contains("failures=\"1\"") && junit.contains("<failure message=\"failed: worst filtered turbidity 0.2000 deg "
                + "(limit ≤ 0.1000 deg)"), junit);
        assertTrue(junit.contains("x &lt;works&gt; &amp; more"), junit);
        assertTrue(Files.readString(b.resolve("report.html")).contains("class=\"test FAIL\""));
    }

    @Test
    void aBundleIsNeverWrittenOverAnother() throws Exception {
        bundle("b", "treated water stays inside water.md limits", "0.060000");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WaterAcceptanceBundle.start(dir.resolve("b"), turbidityPlan("again")));
        assertTrue(e.getMessage().contains("not empty"));
    }

    @Test
    void thePlanFileGivesBackThePlanWithEveryLimitAndItsProvenance() throws Exception {
        WaterPlan plan = WaterPlan.of(new AcceptanceSuite.Options(java.time.Duration.ofMillis(250), 3, 100, 4, Path.of("w"), null));
        Path f = dir.resolve(WaterPlan.FILE);
        plan.write(f);
        WaterPlan back = WaterPlan.read(f);
        assertEquals(plan, back);
        assertEquals(250, back.check(WaterPlan.SCAN_PERIOD_UNDER_LOAD).limit("cycle-duration").value());
        assertEquals(500, back.check(WaterPlan.ALARM_LATENCY).limit("latency").value());
        assertTrue(back.check(WaterPlan.ALARM_LATENCY).limit("latency").provenance().isDefault());
        assertFalse(back.check(WaterPlan.FAILOVER_TIME).limit("failover").provenance().isDefault());
    }
}
