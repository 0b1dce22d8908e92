package io.github.ccrhil.water.verify.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ccrhil.water.plant.PlantConfig;
import io.github.ccrhil.water.plant.plc.PlcServer;
import io.github.ccrhil.water.plant.site.RunningPlant;
import io.github.ccrhil.water.plant.site.WaterSite;
import io.github.ccrhil.modbus.tcp.FreePorts;
import io.github.ccrhil.water.verify.site.ServerProcess;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the active server, as a process, again and again: two child JVMs running {@code water
 * server} against one PostgreSQL historian and a plant that goes on (PLCs served by this JVM). After
 * each kill the standby takes over within 2 s, the killed server comes back as standby, and the new
 * active executes a confirmed command with exactly one write counted at the PLC. At the end the
 * historian holds every scan cycle once: no gap of two scan periods, and no more samples than the
 * cycles the window had room for.
 *
 * <p>2 kills in the test command (about a minute on a loaded 2-core host); {@code -Dwater.kills=10} for the 10 (see water/README.md).
 */
class KilledActiveTest {
    static final Duration SCAN = Duration.ofMillis(500);
    static final Duration TAKEOVER_LIMIT = Duration.ofSeconds(2);
    static final String TOKEN = "operator-token-000001";

    @TempDir
    Path dir;

    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();

    /** One {@code water server} child JVM ({@link ServerProcess}) and what it printed. */
    final class Child implements AutoCloseable {
        final String name;
        final ServerProcess process;

        Child(String name, String url, Path cfg) throws Exception {
            this.name = name;
            process = ServerProcess.start(List.of("-Xmx256m"), List.of("--name", name, "--peer", name.equals("scada-a") ? "scada-b"
                    : "scada-a", "--historian", url, "--config", cfg.toString(), "--duration", "600"));
        }

        List<String> out() {
            return process.output();
        }

        void awaitStarted() throws InterruptedException {
            assertTrue(process.awaitLine(l -> l.contains("server " + name) && l.contains(" started "), Duration.ofSeconds(90)),
                    name + " started: " + out());
        }

        String api() {
            return "http://127.0.0.1:" + process.apiPort().orElseThrow(() -> new AssertionError("no API endpoint printed by " + name
                    + ": " + out()));
        }

        /** SIGKILL (the JDK sends it itself on Unix: no kill process to start, so the time of the kill is known). */
        void killHard() throws Exception {
            assertTrue(process.isAlive(), name + " runs until killed");
            process.kill();
        }

        @Override
        public void close() throws InterruptedException {
            process.close();
        }
    }

