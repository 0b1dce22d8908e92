package io.github.ccrhil.water.scada.historian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.water.scada.JournalEvent;
import io.github.ccrhil.water.scada.Quality;
import io.github.ccrhil.water.scada.Sample;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every historian store must do; run against H2 and PostgreSQL. */
abstract class HistorianContract {
    @TempDir
    Path dir;

    /** A historian; tags of this test are prefixed with {@link #prefix()} to keep runs apart. */
    abstract Historian historian() throws Exception;

    abstract String prefix();

    @Test
    void samplesAreQueryableByTagAndHalfOpenTimeRangeInTimeOrder() throws Exception {
        try (Historian h = historian()) {
            for (int c = 4; c >= 0; c--) {
                h.insert(Samples.cycle(prefix(), 3, c));
            }
            List<Sample> got = h.query(prefix() + ".P1", Samples.T0.plusSeconds(1), Samples.T0.plusSeconds(4));
            assertEquals(List.of(Samples.cycle(prefix(), 3, 1).get(1), Samples.cycle(prefix(), 3, 2).get(1),
                    Samples.cycle(prefix(), 3, 3).get(1)), got);
            assertEquals(Quality.COMM_FAIL, got.get(2).quality(), "quality flag kept");
            assertThrows(IllegalArgumentException.class,
                    () -> h.query(prefix() + ".P1", Samples.T0.plusSeconds(4), Samples.T0));
        }
    }

    @Test
    void storingASampleTwiceKeepsOneAndNaNSurvives() throws Exception {
        try (Historian h = historian()) {
            h.insert(Samples.cycle(prefix(), 2, 0));
            h.insert(Samples.cycle(prefix(), 2, 0));
            h.insert(List.of(new Sample(prefix() + ".NEVER", Samples.T0, Double.NaN, Quality.COMM_FAIL)));
            assertEquals(1, h.count(prefix() + ".P0"));
            assertTrue(Double.isNaN(h.query(prefix() + ".NEVER", Samples.T0, Samples.T0.plusSeconds(1)).get(0).value()));
        }
    }

    @Test
    void storeAndForwardLosesNothingWhileTheDatabaseIsDownAndDuplicatesNothing() throws Exception {
        FaultableHistorian flaky = new FaultableHistorian(historian());
        try (SpoolingHistorian spool = new SpoolingHistorian(dir.resolve("spool"), flaky, Duration.ofMillis(20), true)) {
            spool.accept(Samples.cycle(prefix(), 10, 0));
            assertTrue(spool.flush(Duration.ofSeconds(10)));
            flaky.setDown(true);
            for (int c = 1; c <= 20; c++) {
                spool.accept(Samples.cycle(prefix(), 10, c));
            }
            Thread.sleep(100);
            assertTrue(spool.backlogBytes() > 0, "held in the spool while the database is down");
            assertFalse(spool.lastError().isEmpty());
            flaky.setDown(false);
            assertTrue(spool.flush(Duration.ofSeconds(10)), "forwarded once the database is back");
            for (int i = 0; i < 10; i++) {
                assertEquals(21, flaky.count(prefix() + ".P" + i), "every cycle of tag P" + i + " stored once");
            }
        } finally {
            flaky.close();
        }
    }

    @Test
    void aServerRestartForwardsWhatTheStoppedServerHadSpooled() throws Exception {
        FaultableHistorian flaky = new FaultableHistorian(historian());
        flaky.setDown(true);
        SpoolingHistorian first = new SpoolingHistorian(dir.resolve("spool"), flaky, Duration.ofMillis(20), true);
        for (int c = 0; c < 30; c++) {
            first.accept(Samples.cycle(prefix(), 5, c));
        }
        first.close(); // the server stops with a backlog
        flaky.setDown(false);
        try (SpoolingHistorian second = new SpoolingHistorian(dir.resolve("spool"), flaky, Duration.ofMillis(20), true)) {
            assertTrue(second.flush(Duration.ofSeconds(10)));
            assertEquals(30, flaky.count(prefix() + ".P4"));
            assertEquals(30, flaky.query(prefix() + ".P0", Samples.T0, Samples.T0.plusSeconds(30)).size());
        } finally {
            flaky.close();
        }
    }

    @Test
    void batchesInsertedButNeverSyncedAreReplayedAtTheNextStartAndEachSampleIsStoredOnce() throws Exception {
        FaultableHistorian flaky = new FaultableHistorian(historian());
        Path spoolDir = dir.resolve("spool");
        SpoolingHistorian first = new SpoolingHistorian(spoolDir, flaky, Duration.ofMillis(20), true, Duration.ofHours(1),
                Long.MAX_VALUE);
        for (int c = 0; c < 20; c++) {
            first.accept(Samples.cycle(prefix(), 10, c));
        }
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (first.forwardedSamples() < 200 && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        assertEquals(200, first.forwardedSamples(), "all inserted (committed), none synced");
        flaky.setDown(true); // the server dies before its next sync: the last sync at close fails
        first.close();
        flaky.setDown(false);
        try (SpoolingHistorian second = new SpoolingHistorian(spoolDir, flaky, Duration.ofMillis(20), true)) {
            assertTrue(second.flush(Duration.ofSeconds(20)), second.lastError());
            assertEquals(200, second.forwardedSamples(), "everything after the last sync was replayed");
            for (int i = 0; i < 10; i++) {
                assertEquals(20, flaky.count(prefix() + ".P" + i), "every cycle of tag P" + i + " stored once");
            }
            List<Sample> expected = new java.util.ArrayList<>();
            for (int c = 0; c < 20; c++) {
                expected.add(Samples.cycle(prefix(), 10, c).get(4));
            }
            assertEquals(expected, flaky.query(prefix() + ".P4", Samples.T0, Samples.T0.plusSeconds(20)));
        } finally {
            flaky.close();
        }
    }

    @Test
    void journalEventsAreStoredOncePerServerRunAndSequence() throws Exception {
        try (Historian h = historian()) {
            JournalEvent e = new JournalEvent(1, Samples.T0, "COMMAND", prefix(), "op1", "CL.SP 0.5 -> 0.6");
            h.appendEvent(prefix() + "-A", "run1", 1, e);
            h.appendEvent(prefix() + "-A", "run1", 1, e); // a retry
            h.appendEvent(prefix() + "-A", "run2", 2, e); // the same seq in the next run is another event
            long mine = h.events(Samples.T0, Samples.T0.plusSeconds(1)).stream()
                    .filter(x -> x.source().equals(prefix())).count();
            assertEquals(2, mine);
        }
    }
}
