package io.github.ccrhil.ccr.verify.accept.procedure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.ccr.emulator.scenario.Scenario;
import io.github.ccrhil.ccr.emulator.trace.TraceRow;
import io.github.ccrhil.ccr.verify.accept.verdict.RawRun;
import io.github.ccrhil.ccr.verify.campaign.Campaign;
import io.github.ccrhil.ccr.verify.campaign.CaseKind;
import io.github.ccrhil.ccr.verify.campaign.CaseRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An acceptance run's raw trace reaches the disk as it is recorded: the header at once, then at
 * least every 0.5 s of recorded time, so a run killed at any moment loses at most 0.5 s of
 * recorded samples; the events file has its header at once and every event as it happens.
 */
class RunRecorderTest {

    @TempDir
    Path dir;

    @Test
    void whatIsOnDiskWhileATestRunsLagsTheRecordedTimeByAtMostHalfASecond() throws Exception {
        Scenario s = Campaign.scenario(new Campaign.Config(1, 5, 1, 1, List.of(CaseKind.STEP_CHANGE), 0.0, 1, 0), 0);
        List<TraceRow> rows = CaseRunner.rows(s);
        assertTrue(rows.get(rows.size() - 1).timeSeconds() > 2, "a run of seconds: " + rows.get(rows.size() - 1).timeSeconds());
        Path trace = dir.resolve("run.csv");
        Path events = dir.resolve("run" + RunRecorder.EVENTS_SUFFIX);
        double worst = 0;
        try (RunRecorder r = RunRecorder.open(dir, "run", Map.of("test", "step-change"))) {
            assertTrue(Files.readString(trace).startsWith("# test: step-change\n"), "the trace's header at once");
            assertEquals(RunRecorder.EVENTS_HEADER + "\n", Files.readString(events), "the events' header at once");
            for (int i = 0; i < rows.size(); i++) {
                r.row(rows.get(i));
                if (i == rows.size() / 2) {
                    r.event(rows.get(i).timeSeconds(), "harness", "step", "3");
                    assertTrue(Files.readString(events).contains(",harness,step,3\n"), "an event is on disk as it happens");
                }
                if (i % 7 == 0) {
                    List<TraceRow> onDisk = RawRun.rows(Files.readAllLines(trace));
                    double recorded = rows.get(i).timeSeconds();
                    double lost = recorded - (onDisk.isEmpty() ? rows.get(0).timeSeconds() : onDisk.get(onDisk.size() - 1).timeSeconds());
                    worst = Math.max(worst, lost);
                    assertTrue(lost <= RunRecorder.FLUSH_SECONDS + 1e-9, "at " + recorded + " s only up to " + (recorded - lost)
                            + " s is on disk");
                }
            }
        }
        assertEquals(rows.size(), RawRun.rows(Files.readAllLines(trace)).size(), "closed, the whole trace");
        assertTrue(worst > 0.2, "the check can fail: up to " + worst + " s were only in memory at some moment");
    }
}
