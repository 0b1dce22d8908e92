package io.github.ccrhil.ccr.verify.accept;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.ccr.verify.accept.bundle.LinkLog;
import io.github.ccrhil.ccr.verify.accept.dut.EmulatedCcrOverLoopback;
import io.github.ccrhil.ccr.verify.accept.plan.PlanReader;
import io.github.ccrhil.ccr.verify.accept.plan.TestPlan;
import io.github.ccrhil.evidence.Outcome;
import io.github.ccrhil.evidence.Verdict;
import io.github.ccrhil.modbus.link.LinkFaults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default plan against the reference CCR through a hostile link (1 % of bytes corrupted,
 * frames dropped and delayed, connections cut, seeded): the run completes, nothing hangs, every
 * repeat is bounded and reported, and each verdict is the one the clean link gives (PASS) or
 * INCONCLUSIVE naming the link.
 */
class ThroughAFaultyLinkTest {

    @TempDir
    Path dir;

    @Test
    void theDefaultPlanThroughAHostileLinkCompletesWithItsVerdictsUnchangedOrInconclusiveWithTheReason() throws Exception {
        SecurityPlans.Plan cut = SecurityPlans.whole(SecurityPlans.FRAMES); // the hostile frames cut to size
        TestPlan plan = cut.plan();
        long seed = 15;
        record Run(AcceptanceRun.Result result, EmulatedCcrOverLoopback.LinkReport link) {
        }
        Run run = assertTimeoutPreemptively(Duration.ofMinutes(4), () -> {
            try (EmulatedCcrOverLoopback dut = new EmulatedCcrOverLoopback(plan, Duration.ofMillis(300), 0)
                    .throughFaultyLink(LinkFaults.HOSTILE, seed, 3)) {
                AcceptanceRun.Result r = new AcceptanceRun(plan, cut.text(), dut, dut.describe(),
                        AcceptanceRun.Progress.NONE, Clock.systemUTC()).run(dir.resolve("faulty"));
                return new Run(r, dut.linkReport());
            }
        });
        StringBuilder summary = new StringBuilder();
        for (Verdict v : run.result().verdicts()) {
            summary.append(v.testId()).append(' ').append(v.outcome()).append(": ").append(v.reason()).append('\n');
        }
        System.out.println("faulty link: " + run.link().runs().size() + " runs, " + run.link().faults() + " faults "
                + run.link().runs() + ", " + run.link().retries().size() + " repeats, " + run.link().exhausted()
                + " transactions lost on every attempt\n" + summary);
        for (Verdict v : run.result().verdicts()) {
            if (v.outcome() != Outcome.PASS) {
                assertTrue(v.outcome() == Outcome.INCONCLUSIVE && v.reason().contains("did not answer"),
                        "the link may only make a verdict INCONCLUSIVE, with the reason: " + v.testId() + " " + v.outcome() + ": "
                                + v.reason());
            }
        }
        assertTrue(run.link().faults() > 0, "the link injected faults");
        assertTrue(run.link().retries().size() > 0, "the verifier repeated lost transactions");
        theBundleRecordsEveryRepeatAndTheReportCountsThem(plan, dir.resolve("faulty"), run.link());
    }

    /** Every repeat and every lost transaction is raw data of its test (link.csv), and the report counts them from it. */
    static void theBundleRecordsEveryRepeatAndTheReportCountsThem(TestPlan plan, Path bundle, EmulatedCcrOverLoopback.LinkReport link)
            throws java.io.IOException {
        LinkLog.Summary recorded = LinkLog.total(bundle,
                plan.tests().stream().map(io.github.ccrhil.ccr.verify.accept.verdict.BundleJudge::testDir).toList());
        assertEquals(link.runs().size(), recorded.sessions(), "one link row per DUT session");
        assertEquals(link.faults(), recorded.faults(), "every injected fault is in the bundle");
        assertEquals(link.retries().size(), recorded.repeats(), "every repeat is in the bundle");
        assertEquals(link.exhausted(), recorded.lost(), "every transaction lost on every attempt is in the bundle");
        String report = Files.readString(bundle.resolve("report.html"));
        assertTrue(report.contains(">" + recorded.repeats() + "<") && report.contains("transactions repeated"),
                "the report counts the repeats");
        String manifest = Files.readString(bundle.resolve("manifest.sha256"));
        assertTrue(manifest.contains(LinkLog.FILE), "the link records are in the manifest");
    }
}
