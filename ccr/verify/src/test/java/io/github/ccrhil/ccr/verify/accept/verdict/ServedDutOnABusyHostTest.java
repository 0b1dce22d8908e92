package io.github.ccrhil.ccr.verify.accept.verdict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.ccr.emulator.trace.TraceRow;
import io.github.ccrhil.ccr.verify.accept.plan.PlanReader;
import io.github.ccrhil.ccr.verify.accept.plan.TestPlan;
import io.github.ccrhil.ccr.verify.accept.plan.TestSpec;
import io.github.ccrhil.ccr.verify.accept.procedure.Procedures;
import io.github.ccrhil.ccr.verify.accept.verdict.RawRun.Event;
import io.github.ccrhil.evidence.Check;
import io.github.ccrhil.evidence.Outcome;
import io.github.ccrhil.evidence.Verdict;
import io.github.ccrhil.evidence.host.HostLoad;
import io.github.ccrhil.evidence.host.HostMonitor;
import io.github.ccrhil.evidence.yaml.ConfigException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, "verdicts only on conditions that were observed", for a DUT in wall-clock time: a CCR
 * served on the verifier's own host shares its CPUs, so a timing it missed while that host was
 * overloaded (load, other processes' CPU, stalls, GC past the plan's host limits) is the host's
 * doing and INCONCLUSIVE, naming the host's figures; a timing met is met; on a quiet host the miss
 * FAILs. A real CCR on its own hardware FAILs whatever the verifier's host did. A settling not
 * reached by the end of a window shorter than its limit is INCONCLUSIVE, never a FAIL.
 */
class ServedDutOnABusyHostTest {

    private static final TestPlan DEFAULT = PlanReader.defaultPlan();
    private static final TestPlan SERVED = DEFAULT.withDut(new TestPlan.DutSpec("tcp:127.0.0.1:15020", "reference-ccr"));
    private static final TestPlan OWN = DEFAULT.withDut(new TestPlan.DutSpec("tcp:192.0.2.10:502", "reference-ccr"));
    private static final TestSpec STEP_CHANGE = DEFAULT.tests().stream().filter(t -> t.id().equals("step-change")).findFirst()
            .orElseThrow();

    /** Step 0→1 at t = 0, 1→5 at t = 3 s, read every 100 ms to t = 6 s; step 5 reached at 4.9 s when {@code late}. */
    private static RawRun stepChange(boolean late) {
        List<TraceRow> rows = new ArrayList<>();
        for (int i = 1; i <= 60; i++) {
            double t = i * 0.1;
            int step = t <= 3.0 + 1e-9 ? 1 : 5;
            double amps = step == 1 ? 2.8 : (late && t < 4.9 ? 6.0 : 6.6);
            rows.add(new TraceRow(t, "REGULATING", step, amps, 0, 0, amps, 100, 100, 1, 90, amps, amps * 1.41, 100, 0, 0,
                    Double.POSITIVE_INFINITY, 0));
        }
        return new RawRun("r1", "traces/step-change/r1.csv", "traces/step-change/r1.events.csv", rows,
                List.of(new Event(0.0, "verifier", "select-step", "1"), new Event(3.0, "verifier", "select-step", "5")));
    }

