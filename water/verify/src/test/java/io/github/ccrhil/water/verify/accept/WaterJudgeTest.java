package io.github.ccrhil.water.verify.accept;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.evidence.Outcome;
import io.github.ccrhil.evidence.Verdict;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each check judged from raw records whose answer is known, against the suite's plan at a 250 ms scan period. */
class WaterJudgeTest {

    static final WaterPlan PLAN = WaterPlan.of(new AcceptanceSuite.Options(java.time.Duration.ofMillis(250), 3, 100, 4, Path.of("w"), null));

    static CheckSpec spec(String id) {
        return PLAN.check(id);
    }

    @Test
    void anAlarmAnnunciatedAfterTwoScanPeriodsFailsAndOneNeverAnnunciatedFailsSayingSo() {
        Verdict ok = WaterJudge.alarm(spec(WaterPlan.ALARM_LATENCY), new RawData.AlarmRecord("CL_OVERDOSE", "forced",
                "2026-01-01T00:00:00Z", "2026-01-01T00:00:00.300Z", 40));
        assertEquals(Outcome.PASS, ok.outcome(), ok.reason());
        assertEquals("300.0 ms", ok.checks().get(0).measured());
        Verdict late = WaterJudge.alarm(spec(WaterPlan.ALARM_LATENCY), new RawData.AlarmRecord("CL_OVERDOSE", "forced",
                "2026-01-01T00:00:00Z", "2026-01-01T00:00:00.501Z", 40));
        assertEquals(Outcome.FAIL, late.outcome());
        Verdict never = WaterJudge.alarm(spec(WaterPlan.ALARM_LATENCY), new RawData.AlarmRecord("CL_OVERDOSE", "forced",
                "2026-01-01T00:00:00Z", null, Double.NaN));
        assertEquals(Outcome.FAIL, never.outcome());
        assertTrue(never.reason().contains("never annunciated"), never.reason());
    }

    @Test
    void aFailoverSlowerThanTwoSecondsFails() {
        Verdict v = WaterJudge.failover(spec(WaterPlan.FAILOVER_TIME), new RawData.FailoverRecord("2026-01-01T00:00:00Z",
                "2026-01-01T00:00:02.001Z", 1000, 200, 2, List.of(), java.util.Map.of()));
        assertEquals(Outcome.FAIL, v.outcome());
        assertEquals("2001 ms", v.checks().get(0).measured());
    }

    /** A host file of three samples 200 ms apart: other processes' CPU share, the sampler's stall and the GC time as given. */
    static void host(Path bundle, String checkId, double machineCpu, double stallMs, long gcMsAtEnd) throws java.io.IOException {
        String rows = RawData.HOST_HEADER + "\n"
                + "2026-01-01T00:00:00Z,0.50,2,0.300,0.250,1.0,10,40,0,0\n"
                + "2026-01-01T00:00:00.200Z,0.50,2," + machineCpu + ",0.250," + stallMs + ",11,45,0,0\n"
                + "2026-01-01T00:00:00.400Z,0.50,2,0.300,0.250,2.0,12," + gcMsAtEnd + ",0,1\n";
        RawData.writeCsv(bundle, RawData.hostFile(checkId), rows);
    }