    static void waitUntil(BooleanSupplier c, Duration max, String what) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        while (!c.getAsBoolean()) {
            assertTrue(System.nanoTime() < end, "not within " + max + ": " + what);
            Thread.sleep(10);
        }
    }

    record Lease(String holder, long epoch) {
    }

    /** The lease as the database holds it, read over one connection kept open (polled every 10 ms). */
    static Lease lease(Connection c) {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT holder, epoch, expires FROM water_lease")) {
            if (rs.next() && rs.getLong(3) >= nanos(Instant.now())) {
                return new Lease(rs.getString(1), rs.getLong(2));
            }
            return new Lease(null, 0);
        } catch (Exception e) {
            return new Lease(null, 0);
        }
    }

    /** The newest stored sample time of {@code tag}, epoch nanoseconds, or Long.MIN_VALUE when none. */
    private static long latestStored(String url, String tag) throws java.sql.SQLException {
        try (Connection c = DriverManager.getConnection(url); PreparedStatement ps = c.prepareStatement(
                "SELECT MAX(s.t) FROM water_sample s JOIN water_tag g ON g.id = s.tag_id WHERE g.tag = ?")) {
            ps.setString(1, tag);
            try (ResultSet rs = ps.executeQuery()) {
                long t = rs.next() ? rs.getLong(1) : Long.MIN_VALUE;
                return rs.wasNull() ? Long.MIN_VALUE : t;
            }
        }
    }

    static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    JsonNode post(String api, String path, String body) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(api + path)).header("Authorization", "Bearer " + TOKEN)
                .timeout(Duration.ofSeconds(20))
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> a = http.send(r, HttpResponse.BodyHandlers.ofString());
        assertTrue(a.statusCode() / 100 == 2, path + " answered " + a.statusCode() + " " + a.body());
        return json.readTree(a.body());
    }

    @Test
    void theActiveKilledAgainAndAgainLosesNoScanCycleAndNoCommand() throws Exception {
        int kills = Integer.getInteger("water.kills", 2);
        String schema = "killed_" + Long.toHexString(System.nanoTime()) + "_" + ProcessHandle.current().pid();
        String base = AuditTrailTest.pgBase();
        try (Connection c = DriverManager.getConnection(base); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        }
        String url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        int plcBase = FreePorts.consecutive(5);
        List<Child> children = new ArrayList<>();
        List<Long> takeoverMs = new ArrayList<>();
        try (Connection db = DriverManager.getConnection(url);
             RunningPlant plant = RunningPlant.start(new WaterSite(PlantConfig.typical(60), Duration.ofMillis(100)), Instant.now(),
                InetAddress.getLoopbackAddress(), plcBase)) {
            Path cfg = dir.resolve("site.json");
            Files.writeString(cfg, "{\"plcBasePort\":" + plcBase + ",\"apiPort\":0,\"scanPeriodMs\":" + SCAN.toMillis()
                    + ",\"dataDir\":\"" + dir.resolve("data") + "\",\"users\":[{\"name\":\"otto\",\"role\":\"OPERATOR\",\"token\":\""
                    + TOKEN + "\"}]}");
            PlcServer chlor = plant.server(WaterSite.CHLORINATION);
            Child a = new Child("scada-a", url, cfg);
            children.add(a);
            a.awaitStarted();
            Child b = new Child("scada-b", url, cfg);
            children.add(b);
            b.awaitStarted();
            waitUntil(() -> "scada-a".equals(lease(db).holder()), Duration.ofSeconds(10), "scada-a holds the lease");
            Instant windowStart = Instant.now();

            Child active = a;
            Child standby = b;
            for (int k = 1; k <= kills; k++) {
                long epoch = lease(db).epoch();
                long t0 = System.nanoTime();
                active.killHard();
                String survivor = standby.name;
                waitUntil(() -> {
                    Lease l = lease(db);
                    return survivor.equals(l.holder()) && l.epoch() > epoch;
                }, Duration.ofSeconds(30), survivor + " takes the lease after kill " + k);
                long ms = (System.nanoTime() - t0) / 1_000_000;
                takeoverMs.add(ms);

                // the killed server comes back (as standby) while the new active takes a command
                Child back = new Child(active.name, url, cfg);
                children.add(back);

                // a confirmed command on the new active: exactly one write reaches the PLC
                long writes = chlor.acceptedWrites();
                String value = String.format(Locale.ROOT, "%.2f", 0.50 + 0.02 * k);
                JsonNode p = post(standby.api(), "/api/commands", "{\"plc\":\"CHLOR\",\"point\":\"cl_sp\",\"value\":" + value
                        + ",\"requestId\":\"kill-" + k + "\"}");
                JsonNode done = post(standby.api(), "/api/commands/" + p.get("confirmationId").asText() + "/confirm", null);
                assertEquals("EXECUTED", done.get("status").asText(), "command after kill " + k + ": " + done);
                assertEquals(1, chlor.acceptedWrites() - writes, "writes at the PLC for the command after kill " + k);

                back.awaitStarted();
                assertTrue(back.out().stream().anyMatch(l -> l.contains("started standby")), "comes back as standby: " + back.out());
                active = standby;
                standby = back;
            }
            // the window ends now; judged once the historian holds a cycle past its end (stored, not just scanned)
            Instant windowEnd = Instant.now();
            long storedPastEnd = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (latestStored(url, WaterSite.INTAKE + ".level") < nanos(windowEnd)) {
                assertTrue(System.nanoTime() < storedPastEnd, "the historian stores a cycle after the window's end");
                Thread.sleep(20); // polling interval of a condition with a deadline
            }
            System.out.println("takeover after kill -9 of the active (ms): " + takeoverMs);

            List<Long> times = new ArrayList<>();
            try (Connection c = DriverManager.getConnection(url); PreparedStatement ps = c.prepareStatement(
                    "SELECT s.t FROM water_sample s JOIN water_tag g ON g.id = s.tag_id WHERE g.tag = ? AND s.t >= ? AND s.t < ? ORDER BY s.t")) {
                ps.setString(1, WaterSite.INTAKE + ".level");
                ps.setLong(2, nanos(windowStart));
                ps.setLong(3, nanos(windowEnd));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        times.add(rs.getLong(1));
                    }
                }
            }
            assertTrue(times.size() > 10, "samples stored in the window: " + times.size());
            long maxGap = 0;
            for (int i = 1; i < times.size(); i++) {
                maxGap = Math.max(maxGap, times.get(i) - times.get(i - 1));
            }
            long span = times.get(times.size() - 1) - times.get(0);
            long room = span / SCAN.toNanos() + 1 + kills; // a takeover may start a cycle at any phase of the old one
            System.out.printf(Locale.ROOT, "samples of INTAKE.level in the window: %d, largest gap %d ms, room for %d%n",
                    times.size(), maxGap / 1_000_000, room);
            // a cycle missing from one server's record leaves a gap of two periods; a late cycle (a loaded host) less
            assertTrue(maxGap < SCAN.toNanos() * 2, "no missing scan cycle: largest gap " + maxGap / 1_000_000 + " ms");
            assertTrue(times.size() <= room, "no duplicate sample: " + times.size() + " samples, room for " + room);
            for (int k = 0; k < takeoverMs.size(); k++) {
                assertTrue(takeoverMs.get(k) <= TAKEOVER_LIMIT.toMillis(), "takeover after kill " + (k + 1) + ": " + takeoverMs);
            }
        } finally {
            for (Child c : children) {
                c.close();
            }
            try (Connection c = DriverManager.getConnection(base); Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }
}