    /** Three host samples 200 ms apart: the load average and the machine's CPU use as given, the verifier's own 0.05. */
    private static Judge.RunHost host(double loadAverage, double machineCpu, double stallMs) throws Exception {
        String header = HostMonitor.header(List.of());
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            rows.add(("2026-12-04T23:00:0" + i + "Z," + loadAverage + ",2," + machineCpu + ",0.050," + (i == 1 ? stallMs : 1.0)
                    + "," + (10 + i) + "," + (40 + i)).split(",", -1));
        }
        String file = "traces/step-change/r1" + Procedures.HOST_SUFFIX;
        return new Judge.RunHost("r1", file, HostLoad.of(file, header, rows), null);
    }

    private static Verdict judge(TestPlan plan, RawRun run, Judge.RunHost h) {
        return new Judge(plan, BundleJudge.REFERENCE_RESOLVER).judge(STEP_CHANGE, List.of(run), List.of(h));
    }

    @Test
    void aTimingMissedByADutServedOnAnOverloadedVerifierHostIsInconclusiveNamingTheHost() throws Exception {
        Judge.RunHost busy = host(50.0, 1.0, 640); // load 25 per CPU, other processes 95 % of the machine
        Verdict v = judge(SERVED, stepChange(true), busy);
        assertEquals(Outcome.INCONCLUSIVE, v.outcome(), v.reason());
        assertTrue(v.reason().startsWith("host overloaded during this check: CPU taken by other processes (largest in one sample) "
                + "0.950 of the machine (limit ≤ 0.250 of the machine)"), v.reason());
        assertTrue(v.reason().contains("step 1→5: settling into the band 1.800 s (limit ≤ 1 s)"), "the missed timing is named: "
                + v.reason());
        assertTrue(v.reason().contains("load average up to 25.00 per CPU"), v.reason());
        assertTrue(v.checks().stream().noneMatch(c -> c.outcome() == Outcome.FAIL), v.checks().toString());
        assertTrue(v.files().contains(busy.file()), "the host file is raw data of the verdict: " + v.files());
        // a timing met on a busy host is met
        assertEquals(Outcome.PASS, judge(SERVED, stepChange(false), busy).outcome());
    }

    @Test
    void onAQuietHostTheMissFailsWithTheHostsFiguresBesideIt() throws Exception {
        Verdict v = judge(SERVED, stepChange(true), host(0.6, 0.20, 3));
        assertEquals(Outcome.FAIL, v.outcome(), v.reason());
        assertTrue(v.reason().contains("Host during the run (traces/step-change/r1.host.csv, 3 samples): other processes took up to "
                + "0.150 of the CPUs"), v.reason());
        assertTrue(v.checks().stream().filter(c -> c.run().endsWith(".host.csv")).allMatch(c -> c.outcome() == Outcome.PASS),
                v.checks().toString());
    }

    @Test
    void aRealDutOnItsOwnHardwareFailsWhateverTheVerifiersHostDid() throws Exception {
        Verdict v = judge(OWN, stepChange(true), host(50.0, 1.0, 640));
        assertEquals(Outcome.FAIL, v.outcome(), "the verifier kept pace (no sampling gap), so its host did not touch the measurement: "
                + v.reason());
        assertFalse(v.reason().contains("host overloaded"), v.reason());
    }

    @Test
    void whereTheDutRunsIsReadFromItsAddress() {
        assertTrue(new TestPlan.DutSpec("tcp:127.0.0.1:5020", "x").sharesVerifierHost());
        assertTrue(new TestPlan.DutSpec("tcp:localhost:5020", "x").sharesVerifierHost());
        assertTrue(new TestPlan.DutSpec("tcp:[::1]:5020", "x").sharesVerifierHost());
        assertTrue(new TestPlan.DutSpec("rtu:/dev/pts/7", "x").sharesVerifierHost(), "a pty's other end is a process here");
        assertFalse(new TestPlan.DutSpec("rtu:/dev/ttyUSB0", "x").sharesVerifierHost());
        assertFalse(new TestPlan.DutSpec("tcp:10.1.2.3:502", "x").sharesVerifierHost());
        assertFalse(new TestPlan.DutSpec("emulated", "x").sharesVerifierHost(), "simulated time shares nothing");
    }

    @Test
    void thePlanSetsTheHostLimitsWithTheirProvenance() throws ConfigException {
        assertEquals(0.25, DEFAULT.hostLimits().otherCpu().value());
        assertTrue(DEFAULT.hostLimits().load().provenance().isDefault());
        String text = PlanReader.defaultPlanText().replace("timing:\n", "timing:\n  host-load: { name: load per CPU, value: 40, "
                + "unit: runnable per CPU, default: a test of this very rule }\n  host-other-cpu: { value: 1, unit: of the machine, "
                + "default: a test }\n  host-stall: { value: 10000, unit: ms, default: a test }\n");
        TestPlan lenient = PlanReader.read("lenient.yaml", text).withDut(SERVED.dut());
        assertEquals(40, lenient.hostLimits().load().value());
        Verdict v = new Judge(lenient, BundleJudge.REFERENCE_RESOLVER).judge(STEP_CHANGE, List.of(stepChange(true)),
                List.of(hostUnchecked(50.0, 1.0, 640)));
        assertEquals(Outcome.FAIL, v.outcome(), "load 25 per CPU is within a limit of 40: " + v.reason());
    }

    private static Judge.RunHost hostUnchecked(double la, double cpu, double stall) {
        try {
            return host(la, cpu, stall);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theHostFileIsReadBackFromTheBundleAndAnUnreadableOneIsNamed(@TempDir Path bundle) throws Exception {
        Path dir = Files.createDirectories(bundle.resolve("traces/step-change"));
        Files.writeString(dir.resolve("r1" + Procedures.HOST_SUFFIX), HostMonitor.header(List.of()) + "\n"
                + "2026-12-04T23:00:00Z,50.00,2,1.000,0.050,1.0,10,40\n2026-12-04T23:00:00.200Z,50.00,2,1.000,0.050,640.0,11,41\n",
                StandardCharsets.UTF_8);
        List<Judge.RunHost> read = BundleJudge.hosts(bundle, "traces/step-change", List.of(stepChange(true)));
        assertEquals(1, read.size());
        assertNull(read.get(0).unreadable());
        assertEquals(640.0, read.get(0).load().maxStallMs());
        Files.writeString(dir.resolve("r1" + Procedures.HOST_SUFFIX), "time,load\n1,2\n", StandardCharsets.UTF_8);
        Judge.RunHost bad = BundleJudge.hosts(bundle, "traces/step-change", List.of(stepChange(true))).get(0);
        assertNotNull(bad.unreadable());
        Verdict v = judge(SERVED, stepChange(false), bad);
        assertEquals(Outcome.INCONCLUSIVE, v.outcome(), v.reason());
        assertTrue(v.reason().contains("r1.host.csv") || v.checks().stream().anyMatch(c -> c.measured().contains("r1.host.csv")),
                v.checks().toString());
    }

    @Test
    void notSettledWhenAWindowShorterThanTheLimitEndedIsInconclusive() {
        Check shortWindow = Judge.settledWithin("r1", "back at step 5", STEP_CHANGE.limit("settling"), Double.POSITIVE_INFINITY, 1.0,
                1.6);
        assertEquals(Outcome.INCONCLUSIVE, shortWindow.outcome());
        assertEquals("not settled when the window ended 0.600 s after, before the limit", shortWindow.measured());
        Check longWindow = Judge.settledWithin("r1", "back at step 5", STEP_CHANGE.limit("settling"), Double.POSITIVE_INFINITY, 1.0,
                3.0);
        assertEquals(Outcome.FAIL, longWindow.outcome(), "a window longer than the limit that ends unsettled is a miss");
    }
}