    @Test
    void aTimingMissedOnAnOverloadedHostIsInconclusiveNamingTheHostAndOnAQuietHostItFails(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        CheckSpec c = spec(WaterPlan.FAILOVER_TIME);
        Verdict slow = WaterJudge.failover(c, new RawData.FailoverRecord("2026-01-01T00:00:00Z", "2026-01-01T00:00:02.500Z", 1000, 200, 2,
                List.of(), Map.of()));
        Verdict fast = WaterJudge.failover(c, new RawData.FailoverRecord("2026-01-01T00:00:00Z", "2026-01-01T00:00:01.200Z", 1000, 200, 2,
                List.of(), Map.of()));

        Path busy = dir.resolve("busy");
        host(busy, WaterPlan.FAILOVER_TIME, 0.95, 640, 60); // a CPU hog beside the suite: other processes 70 % of the machine
        Verdict v = WaterJudge.onHost(busy, c, slow);
        assertEquals(Outcome.INCONCLUSIVE, v.outcome(), v.reason());
        assertTrue(v.reason().startsWith("host overloaded during this check: CPU taken by other processes (largest in one sample) "
                + "0.700 of the machine (limit ≤ 0.250 of the machine); longest stall of the host sampler 640.0 ms (limit ≤ 100.0 ms)"),
                v.reason());
        assertTrue(v.reason().contains("2500 ms (limit ≤ 2000 ms)"), "the missed timing is still reported: " + v.reason());
        assertTrue(v.checks().stream().noneMatch(k -> k.outcome() == Outcome.FAIL), v.checks().toString());
        // a timing met on a busy host is met
        assertEquals(Outcome.PASS, WaterJudge.onHost(busy, c, fast).outcome());

        Path quiet = dir.resolve("quiet");
        host(quiet, WaterPlan.FAILOVER_TIME, 0.30, 3, 45);
        Verdict f = WaterJudge.onHost(quiet, c, slow);
        assertEquals(Outcome.FAIL, f.outcome(), f.reason());
        assertTrue(f.reason().contains("other processes took up to 0.050 of the CPUs, longest stall 3.0 ms, GC 5 ms in 2 collections"),
                f.reason());

        Path gc = dir.resolve("gc");
        host(gc, WaterPlan.FAILOVER_TIME, 0.30, 3, 900); // an 860 ms collection in the window
        Verdict g = WaterJudge.onHost(gc, c, slow);
        assertEquals(Outcome.INCONCLUSIVE, g.outcome(), g.reason());
        assertTrue(g.reason().contains("garbage collection (2 collections) 860 ms (limit ≤ 200 ms)"), g.reason());

        Verdict none = WaterJudge.onHost(dir.resolve("none"), c, fast);
        assertEquals(Outcome.INCONCLUSIVE, none.outcome(), "a host file named by the plan but missing: " + none.reason());
        assertTrue(none.reason().contains(RawData.hostFile(WaterPlan.FAILOVER_TIME) + " is missing"), none.reason());
    }

    @Test
    void aScanThatOverranOrStalledFails() {
        List<String> starts = List.of("2026-01-01T00:00:00Z", "2026-01-01T00:00:00.250Z", "2026-01-01T00:00:00.500Z",
                "2026-01-01T00:00:00.750Z");
        assertEquals(Outcome.PASS, WaterJudge.scan(spec(WaterPlan.SCAN_PERIOD_UNDER_LOAD),
                new RawData.ScanRecord(8, 400, 250, starts, 120, 0, 400)).outcome());
        assertEquals(Outcome.FAIL, WaterJudge.scan(spec(WaterPlan.SCAN_PERIOD_UNDER_LOAD),
                new RawData.ScanRecord(8, 400, 250, starts, 120, 1, 400)).outcome());
        List<String> stalled = List.of("2026-01-01T00:00:00Z", "2026-01-01T00:00:00.250Z", "2026-01-01T00:00:00.900Z",
                "2026-01-01T00:00:01.150Z");
        Verdict v = WaterJudge.scan(spec(WaterPlan.SCAN_PERIOD_UNDER_LOAD), new RawData.ScanRecord(8, 400, 250, stalled, 120, 0, 400));
        assertEquals(Outcome.FAIL, v.outcome());
        assertTrue(v.reason().contains("longest interval between scan cycles 650 ms (limit ≤ 375 ms)"), v.reason());
    }

    /**
     * The scan cycles' starts read from wherever the run put them: streamed a line each beside the
     * check's record (this build), or inside the record (a bundle from before): the same verdict,
     * each naming the files it was judged from; a line torn by a kill is named.
     */
    @Test
    void theScanCyclesAreJudgedStreamedOrFromARecordOfBeforeEachVerdictNamingItsFiles(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        CheckSpec c = spec(WaterPlan.SCAN_PERIOD_UNDER_LOAD);
        List<String> stalled = List.of("2026-01-01T00:00:00Z", "2026-01-01T00:00:00.250Z", "2026-01-01T00:00:00.900Z",
                "2026-01-01T00:00:01.150Z");
        Path before = dir.resolve("before");
        RawData.writeJson(before, RawData.SCAN, new RawData.ScanRecord(8, 400, 250, stalled, 120, 0, 400));
        Path streamed = dir.resolve("streamed");
        RawData.writeJson(streamed, RawData.SCAN, new RawData.ScanRecord(8, 400, 250, null, 120, 0, 400));
        StringBuilder lines = new StringBuilder();
        for (String t : stalled) {
            lines.append('"').append(t).append("\"\n");
        }
        RawData.writeCsv(streamed, RawData.SCAN_STARTS, lines.toString());
        host(before, WaterPlan.SCAN_PERIOD_UNDER_LOAD, 0.30, 2, 40); // a quiet host: the stall is the scanner's
        host(streamed, WaterPlan.SCAN_PERIOD_UNDER_LOAD, 0.30, 2, 40);
        Verdict old = WaterJudge.judge(before, c);
        Verdict now = WaterJudge.judge(streamed, c);
        assertEquals(Outcome.FAIL, old.outcome(), old.reason());
        assertEquals(old.outcome(), now.outcome());
        assertEquals(old.reason(), now.reason());
        assertFalse(old.files().contains(RawData.SCAN_STARTS), "a bundle from before names no streamed file: " + old.files());
        assertTrue(now.files().contains(RawData.SCAN_STARTS), now.files().toString());
        RawData.writeCsv(streamed, RawData.SCAN_STARTS, lines.append("\"2026-01-01T00:00:0").toString());
        Verdict torn = WaterJudge.judge(streamed, c);
        assertEquals(Outcome.INCONCLUSIVE, torn.outcome(), torn.reason());
        assertTrue(torn.reason().contains(RawData.SCAN_STARTS + " line 5"), torn.reason());
    }

