package io.github.ccrhil.water.verify.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.water.plant.PlantConfig;
import io.github.ccrhil.water.plant.plc.ChlorinationProgram;
import io.github.ccrhil.water.plant.site.RunningPlant;
import io.github.ccrhil.water.plant.site.WaterSite;
import io.github.ccrhil.water.scada.JournalEvent;
import io.github.ccrhil.water.scada.ha.JdbcCoordination;
import io.github.ccrhil.water.scada.historian.Historian;
import io.github.ccrhil.water.scada.historian.JdbcHistorian;
import io.github.ccrhil.water.scada.historian.StoredEvent;
import io.github.ccrhil.water.scada.server.Role;
import io.github.ccrhil.water.scada.server.SupervisoryServer;
import io.github.ccrhil.water.scada.server.User;
import io.github.ccrhil.water.verify.site.SiteAlarms;
import io.github.ccrhil.water.verify.site.SiteWiring;
import java.net.InetAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The audit trail survives restarts and failovers: every command and failover event of every run
 * of either server is in the stored trail exactly once, numbered by the database without gaps, on
 * the embedded H2 historian and on a real PostgreSQL server (a fresh schema per test, dropped after).
 */
class AuditTrailTest {
    static final Set<String> AUDITED = Set.of("COMMAND_PREPARED", "COMMAND_EXECUTED", "COMMAND_REFUSED", "COMMAND_DUPLICATE",
            "FAILOVER");
    static final User OTTO = User.withToken("otto", Role.OPERATOR, "operator-token-000001");
    static final String PG = "jdbc:postgresql://127.0.0.1:5432/ccrhil_water?user=ccrhil&password=ccrhil";

    @TempDir
    Path dir;
    RunningPlant plant;
    String url;
    String pgSchema;
    /** Every run of a server this test started, with its journal as it was when it stopped. */
    final List<Run> runs = new ArrayList<>();

    record Run(String server, String boot, List<JournalEvent> beforeStop, SupervisoryServer s) {
    }

    @BeforeEach
    void startPlant() throws Exception {
        plant = RunningPlant.start(new WaterSite(PlantConfig.typical(60), Duration.ofMillis(100)), Instant.now(),
                InetAddress.getLoopbackAddress(), 0);
    }

    @AfterEach
    void stop() throws Exception {
        for (Run r : runs) {
            r.s().close();
        }
        plant.close();
        if (pgSchema != null) {
            try (Connection c = DriverManager.getConnection(pgBase()); Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA " + pgSchema + " CASCADE");
            }
        }
    }

    static String pgBase() {
        String env = System.getenv("WATER_PG_URL");
        if (env == null || env.isBlank()) {
            env = System.getenv("WATER_PG_URL_DEFAULT");
        }
        return env == null || env.isBlank() ? PG : env;
    }

