package io.github.ccrhil.water.historian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The embedded default: an H2 file database. */
class H2HistorianTest extends HistorianContract {

    @Override
    Historian historian() throws Exception {
        return JdbcHistorian.h2(dir.resolve("historian"));
    }

    @Override
    String prefix() {
        return "H2";
    }

    @Test
    void storedSamplesSurviveClosingAndReopeningTheDatabaseFile() throws Exception {
        try (Historian h = historian()) {
            h.insert(Samples.cycle(prefix(), 4, 0));
        }
        try (Historian h = historian()) {
            assertEquals(4, h.count());
            assertTrue(h.describe().startsWith("H2"));
        }
    }

    @Test
    void aTornRecordAtTheSpoolTailIsCutOffAndEverythingBeforeItIsForwarded() throws Exception {
        Path spoolDir = dir.resolve("spool");
        FaultableHistorian flaky = new FaultableHistorian(historian());
        flaky.setDown(true);
        SpoolingHistorian first = new SpoolingHistorian(spoolDir, flaky, Duration.ofMillis(20), true);
        for (int c = 0; c < 3; c++) {
            first.accept(Samples.cycle(prefix(), 2, c));
        }
        first.close();
        Files.write(spoolDir.resolve("samples.spool"), new byte[] {0, 0, 0, 40, 1, 2, 3}, StandardOpenOption.APPEND);
        flaky.setDown(false);
        try (SpoolingHistorian second = new SpoolingHistorian(spoolDir, flaky, Duration.ofMillis(20), true)) {
            assertEquals(7, second.recoveredTornBytes());
            assertTrue(second.flush(Duration.ofSeconds(10)));
            assertEquals(6, flaky.count());
        } finally {
            flaky.close();
        }
    }

    @Test
    void aFileThatIsNotASpoolIsRefusedWithAClearErrorAndLeftUntouched() throws Exception {
        Path spoolDir = Files.createDirectories(dir.resolve("spool"));
        Files.writeString(spoolDir.resolve("samples.spool"), "hello, not a spool");
        try (Historian h = historian()) {
            IOException e = assertThrows(IOException.class, () -> new SpoolingHistorian(spoolDir, h, Duration.ofMillis(20), true));
            assertTrue(e.getMessage().contains("not a water historian spool"), e.getMessage());
        }
        assertEquals("hello, not a spool", Files.readString(spoolDir.resolve("samples.spool")));
    }

    @Test
    void theNewestSampleTimeIsReadWithoutWaitingForAnInsertInProgress() throws Exception {
        try (JdbcHistorian h = JdbcHistorian.h2(dir.resolve("historian"))) {
            h.insert(Samples.cycle(prefix(), 3, 5));
            java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            Thread forwarder = new Thread(() -> {
                synchronized (h) { // what insert and sync hold for their whole run
                    held.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
            forwarder.start();
            held.await();
            java.util.concurrent.ExecutorService ex = java.util.concurrent.Executors.newSingleThreadExecutor();
            try {
                java.util.concurrent.Future<java.util.Optional<java.time.Instant>> latest = ex.submit(h::latest);
                // a deadlock detector, not a timing: latest() would wait for the release forever
                assertEquals(Samples.T0.plusSeconds(5), latest.get(30, java.util.concurrent.TimeUnit.SECONDS).orElseThrow());
            } finally {
                release.countDown();
                forwarder.join();
                ex.shutdownNow();
            }
        }
    }

    @Test
    void aUrlOfAnotherDatabaseIsRefusedClearly() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JdbcHistorian.open("jdbc:mysql://x/y", null, null));
        assertTrue(e.getMessage().contains("jdbc:h2: or jdbc:postgresql:"));
    }
}
