package io.github.ccrhil.ccr.verify.accept;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.ccr.verify.accept.bundle.BundleVerifier;
import io.github.ccrhil.ccr.verify.accept.dut.EmulatedCcrOverLoopback;
import io.github.ccrhil.ccr.verify.accept.dut.EmulatedCcrSessions;
import io.github.ccrhil.ccr.verify.accept.plan.PlanReader;
import io.github.ccrhil.ccr.verify.accept.plan.TestPlan;
import io.github.ccrhil.evidence.Outcome;
import io.github.ccrhil.evidence.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The security procedures of the default plan against the reference CCR served as Modbus/TCP on
 * loopback: robustness under hostile frames, a flood during a step change, connection exhaustion
 * and authority all PASS, judged from the bundle's files as verify-bundle judges them; in process
 * (no Modbus interface) they are NOT_APPLICABLE with the reason.
 */
class SecurityProceduresTest {

    @TempDir
    Path dir;

    @Test
    void theReferenceCcrPassesEverySecurityProcedureOverLoopbackTcp() throws Exception {
        SecurityPlans.Plan cut = SecurityPlans.securityOnly(SecurityPlans.FRAMES);
        TestPlan plan = cut.plan();
        assertEquals(4, plan.tests().size(), "four security procedures in the default plan");
        AcceptanceRun.Result r;
        long t0 = System.nanoTime();
        try (EmulatedCcrOverLoopback dut = new EmulatedCcrOverLoopback(plan)) {
            r = new AcceptanceRun(plan, cut.text(), dut, dut.describe(), AcceptanceRun.Progress.NONE,
                    Clock.systemUTC()).run(dir.resolve("bundle"));
        }
        System.out.printf("security procedures over loopback, %d hostile frames: %.1f s%n", SecurityPlans.FRAMES,
                (System.nanoTime() - t0) / 1e9);
        for (Verdict v : r.verdicts()) {
            System.out.println("  " + v.testId() + " " + v.outcome() + ": " + v.reason());
            assertEquals(Outcome.PASS, v.outcome(), v.testId() + ": " + v.reason());
            assertFalse(v.checks().isEmpty());
        }
        try (var s = Files.list(r.bundle().resolve("traces/protocol-robustness"))) {
            assertTrue(s.anyMatch(p -> p.getFileName().toString().endsWith(".frames.gz")), "the hostile frames are in the bundle");
        }
        ExhaustionHold.assertHeldForThePlansHold(r.bundle(), 3.0);
        var check = BundleVerifier.verify(r.bundle());
        assertTrue(check.ok(), "verify-bundle re-derives the security verdicts: " + check.verdictProblems());
    }

    @Test
    void inProcessTheSecurityProceduresAreNotApplicableWithTheReason() throws Exception {
        SecurityPlans.Plan cut = SecurityPlans.securityOnly(100);
        TestPlan plan = cut.plan();
        AcceptanceRun.Result r = new AcceptanceRun(plan, cut.text(), EmulatedCcrSessions.reference(plan),
                "in-process", AcceptanceRun.Progress.NONE, Clock.systemUTC()).run(dir.resolve("in-process"));
        for (Verdict v : r.verdicts()) {
            assertEquals(Outcome.NOT_APPLICABLE, v.outcome(), v.testId() + ": " + v.reason());
            assertTrue(v.reason().contains("no Modbus interface"), v.reason());
        }
    }
}
