package io.github.ccrhil.water.verify.api;

import io.github.ccrhil.water.scada.api.ApiServer;
import io.github.ccrhil.water.verify.site.SiteWiring;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ccrhil.water.scada.ha.SoloCoordination;
import io.github.ccrhil.water.scada.historian.JdbcHistorian;
import io.github.ccrhil.water.plant.PlantConfig;
import io.github.ccrhil.water.plant.plc.ChlorinationProgram;
import io.github.ccrhil.water.plant.plc.CoagulationProgram;
import io.github.ccrhil.water.plant.plc.PlcMemory;
import io.github.ccrhil.water.scada.JournalEvent;
import io.github.ccrhil.water.scada.server.Role;
import io.github.ccrhil.water.scada.server.SupervisoryServer;
import io.github.ccrhil.water.scada.server.User;
import io.github.ccrhil.water.plant.site.RunningPlant;
import io.github.ccrhil.water.verify.site.SiteAlarms;
import io.github.ccrhil.water.plant.site.WaterSite;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Operator commands over HTTP/JSON: roles, confirmation, audit trail, bad requests. */
class ApiServerTest {
    static final String VIEWER = "viewer-token-0000001";
    static final String OPERATOR = "operator-token-000001";
    static final String OPERATOR2 = "operator-token-000002";
    static final String ENGINEER = "engineer-token-00001";

