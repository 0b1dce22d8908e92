package io.github.ccrhil.ccr.verify.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.ccr.emulator.scenario.Scenario;
import io.github.ccrhil.ccr.emulator.scenario.ScenarioReader;
import io.github.ccrhil.ccr.verify.accept.bundle.BundleVerifier;
import io.github.ccrhil.evidence.ExitCode;
import io.github.ccrhil.evidence.Provenance;
import io.github.ccrhil.evidence.TimeLimit;
import io.github.ccrhil.evidence.bundle.BundleCheck;
import io.github.ccrhil.evidence.bundle.Manifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A campaign's shrunk failure file is re-derived, not only checked for being there: {@code
 * verify-bundle} replays it on the emulated DUT in simulated time (deterministic), checks that it
 * fails the property its case fails first, and regenerates the file from the replay. A forger
 * who removes the fault from the scenario, even renaming the file after its new content and
 * regenerating everything derived, is caught, and the file is named.
 */
class ShrunkFailureFileTest {

    @TempDir
    static Path dir;

    private static Path original;
    private static Campaign.Summary summary;

    /** Open-circuit cases judged against a planted 0 s open-circuit limit, so that they fail and are shrunk. */
    @BeforeAll
    static void aCampaignWhoseFailingCasesAreShrunk() throws Exception {
        original = dir.resolve("original");
        summary = Campaign.run(CampaignPlan.of(new Campaign.Config(2, 11, 1, 1, List.of(CaseKind.OPEN_CIRCUIT), 0.0, 2, 40),
                r -> {
                    PropertyLimits x = PropertyLimits.defaultsFor(RunContext.stepsNamed(r.stepTable()).ratedCurrentA());
                    return new PropertyLimits(x.overshootA(), x.settling(), new TimeLimit("open-circuit de-energise",
                            Duration.ZERO, Provenance.defaultValue("planted failure")), x.lampEstimateLamps(),
                            x.lampEstimateShare(), x.steadyAfter());
                }, false), original, n -> { });
        System.out.printf("campaign of %d cases, %d failing, in %.1f s%n", summary.outcomes().size(), summary.failed(),
                summary.wallSeconds());
        BundleCheck.Report r = BundleVerifier.verify(original);
        assertTrue(r.ok(), r.toString());
        assertEquals(ExitCode.FAIL, r.exitCode());
    }

    /** A failing case whose failure file holds a scenario smaller than the case as run. */
    private static Campaign.CaseOutcome aShrunkCase() {
        return summary.outcomes().stream()
                .filter(o -> o.result().failed() && o.shrunk() != null && !o.shrunk().equals(o.result().scenario()))
                .findFirst().orElseThrow(() -> new AssertionError("no case was shrunk: " + summary.outcomes()));
    }

    private static String failureFile(Campaign.CaseOutcome o) {
        return CampaignBundle.FAILURES_DIR + "/" + o.file().getFileName();
    }

