package io.github.ccrhil.evidence.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A check's host file streamed while the check runs: on disk as the host is sampled (a kill inside
 * the check leaves it), and, once closed, the same rows the monitor gives for that window.
 */
class HostMonitorRecordingTest {

    @TempDir
    Path dir;

    @Test
    void theHostFileIsOnDiskAsTheRowsAreSampledAndHoldsTheWindowsRows() throws Exception {
        AtomicLong counter = new AtomicLong();
        try (HostMonitor m = new HostMonitor(Map.of("things", counter::incrementAndGet))) {
            waitForLines(m, 2); // a row before the window, so that counters have a base
            Instant from = Instant.now();
            Path file = dir.resolve("traces/host_check.csv");
            HostMonitor.Recording rec = m.record(file, from);
            assertEquals(m.header(), Files.readAllLines(file).get(0), "the header is on disk at once");
            long until = System.nanoTime() + 30_000_000_000L;
            while (Files.readAllLines(file).size() < 5 && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            List<String> whileRunning = Files.readAllLines(file);
            assertTrue(whileRunning.size() >= 5, "rows reach the disk while the check runs: " + whileRunning);
            rec.close();
            Instant to = Instant.now();
            List<String> written = Files.readAllLines(file);
            List<String> window = m.csv(from, to).lines().toList();
            assertTrue(written.size() >= whileRunning.size());
            assertTrue(window.size() >= written.size(), window + " vs " + written);
            assertEquals(window.subList(0, written.size()), written, "the streamed file holds the rows the window has, in order"
                    + " (the window may hold rows sampled after the recording ended)");
        }
    }

    private static void waitForLines(HostMonitor m, int rows) throws InterruptedException {
        long until = System.nanoTime() + 30_000_000_000L;
        while (m.csv(Instant.EPOCH, Instant.now()).lines().count() < rows + 1 && System.nanoTime() < until) {
            Thread.sleep(20);
        }
    }
}