    @TempDir
    Path dir;
    RunningPlant plant;
    SupervisoryServer server;
    ApiServer api;
    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void start() throws Exception {
        plant = RunningPlant.start(new WaterSite(PlantConfig.typical(60), Duration.ofMillis(100)), Instant.now(),
                InetAddress.getLoopbackAddress(), 0);
        List<User> users = List.of(User.withToken("vera", Role.VIEWER, VIEWER), User.withToken("otto", Role.OPERATOR, OPERATOR),
                User.withToken("olga", Role.OPERATOR, OPERATOR2), User.withToken("erik", Role.ENGINEER, ENGINEER));
        SupervisoryServer.Config cfg = new SupervisoryServer.Config("scada-a", SiteWiring.endpoints(plant), Duration.ofMillis(200),
                Duration.ofMillis(300), 3, SiteAlarms.defaults(), users, dir.resolve("spool"), Duration.ofSeconds(1),
                Duration.ofMillis(200), Duration.ofSeconds(60), 50);
        server = new SupervisoryServer(cfg, JdbcHistorian.h2(dir.resolve("hist")), new SoloCoordination(), Clock.systemUTC()).start();
        api = ApiServer.start(server, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread.sleep(300); // one or two scan cycles
    }

    @AfterEach
    void stop() {
        api.close();
        server.close();
        plant.close();
    }

    record Reply(int status, JsonNode body) {
    }

    Reply call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), json.readTree(r.body()));
    }

    PlcMemory chlorine() {
        return plant.site().plc(WaterSite.CHLORINATION).memory();
    }

    Reply command(String token, String plc, String point, double value, String requestId) throws Exception {
        return call("POST", "/api/commands", token, "{\"plc\":\"" + plc + "\",\"point\":\"" + point + "\",\"value\":" + value
                + ",\"requestId\":\"" + requestId + "\"}");
    }

    List<String> audit(String type) {
        return server.journal().ofType(type).stream().map(JournalEvent::user).collect(Collectors.toList());
    }

    @Test
    void anOperatorCommandNeedsConfirmationAndLandsInThePlcAndTheAuditTrail() throws Exception {
        Reply prepared = command(OPERATOR, "CHLOR", "cl_sp", 0.6, "r-1");
        assertEquals(202, prepared.status());
        assertEquals(0.5, chlorine().get(ChlorinationProgram.SP), 1e-9, "nothing written before confirmation");
        Reply done = call("POST", "/api/commands/" + prepared.body().get("confirmationId").asText() + "/confirm", OPERATOR, null);
        assertEquals(200, done.status(), done.body().toString());
        assertEquals("EXECUTED", done.body().get("status").asText());
        assertEquals(0.6, chlorine().get(ChlorinationProgram.SP), 1e-9);
        assertEquals(List.of("otto"), audit("COMMAND_PREPARED"));
        assertEquals(List.of("otto"), audit("COMMAND_EXECUTED"));
    }

    @Test
    void theSameRequestIdIsNeverExecutedTwice() throws Exception {
        Reply p1 = command(OPERATOR, "CHLOR", "cl_sp", 0.6, "r-dup");
        call("POST", "/api/commands/" + p1.body().get("confirmationId").asText() + "/confirm", OPERATOR, null);
        chlorine().set(ChlorinationProgram.SP, 0.5); // someone else changed it since
        Reply p2 = command(OPERATOR, "CHLOR", "cl_sp", 0.6, "r-dup");
        Reply again = call("POST", "/api/commands/" + p2.body().get("confirmationId").asText() + "/confirm", OPERATOR, null);
        assertEquals("DUPLICATE", again.body().get("status").asText());
        assertEquals(0.5, chlorine().get(ChlorinationProgram.SP), 1e-9, "not written a second time");
    }

    @Test
    void rolesDecideWhoMayCommandWhat() throws Exception {
        assertEquals(403, command(VIEWER, "CHLOR", "cl_sp", 0.6, "r-v").status());
        assertEquals(403, command(OPERATOR, "COAG", CoagulationProgram.DOSE_GAIN, 0.6, "r-o").status(), "tuning needs an engineer");
        Reply p = command(ENGINEER, "COAG", CoagulationProgram.DOSE_GAIN, 0.6, "r-e");
        assertEquals(202, p.status());
        assertEquals(200, call("POST", "/api/commands/" + p.body().get("confirmationId").asText() + "/confirm", ENGINEER, null).status());
        assertEquals(0.6, plant.site().plc(WaterSite.COAGULATION).memory().get(CoagulationProgram.DOSE_GAIN), 1e-9);
        assertEquals(List.of("vera", "otto"), audit("COMMAND_REFUSED"));
        assertEquals(401, call("GET", "/api/tags", null, null).status());
        assertEquals(401, call("GET", "/api/tags", "wrong-token-000000000", null).status());
        assertEquals(200, call("GET", "/api/health", null, null).status(), "health needs no token");
    }

    @Test
    void onlyThePreparingUserMayConfirm() throws Exception {
        Reply p = command(OPERATOR, "CHLOR", "cl_sp", 0.7, "r-2");
        String id = p.body().get("confirmationId").asText();
        assertEquals(403, call("POST", "/api/commands/" + id + "/confirm", OPERATOR2, null).status());
        assertEquals(200, call("POST", "/api/commands/" + id + "/confirm", OPERATOR, null).status());
        assertEquals(404, call("POST", "/api/commands/" + id + "/confirm", OPERATOR, null).status(), "used up");
    }

    @Test
    void badRequestsGetAClearErrorAndChangeNothing() throws Exception {
        Reply unsafe = command(OPERATOR, "CHLOR", "cl_sp", 1.5, "r-3");
        assertEquals(400, unsafe.status());
        assertTrue(unsafe.body().get("error").asText().contains("0.1..1.0"), unsafe.body().toString());
        assertEquals(400, call("POST", "/api/commands", OPERATOR, "{not json").status());
        assertEquals(400, call("POST", "/api/commands", OPERATOR, "[1,2]").status());
        assertEquals(400, call("POST", "/api/commands", OPERATOR, "{\"plc\":\"CHLOR\",\"point\":\"cl_sp\",\"value\":\"x\",\"requestId\":\"a\"}").status());
        assertEquals(400, command(OPERATOR, "CHLOR", "NOPE", 1, "r-4").status());
        assertEquals(400, command(OPERATOR, "NOPLC", "cl_sp", 1, "r-5").status());
        assertEquals(400, command(OPERATOR, "CHLOR", "cw_chlorine", 1, "r-6").status(), "read-only point");
        assertEquals(405, call("DELETE", "/api/tags", VIEWER, null).status());
        assertEquals(404, call("GET", "/api/nothing", VIEWER, null).status());
        assertEquals(400, call("GET", "/api/history?tag=CHLOR.cl_sp&from=yesterday&to=now", VIEWER, null).status());
        assertEquals(413, call("POST", "/api/commands", OPERATOR, "{\"x\":\"" + "a".repeat(70_000) + "\"}").status());
        assertEquals(0.5, chlorine().get(ChlorinationProgram.SP), 1e-9);
        assertEquals(200, call("GET", "/api/health", null, null).status(), "server still answering");
    }

    @Test
    void tagsCarryQualityAndHistoryIsQueryableByTagAndTimeRange() throws Exception {
        Reply tags = call("GET", "/api/tags", VIEWER, null);
        assertEquals("good", tags.body().get("CHLOR.cl_sp").get("quality").asText());
        assertTrue(server.spool().flush(Duration.ofSeconds(5)));
        Instant now = Instant.now();
        Reply h = call("GET", "/api/history?tag=CHLOR.cl_sp&from=" + now.minusSeconds(60) + "&to=" + now.plusSeconds(1), VIEWER, null);
        assertEquals(200, h.status());
        assertTrue(h.body().size() >= 1, h.body().toString());
        assertEquals(0.5, h.body().get(0).get("value").asDouble(), 1e-9);
    }

    @Test
    void identityNamesServerOsMiddlewareAndApplicationWithHashes() throws Exception {
        Reply id = call("GET", "/api/identity", VIEWER, null);
        List<String> kinds = new java.util.ArrayList<>();
        id.body().forEach(n -> kinds.add(n.get("component").asText().split("/")[0])); // middleware/java → middleware
        assertTrue(kinds.containsAll(List.of("server", "os", "middleware", "application")), kinds.toString());
        id.body().forEach(n -> assertTrue(n.get("sha256").asText().matches("[0-9a-f]{64}|n/a.*"), n.toString()));
    }

    @Test
    void operatorAcknowledgesAndShelvesAlarmsViewerMayNot() throws Exception {
        assertEquals(403, call("POST", "/api/alarms/CL_CW_HIGH/ack", VIEWER, null).status());
        assertEquals(200, call("POST", "/api/alarms/CL_CW_HIGH/ack", OPERATOR, null).status());
        assertEquals(400, call("POST", "/api/alarms/CL_CW_HIGH/shelve", OPERATOR, "{\"minutes\":30}").status(), "reason required");
        Reply shelved = call("POST", "/api/alarms/CL_CW_HIGH/shelve", OPERATOR, "{\"minutes\":30,\"reason\":\"analyser calibration\"}");
        assertEquals(200, shelved.status());
        assertTrue(shelved.body().get("shelved").asBoolean());
        assertEquals(400, call("POST", "/api/alarms/NOPE/ack", OPERATOR, null).status());
    }

    @Test
    void theAlarmBoardShowsAShelvedAlarmWithItsReasonAndExpiryAndTheFloodState() throws Exception {
        Instant before = Instant.now();
        call("POST", "/api/alarms/CL_CW_HIGH/shelve", OPERATOR, "{\"minutes\":30,\"reason\":\"analyser calibration\"}");
        Reply board = call("GET", "/api/alarms/board", VIEWER, null);
        assertEquals(200, board.status());
        assertFalse(board.body().get("flood").asBoolean(), "two alarms are no flood");
        JsonNode shelved = null;
        for (JsonNode a : board.body().get("alarms")) {
            if (a.get("id").asText().equals("CL_CW_HIGH")) {
                shelved = a;
            }
        }
        assertTrue(shelved != null && shelved.get("shelved").asBoolean(), board.body().toString());
        assertEquals("analyser calibration", shelved.get("shelveReason").asText());
        Instant until = Instant.parse(shelved.get("shelvedUntil").asText());
        assertTrue(!until.isBefore(before.plus(Duration.ofMinutes(30))) && until.isBefore(Instant.now().plus(Duration.ofMinutes(31))),
                "expires 30 minutes after shelving: " + until);
    }

    @Test
    void whoAmITellsTheUserAndRoleOfAToken() throws Exception {
        Reply me = call("GET", "/api/me", OPERATOR, null);
        assertEquals("otto", me.body().get("user").asText());
        assertEquals("OPERATOR", me.body().get("role").asText());
        assertEquals("VIEWER", call("GET", "/api/me", VIEWER, null).body().get("role").asText());
        assertEquals(401, call("GET", "/api/me", "wrong-token-000000000", null).status());
    }

    @Test
    void aReusedRequestIdWithOtherContentIsRefusedAtPrepare() throws Exception {
        Reply p1 = command(OPERATOR, "CHLOR", "cl_sp", 0.6, "r-reuse");
        assertEquals(202, p1.status());
        Reply pendingOther = command(OPERATOR, "CHLOR", "cl_sp", 0.7, "r-reuse");
        assertEquals(400, pendingOther.status(), "another value under a request id still waiting for its confirmation");
        call("POST", "/api/commands/" + p1.body().get("confirmationId").asText() + "/confirm", OPERATOR, null);
        Reply other = command(OPERATOR, "CHLOR", "cl_sp", 0.7, "r-reuse");
        assertEquals(400, other.status(), other.body().toString());
        assertTrue(other.body().get("error").asText().contains("requestId r-reuse already names another command (CHLOR.cl_sp"),
                other.body().toString());
        assertEquals(0.6, chlorine().get(ChlorinationProgram.SP), 1e-9);
        assertEquals(202, command(OPERATOR, "CHLOR", "cl_sp", 0.6, "r-reuse").status(), "the same command again: a retry");
    }

    @Test
    void tagsSayWhatTheOperatorMayDoAndUnknownsAreErrors() throws Exception {
        JsonNode tags = call("GET", "/api/tags", VIEWER, null).body();
        JsonNode sp = tags.get("CHLOR.cl_sp");
        assertEquals("mg/L", sp.get("unit").asText());
        assertEquals(0.1, sp.get("min").asDouble(), 1e-12);
        assertEquals(1.0, sp.get("max").asDouble(), 1e-12);
        assertTrue(sp.get("writable").asBoolean());
        assertEquals("OPERATOR", sp.get("writeRole").asText());
        assertTrue(sp.has("description"));
        assertEquals("ENGINEER", tags.get("COAG." + CoagulationProgram.DOSE_GAIN).get("writeRole").asText());
        JsonNode level = tags.get("INTAKE.level");
        assertFalse(level.get("writable").asBoolean());
        assertTrue(level.get("writeRole").isNull());

        assertEquals(404, call("GET", "/api/history?tag=CHLOR.nothing&from=2026-01-01T00:00:00Z&to=2026-01-01T00:01:00Z", VIEWER,
                null).status());
        assertEquals(404, call("GET", "/api/history?tag=NOPLC.level&from=2026-01-01T00:00:00Z&to=2026-01-01T00:01:00Z", VIEWER,
                null).status());
        Reply extra = call("POST", "/api/commands", OPERATOR,
                "{\"plc\":\"CHLOR\",\"point\":\"cl_sp\",\"value\":0.6,\"requestId\":\"r-x\",\"confirm\":true}");
        assertEquals(400, extra.status());
        assertTrue(extra.body().get("error").asText().contains("unknown field 'confirm'"), extra.body().toString());
    }

    @Test
    void pendingCommandsAreListedWithReadableValues() throws Exception {
        chlorine().set(ChlorinationProgram.SP, 0.7000000000000001);
        // the server's scan has seen the new value: poll the API, with a deadline
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (Math.abs(call("GET", "/api/tags", VIEWER, null).body().get("CHLOR.cl_sp").get("value").asDouble() - 0.7) > 1e-6) {
            assertTrue(System.nanoTime() < deadline, "CHLOR.cl_sp not scanned at 0.7 within 10 s");
            Thread.sleep(20);
        }
        assertEquals(202, command(OPERATOR, "CHLOR", "cl_sp", 0.71, "r-list").status());
        JsonNode pending = call("GET", "/api/commands", VIEWER, null).body();
        assertEquals(1, pending.size(), pending.toString());
        assertEquals("r-list", pending.get(0).get("requestId").asText());
        assertTrue(pending.get(0).get("summary").asText().startsWith("CHLOR.cl_sp 0.7 -> 0.71 mg/L"), pending.toString());
    }

    @Test
    void theJournalIsTheStoredTrailReadInPages() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertEquals(403, command(VIEWER, "CHLOR", "cl_sp", 0.6, "r-j" + i).status());
        }
        JsonNode first = call("GET", "/api/journal?limit=2", VIEWER, null).body();
        assertEquals(2, first.get("events").size());
        assertTrue(first.get("more").asBoolean());
        long next = first.get("next").asLong();
        assertEquals(first.get("events").get(1).get("id").asLong(), next);
        java.util.List<String> types = new java.util.ArrayList<>();
        first.get("events").forEach(e -> types.add(e.get("type").asText()));
        long after = next;
        while (true) {
            JsonNode page = call("GET", "/api/journal?after=" + after + "&limit=2", VIEWER, null).body();
            page.get("events").forEach(e -> types.add(e.get("type").asText()));
            after = page.get("next").asLong();
            if (!page.get("more").asBoolean()) {
                break;
            }
        }
        assertEquals(3, types.stream().filter("COMMAND_REFUSED"::equals).count(), types.toString());
        assertEquals(400, call("GET", "/api/journal?limit=0", VIEWER, null).status());
        assertEquals(400, call("GET", "/api/journal?after=x", VIEWER, null).status());
    }
}