    private static Path copy(String name) throws IOException {
        Path to = dir.resolve(name);
        try (Stream<Path> s = Files.walk(original)) {
            for (Path p : s.toList()) {
                Path q = to.resolve(original.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else {
                    Files.copy(p, q);
                }
            }
        }
        return to;
    }

    private static BundleCheck.Report forgedAndResealed(Path bundle) throws Exception {
        Manifest.write(bundle);
        BundleCheck.Report r = BundleVerifier.verify(bundle);
        assertTrue(r.manifestProblems().isEmpty(), r.manifestProblems().toString());
        assertEquals(ExitCode.ALTERED, r.exitCode(), r.toString());
        return r;
    }

    /** The scenario's YAML without its open-loop fault. */
    private static String withoutTheFault(String yaml) {
        String forged = yaml.lines().filter(l -> !l.contains("loopOpen")).collect(Collectors.joining("\n", "", "\n"));
        assertNotEquals(yaml, forged, "the shrunk scenario opens the loop: " + yaml);
        return forged;
    }

    @Test
    void anHonestShrunkFailureFileIsReplayedAndHolds() throws Exception {
        Campaign.CaseOutcome o = aShrunkCase();
        BundleCheck.Report r = BundleVerifier.verify(original);
        assertEquals(List.of(), r.derivedProblems());
        String text = Files.readString(original.resolve(failureFile(o)));
        assertTrue(text.contains("FAIL " + PropertyChecks.OPEN_CIRCUIT), text);
        assertEquals(o.shrunk(), ScenarioReader.read(original.resolve(failureFile(o))));
    }

    @Test
    void aShrunkFileWithItsFaultRemovedIsCaughtAndNamed() throws Exception {
        Path b = copy("fault-removed");
        Campaign.CaseOutcome o = aShrunkCase();
        Path f = b.resolve(failureFile(o));
        Files.writeString(f, withoutTheFault(Files.readString(f)));
        BundleCheck.Report r = forgedAndResealed(b);
        assertTrue(r.derivedProblems().stream().anyMatch(p -> p.startsWith(failureFile(o) + ": replayed in simulated time it"
                + " does not fail \"" + PropertyChecks.OPEN_CIRCUIT + "\"")), r.derivedProblems().toString());
    }

    /**
     * The thorough forger: the fault removed, the file named after its new content with the case's
     * failing verdicts on top, results.json, junit.xml, report.html and run.log regenerated by our
     * own writer to name it, the manifest recomputed. The replay still shows it.
     */
    @Test
    void aShrunkFileForgedAndRenamedWithEverythingDerivedRegeneratedIsCaught() throws Exception {
        Path b = copy("fault-removed-renamed");
        Campaign.CaseOutcome o = aShrunkCase();
        Path old = b.resolve(failureFile(o));
        Scenario forged = ScenarioReader.read("forged.yaml", withoutTheFault(Files.readString(old)));
        Files.delete(old);
        Path renamed = FailureFiles.write(forged, o.result().verdicts(), b.resolve(CampaignBundle.FAILURES_DIR), Campaign::inBundle);
        assertNotEquals(old.getFileName(), renamed.getFileName());
        List<CampaignBundle.Entry> entries = new ArrayList<>();
        for (CampaignBundle.Entry e : Campaign.entries(summary)) {
            entries.add(e.index() != o.index() ? e : new CampaignBundle.Entry(e.index(), e.kind(), e.name(), e.verdicts(),
                    renamed, FailureFiles.replayCommand(Campaign.inBundle(renamed)), e.extra()));
        }
        CampaignBundle.writeDerived(b, b, Campaign.bundleRun(summary.config()), entries);
        assertTrue(Files.readString(b.resolve(io.github.ccrhil.evidence.bundle.BundleFiles.RESULTS)).contains(renamed.getFileName().toString()));
        BundleCheck.Report r = forgedAndResealed(b);
        String rel = CampaignBundle.FAILURES_DIR + "/" + renamed.getFileName();
        r.derivedProblems().forEach(System.out::println);
        assertTrue(r.derivedProblems().stream().anyMatch(p -> p.startsWith(rel + ": replayed in simulated time it does not fail")),
                r.derivedProblems().toString());
    }

    @Test
    void anEditedReasonInAShrunkFilesHeaderIsCaughtAndNamed() throws Exception {
        Path b = copy("header-edited");
        Campaign.CaseOutcome o = aShrunkCase();
        Path f = b.resolve(failureFile(o));
        String text = Files.readString(f);
        String edited = text.replaceFirst("(# FAIL [^:]*: ).*", "$1within its limit");
        assertNotEquals(text, edited);
        Files.writeString(f, edited);
        BundleCheck.Report r = forgedAndResealed(b);
        assertTrue(r.derivedProblems().stream().anyMatch(p -> p.startsWith(failureFile(o) + ":")), r.derivedProblems().toString());
    }
}
