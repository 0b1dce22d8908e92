package io.github.ccrhil.ccr.panelweb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.ccr.firmware.board.BoardConfig;
import io.github.ccrhil.ccr.firmware.board.ControlBoard;
import io.github.ccrhil.ccr.firmware.board.Selector;
import io.github.ccrhil.ccr.firmware.control.StepTables;
import io.github.ccrhil.ccr.firmware.panel.DisplayPanel;
import io.github.ccrhil.ccr.firmware.panel.PanelConfig;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The panel's HTTP API, against the firmware's own board and panel (no control loop running). */
class PanelWebServerTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-04T10:00:00Z"));
    private final InstantSource sessionClock = now::get;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Object lock = new Object();
    private ControlBoard board;
    private DisplayPanel panel;
    private PanelWebServer server;

    @BeforeEach
    void start() {
        board = new ControlBoard(BoardConfig.defaults(StepTables.SIX_SIX_FIVE_STEP), sessionClock);
        board.command(new io.github.ccrhil.ccr.firmware.board.Command.SetSelector(Selector.REMOTE));
        panel = new DisplayPanel(board, sessionClock, PanelConfig.defaults());
        server = PanelWebServer.start(PanelAccess.locked(panel, lock), new InetSocketAddress("127.0.0.1", 0),
                new PanelWebServer.Options(Duration.ofMillis(100), Duration.ofMinutes(15), sessionClock, false));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> post(String path, String form) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.url() + path.substring(1)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String session() throws Exception {
        Matcher m = Pattern.compile("\"session\":\"([0-9a-f]+)\"").matcher(post("/api/session", "").body());
        assertTrue(m.find());
        return m.group(1);
    }

    private HttpResponse<String> key(String session, String submission, String action, String value) throws Exception {
        return post("/api/panel/command", "session=" + session + "&submission=" + submission + "&action=" + action
                + "&value=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
    }

    private int commandedStep() {
        synchronized (lock) {
            return panel.view().commandedStep();
        }
    }

    @Test
    void aLocalStepKeyInRemoteIsRefusedWithTheBoardsReasonAndChangesNothing() throws Exception {
        String s = session();
        HttpResponse<String> r = key(s, "1", "step", "3");
        assertEquals(409, r.statusCode());
        assertTrue(r.body().contains("Refused: local step 3: selector REMOTE: local step keys inactive"), r.body());
        assertEquals(0, commandedStep());
    }

    @Test
    void inLocalTheStepKeyIsAccepted() throws Exception {
        String s = session();
        assertEquals(200, key(s, "1", "selector", "local").statusCode());
        HttpResponse<String> r = key(s, "2", "step", "3");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(3, commandedStep());
    }

    @Test
    void badInputGetsOneClearLineAndChangesNothing() throws Exception {
        String s = session();
        key(s, "1", "selector", "LOCAL");
        HttpResponse<String> outOfRange = key(s, "2", "step", "9");
        assertEquals(409, outOfRange.statusCode());
        assertTrue(outOfRange.body().contains("step 9 outside 0..5"), outOfRange.body());
        HttpResponse<String> notANumber = key(s, "3", "step", "3.5");
        assertEquals(400, notANumber.statusCode());
        assertTrue(notANumber.body().contains("Step must be a whole number, was '3.5'. Nothing was done."), notANumber.body());
        HttpResponse<String> badPosition = key(s, "4", "selector", "MAINTENANCE");
        assertEquals(400, badPosition.statusCode());
        HttpResponse<String> unknown = key(s, "5", "format-disk", "");
        assertEquals(400, unknown.statusCode());
        assertTrue(unknown.body().contains("Unknown panel key 'format-disk'"), unknown.body());
        assertEquals(0, commandedStep());
        synchronized (lock) {
            assertEquals(Selector.LOCAL, panel.view().selector());
        }
    }

    @Test
    void aDoubleSubmitActsOnce() throws Exception {
        String s = session();
        key(s, "1", "selector", "LOCAL");
        assertEquals(200, key(s, "2", "up", "").statusCode());
        HttpResponse<String> again = key(s, "2", "up", "");
        assertEquals(409, again.statusCode());
        assertTrue(again.body().contains("Already submitted (double submit): step up was not sent again."), again.body());
        assertEquals(1, commandedStep());
    }

    @Test
    void anExpiredOrUnknownSessionIsToldToReloadAndChangesNothing() throws Exception {
        String s = session();
        now.set(now.get().plus(Duration.ofMinutes(16)));
        HttpResponse<String> r = key(s, "1", "selector", "LOCAL");
        assertEquals(401, r.statusCode());
        assertTrue(r.body().contains("Session expired (idle 16 min, limit 15 min): reload the page. Nothing was done."), r.body());
        assertEquals(401, key("feed", "2", "selector", "LOCAL").statusCode());
        synchronized (lock) {
            assertEquals(Selector.REMOTE, panel.view().selector());
        }
    }

    @Test
    void theSnapshotAndThePageAreServedAndUnknownPathsGetOneLine() throws Exception {
        HttpResponse<String> snap = http.send(HttpRequest.newBuilder(URI.create(server.url() + "api/panel")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(snap.body().contains("\"selector\":\"REMOTE\""), snap.body());
        assertTrue(snap.body().contains("\"stepCount\":5"), snap.body());
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(server.url())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("CCR operation / monitoring panel"));
        HttpResponse<String> lib = http.send(HttpRequest.newBuilder(URI.create(server.url()
                + "webjars/uplot/1.6.30/dist/uPlot.iife.min.js")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, lib.statusCode(), "uPlot from its WebJar");
        HttpResponse<String> missing = http.send(HttpRequest.newBuilder(URI.create(server.url() + "nope")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(404, missing.statusCode());
        assertEquals("not found: /nope", missing.body());
    }

    @Test
    void aMonitoringOnlyPanelFollowsTheRunningRegulatorAndRefusesEveryKey() throws Exception {
        FollowingPanelAccess follow = new FollowingPanelAccess();
        try (PanelWebServer monitor = PanelWebServer.start(follow, new InetSocketAddress("127.0.0.1", 0),
                PanelWebServer.Options.defaults().monitoringOnly())) {
            HttpResponse<String> before = http.send(HttpRequest.newBuilder(URI.create(monitor.url() + "api/panel")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(503, before.statusCode());
            assertTrue(before.body().contains("no regulator is running yet"), before.body());
            follow.follow(PanelAccess.locked(panel, lock));
            HttpResponse<String> snap = http.send(HttpRequest.newBuilder(URI.create(monitor.url() + "api/panel")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(snap.body().contains("\"readOnly\":true"), snap.body());
            HttpResponse<String> key = http.send(HttpRequest.newBuilder(URI.create(monitor.url() + "api/panel/command"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("action=selector&value=LOCAL")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(403, key.statusCode());
            synchronized (lock) {
                assertEquals(Selector.REMOTE, panel.view().selector());
            }
        }
    }

    @Test
    void theLiveStreamSendsAtLeastFiveSnapshotsASecond() throws Exception {
        HttpResponse<InputStream> live = http.send(HttpRequest.newBuilder(URI.create(server.url() + "api/panel/live"))
                        .header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader in = new BufferedReader(new InputStreamReader(live.body(), StandardCharsets.UTF_8))) {
            long first = -1;
            long last = -1;
            int events = 0;
            String line;
            while (events < 11 && (line = in.readLine()) != null) {
                if (line.startsWith("data:")) {
                    Matcher m = Pattern.compile("\"sequence\":(\\d+),\"sentAtMs\":(\\d+)").matcher(line);
                    assertTrue(m.find(), line);
                    long at = Long.parseLong(m.group(2));
                    if (first < 0) {
                        first = at;
                    }
                    last = at;
                    events++;
                }
            }
            double perSecond = (events - 1) / ((last - first) / 1000.0);
            assertTrue(perSecond >= 5, "updates per second by the server's own send times: " + perSecond);
        }
    }
}