    @Test
    void aCommandRunWithOneWrongAnswerOrAGapInTheAuditTrailFails() {
        Map<String, Integer> answers = new LinkedHashMap<>();
        for (RawData.CommandStep s : RawData.CommandStep.values()) {
            answers.put(s.name(), s.expected);
        }
        List<RawData.AuditEvent> audit = List.of(
                new RawData.AuditEvent(1, "t", "COMMAND_REFUSED", "api", "vera", "x"),
                new RawData.AuditEvent(2, "t", "COMMAND_REFUSED", "api", "otto", "x"),
                new RawData.AuditEvent(3, "t", "COMMAND_REFUSED", "api", "otto", "x"),
                new RawData.AuditEvent(4, "t", "COMMAND_EXECUTED", "api", "otto", "trip_reset"));
        CheckSpec c = spec(WaterPlan.COMMAND_AUTHORITY);
        assertEquals(Outcome.PASS, WaterJudge.commands(c, new RawData.CommandRecord(answers, "otto", 0.5, 0.5, 0.5, 0.5, 0.5, audit, ONE_WRITE)).outcome());
        Map<String, Integer> viewerObeyed = new LinkedHashMap<>(answers);
        viewerObeyed.put(RawData.CommandStep.VIEWER_COMMAND.name(), 202);
        Verdict v = WaterJudge.commands(c, new RawData.CommandRecord(viewerObeyed, "otto", 0.5, 0.5, 0.5, 0.5, 0.5, audit, ONE_WRITE));
        assertEquals(Outcome.FAIL, v.outcome());
        assertEquals("1 commands", v.checks().get(0).measured());
        Verdict unaudited = WaterJudge.commands(c, new RawData.CommandRecord(answers, "otto", 0.5, 0.5, 0.5, 0.5, 0.5, audit.subList(1, 4), ONE_WRITE));
        assertEquals(Outcome.FAIL, unaudited.outcome());
        Verdict executedUnconfirmed = WaterJudge.commands(c, new RawData.CommandRecord(answers, "otto", 0.5, 0.7, 0.7, 0.5, 0.5, audit, ONE_WRITE));
        assertEquals(Outcome.FAIL, executedUnconfirmed.outcome());
        // every answer right and one execution audited, but the PLC counted two writes: a command executed twice
        Verdict twice = WaterJudge.commands(c, new RawData.CommandRecord(answers, "otto", 0.5, 0.5, 0.5, 0.5, 0.5, audit,
                Map.of("CHLOR", 2L, "COAG", 0L)));
        assertEquals(Outcome.FAIL, twice.outcome(), twice.reason());
        assertTrue(twice.reason().contains("writes the PLCs accepted during the run, counted at the PLCs"), twice.reason());
        // a record from before the PLC counts were kept is judged without them
        assertEquals(Outcome.PASS, WaterJudge.commands(c, new RawData.CommandRecord(answers, "otto", 0.5, 0.5, 0.5, 0.5, 0.5, audit,
                null)).outcome());
    }

    static final Map<String, Long> ONE_WRITE = Map.of("CHLOR", 1L, "COAG", 0L);

