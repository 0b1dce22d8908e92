package io.github.ccrhil.evidence.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run's raw samples reach the disk while it records them: read back after every sample (what a
 * kill -9 at that moment would leave), the file never lacks more than 0.5 s of recorded time.
 */
class SampleFileTest {

    @TempDir
    Path dir;

    @Test
    void onDiskTheFileLagsTheRecordedTimeByAtMostHalfASecond() throws Exception {
        Path file = dir.resolve("traces/t.csv");
        try (SampleFile f = SampleFile.create(file, "t_ms,value", SampleFile.FLUSH_EVERY)) {
            assertEquals(List.of("t_ms,value"), Files.readAllLines(file), "the header is on disk at once");
            double worstLagMs = 0;
            for (int ms = 0; ms <= 5000; ms += 30) {
                f.add(Duration.ofMillis(ms), ms + "," + (ms % 7));
                List<String> onDisk = Files.readAllLines(file, StandardCharsets.UTF_8);
                assertTrue(onDisk.size() >= 2, "the first sample is flushed at once");
                int last = Integer.parseInt(onDisk.get(onDisk.size() - 1).split(",")[0]);
                worstLagMs = Math.max(worstLagMs, ms - last);
                assertTrue(ms - last < SampleFile.FLUSH_EVERY.toMillis(), "at " + ms + " ms recorded the disk holds up to " + last + " ms");
            }
            assertTrue(worstLagMs >= 400, "samples are batched, not flushed one by one (worst lag " + worstLagMs + " ms)");
            f.flush();
            List<String> all = Files.readAllLines(file);
            assertEquals("4980,3", all.get(all.size() - 1), "the check's end flushes the rest");
        }
    }

    @Test
    void aFlushIntervalAboveHalfASecondOrASampleOfTwoLinesIsRefused() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> SampleFile.create(dir.resolve("a"), null, Duration.ofSeconds(1)));
        try (SampleFile f = SampleFile.create(dir.resolve("b"), null, Duration.ZERO)) {
            assertThrows(IllegalArgumentException.class, () -> f.add(Duration.ZERO, "one\ntwo"));
            f.add(Duration.ZERO, "one");
            assertEquals(List.of("one"), Files.readAllLines(dir.resolve("b")), "with interval zero every sample is flushed");
        }
    }
}
