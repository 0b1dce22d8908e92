package io.github.ccrhil.water.hmi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.web.Bearer;
import io.github.ccrhil.web.LoginAnswer;
import io.github.ccrhil.web.WebServer;
import io.javalin.http.Context;
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
 * The HMI on one web server with a stand-in API (routes under /api/ that know one operator token
 * and record what reaches them, with the token each request acts with): login with the API's
 * users, the session's idle expiry, one-time submissions, and the API's answers passed on unchanged.
 */
class HmiTest {
    static final String OPERATOR = "operator-token-000001";

    WebServer web;
    final List<String> reached = new CopyOnWriteArrayList<>();
    final AtomicReference<Duration> clockOffset = new AtomicReference<>(Duration.ZERO);
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        InstantSource clock = () -> Clock.systemUTC().instant().plus(clockOffset.get());
        Hmi hmi = new Hmi(new Hmi.Options(Duration.ofMinutes(15), clock),
                (token, from) -> OPERATOR.equals(token) ? new LoginAnswer.Known("{\"user\":\"otto\",\"role\":\"OPERATOR\"}")
                        : new LoginAnswer.Unknown());
        web = WebServer.start(new InetSocketAddress("127.0.0.1", 0), Hmi.FILES, routes -> {
            hmi.routes(routes);
            routes.get("/api/*", this::standInApi);
            routes.post("/api/*", this::standInApi);
        });
    }

    /** The stand-in API: records "METHOD path?query Bearer token body" and knows one operator. */
    void standInApi(Context ctx) {
        String auth = Bearer.of(ctx).map(t -> "Bearer " + t).orElse(null);
        String query = ctx.queryString();
        String line = ctx.method().name() + " " + ctx.path() + (query == null ? "" : "?" + query) + " " + auth + " " + ctx.body();
        reached.add(line.trim());
        boolean known = ("Bearer " + OPERATOR).equals(auth) || ctx.path().equals("/api/health");
        String body = known ? (ctx.path().equals("/api/me") ? "{\"user\":\"otto\",\"role\":\"OPERATOR\"}" : "{\"ok\":true}")
                : "{\"error\":\"unknown token\"}";
        ctx.status(known ? (ctx.method().name().equals("POST") ? 202 : 200) : 401).contentType("application/json").result(body);
    }

    @AfterEach
    void stop() {
        web.close();
    }

    HttpResponse<String> send(String method, String path, String cookie, String submission, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(web.url()).resolve(path));
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
    void anAddressOverTheServersLimitOnFailedLoginsIsRefusedWithRetryAfterAndOpensNoSession() throws Exception {
        web.close();
        List<String> askedFrom = new CopyOnWriteArrayList<>();
        Hmi hmi = new Hmi(Hmi.Options.defaults(), (token, from) -> {
            askedFrom.add(from);
            return new LoginAnswer.TooManyFailures(42);
        });
        web = WebServer.start(new InetSocketAddress("127.0.0.1", 0), Hmi.FILES, hmi::routes);
        HttpResponse<String> r = send("POST", "/hmi/login", null, null, "token=" + OPERATOR);
        assertEquals(429, r.statusCode());
        assertEquals("42", r.headers().firstValue("Retry-After").orElse(""));
        assertEquals("{\"error\":\"Login refused: too many failed logins from this address; try again in 42 s.\"}", r.body());
        assertTrue(r.headers().firstValue("Set-Cookie").isEmpty());
        assertEquals(List.of("127.0.0.1"), askedFrom, "the server is asked with the client's address");
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
    @Test
    void aServerAloneNamesNoPartnerPage() throws Exception {
        HttpResponse<String> r = send("GET", "/hmi/pair", null, null, null);
        assertEquals(200, r.statusCode());
        assertEquals("{\"partner\":null}", r.body());
    }

    @Test
    void aServerOfAPairNamesWhereItsPartnerServesThePage() throws Exception {
        web.close();
        Hmi hmi = new Hmi(Hmi.Options.defaults().withPartner(URI.create("http://scada-b:8080/")), (token, from) -> new LoginAnswer.Unknown());
        web = WebServer.start(new InetSocketAddress("127.0.0.1", 0), Hmi.FILES, hmi::routes);
        HttpResponse<String> r = send("GET", "/hmi/pair", null, null, null);
        assertEquals("{\"partner\":\"http://scada-b:8080/\"}", r.body());
        assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(""));
    }

    @Test
    void aPartnerPageThatIsNoBrowserAddressIsRefusedWithTheReason() {
        for (String bad : List.of("scada-b:8080/", "ftp://scada-b/", "http://scada-b:8080/hmi", "/relative/")) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> Hmi.Options.defaults().withPartner(URI.create(bad)), bad);
            assertTrue(e.getMessage().contains("ending in /"), e.getMessage());
        }
    }
}