    @Test
    void commandsAnsweredByAServerThatBecameTheStandbyOnAnOverloadedHostAreInconclusiveOnAQuietHostTheyFail(
            @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Map<String, Integer> standby = new LinkedHashMap<>();
        for (RawData.CommandStep s : RawData.CommandStep.values()) {
            standby.put(s.name(), s == RawData.CommandStep.RAW_UNSAFE_WRITE ? 3 : 503);
        }
        RawData.CommandRecord r = new RawData.CommandRecord(standby, "otto", 0.5, 0.5, 0.5, 0.5, 0.5, List.of(), Map.of("CHLOR", 0L));
        CheckSpec c = spec(WaterPlan.COMMAND_AUTHORITY);
        Path busy = dir.resolve("busy");
        RawData.writeJson(busy, RawData.COMMANDS, r);
        host(busy, WaterPlan.COMMAND_AUTHORITY, 0.95, 640, 60);
        Verdict v = WaterJudge.judge(busy, c);
        assertEquals(Outcome.INCONCLUSIVE, v.outcome(), v.reason());
        assertTrue(v.reason().startsWith("host overloaded during this check: "), v.reason());
        Path quiet = dir.resolve("quiet");
        RawData.writeJson(quiet, RawData.COMMANDS, r);
        host(quiet, WaterPlan.COMMAND_AUTHORITY, 0.30, 3, 45);
        assertEquals(Outcome.FAIL, WaterJudge.judge(quiet, c).outcome());
    }

    @Test
    void aPumpLeftRunningOrAPlcThatStoppedScanningFailsAutonomy() {
        CheckSpec c = spec(WaterPlan.PLC_AUTONOMY);
        Map<String, Long> before = Map.of("INTAKE", 10L);
        assertEquals(Outcome.PASS, WaterJudge.autonomy(c, new RawData.AutonomyRecord("f", Map.of("1", 0.0, "2", 0.0), 0.0, before,
                Map.of("INTAKE", 20L), 0)).outcome());
        assertEquals(Outcome.FAIL, WaterJudge.autonomy(c, new RawData.AutonomyRecord("f", Map.of("1", 1.0, "2", 0.0), 0.0, before,
                Map.of("INTAKE", 20L), 0)).outcome());
        assertEquals(Outcome.FAIL, WaterJudge.autonomy(c, new RawData.AutonomyRecord("f", Map.of("1", 0.0), 0.0, before,
                Map.of("INTAKE", 11L), 0)).outcome());
    }

    @Test
    void aSampleMissingFromTheHistorianOrNoFlaggedSampleFails() {
        CheckSpec c = spec(WaterPlan.HISTORIAN_COMPLETENESS);
        RawData.HistorianRecord r = new RawData.HistorianRecord("2026-01-01T00:00:00Z", "2026-01-01T00:00:10Z", "CHLOR",
                List.of("CHLOR.A", "INTAKE.B"), List.of("2026-01-01T00:00:01Z", "2026-01-01T00:00:02Z"), Map.of());
        List<RawData.StoredSample> all = List.of(
                new RawData.StoredSample("CHLOR.A", "2026-01-01T00:00:01Z", 0.5, "GOOD"),
                new RawData.StoredSample("CHLOR.A", "2026-01-01T00:00:02Z", 0.5, "STALE"),
                new RawData.StoredSample("INTAKE.B", "2026-01-01T00:00:01Z", 1, "GOOD"),
                new RawData.StoredSample("INTAKE.B", "2026-01-01T00:00:02Z", 1, "GOOD"));
        assertEquals(Outcome.PASS, WaterJudge.historian(c, r, all).outcome());
        Verdict lost = WaterJudge.historian(c, r, all.subList(0, 3));
        assertEquals(Outcome.FAIL, lost.outcome());
        assertTrue(lost.reason().contains("INTAKE.B@2026-01-01T00:00:02Z"), lost.reason());
        List<RawData.StoredSample> unflagged = List.of(all.get(0), new RawData.StoredSample("CHLOR.A", "2026-01-01T00:00:02Z", 0.5, "GOOD"),
                all.get(2), all.get(3));
        assertEquals(Outcome.FAIL, WaterJudge.historian(c, r, unflagged).outcome());
    }

    static RawData.LoginAttempt at(RawData.LoginPhase p, String from, int status, String retry, double ms) {
        return new RawData.LoginAttempt(p.name(), from, status == 429 || p == RawData.LoginPhase.GUESS ? "wrong" : "right", status, retry, ms);
    }

