package io.github.ccrhil.water.scada.historian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.water.scada.Quality;
import io.github.ccrhil.water.scada.Sample;
import io.github.ccrhil.water.scada.ha.JdbcCoordination;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The historian takes a server's samples only while the database says that server holds the lease
 * with the epoch it believes it holds: a server that was frozen past its lease (SIGSTOP, a long GC)
 * and wakes up still believing it is active stores nothing.
 */
class FencingTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final Duration TTL = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    static List<Sample> cycle(Instant t) {
        return List.of(new Sample("CHLOR.cl_residual", t, 0.5, Quality.GOOD), new Sample("CHLOR.cl_sp", t, 0.5, Quality.GOOD));
    }

    @Test
    void aServerWhoseLeaseLapsedAndWasTakenOverWritesNoSample() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("shared").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE";
        AtomicReference<Instant> now = new AtomicReference<>(T0);
        InstantSource clock = now::get;
        AtomicLong believed = new AtomicLong();
        try (JdbcHistorian a = JdbcHistorian.open(url, null, null); JdbcCoordination lease = new JdbcCoordination(url)) {
            a.fence("scada-a", believed::get, clock, Duration.ofMillis(200));
            HistorianFencedException standby = assertThrows(HistorianFencedException.class, () -> a.insert(cycle(T0)));
            assertTrue(standby.getMessage().contains("scada-a is standby"), standby.getMessage());

            believed.set(lease.acquire("scada-a", now.get(), TTL).orElseThrow().epoch());
            a.insert(cycle(T0));
            assertEquals(2, a.count(), "stored while it holds the lease");

            // scada-a is frozen; its lease runs out and scada-b takes over with the next epoch
            now.set(T0.plusSeconds(3));
            assertEquals(2, lease.acquire("scada-b", now.get(), TTL).orElseThrow().epoch());
            // scada-a wakes up still believing it holds epoch 1
            HistorianFencedException fenced = assertThrows(HistorianFencedException.class, () -> a.insert(cycle(T0.plusSeconds(3))));
            assertTrue(fenced.getMessage().contains("the lease is scada-b's with epoch 2, not scada-a's with 1"), fenced.getMessage());
            assertEquals(2, a.count(), "not one sample of the lapsed server");
        }
    }

    @Test
    void aLeaseAboutToRunOutTakesNoMoreSamples() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("shared").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE";
        AtomicReference<Instant> now = new AtomicReference<>(T0);
        try (JdbcHistorian a = JdbcHistorian.open(url, null, null); JdbcCoordination lease = new JdbcCoordination(url)) {
            long epoch = lease.acquire("scada-a", T0, TTL).orElseThrow().epoch();
            a.fence("scada-a", () -> epoch, now::get, Duration.ofMillis(200));
            now.set(T0.plus(TTL).minusMillis(100)); // not renewed: 100 ms left, less than the margin
            HistorianFencedException e = assertThrows(HistorianFencedException.class, () -> a.insert(cycle(now.get())));
            assertTrue(e.getMessage().contains("runs out within PT0.2S"), e.getMessage());
            assertEquals(0, a.count());
        }
    }
}
