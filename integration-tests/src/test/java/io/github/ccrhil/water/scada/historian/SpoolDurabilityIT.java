package io.github.ccrhil.water.scada.historian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spool lets a cycle go only once the historian has synced it: checked against a store that
 * forgets, on a power loss, everything committed after its last sync.
 */
class SpoolDurabilityIT {
    static final int TAGS = 20;
    static final int CYCLES = 40;

    @TempDir
    Path dir;

    private static void waitForwarded(SpoolingHistorian spool, long samples) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (spool.forwardedSamples() < samples) {
            if (System.nanoTime() > end) {
                throw new AssertionError("forwarder inserted only " + spool.forwardedSamples() + " of " + samples);
            }
            Thread.sleep(5);
        }
    }

    @Test
    void aPowerLossAfterTheForwarderCommittedButBeforeASyncLosesNoAcknowledgedSample() throws Exception {
        PowerLossHistorian store = new PowerLossHistorian();
        Path spoolDir = dir.resolve("spool");
        // a sync interval far longer than the test: the inserts are committed and never synced
        SpoolingHistorian first = new SpoolingHistorian(spoolDir, store, Duration.ofMillis(20), true, Duration.ofHours(1),
                Long.MAX_VALUE);
        for (int c = 0; c < CYCLES; c++) {
            first.accept(Samples.cycle("S", TAGS, c)); // acknowledged when it returns
        }
        waitForwarded(first, (long) CYCLES * TAGS);
        assertEquals(CYCLES * TAGS, store.count(), "the forwarder committed every cycle");
        assertEquals(0, store.syncs(), "and never synced them");
        store.powerLoss();
        first.close(); // its last sync fails: the store is gone
        store.powerBack();
        assertEquals(0, store.count(), "the power loss took every unsynced sample");
        try (SpoolingHistorian second = new SpoolingHistorian(spoolDir, store, Duration.ofMillis(20), true)) {
            assertTrue(second.flush(Duration.ofSeconds(20)));
        }
        for (int i = 0; i < TAGS; i++) {
            assertEquals(CYCLES, store.count("S.P" + i), "every acknowledged cycle of S.P" + i + " is back");
        }
        assertEquals(Samples.cycle("S", TAGS, CYCLES - 1).get(3),
                store.query("S.P3", Samples.T0.plusSeconds(CYCLES - 1), Samples.T0.plusSeconds(CYCLES)).get(0));
    }

    @Test
    void flushReturnsOnlyWhenEverythingSpooledIsDurable() throws Exception {
        PowerLossHistorian store = new PowerLossHistorian();
        try (SpoolingHistorian spool = new SpoolingHistorian(dir.resolve("spool"), store, Duration.ofMillis(20), true,
                Duration.ofHours(1), Long.MAX_VALUE)) {
            for (int c = 0; c < CYCLES; c++) {
                spool.accept(Samples.cycle("F", TAGS, c));
            }
            assertTrue(spool.flush(Duration.ofSeconds(20)));
            assertEquals(0, spool.backlogBytes());
            store.powerLoss();
            store.powerBack();
            assertEquals((long) CYCLES * TAGS, store.count(), "a power loss right after flush loses nothing");
        }
    }

    @Test
    void theForwarderSyncsOncePerIntervalNotOncePerBatch() throws Exception {
        PowerLossHistorian store = new PowerLossHistorian();
        try (SpoolingHistorian spool = new SpoolingHistorian(dir.resolve("spool"), store, Duration.ofMillis(20), true,
                Duration.ofHours(1), Long.MAX_VALUE)) {
            for (int c = 0; c < CYCLES; c++) {
                spool.accept(Samples.cycle("I", TAGS, c));
                waitForwarded(spool, (long) (c + 1) * TAGS); // one batch per cycle
            }
            assertEquals(0, store.syncs(), CYCLES + " batches inserted within the interval, no sync yet");
            assertTrue(spool.backlogBytes() > 0, "the cycles stay in the spool until they are synced");
            assertTrue(spool.flush(Duration.ofSeconds(20)));
            assertEquals(1, store.syncs(), "one sync made all of them durable");
        }
    }

    @Test
    void aSyncIsForcedOnceEnoughSamplesWait() throws Exception {
        PowerLossHistorian store = new PowerLossHistorian();
        try (SpoolingHistorian spool = new SpoolingHistorian(dir.resolve("spool"), store, Duration.ofMillis(20), true,
                Duration.ofHours(1), 5L * TAGS)) {
            for (int c = 0; c < 5; c++) {
                spool.accept(Samples.cycle("M", TAGS, c));
            }
            waitForwarded(spool, 5L * TAGS);
            long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (spool.backlogBytes() > 0 && System.nanoTime() < end) {
                Thread.sleep(5);
            }
            assertEquals(0, spool.backlogBytes(), "synced without a flush once " + 5 * TAGS + " samples waited");
            assertTrue(store.syncs() >= 1);
        }
    }

    @Test
    void aForwarderThatHasCaughtUpSyncsAndEmptiesTheSpoolWithoutWaitingForTheInterval() throws Exception {
        PowerLossHistorian store = new PowerLossHistorian();
        Duration interval = Duration.ofSeconds(20); // idle sync after a tenth of it: 2 s
        try (SpoolingHistorian spool = new SpoolingHistorian(dir.resolve("spool"), store, Duration.ofMillis(20), true,
                interval, Long.MAX_VALUE)) {
            for (int c = 0; c < 3; c++) {
                spool.accept(Samples.cycle("Q", TAGS, c));
            }
            long end = System.nanoTime() + Duration.ofSeconds(15).toNanos(); // less than the interval
            while (spool.backlogBytes() > 0 && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            assertEquals(0, spool.backlogBytes(), "synced and emptied well before the " + interval + " interval");
            assertEquals(1, store.syncs());
        }
    }

    @Test
    void bufferedCyclesAppendedTogetherAreAllStored() throws Exception {
        PowerLossHistorian store = new PowerLossHistorian();
        try (SpoolingHistorian spool = new SpoolingHistorian(dir.resolve("spool"), store, Duration.ofMillis(20), true)) {
            spool.acceptAll(List.of(Samples.cycle("B", TAGS, 0), List.of(), Samples.cycle("B", TAGS, 1),
                    Samples.cycle("B", TAGS, 2)));
            assertEquals(3L * TAGS, spool.spooledSamples());
            assertTrue(spool.flush(Duration.ofSeconds(20)));
            assertEquals(3, store.count("B.P7"));
        }
    }

    @Test
    void aSyncIntervalThatIsNotPositiveIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SpoolingHistorian(
                dir.resolve("spool"), new PowerLossHistorian(), Duration.ofMillis(20), true, Duration.ZERO, 1));
        assertTrue(e.getMessage().contains("sync interval"), e.getMessage());
    }
}