    @Test
    void failedLoginsRefusedAfterTheLimitPassAndAnApiThatNeverRefusesFails() {
        CheckSpec c = spec(WaterPlan.LOGIN_RATE_LIMIT);
        List<RawData.LoginAttempt> good = new java.util.ArrayList<>();
        for (int i = 0; i < WaterPlan.LOGIN_FAILURES; i++) {
            good.add(at(RawData.LoginPhase.GUESS, "127.0.0.1", 401, null, i * 10));
        }
        good.add(at(RawData.LoginPhase.GUESS, "127.0.0.1", 429, "2", 60));
        good.add(at(RawData.LoginPhase.RIGHT_TOKEN_WHILE_REFUSED, "127.0.0.1", 429, "2", 70));
        good.add(at(RawData.LoginPhase.OTHER_ADDRESS, "127.0.0.2", 200, null, 80));
        good.add(at(RawData.LoginPhase.AFTER_WINDOW, "127.0.0.1", 429, "1", 1500));
        good.add(at(RawData.LoginPhase.AFTER_WINDOW, "127.0.0.1", 200, null, 2100));
        Verdict pass = WaterJudge.logins(c, new RawData.LoginRecord(WaterPlan.LOGIN_FAILURES, 2000, good));
        assertEquals(Outcome.PASS, pass.outcome(), pass.reason());

        List<RawData.LoginAttempt> none = new java.util.ArrayList<>();
        for (int i = 0; i < WaterPlan.LOGIN_FAILURES * 4; i++) {
            none.add(at(RawData.LoginPhase.GUESS, "127.0.0.1", 401, null, i));
        }
        none.add(at(RawData.LoginPhase.RIGHT_TOKEN_WHILE_REFUSED, "127.0.0.1", 200, null, 30));
        none.add(at(RawData.LoginPhase.OTHER_ADDRESS, "127.0.0.2", 200, null, 31));
        none.add(at(RawData.LoginPhase.AFTER_WINDOW, "127.0.0.1", 200, null, 32));
        Verdict fail = WaterJudge.logins(c, new RawData.LoginRecord(WaterPlan.LOGIN_FAILURES, 2000, none));
        assertEquals(Outcome.FAIL, fail.outcome());
        assertTrue(fail.reason().contains("never refused"), fail.reason());

        List<RawData.LoginAttempt> lockedOut = new java.util.ArrayList<>(good.subList(0, WaterPlan.LOGIN_FAILURES + 2));
        lockedOut.add(at(RawData.LoginPhase.OTHER_ADDRESS, "127.0.0.2", 429, "2", 80));
        lockedOut.add(at(RawData.LoginPhase.AFTER_WINDOW, "127.0.0.1", 429, "1", 9000));
        Verdict out = WaterJudge.logins(c, new RawData.LoginRecord(WaterPlan.LOGIN_FAILURES, 2000, lockedOut));
        assertEquals(Outcome.FAIL, out.outcome(), "the operator locked out from another address and after the window");
    }

    static RawData.PlantSample sample(double ms, String phase, boolean auto, double cw) {
        return new RawData.PlantSample(ms, phase, Map.of("clear well", 2.0), cw, 0.4, auto ? 1.2 : 4.0, auto, false,
                Map.of("CHLOR", (long) (ms / 100)), null);
    }

    @Test
    void aManualDoseStillAppliedLongAfterTheServerFellSilentFails() {
        CheckSpec c = spec(WaterPlan.PLC_SAFE_SERVER_FLOODED_OR_DOWN);
        List<RawData.PlantSample> back = List.of(sample(0, "MANUAL", false, 0.5), sample(100, "FLOOD", false, 0.5),
                sample(3000, "DOWN", false, 0.5), sample(5200, "DOWN", true, 0.5), sample(5300, "DOWN", true, 0.5));
        Verdict pass = WaterJudge.plcSafety(c, new RawData.PlcSafetyRecord(Map.of(), 4.0, Map.of("clear well", 4.0), 16, 500, 0, 100,
                3000, 3000, back));
        assertEquals(Outcome.PASS, pass.outcome(), pass.reason());
        List<RawData.PlantSample> never = List.of(sample(0, "MANUAL", false, 0.5), sample(100, "FLOOD", false, 0.5),
                sample(3000, "DOWN", false, 0.5), sample(23000, "DOWN", false, 0.5));
        Verdict fail = WaterJudge.plcSafety(c, new RawData.PlcSafetyRecord(Map.of(), 4.0, Map.of("clear well", 4.0), 16, 500, 0, 100,
                3000, 3000, never));
        assertEquals(Outcome.FAIL, fail.outcome());
        assertTrue(fail.reason().contains("still manual"), fail.reason());
        List<RawData.PlantSample> overflow = List.of(sample(0, "MANUAL", false, 0.5), sample(3000, "DOWN", true, 2.5));
        Verdict high = WaterJudge.plcSafety(c, new RawData.PlcSafetyRecord(Map.of(), 4.0, Map.of("clear well", 1.5), 16, 500, 0, 100,
                3000, 3000, overflow));
        assertEquals(Outcome.FAIL, high.outcome(), "a level above its tank and chlorine over 2 mg/L");
    }

