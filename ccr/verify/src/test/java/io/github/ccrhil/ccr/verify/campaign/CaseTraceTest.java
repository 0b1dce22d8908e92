package io.github.ccrhil.ccr.verify.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.ccr.emulator.scenario.Scenario;
import io.github.ccrhil.ccr.emulator.trace.TraceRow;
import io.github.ccrhil.ccr.verify.accept.verdict.RawRun;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A case's raw trace reaches the disk as it is recorded: a crash loses at most 0.5 s of recorded samples. */
class CaseTraceTest {

    @TempDir
    Path dir;

    @Test
    void whatIsOnDiskWhileACaseRunsLagsTheRecordedTimeByAtMostHalfASecond() throws Exception {
        Scenario s = Campaign.scenario(new Campaign.Config(1, 5, 1, 1, List.of(CaseKind.STEP_CHANGE), 0.0, 1, 0), 0);
        List<TraceRow> rows = CaseRunner.rows(s);
        assertTrue(rows.get(rows.size() - 1).timeSeconds() > 2, "a case of seconds: " + rows.get(rows.size() - 1).timeSeconds());
        Path file = dir.resolve(CampaignBundle.TRACE_FILE);
        double worst = 0;
        try (CampaignBundle.CaseTrace t = CampaignBundle.CaseTrace.open(file, CampaignBundle.traceHeader(0, s.name()))) {
            assertTrue(KilledCampaignTest.readable(file).startsWith("# scenario: " + s.name()), "the header at once");
            for (int i = 0; i < rows.size(); i++) {
                t.accept(rows.get(i));
                if (i % 7 == 0) {
                    List<TraceRow> onDisk = RawRun.rows(KilledCampaignTest.readable(file).lines().toList());
                    double recorded = rows.get(i).timeSeconds();
                    double lost = recorded - (onDisk.isEmpty() ? rows.get(0).timeSeconds() : onDisk.get(onDisk.size() - 1).timeSeconds());
                    worst = Math.max(worst, lost);
                    assertTrue(lost <= CampaignBundle.FLUSH_EVERY_S + 1e-9, "at " + recorded + " s only up to "
                            + (recorded - lost) + " s is on disk");
                }
            }
        }
        assertEquals(rows.size(), CampaignBundle.readTrace(dir, CampaignBundle.TRACE_FILE).size(), "closed, the whole trace");
        assertTrue(worst > 0.2, "the check can fail: up to " + worst + " s were only in memory at some moment");
    }
}
