package io.github.ccrhil.water.verify.ha;

import io.github.ccrhil.water.scada.ha.JdbcCoordination;
import io.github.ccrhil.water.verify.site.SiteWiring;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.water.scada.historian.JdbcHistorian;
import io.github.ccrhil.water.plant.PlantConfig;
import io.github.ccrhil.water.plant.plc.ChlorinationProgram;
import io.github.ccrhil.water.scada.Sample;
import io.github.ccrhil.water.scada.server.CommandException;
import io.github.ccrhil.water.scada.server.Role;
import io.github.ccrhil.water.scada.server.SupervisoryServer;
import io.github.ccrhil.water.scada.server.User;
import io.github.ccrhil.water.plant.site.RunningPlant;
import io.github.ccrhil.water.verify.site.SiteAlarms;
import io.github.ccrhil.water.plant.site.WaterSite;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A hot-standby pair sharing one historian database: takeover, no double command, no historian gap. */
class HotStandbyTest {
    static final Duration SCAN = Duration.ofMillis(200);
    static final User OTTO = User.withToken("otto", Role.OPERATOR, "operator-token-000001");

    @TempDir
    Path dir;
    RunningPlant plant;
    String url;

    @BeforeEach
    void start() throws Exception {
        plant = RunningPlant.start(new WaterSite(PlantConfig.typical(60), Duration.ofMillis(100)), Instant.now(),
                InetAddress.getLoopbackAddress(), 0);
        url = "jdbc:h2:file:" + dir.resolve("shared").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE";
    }

    @AfterEach
    void stop() {
        plant.close();
    }

    SupervisoryServer server(String name) throws Exception {
        SupervisoryServer.Config cfg = new SupervisoryServer.Config(name, SiteWiring.endpoints(plant), SCAN, Duration.ofMillis(300), 3,
                SiteAlarms.defaults(), List.of(OTTO), dir.resolve("spool-" + name), Duration.ofMillis(1000),
                Duration.ofMillis(200), Duration.ofSeconds(60), 100);
        return new SupervisoryServer(cfg, JdbcHistorian.open(url, null, null), new JdbcCoordination(url), Clock.systemUTC()).start();
    }

    static void waitUntil(java.util.function.BooleanSupplier c, Duration max) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        while (!c.getAsBoolean() && System.nanoTime() < end) {
            Thread.sleep(20);
        }
    }

    @Test
    void standbyTakesOverWhenThePrimaryDiesWithoutDoubleCommandOrHistorianGap() throws Exception {
        SupervisoryServer a = server("scada-a");
        Thread.sleep(300);
        SupervisoryServer b = server("scada-b");
        SupervisoryServer a2 = null;
        try {
            assertTrue(a.isActive(), "first server is active");
            assertFalse(b.isActive(), "second is standby");
            CommandException standby = assertThrows(CommandException.class,
                    () -> b.prepare(OTTO, WaterSite.CHLORINATION, ChlorinationProgram.SP, 0.6, "req-7"));
            assertEquals(CommandException.Kind.STANDBY, standby.kind());

            SupervisoryServer.Pending p = a.prepare(OTTO, WaterSite.CHLORINATION, ChlorinationProgram.SP, 0.6, "req-7");
            assertEquals("EXECUTED", a.confirm(OTTO, p.confirmationId()).status());
            Thread.sleep(1000);

            a.kill();
            Instant killed = Instant.now();
            waitUntil(b::isActive, Duration.ofSeconds(10));
            assertTrue(b.isActive(), "standby took over");
            System.out.println("failover took " + Duration.between(killed, b.becameActive()).toMillis() + " ms");

            // the operator's client retries the same request on the new primary: not executed again
            plant.site().plc(WaterSite.CHLORINATION).memory().set(ChlorinationProgram.SP, 0.55);
            SupervisoryServer.Pending retry = b.prepare(OTTO, WaterSite.CHLORINATION, ChlorinationProgram.SP, 0.6, "req-7");
            assertEquals("DUPLICATE", b.confirm(OTTO, retry.confirmationId()).status());
            assertEquals(0.55, plant.site().plc(WaterSite.CHLORINATION).memory().get(ChlorinationProgram.SP), 1e-9);

            Thread.sleep(1000);
            assertTrue(b.spool().flush(Duration.ofSeconds(10)));
            String tag = WaterSite.INTAKE + ".level";
            List<Sample> h = b.historian().query(tag, Instant.EPOCH, Instant.now().plusSeconds(1));
            assertTrue(h.size() > 10, "history stored: " + h.size());
            Duration maxGap = Duration.ZERO;
            for (int i = 1; i < h.size(); i++) {
                Duration gap = Duration.between(h.get(i - 1).time(), h.get(i).time());
                maxGap = gap.compareTo(maxGap) > 0 ? gap : maxGap;
            }
            assertTrue(maxGap.compareTo(SCAN.multipliedBy(3)) <= 0, "largest historian gap across the failover: " + maxGap);

            // the dead server comes back as standby and forwards its own leftovers
            a2 = server("scada-a");
            Thread.sleep(500);
            assertFalse(a2.isActive(), "the returning server stays standby");
            assertTrue(b.isActive());
            assertEquals(2, b.epoch(), "one takeover, one epoch step");
        } finally {
            if (a2 != null) {
                a2.close();
            }
            b.close();
        }
    }

    @Test
    void anOrderlyStopHandsTheLeaseOverAtOnce() throws Exception {
        SupervisoryServer a = server("scada-a");
        Thread.sleep(200);
        SupervisoryServer b = server("scada-b");
        try {
            assertTrue(a.isActive());
            a.close();
            waitUntil(b::isActive, Duration.ofSeconds(5));
            assertTrue(b.isActive());
        } finally {
            b.close();
        }
    }

    @Test
    void aSecondServerWithTheSameNameIsRefused() throws Exception {
        SupervisoryServer a = server("scada-a");
        try {
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> server("scada-a"));
            assertTrue(refused.getMessage().contains("server name scada-a is in use by a running server"), refused.getMessage());
            assertTrue(a.isActive(), "the first keeps running, active");
            assertEquals(1, a.epoch());
        } finally {
            a.close();
        }
        // once the first has stopped, the name is free again at once
        SupervisoryServer again = server("scada-a");
        try {
            assertTrue(again.isActive());
        } finally {
            again.close();
        }
    }
}