    /**
     * The plant's trace read from wherever the run put it: streamed, a sample a line, beside the
     * check's record (a bundle of this build), or inside the record (a bundle from before): the same
     * verdict, each naming the files it was judged from.
     */
    @Test
    void thePlantTraceIsJudgedStreamedOrFromARecordOfBeforeEachVerdictNamingItsFiles(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        CheckSpec c = spec(WaterPlan.PLC_SAFE_SERVER_FLOODED_OR_DOWN);
        List<RawData.PlantSample> back = List.of(sample(0, "MANUAL", false, 0.5), sample(100, "FLOOD", false, 0.5),
                sample(3000, "DOWN", false, 0.5), sample(5200, "DOWN", true, 0.5), sample(5300, "DOWN", true, 0.5));
        Path before = dir.resolve("before");
        RawData.writeJson(before, RawData.PLC_SAFETY, new RawData.PlcSafetyRecord(Map.of(), 4.0, Map.of("clear well", 4.0), 16, 500, 0,
                100, 3000, 3000, back));
        Path streamed = dir.resolve("streamed");
        RawData.writeJson(streamed, RawData.PLC_SAFETY, new RawData.PlcSafetyRecord(Map.of(), 4.0, Map.of("clear well", 4.0), 16, 500, 0,
                100, 3000, 3000, null));
        StringBuilder lines = new StringBuilder();
        for (RawData.PlantSample x : back) {
            lines.append(RawData.jsonLine(x)).append('\n');
        }
        RawData.writeCsv(streamed, RawData.PLC_SAFETY_SAMPLES, lines.toString());
        Verdict old = WaterJudge.judge(before, c);
        Verdict now = WaterJudge.judge(streamed, c);
        assertEquals(Outcome.PASS, old.outcome(), old.reason());
        assertEquals(old.reason(), now.reason());
        assertEquals(List.of(RawData.PLC_SAFETY), old.files());
        assertEquals(List.of(RawData.PLC_SAFETY, RawData.PLC_SAFETY_SAMPLES), now.files());
        RawData.writeCsv(streamed, RawData.PLC_SAFETY_SAMPLES, lines.append("{\"atMs\": 53").toString());
        Verdict torn = WaterJudge.judge(streamed, c);
        assertEquals(Outcome.INCONCLUSIVE, torn.outcome());
        assertTrue(torn.reason().contains(RawData.PLC_SAFETY_SAMPLES + " line 6 is not a PlantSample"), torn.reason());
    }

