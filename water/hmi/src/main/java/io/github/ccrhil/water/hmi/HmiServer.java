package io.github.ccrhil.water.hmi;

import io.github.ccrhil.web.Json;
import io.github.ccrhil.web.Sessions;
import io.github.ccrhil.web.WebServer;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The water HMI: the page's files from the classpath folder {@code /hmi}, and under {@code /api/}
 * the supervisory server's own API, forwarded as it is (status and body unchanged) with the bearer
 * token of the logged-in user. The HMI adds only what a browser form needs:
 * <ul>
 *   <li>{@code POST /hmi/login} (form field {@code token}): the API's own users and roles; the API
 *       answers {@code GET /api/me} for the token or the login is refused with the API's message;</li>
 *   <li>a session cookie with idle expiry, so an API token never stays in the page;</li>
 *   <li>every {@code POST} carries a one-time {@code X-Submission-Id}: a form sent twice acts once.</li>
 * </ul>
 * Every refusal is one JSON object {@code {"error": "..."}} that the page shows as it is.
 */
public final class HmiServer implements AutoCloseable {

    /** Cookie holding the HMI session. */
    public static final String COOKIE = "hmi-session";

    /** Idle expiry of a login and the clock it is measured on. */
    public record Options(Duration sessionIdle, InstantSource clock) {
        public Options {
            Objects.requireNonNull(sessionIdle, "sessionIdle");
            Objects.requireNonNull(clock, "clock");
        }

        public static Options defaults() {
            return new Options(Duration.ofMinutes(15), Clock.systemUTC());
        }
    }

    private final URI api;
    private final Sessions sessions;
    private final Map<String, String> apiTokens = new ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final WebServer web;

    private HmiServer(URI api, InetSocketAddress address, Options options) {
        this.api = api;
        this.sessions = new Sessions(options.clock(), options.sessionIdle());
        this.web = WebServer.start(address, "/hmi", routes -> {
            routes.post("/hmi/login", this::login);
            routes.post("/hmi/logout", this::logout);
            routes.get("/api/health", ctx -> forward(ctx, null));
            routes.get("/api/*", this::authenticated);
            routes.post("/api/*", this::authenticated);
        });
    }

    /**
     * Starts the HMI in front of the API at {@code api} (e.g. {@code http://127.0.0.1:8080/}).
     *
     * @param address host and port to listen on (port 0: an ephemeral port)
     */
    public static HmiServer start(URI api, InetSocketAddress address, Options options) {
        Objects.requireNonNull(api, "api");
        return new HmiServer(api, address, options);
    }

    public int port() {
        return web.port();
    }

    /** {@code http://host:port/}: the HMI page. */
    public String url() {
        return web.url();
    }

    private void login(Context ctx) throws IOException, InterruptedException {
        String token = ctx.formParam("token");
        if (token == null || token.isBlank()) {
            error(ctx, 400, "Enter your API token to log in.");
            return;
        }
        HttpResponse<String> me = send(HttpRequest.newBuilder(api.resolve("/api/me")).GET()
                .header("Authorization", "Bearer " + token.trim()).build(), ctx);
        if (me == null) {
            return;
        }
        if (me.statusCode() != 200) {
            error(ctx, 401, "Login refused: the server does not know this token.");
            return;
        }
        String session = sessions.open();
        apiTokens.put(session, token.trim());
        ctx.header("Set-Cookie", COOKIE + "=" + session + "; Path=/; HttpOnly; SameSite=Strict");
        ctx.status(200).contentType("application/json").result(me.body());
    }

    private void logout(Context ctx) {
        String session = ctx.cookie(COOKIE);
        if (session != null) {
            apiTokens.remove(session);
        }
        ctx.header("Set-Cookie", COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
        ctx.status(200).contentType("application/json").result(new Json().beginObject().member("loggedOut", true).endObject().toString());
    }

    private void authenticated(Context ctx) throws IOException, InterruptedException {
        String session = ctx.cookie(COOKIE);
        Sessions.Check check = sessions.touch(session);
        String token = session == null ? null : apiTokens.get(session);
        if (check instanceof Sessions.Check.Expired expired) {
            apiTokens.remove(session);
            error(ctx, 401, "Session expired after " + expired.idle().toMinutes() + " min without use: log in again. Nothing was done.");
            return;
        }
        if (!(check instanceof Sessions.Check.Valid) || token == null) {
            error(ctx, 401, "Not logged in: log in first. Nothing was done.");
            return;
        }
        if (ctx.method().name().equals("POST") && !sessions.firstSubmission(session, ctx.header("X-Submission-Id"))) {
            error(ctx, 409, "This form was already sent (double submit): it acted once, nothing was done again.");
            return;
        }
        forward(ctx, token);
    }

    private void forward(Context ctx, String token) throws IOException, InterruptedException {
        String query = ctx.queryString();
        URI target = api.resolve(ctx.path() + (query == null || query.isEmpty() ? "" : "?" + query));
        HttpRequest.Builder b = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(10));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (ctx.method().name().equals("POST")) {
            b.header("Content-Type", "application/json");
            byte[] body = ctx.bodyAsBytes();
            b.POST(body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        } else {
            b.GET();
        }
        HttpResponse<String> r = send(b.build(), ctx);
        if (r != null) {
            ctx.status(r.statusCode()).contentType("application/json; charset=utf-8").result(r.body());
        }
    }

    /** Sends to the API; when it cannot be reached, answers 502 with why and returns null. */
    private HttpResponse<String> send(HttpRequest request, Context ctx) throws InterruptedException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            error(ctx, 502, "Supervisory server not reachable at " + api + ": " + e.getClass().getSimpleName());
            return null;
        }
    }

    private static void error(Context ctx, int status, String message) {
        ctx.status(status).contentType("application/json; charset=utf-8")
                .result(new Json().beginObject().member("error", message).endObject().toString());
    }

    @Override
    public void close() {
        web.close();
    }
}
