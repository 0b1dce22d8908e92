package io.github.ccrhil.water.verify.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.water.plant.PlantConfig;
import io.github.ccrhil.water.plant.site.RunningPlant;
import io.github.ccrhil.water.plant.site.WaterSite;
import io.github.ccrhil.water.scada.ha.JdbcCoordination;
import io.github.ccrhil.water.scada.historian.JdbcHistorian;
import io.github.ccrhil.water.scada.server.Role;
import io.github.ccrhil.water.scada.server.SupervisoryServer;
import io.github.ccrhil.water.scada.server.User;
import io.github.ccrhil.water.verify.site.SiteAlarms;
import io.github.ccrhil.water.verify.site.SiteWiring;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server process frozen with SIGSTOP past its lease, then woken with SIGCONT, writes nothing to
 * the historian: the pair's lease is in the database and the database checks it. A real child JVM
 * running {@code water server}, a real PostgreSQL (a fresh schema, dropped after).
 */
class FrozenServerTest {
    static final User OTTO = User.withToken("otto", Role.OPERATOR, "operator-token-000001");

    @TempDir
    Path dir;

    static void waitUntil(BooleanSupplier c, Duration max, String what) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        while (!c.getAsBoolean()) {
            assertTrue(System.nanoTime() < end, "not within " + max + ": " + what);
            Thread.sleep(50);
        }
    }

    static void signal(String sig, long pid) throws Exception {
        Process k = new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).inheritIO().start();
        assertEquals(0, k.waitFor(), "kill -" + sig);
    }

    static long samples(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM water_sample")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aServerFrozenPastItsLeaseStoresNothingWhenItWakes() throws Exception {
        String schema = "frozen_" + Long.toHexString(System.nanoTime()) + "_" + ProcessHandle.current().pid();
        String base = AuditTrailTest.pgBase();
        try (Connection c = DriverManager.getConnection(base); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        }
        String url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        int plcBase = io.github.ccrhil.water.verify.cli.WaterMainTestSupport.freeBasePort();
        Process child = null;
        SupervisoryServer b = null;
        try (RunningPlant plant = RunningPlant.start(new WaterSite(PlantConfig.typical(60), Duration.ofMillis(100)), Instant.now(),
                InetAddress.getLoopbackAddress(), plcBase)) {
            Path cfg = dir.resolve("site.json");
            Files.writeString(cfg, "{\"plcBasePort\":" + plcBase + ",\"apiPort\":0,\"scanPeriodMs\":200,\"dataDir\":\"" + dir.resolve("data")
                    + "\",\"users\":[{\"name\":\"otto\",\"role\":\"OPERATOR\",\"token\":\"operator-token-000001\"}]}");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "io.github.ccrhil.water.verify.cli.WaterMain",
                    "server", "--name", "scada-a", "--historian", url, "--config", cfg.toString(), "--duration", "120")
                    .redirectErrorStream(true).start();
            List<String> out = new CopyOnWriteArrayList<>();
            Process p = child;
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        out.add(line);
                    }
                } catch (java.io.IOException ignored) {
                    // the child is gone
                }
            });
            reader.setDaemon(true);
            reader.start();
            waitUntil(() -> out.stream().anyMatch(l -> l.contains("started active")), Duration.ofSeconds(60), "child active: " + out);
            waitUntil(() -> {
                try {
                    return samples(url) > 0;
                } catch (Exception e) {
                    return false;
                }
            }, Duration.ofSeconds(20), "the child stores samples");

            // the standby holds a long lease once it has it, so that nobody else stores after it is killed below
            SupervisoryServer.Config sc = new SupervisoryServer.Config("scada-b", SiteWiring.endpoints(plant), Duration.ofMillis(200),
                    Duration.ofMillis(300), 3, SiteAlarms.defaults(), List.of(OTTO), dir.resolve("spool-b"), Duration.ofSeconds(60),
                    Duration.ofMillis(200), Duration.ofSeconds(60), 100);
            b = new SupervisoryServer(sc, JdbcHistorian.open(url, null, null), new JdbcCoordination(url), Clock.systemUTC()).start();

            signal("STOP", child.pid());
            SupervisoryServer standby = b;
            waitUntil(standby::isActive, Duration.ofSeconds(30), "the standby takes over from the frozen server");
            Thread.sleep(1000);
            b.kill(); // its lease (60 s) stays in the database: from now on nobody may store
            b = null;
            long before = samples(url);

            signal("CONT", child.pid());
            Thread.sleep(4000); // the woken server scans, spools and tries to forward for several of its cycles
            assertTrue(child.isAlive(), "the woken server runs on: " + out);
            assertEquals(before, samples(url), "not one sample stored by the server whose lease lapsed while it was frozen");
        } finally {
            if (b != null) {
                b.close();
            }
            if (child != null) {
                child.destroyForcibly().waitFor();
            }
            try (Connection c = DriverManager.getConnection(base); Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }
}