    @Test
    void aPlcScanStallOnAnOverloadedHostIsInconclusiveButAManualDoseThatNeverEndsFailsWhateverTheHost(
            @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        CheckSpec c = spec(WaterPlan.PLC_SAFE_SERVER_FLOODED_OR_DOWN);
        // the chlorination PLC's scan counter stands still 2,600 ms (limit 2,000 ms); the dose ends in time
        List<RawData.PlantSample> stalled = List.of(sample(0, "MANUAL", false, 0.5), sample(100, "FLOOD", false, 0.5),
                new RawData.PlantSample(2700, "FLOOD", Map.of("clear well", 2.0), 0.5, 0.4, 4.0, false, false, Map.of("CHLOR", 1L), null),
                sample(3000, "DOWN", false, 0.5), sample(5200, "DOWN", true, 0.5), sample(5300, "DOWN", true, 0.5));
        RawData.PlcSafetyRecord stall = new RawData.PlcSafetyRecord(Map.of(), 4.0, Map.of("clear well", 4.0), 16, 500, 0, 100,
                3000, 3000, stalled);
        assertEquals(Outcome.FAIL, WaterJudge.plcSafety(c, stall).outcome(), "the stall alone, judged on the timing");
        Path busy = dir.resolve("busy");
        RawData.writeJson(busy, RawData.PLC_SAFETY, stall);
        host(busy, WaterPlan.PLC_SAFE_SERVER_FLOODED_OR_DOWN, 0.95, 640, 60);
        Verdict v = WaterJudge.judge(busy, c);
        assertEquals(Outcome.INCONCLUSIVE, v.outcome(), v.reason());
        assertTrue(v.reason().startsWith("host overloaded during this check"), v.reason());
        Path quiet = dir.resolve("quiet");
        RawData.writeJson(quiet, RawData.PLC_SAFETY, stall);
        host(quiet, WaterPlan.PLC_SAFE_SERVER_FLOODED_OR_DOWN, 0.30, 2, 40);
        assertEquals(Outcome.FAIL, WaterJudge.judge(quiet, c).outcome(), "a stall on a quiet host is the PLC's");
        // a manual dose that never ends is the PLC's doing however busy the host
        List<RawData.PlantSample> never = List.of(sample(0, "MANUAL", false, 0.5), sample(100, "FLOOD", false, 0.5),
                sample(3000, "DOWN", false, 0.5), sample(23000, "DOWN", false, 0.5));
        Path busyNever = dir.resolve("busy-never");
        RawData.writeJson(busyNever, RawData.PLC_SAFETY, new RawData.PlcSafetyRecord(Map.of(), 4.0, Map.of("clear well", 4.0), 16,
                500, 0, 100, 3000, 3000, never));
        host(busyNever, WaterPlan.PLC_SAFE_SERVER_FLOODED_OR_DOWN, 0.95, 640, 60);
        assertEquals(Outcome.FAIL, WaterJudge.judge(busyNever, c).outcome());
    }
    /** A PLC-safety record of a server process frozen at {@code frozenMs}: the flood answered {@code answered} requests. */
    static RawData.PlcSafetyRecord frozenAt(double frozenMs, long answered, List<RawData.PlantSample> trace) {
        return new RawData.PlcSafetyRecord(Map.of(), 4.0, Map.of("clear well", 4.0), 16, answered, 0, 100, frozenMs - 50, frozenMs, trace,
                "pid 1: java ... WaterMain server --name scada-p", 7L, Map.of("CHLOR", 7L), frozenMs + 2300);
    }

    static Verdict judgedOn(Path dir, String name, CheckSpec c, RawData.PlcSafetyRecord r, boolean busy) throws java.io.IOException {
        Path bundle = dir.resolve(name);
        RawData.writeJson(bundle, RawData.PLC_SAFETY, r);
        if (busy) {
            host(bundle, WaterPlan.PLC_SAFE_SERVER_FLOODED_OR_DOWN, 0.95, 640, 60);
        } else {
            host(bundle, WaterPlan.PLC_SAFE_SERVER_FLOODED_OR_DOWN, 0.30, 2, 40);
        }
        return WaterJudge.judge(bundle, c);
    }

    /**
     * The verifier's own timeline is bounded by the plan: a manual dose applied 28.9 s before the
     * server was silenced (the flood took that long on a loaded host) drives the clear-well chlorine
     * to 2.003 mg/L; with the timeline over its limit on an overloaded host that is INCONCLUSIVE,
     * naming the host, and on a quiet host it FAILs. Chlorine over its limit after a dose that ran
     * to plan FAILs however busy the host; so does a manual dose that never ends.
     */
    @Test
    void aDoseThatRanLongerThanThePlanGivesItIsInconclusiveOnAnOverloadedHostAndChlorineAfterADoseToPlanFails(
            @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        CheckSpec c = spec(WaterPlan.PLC_SAFE_SERVER_FLOODED_OR_DOWN);
        assertEquals(3000.0, c.limit("schedule").value(), "the flood's 2 s and 1 s for the verifier");
        List<RawData.PlantSample> longDose = List.of(sample(0, "MANUAL", false, 1.0), sample(100, "FLOOD", false, 1.5),
                sample(29000, "FROZEN", false, 2.003), sample(31200, "FROZEN", true, 1.99), sample(31300, "DOWN", true, 1.98));
        Verdict busy = judgedOn(dir, "long-busy", c, frozenAt(29000, 40, longDose), true);
        assertEquals(Outcome.INCONCLUSIVE, busy.outcome(), busy.reason());
        assertTrue(busy.reason().startsWith("host overloaded during this check"), busy.reason());
        assertTrue(busy.reason().contains("29000 ms (limit ≤ 3000 ms)") && busy.reason().contains("2.003 mg/L"),
                "the late timeline and the chlorine are still reported: " + busy.reason());
        Verdict quiet = judgedOn(dir, "long-quiet", c, frozenAt(29000, 40, longDose), false);
        assertEquals(Outcome.FAIL, quiet.outcome(), quiet.reason());

        List<RawData.PlantSample> toPlan = List.of(sample(0, "MANUAL", false, 1.0), sample(100, "FLOOD", false, 1.5),
                sample(2200, "FROZEN", false, 2.003), sample(4400, "FROZEN", true, 1.99), sample(4500, "DOWN", true, 1.98));
        Verdict high = judgedOn(dir, "to-plan-busy", c, frozenAt(2200, 40, toPlan), true);
        assertEquals(Outcome.FAIL, high.outcome(), "chlorine over its limit after a dose that ran to plan: " + high.reason());
        assertTrue(high.reason().contains("the server process was frozen") || high.reason().contains("frozen (SIGSTOP)"), high.reason());

        List<RawData.PlantSample> fine = List.of(sample(0, "MANUAL", false, 1.0), sample(100, "FLOOD", false, 1.2),
                sample(2200, "FROZEN", false, 1.3), sample(4400, "FROZEN", true, 1.3), sample(4500, "DOWN", true, 1.3));
        Verdict pass = judgedOn(dir, "fine-busy", c, frozenAt(2200, 40, fine), true);
        assertEquals(Outcome.PASS, pass.outcome(), "a timeline met is met on a busy host: " + pass.reason());
        assertTrue(pass.reason().contains("frozen (SIGSTOP) at 2200 ms, killed (SIGKILL) at 4500 ms"), pass.reason());

        List<RawData.PlantSample> never = List.of(sample(0, "MANUAL", false, 1.0), sample(2200, "FROZEN", false, 1.3),
                sample(22300, "DOWN", false, 2.001));
        Verdict neverBusy = judgedOn(dir, "never-busy", c, frozenAt(2200, 40, never), true);
        assertEquals(Outcome.FAIL, neverBusy.outcome(), neverBusy.reason());
        assertTrue(neverBusy.reason().contains("after the server process was frozen"), neverBusy.reason());
    }

