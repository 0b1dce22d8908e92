package io.github.ccrhil.water.verify.accept;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
                "2026-01-01T00:00:02.001Z", 1000, 200, 2));
        assertEquals(Outcome.FAIL, v.outcome());
        assertEquals("2001 ms", v.checks().get(0).measured());
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
        assertEquals(Outcome.PASS, WaterJudge.commands(c, new RawData.CommandRecord(answers, "otto", 0.5, 0.5, 0.5, 0.5, 0.5, audit)).outcome());
        Map<String, Integer> viewerObeyed = new LinkedHashMap<>(answers);
        viewerObeyed.put(RawData.CommandStep.VIEWER_COMMAND.name(), 202);
        Verdict v = WaterJudge.commands(c, new RawData.CommandRecord(viewerObeyed, "otto", 0.5, 0.5, 0.5, 0.5, 0.5, audit));
        assertEquals(Outcome.FAIL, v.outcome());
        assertEquals("1 commands", v.checks().get(0).measured());
        Verdict unaudited = WaterJudge.commands(c, new RawData.CommandRecord(answers, "otto", 0.5, 0.5, 0.5, 0.5, 0.5, audit.subList(1, 4)));
        assertEquals(Outcome.FAIL, unaudited.outcome());
        Verdict executedUnconfirmed = WaterJudge.commands(c, new RawData.CommandRecord(answers, "otto", 0.5, 0.7, 0.7, 0.5, 0.5, audit));
        assertEquals(Outcome.FAIL, executedUnconfirmed.outcome());
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
}
