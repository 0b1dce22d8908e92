package io.github.ccrhil.ccr.verify.accept.verdict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.ccr.verify.accept.plan.PlanReader;
import io.github.ccrhil.ccr.verify.accept.plan.TestPlan;
import io.github.ccrhil.ccr.verify.accept.plan.TestSpec;
import io.github.ccrhil.ccr.verify.accept.verdict.RawRun.Event;
import io.github.ccrhil.evidence.Check;
import io.github.ccrhil.evidence.Outcome;
import io.github.ccrhil.evidence.Verdict;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The security procedures' answer-time limits on a shared host: a wall-clock answer that missed
 * its limit is the DUT's FAIL unless the verifier's own sampler, recorded beside it, was held off
 * long enough that without that time the answer was within the limit; then the check is
 * INCONCLUSIVE, "host too loaded". The limit itself never moves: an answer within it passes, one
 * the host explains only in part fails. Judged from the run's events alone, as verify-bundle does.
 */
class AnswerTimeOnALoadedHostTest {

    private static final TestPlan PLAN = PlanReader.defaultPlan();
    private static final TestSpec EXHAUSTION = PLAN.tests().stream().filter(t -> t.id().equals("connection-exhaustion"))
            .findFirst().orElseThrow();

    /** A host record as the procedure writes it. */
    private static Event host(double t, String kind, double waitMs, double stallMs) {
        return new Event(t, "host", kind, String.format(java.util.Locale.ROOT, "wait_ms %.1f stall_ms %.1f load 42.00 cpus 2",
                waitMs, stallMs));
    }

    /**
     * Connection exhaustion: 20 polls of the master answered in 20 ms with no stall, one poll at
     * 5 s answered in {@code slowMs} with the host held off {@code slowStallMs}, and a new connection
     * served after {@code servedS} with {@code serviceStallMs} of stall.
     */
    private static Verdict judge(double slowMs, double slowStallMs, double servedS, double serviceStallMs) {
        List<Event> e = new ArrayList<>();
        e.add(new Event(0.0, "verifier", "select-step", "3"));
        e.add(new Event(4.0, "verifier", "exhaustion-start", "sockets 64 idle 32 half-open 32 not connected 0"));
        for (int i = 0; i < 20; i++) {
            double t = 4.1 + i * 0.1;
            e.add(new Event(t, "dut", "answered-ms", "20.0"));
            e.add(host(t, "during-request", 20, 0.2));
        }
        e.add(new Event(6.5, "dut", "answered-ms", String.format(java.util.Locale.ROOT, "%.1f", slowMs)));
        e.add(host(6.5, "during-request", slowMs, slowStallMs));
        e.add(new Event(7.0, "dut", "master-served-s", String.format(java.util.Locale.ROOT, "%.3f", servedS)));
        e.add(host(7.0, "during-service", servedS * 1000, serviceStallMs));
        e.add(new Event(7.1, "dut", "connections-held", "30 of 64"));
        RawRun run = new RawRun("r1", "traces/connection-exhaustion/r1.csv", "traces/connection-exhaustion/r1.events.csv",
                rows(), e);
        return new Judge(PLAN, BundleJudge.REFERENCE_RESOLVER).judge(EXHAUSTION, List.of(run));
    }

    /** Step 3 (4.1 A) held in band, read every 100 ms for 8 s. */
    private static List<io.github.ccrhil.ccr.emulator.trace.TraceRow> rows() {
        List<io.github.ccrhil.ccr.emulator.trace.TraceRow> rows = new ArrayList<>();
        for (int i = 1; i <= 80; i++) {
            double amps = 4.1;
            rows.add(new io.github.ccrhil.ccr.emulator.trace.TraceRow(i * 0.1, "REGULATING", 3, amps, 0, 0, amps, 100, 100, 1, 90,
                    amps, amps * 1.41, 100, 0, 0, Double.POSITIVE_INFINITY, 0));
        }
        return rows;
    }

    private static Check check(Verdict v, String what) {
        return v.checks().stream().filter(c -> c.what().contains(what)).findFirst().orElseThrow(() -> new AssertionError(
                "no check '" + what + "' in " + v.checks()));
    }

    @Test
    void answersWithinTheLimitPassWhateverTheHostDid() {
        Verdict v = judge(900, 850, 0.4, 300);
        assertEquals(Outcome.PASS, v.outcome(), v.reason());
    }

    @Test
    void aSlowAnswerOnAQuietHostIsTheDutsFail() {
        Verdict v = judge(1400, 3, 0.4, 0);
        assertEquals(Outcome.FAIL, v.outcome(), v.reason());
        Check c = check(v, "the master's valid requests answered");
        assertEquals(Outcome.FAIL, c.outcome());
        assertEquals("≤ 1 s", c.limit(), "the plan's limit, unchanged");
    }

    @Test
    void aSlowAnswerWhileTheVerifierItselfWasHeldOffIsInconclusiveHostTooLoaded() {
        Verdict v = judge(1400, 900, 0.4, 0);
        assertEquals(Outcome.INCONCLUSIVE, v.outcome(), v.reason());
        Check c = check(v, "the master's valid requests answered");
        assertEquals(Outcome.INCONCLUSIVE, c.outcome());
        assertEquals("≤ 1 s", c.limit(), "the plan's limit, unchanged");
        assertTrue(c.measured().contains("1.400 s") && c.measured().contains("stall_ms 900.0")
                && c.measured().contains("host too loaded"), c.measured());
    }

    @Test
    void aSlowAnswerTheHostExplainsOnlyInPartStaysAFail() {
        // 2.5 s, of which 0.9 s the verifier was held off: still 1.6 s, over the 1 s limit
        Verdict v = judge(2500, 900, 0.4, 0);
        assertEquals(Outcome.FAIL, v.outcome(), v.reason());
    }

    @Test
    void aLateServiceOfTheReconnectingMasterIsJudgedTheSameWay() {
        Verdict loaded = judge(20, 0.2, 3.8, 1200);
        assertEquals(Outcome.INCONCLUSIVE, loaded.outcome(), loaded.reason());
        Check c = check(loaded, "a new connection of the master served");
        assertEquals("≤ 3 s", c.limit());
        assertTrue(c.measured().contains("host too loaded"), c.measured());
        Verdict quiet = judge(20, 0.2, 3.8, 10);
        assertEquals(Outcome.FAIL, quiet.outcome(), quiet.reason());
    }

    @Test
    void aBundleWithoutHostRecordsIsJudgedOnTheTimingAlone() {
        List<Event> e = new ArrayList<>();
        e.add(new Event(0.0, "verifier", "select-step", "3"));
        e.add(new Event(4.0, "verifier", "exhaustion-start", "sockets 64 idle 32 half-open 32 not connected 0"));
        e.add(new Event(4.5, "dut", "answered-ms", "1400.0"));
        e.add(new Event(7.0, "dut", "master-served-s", "0.400"));
        e.add(new Event(7.1, "dut", "connections-held", "30 of 64"));
        Verdict v = new Judge(PLAN, BundleJudge.REFERENCE_RESOLVER).judge(EXHAUSTION, List.of(new RawRun("r1",
                "traces/connection-exhaustion/r1.csv", "traces/connection-exhaustion/r1.events.csv", rows(), e)));
        assertEquals(Outcome.FAIL, v.outcome(), v.reason());
    }
}