    /**
     * The flood ends by its deadline: fewer answers than clients by then, or a manual dose that ended
     * later than its limit, is a timing the host can spoil (INCONCLUSIVE when it was overloaded, FAIL
     * when quiet). A plan of before (no limit on the verifier's timeline) is judged as it was: only a
     * scan stall is the host's.
     */
    @Test
    void aFloodAnsweredLessThanOncePerClientByItsDeadlineIsJudgedWithTheHostAndAPlanOfBeforeAsItWas(
            @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        CheckSpec c = spec(WaterPlan.PLC_SAFE_SERVER_FLOODED_OR_DOWN);
        List<RawData.PlantSample> ok = List.of(sample(0, "MANUAL", false, 1.0), sample(100, "FLOOD", false, 1.2),
                sample(2200, "FROZEN", false, 1.3), sample(4400, "FROZEN", true, 1.3), sample(4500, "DOWN", true, 1.3));
        assertEquals(Outcome.INCONCLUSIVE, judgedOn(dir, "flood-busy", c, frozenAt(2200, 3, ok), true).outcome());
        assertEquals(Outcome.FAIL, judgedOn(dir, "flood-quiet", c, frozenAt(2200, 3, ok), false).outcome());
        List<RawData.PlantSample> late = List.of(sample(0, "MANUAL", false, 1.0), sample(2200, "FROZEN", false, 1.3),
                sample(6900, "FROZEN", true, 1.3), sample(7000, "DOWN", true, 1.3));
        Verdict lateBusy = judgedOn(dir, "late-busy", c, frozenAt(2200, 40, late), true);
        assertEquals(Outcome.INCONCLUSIVE, lateBusy.outcome(), lateBusy.reason());
        assertTrue(lateBusy.reason().contains("4700 ms (limit ≤ 4000 ms)"), lateBusy.reason());
        assertEquals(Outcome.FAIL, judgedOn(dir, "late-quiet", c, frozenAt(2200, 40, late), false).outcome());

        Map<String, io.github.ccrhil.evidence.Limit> before = new LinkedHashMap<>(c.limits());
        before.remove("schedule");
        CheckSpec old = new CheckSpec(c.id(), c.requirement(), c.clause(), c.procedure(), before);
        Verdict oldFlood = judgedOn(dir, "old-flood-busy", old, frozenAt(2200, 3, ok), true);
        assertEquals(Outcome.FAIL, oldFlood.outcome(), "a bundle of before re-derives as it was: " + oldFlood.reason());
        assertTrue(oldFlood.checks().stream().noneMatch(k -> k.limitName().equals(c.limit("schedule").name())), oldFlood.checks().toString());
    }
}
