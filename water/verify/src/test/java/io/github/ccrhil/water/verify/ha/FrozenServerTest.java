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
import io.github.ccrhil.water.verify.site.ServerProcess;
import io.github.ccrhil.water.verify.site.SiteWiring;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server process frozen with SIGSTOP past its lease, then woken with SIGCONT, writes nothing to
 * the historian (counted in the database) and nothing to a PLC (counted at the PLCs), not even the
 * command an operator confirms to it after it woke: the pair's lease is in the database and the
 * database checks it. The observation windows are counted scan cycles, not wall-clock sleeps. A real child JVM
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

    static long samples(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM water_sample")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aServerFrozenPastItsLeaseStoresNothingAndWritesNothingToAPlcWhenItWakes() throws Exception {
        String schema = "frozen_" + Long.toHexString(System.nanoTime()) + "_" + ProcessHandle.current().pid();
        String base = AuditTrailTest.pgBase();
        try (Connection c = DriverManager.getConnection(base); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        }
        String url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        int plcBase = io.github.ccrhil.modbus.tcp.FreePorts.consecutive(5);
        ServerProcess child = null;
        SupervisoryServer b = null;
        try (RunningPlant plant = RunningPlant.start(new WaterSite(PlantConfig.typical(60), Duration.ofMillis(100)), Instant.now(),
                InetAddress.getLoopbackAddress(), plcBase)) {
            Path cfg = dir.resolve("site.json");
            Files.writeString(cfg, "{\"plcBasePort\":" + plcBase + ",\"apiPort\":0,\"scanPeriodMs\":200,\"dataDir\":\"" + dir.resolve("data")
                    + "\",\"users\":[{\"name\":\"otto\",\"role\":\"OPERATOR\",\"token\":\"operator-token-000001\"}]}");
            child = ServerProcess.start(List.of(), List.of("--name", "scada-a", "--historian", url, "--config", cfg.toString(),
                    "--duration", "120"));
            ServerProcess p = child;
            assertTrue(child.awaitLine(l -> l.contains("started active"), Duration.ofSeconds(60)), "child active: " + child.output());
            waitUntil(() -> {
                try {
                    return samples(url) > 0;
                } catch (Exception e) {
                    return false;
                }
            }, Duration.ofSeconds(20), "the child stores samples");

            // an operator prepares a set-point change on the active server; it will be confirmed only after the server woke
            int api = child.apiPort().orElseThrow(() -> new AssertionError("no API printed: " + p.output()));
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> prepared = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + api + "/api/commands"))
                    .header("Authorization", "Bearer operator-token-000001")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"plc\":\"CHLOR\",\"point\":\"cl_sp\",\"value\":0.6,\"requestId\":\"frozen-1\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(202, prepared.statusCode(), prepared.body());
            String confirmation = new com.fasterxml.jackson.databind.ObjectMapper().readTree(prepared.body()).path("confirmationId").asText();
            double setPoint = plant.site().plc(WaterSite.CHLORINATION).memory().get(io.github.ccrhil.water.plant.plc.ChlorinationProgram.SP);

            // the standby holds a long lease once it has it, so that nobody else stores after it is killed below
            SupervisoryServer.Config sc = new SupervisoryServer.Config("scada-b", SiteWiring.endpoints(plant), Duration.ofMillis(200),
                    Duration.ofMillis(300), 3, SiteAlarms.defaults(), List.of(OTTO), dir.resolve("spool-b"), Duration.ofSeconds(60),
                    Duration.ofMillis(200), Duration.ofSeconds(60), 100);
            b = new SupervisoryServer(sc, JdbcHistorian.open(url, null, null), new JdbcCoordination(url), Clock.systemUTC()).start();

            child.freeze();
            SupervisoryServer standby = b;
            waitUntil(standby::isActive, Duration.ofSeconds(30), "the standby takes over from the frozen server");
            // the new active stores and tells every PLC its epoch; then five of its scan cycles, each polling every PLC
            // while the frozen server polls none: how many requests one cycle puts on the intake PLC
            long newEpoch = b.epoch();
            waitUntil(() -> plant.servers().values().stream().allMatch(x -> x.fenceEpoch() == newEpoch), Duration.ofSeconds(30),
                    "every PLC has seen the new active's epoch " + newEpoch);
            io.github.ccrhil.water.plant.plc.PlcServer intake = plant.server(WaterSite.INTAKE);
            long cycles0 = b.scanner().stats().cycles();
            long requests0 = intake.requests();
            waitUntil(() -> standby.scanner().stats().cycles() >= cycles0 + 5, Duration.ofSeconds(30), "five scan cycles of the new active");
            long cycles1 = b.scanner().stats().cycles();
            double perCycle = (double) (intake.requests() - requests0) / (cycles1 - cycles0);
            assertTrue(perCycle >= 1, "each scan cycle polls the intake PLC: " + perCycle);
            b.kill(); // its lease (60 s) stays in the database: from now on nobody may store
            b = null;
            long before = samples(url);
            long writesBefore = plant.servers().values().stream().mapToLong(x -> x.acceptedWrites()).sum();
            long fencedBefore = plant.servers().values().stream().mapToLong(x -> x.fencedWrites()).sum();
            long requestsBefore = intake.requests();

            child.resume();
            // the woken server is asked to execute the command prepared before it froze: refused, it no longer holds the lease
            HttpResponse<String> confirmed = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + api + "/api/commands/" + confirmation + "/confirm"))
                    .header("Authorization", "Bearer operator-token-000001").POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(503, confirmed.statusCode(), "the woken server is the standby now: " + confirmed.body());
            // it scans, spools and tries to forward for twenty of its own scan cycles, counted at the intake PLC
            // (the only poller now)
            long twenty = requestsBefore + Math.round(20 * perCycle);
            waitUntil(() -> intake.requests() >= twenty, Duration.ofSeconds(60), "twenty scan cycles of the woken server");
            assertTrue(child.isAlive(), "the woken server runs on: " + child.output());
            assertEquals(before, samples(url), "not one sample stored by the server whose lease lapsed while it was frozen");
            assertEquals(writesBefore, plant.servers().values().stream().mapToLong(x -> x.acceptedWrites()).sum(),
                    "not one write accepted by a PLC from the server whose lease lapsed (counted at the PLCs)");
            assertEquals(fencedBefore, plant.servers().values().stream().mapToLong(x -> x.fencedWrites()).sum(),
                    "nor even tried: no write reached a PLC's fence");
            assertEquals(setPoint, plant.site().plc(WaterSite.CHLORINATION).memory().get(
                    io.github.ccrhil.water.plant.plc.ChlorinationProgram.SP), "the chlorine set-point as it was");
        } finally {
            if (b != null) {
                b.close();
            }
            if (child != null) {
                child.close();
            }
            try (Connection c = DriverManager.getConnection(base); Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }
}
