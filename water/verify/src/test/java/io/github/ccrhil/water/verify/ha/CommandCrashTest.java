package io.github.ccrhil.water.verify.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.water.plant.PlantConfig;
import io.github.ccrhil.water.plant.plc.ChlorinationProgram;
import io.github.ccrhil.water.plant.plc.PlcServer;
import io.github.ccrhil.water.plant.site.RunningPlant;
import io.github.ccrhil.water.plant.site.WaterSite;
import io.github.ccrhil.water.scada.ha.JdbcCoordination;
import io.github.ccrhil.water.scada.historian.JdbcHistorian;
import io.github.ccrhil.water.scada.server.CommandException;
import io.github.ccrhil.water.scada.server.Role;
import io.github.ccrhil.water.scada.server.SupervisoryServer;
import io.github.ccrhil.water.scada.server.User;
import io.github.ccrhil.water.verify.site.SiteAlarms;
import io.github.ccrhil.water.verify.site.SiteWiring;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A command survives the death of the active server at any step: killed after recording its
 * intent (before the write) or after the write (before the outcome), the new active reconciles the
 * open intent from a fresh scan of the PLC before it answers. Counted at the PLC: exactly one
 * accepted write for the confirmed command, never zero, never two.
 */
class CommandCrashTest {
    static final User OTTO = User.withToken("otto", Role.OPERATOR, "operator-token-000001");

    @TempDir
    Path dir;
    RunningPlant plant;
    String url;
    SupervisoryServer a;
    SupervisoryServer b;

    @BeforeEach
    void start() throws Exception {
        plant = RunningPlant.start(new WaterSite(PlantConfig.typical(60), Duration.ofMillis(100)), Instant.now(),
                InetAddress.getLoopbackAddress(), 0);
        url = "jdbc:h2:file:" + dir.resolve("shared").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE";
    }

    @AfterEach
    void stop() {
        for (SupervisoryServer s : new SupervisoryServer[] {a, b}) {
            if (s != null) {
                s.close();
            }
        }
        plant.close();
    }

    SupervisoryServer server(String name) throws Exception {
        SupervisoryServer.Config cfg = new SupervisoryServer.Config(name, SiteWiring.endpoints(plant), Duration.ofMillis(200),
                Duration.ofMillis(300), 3, SiteAlarms.defaults(), List.of(OTTO), dir.resolve("spool-" + name), Duration.ofMillis(600),
                Duration.ofMillis(150), Duration.ofSeconds(60), 100);
        return new SupervisoryServer(cfg, JdbcHistorian.open(url, null, null), new JdbcCoordination(url), Clock.systemUTC()).start();
    }

    static void waitUntil(BooleanSupplier c, Duration max, String what) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        while (!c.getAsBoolean()) {
            assertTrue(System.nanoTime() < end, "not within " + max + ": " + what);
            Thread.sleep(20);
        }
    }

    @ParameterizedTest(name = "killed at {0}")
    @EnumSource(SupervisoryServer.CommandStep.class)
    void theActiveKilledAtAnyStepOfACommandExecutesItExactlyOnce(SupervisoryServer.CommandStep at) throws Exception {
        a = server("scada-a");
        waitUntil(a::isActive, Duration.ofSeconds(10), "scada-a active");
        b = server("scada-b");
        PlcServer chlor = plant.server(WaterSite.CHLORINATION);
        SupervisoryServer dying = a;
        a.onCommandStep(step -> {
            if (step == at) {
                dying.kill(); // the process dies here
            }
        });
        long writesBefore = chlor.acceptedWrites();
        SupervisoryServer.Pending p = a.prepare(OTTO, WaterSite.CHLORINATION, ChlorinationProgram.SP, 0.62, "crash-" + at);
        CommandException died = assertThrows(CommandException.class, () -> dying.confirm(OTTO, p.confirmationId()));
        assertTrue(died.getMessage().contains("stopped at " + at), died.getMessage());
        assertEquals(at == SupervisoryServer.CommandStep.WRITTEN ? 1 : 0, chlor.acceptedWrites() - writesBefore,
                "writes reaching the PLC before the crash");

        waitUntil(b::isActive, Duration.ofSeconds(10), "scada-b took over");
        // the operator's client retries the same request on the new active
        SupervisoryServer.Pending retry = b.prepare(OTTO, WaterSite.CHLORINATION, ChlorinationProgram.SP, 0.62, "crash-" + at);
        SupervisoryServer.CommandResult r = b.confirm(OTTO, retry.confirmationId());
        assertEquals("DUPLICATE", r.status(), r.detail());
        assertTrue(r.detail().contains("EXECUTED"), "the retry is told what happened: " + r.detail());
        assertTrue(r.detail().contains(at == SupervisoryServer.CommandStep.WRITTEN ? "died after its write" : "died before its write"),
                r.detail());
        assertEquals(1, chlor.acceptedWrites() - writesBefore, "exactly one write reached the PLC for the confirmed command");
        assertEquals(0.62, plant.site().plc(WaterSite.CHLORINATION).memory().get(ChlorinationProgram.SP), 0.005);
    }
}