    /** A database of its own for this test. PostgreSQL absent: the test FAILS (never skips). */
    void database(String store) throws Exception {
        if (store.equals("h2")) {
            url = "jdbc:h2:file:" + dir.resolve("shared").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE";
            return;
        }
        pgSchema = "audit_" + Long.toHexString(System.nanoTime()) + "_" + ProcessHandle.current().pid();
        try (Connection c = DriverManager.getConnection(pgBase()); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + pgSchema);
        }
        url = pgBase() + (pgBase().contains("?") ? "&" : "?") + "currentSchema=" + pgSchema;
    }

    SupervisoryServer server(String name) throws Exception {
        SupervisoryServer.Config cfg = new SupervisoryServer.Config(name, SiteWiring.endpoints(plant), Duration.ofMillis(200),
                Duration.ofMillis(300), 3, SiteAlarms.defaults(), List.of(OTTO), dir.resolve("spool-" + name + "-" + runs.size()),
                Duration.ofMillis(1500), Duration.ofMillis(150), Duration.ofSeconds(60), 100); // a lease that holds on a loaded host
        SupervisoryServer s = new SupervisoryServer(cfg, JdbcHistorian.open(url, null, null), new JdbcCoordination(url),
                Clock.systemUTC()).start();
        return s;
    }

    static void waitUntil(BooleanSupplier c, Duration max, String what) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        while (!c.getAsBoolean()) {
            assertTrue(System.nanoTime() < end, "not within " + max + ": " + what);
            Thread.sleep(20);
        }
    }

    /** A set-point change (executed), an out-of-range value (refused) and, after the first, a retry of the last one. */
    static void commands(SupervisoryServer s, int i) throws Exception {
        String id = "set-cl-" + i;
        SupervisoryServer.Pending p = s.prepare(OTTO, WaterSite.CHLORINATION, ChlorinationProgram.SP, 0.5 + i * 0.01, id);
        assertEquals("EXECUTED", s.confirm(OTTO, p.confirmationId()).status(), s.name() + " run " + i);
        assertThrows(IllegalArgumentException.class,
                () -> s.prepare(OTTO, WaterSite.CHLORINATION, ChlorinationProgram.SP, 7.0, "too-high-" + i));
        if (i > 0) {
            SupervisoryServer.Pending again = s.prepare(OTTO, WaterSite.CHLORINATION, ChlorinationProgram.SP, 0.5 + (i - 1) * 0.01,
                    "set-cl-" + (i - 1));
            assertEquals("DUPLICATE", s.confirm(OTTO, again.confirmationId()).status(), "a retry of the last run's command");
        }
    }

    /** The whole stored trail, read in pages of 7 as an operator's client would. */
    List<StoredEvent> trail(Historian h) throws Exception {
        List<StoredEvent> all = new ArrayList<>();
        long after = 0;
        while (true) {
            List<StoredEvent> page = h.trail(after, 7);
            all.addAll(page);
            if (page.size() < 7) {
                return all;
            }
            after = page.get(page.size() - 1).id();
        }
    }

    void assertEveryAuditedEventStoredOnce(int executed, int duplicates, int failovers) throws Exception {
        List<StoredEvent> stored;
        try (Historian h = JdbcHistorian.open(url, null, null)) {
            stored = trail(h);
        }
        for (int i = 0; i < stored.size(); i++) {
            assertEquals(i + 1, stored.get(i).id(), "the trail is numbered 1, 2, 3... without gaps");
        }
        Map<String, StoredEvent> byKey = new HashMap<>();
        for (StoredEvent e : stored) {
            String key = e.server() + "/" + e.boot() + "/" + e.event().seq();
            assertTrue(byKey.put(key, e) == null, "stored twice: " + key);
        }
        Set<String> boots = new HashSet<>();
        for (Run r : runs) {
            assertTrue(boots.add(r.boot()), "each run has its own boot id");
            for (JournalEvent e : r.beforeStop()) {
                if (AUDITED.contains(e.type())) {
                    StoredEvent s = byKey.get(r.server() + "/" + r.boot() + "/" + e.seq());
                    assertTrue(s != null, "missing from the stored trail: " + r.server() + " " + e);
                    assertEquals(e, s.event(), "stored as recorded");
                }
            }
            assertTrue(stored.stream().anyMatch(e -> e.boot().equals(r.boot()) && e.event().type().equals("SERVER")),
                    "the start of " + r.server() + " run " + r.boot() + " is stored, whether it started active or standby");
        }
        assertEquals(executed, count(stored, "COMMAND_EXECUTED"), "one EXECUTED per set-point change");
        assertEquals(executed, count(stored, "COMMAND_REFUSED"), "one REFUSED per out-of-range value");
        assertEquals(executed + duplicates, count(stored, "COMMAND_PREPARED"));
        assertEquals(duplicates, count(stored, "COMMAND_DUPLICATE"));
        // one FAILOVER record per lease epoch: 1, 2, 3... (more than the takeovers asked for only if a
        // lease lapsed on a loaded host, and then with the "standby: ..." record saying why)
        List<StoredEvent> failoverRecords = stored.stream().filter(e -> e.event().type().equals("FAILOVER")).toList();
        List<Long> activeEpochs = failoverRecords.stream().filter(e -> e.event().detail().startsWith("active with lease epoch"))
                .map(e -> Long.parseLong(e.event().detail().replaceAll("^active with lease epoch (\\d+);.*$", "$1"))).toList();
        long lapses = failoverRecords.stream().filter(e -> e.event().detail().startsWith("standby:")).count();
        String why = "FAILOVER records: " + failoverRecords.stream().map(e -> e.server() + " " + e.event().detail()).toList();
        assertEquals(failovers + lapses, activeEpochs.size(), why);
        for (int i = 0; i < activeEpochs.size(); i++) {
            assertEquals(i + 1, activeEpochs.get(i), why);
        }
        Set<Long> epochs = new HashSet<>();
        for (StoredEvent e : stored) {
            if (e.event().type().equals("COMMAND_EXECUTED")) {
                assertTrue(e.epoch() > 0, "executed under a lease: " + e);
                epochs.add(e.epoch());
            }
        }
        assertEquals(executed, epochs.size(), "each change under the lease epoch of its own run");
    }

    static long count(List<StoredEvent> trail, String type) {
        return trail.stream().filter(e -> e.event().type().equals(type)).count();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void restartedTenTimesWithACommandEachTimeTheTrailKeepsEveryRun(String store) throws Exception {
        database(store);
        for (int i = 0; i < 10; i++) {
            SupervisoryServer s = server("scada-a");
            waitUntil(s::isActive, Duration.ofSeconds(10), "run " + i + " active");
            commands(s, i);
            s.close();
            runs.add(new Run("scada-a", s.journal().boot(), s.journal().all(), s));
        }
        // an orderly stop hands the lease on (epoch + 1 per run)
        assertEveryAuditedEventStoredOnce(10, 9, 10);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void failedOverTenTimesTheTrailKeepsBothServersAndTheStandbysEvents(String store) throws Exception {
        database(store);
        SupervisoryServer active = server("scada-a");
        waitUntil(active::isActive, Duration.ofSeconds(10), "first server active");
        SupervisoryServer standby = server("scada-b");
        for (int i = 0; i < 10; i++) {
            commands(active, i);
            SupervisoryServer dying = active;
            waitUntil(() -> dying.unstoredEvents() == 0, Duration.ofSeconds(10), "journal of " + dying.name() + " stored");
            List<JournalEvent> before = dying.journal().all();
            dying.kill();
            runs.add(new Run(dying.name(), dying.journal().boot(), before, dying));
            SupervisoryServer next = standby;
            waitUntil(next::isActive, Duration.ofSeconds(10), "takeover " + (i + 1));
            waitUntil(() -> next.unstoredEvents() == 0, Duration.ofSeconds(10), "journal of " + next.name() + " stored");
            active = next;
            standby = server(dying.name()); // the dead server comes back as standby
        }
        for (SupervisoryServer s : List.of(active, standby)) {
            SupervisoryServer one = s;
            waitUntil(() -> one.unstoredEvents() == 0, Duration.ofSeconds(10), "journal of " + one.name() + " stored");
            runs.add(new Run(s.name(), s.journal().boot(), s.journal().all(), s));
        }
        assertEveryAuditedEventStoredOnce(10, 9, 11);
    }
}
