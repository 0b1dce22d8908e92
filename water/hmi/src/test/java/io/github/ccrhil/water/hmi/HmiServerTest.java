package io.github.ccrhil.water.hmi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HMI server in front of a stand-in API (JDK HttpServer that knows one operator token and
 * records what reaches it): login with the API's users, the session's idle expiry, one-time
 * submissions, and the API's answers passed on unchanged.
 */
class HmiServerTest {
    static final String OPERATOR = "operator-token-000001";

    HttpServer fakeApi;
    final List<String> reached = new CopyOnWriteArrayList<>();
    final AtomicReference<Duration> clockOffset = new AtomicReference<>(Duration.ZERO);
    HmiServer hmi;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        fakeApi = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        fakeApi.createContext("/", ex -> {
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            String line = ex.getRequestMethod() + " " + ex.getRequestURI() + " " + auth + " "
                    + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            reached.add(line.trim());
            boolean known = ("Bearer " + OPERATOR).equals(auth) || ex.getRequestURI().getPath().equals("/api/health");
            byte[] body = (known ? (ex.getRequestURI().getPath().equals("/api/me") ? "{\"user\":\"otto\",\"role\":\"OPERATOR\"}"
                    : "{\"ok\":true}") : "{\"error\":\"unknown token\"}").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(known ? (ex.getRequestMethod().equals("POST") ? 202 : 200) : 401, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        fakeApi.start();
        InstantSource clock = () -> Clock.systemUTC().instant().plus(clockOffset.get());
        hmi = HmiServer.start(URI.create("http://127.0.0.1:" + fakeApi.getAddress().getPort() + "/"),
                new InetSocketAddress("127.0.0.1", 0), new HmiServer.Options(Duration.ofMinutes(15), clock));
    }

    @AfterEach
    void stop() {
        hmi.close();
        fakeApi.stop(0);
    }

    HttpResponse<String> send(String method, String path, String cookie, String submission, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(hmi.url()).resolve(path));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        if (submission != null) {
            b.header("X-Submission-Id", submission);
        }
        if (path.equals("/hmi/login")) {
            b.header("Content-Type", "application/x-www-form-urlencoded");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    String login(String token) throws Exception {
        HttpResponse<String> r = send("POST", "/hmi/login", null, null, "token=" + token);
        assertEquals(200, r.statusCode(), r.body());
        return r.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
    }

    @Test
    void theApisOwnTokenLogsInAndTheApiAnswersWithItsBearer() throws Exception {
        HttpResponse<String> login = send("POST", "/hmi/login", null, null, "token=" + OPERATOR);
        assertEquals("{\"user\":\"otto\",\"role\":\"OPERATOR\"}", login.body());
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        HttpResponse<String> tags = send("GET", "/api/tags?x=1", cookie, null, null);
        assertEquals(200, tags.statusCode());
        assertEquals("{\"ok\":true}", tags.body());
        assertTrue(reached.contains("GET /api/tags?x=1 Bearer " + OPERATOR), reached.toString());
    }

    @Test
    void anUnknownTokenIsRefusedWithAClearMessageAndOpensNoSession() throws Exception {
        HttpResponse<String> r = send("POST", "/hmi/login", null, null, "token=guess-000000000000");
        assertEquals(401, r.statusCode());
        assertEquals("{\"error\":\"Login refused: the server does not know this token.\"}", r.body());
        assertTrue(r.headers().firstValue("Set-Cookie").isEmpty());
        assertEquals(401, send("GET", "/api/tags", null, null, null).statusCode(), "no cookie, no data");
    }

    @Test
    void aFormSentTwiceActsOnce() throws Exception {
        String cookie = login(OPERATOR);
        String body = "{\"plc\":\"CHLOR\",\"point\":\"cl_sp\",\"value\":0.6,\"requestId\":\"r-1\"}";
        assertEquals(202, send("POST", "/api/commands", cookie, "sub-1", body).statusCode());
        HttpResponse<String> again = send("POST", "/api/commands", cookie, "sub-1", body);
        assertEquals(409, again.statusCode());
        assertTrue(again.body().contains("already sent"), again.body());
        assertEquals(1, reached.stream().filter(l -> l.startsWith("POST /api/commands")).count(), reached.toString());
        assertEquals(409, send("POST", "/api/commands", cookie, null, body).statusCode(), "a POST without a submission id is refused");
    }

    @Test
    void anExpiredSessionSaysSoAndSendsNothingToTheApi() throws Exception {
        String cookie = login(OPERATOR);
        clockOffset.set(Duration.ofMinutes(16));
        HttpResponse<String> r = send("POST", "/api/commands", cookie, "sub-2", "{}");
        assertEquals(401, r.statusCode());
        assertTrue(r.body().contains("Session expired after 16 min without use: log in again. Nothing was done."), r.body());
        assertTrue(reached.stream().noneMatch(l -> l.startsWith("POST /api/commands")), reached.toString());
        assertEquals(401, send("GET", "/api/tags", cookie, null, null).statusCode(), "an expired session stays expired");
    }

    @Test
    void healthNeedsNoLoginAndTheIndexPageIsServed() throws Exception {
        assertEquals(200, send("GET", "/api/health", null, null, null).statusCode());
        HttpResponse<String> page = send("GET", "/", null, null, null);
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<title>Water HMI</title>"));
        assertEquals(200, send("GET", "/webjars/uplot/1.6.30/dist/uPlot.iife.min.js", null, null, null).statusCode());
    }
}
