package io.github.ccrhil.water.hmi;

import io.github.ccrhil.web.Bearer;
import io.github.ccrhil.web.Json;
import io.github.ccrhil.web.LoginAnswer;
import io.github.ccrhil.web.Sessions;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The water HMI, served beside the supervisory server's API on the same web server: the page's
 * files from the classpath folder {@link #FILES} at {@code /}, and a session layer in front of
 * the API's own routes under {@code /api/}. The page reads and acts only through that API, so the
 * page and the API cannot disagree. The HMI adds only what a browser form needs:
 * <ul>
 *   <li>{@code POST /hmi/login} (form field {@code token}): the API's own users and roles; a token
 *       the server does not know is refused and opens no session, and counts against the client's
 *       address under the API's own limit on failed logins (an address over it is refused, 429 with
 *       Retry-After, whether it tries the form or the API);</li>
 *   <li>a session cookie with idle expiry, so an API token never stays in the page (the server holds
 *       it and lets the page's API requests act with it, {@link Bearer});</li>
 *   <li>every {@code POST} of a session carries a one-time {@code X-Submission-Id}: a form sent twice
 *       acts once;</li>
 *   <li>{@code GET /hmi/pair}: where the partner server of a hot-standby pair serves its page
 *       ({@code {"partner": url}}, null for a server alone), so a page whose server stops answering
 *       can go to the partner's page, where the operator logs in again (a login is per server: the
 *       API token stays in the server that was given it).</li>
 * </ul>
 * A request with its own {@code Authorization} header is an API client and passes untouched. Every
 * refusal is one JSON object {@code {"error": "..."}} that the page shows as it is.
 */
public final class Hmi {

    /** Cookie holding the HMI session. */
    public static final String COOKIE = "hmi-session";

    /** Classpath folder of the page's files, served at {@code /}. */
    public static final String FILES = "/hmi";

    /**
     * Idle expiry of a login and the clock it is measured on, and the partner's page (an absolute
     * http or https URL ending in {@code /}, as a browser reaches it), or null for a server alone.
     */
    public record Options(Duration sessionIdle, InstantSource clock, URI partner) {
        public Options {
            Objects.requireNonNull(sessionIdle, "sessionIdle");
            Objects.requireNonNull(clock, "clock");
            if (partner != null && (!partner.isAbsolute() || !("http".equals(partner.getScheme()) || "https".equals(partner.getScheme()))
                    || partner.getHost() == null || !partner.getPath().endsWith("/"))) {
                throw new IllegalArgumentException("the partner's page must be an http or https URL ending in /, like "
                        + "http://scada-b:8080/, not " + partner);
            }
        }

        public Options(Duration sessionIdle, InstantSource clock) {
            this(sessionIdle, clock, null);
        }

        public static Options defaults() {
            return new Options(Duration.ofMinutes(15), Clock.systemUTC());
        }

        /** These options with the partner server's page. */
        public Options withPartner(URI page) {
            return new Options(sessionIdle, clock, page);
        }
    }

    /**
     * The server's answer to "who is this token?", asked from a client's address: through the
     * server's limit on failed logins, the one its API applies.
     */
    @FunctionalInterface
    public interface Login {
        LoginAnswer whoIs(String token, String from);
    }

    private final Sessions sessions;
    private final Login login;
    private final URI partner;
    private final Map<String, String> apiTokens = new ConcurrentHashMap<>();

    public Hmi(Options options, Login login) {
        this.sessions = new Sessions(options.clock(), options.sessionIdle());
        this.login = Objects.requireNonNull(login, "login");
        this.partner = options.partner();
    }

    /** Installs the login, logout and the session layer before {@code /api/*}; install before the API's routes. */
    public void routes(RoutesConfig routes) {
        routes.post("/hmi/login", this::login);
        routes.post("/hmi/logout", this::logout);
        routes.get("/hmi/pair", ctx -> ctx.status(200).contentType("application/json").header("Cache-Control", "no-store")
                .result(new Json().beginObject().member("partner", partner == null ? null : partner.toString()).endObject().toString()));
        routes.before("/api/*", this::session);
    }

    private void login(Context ctx) {
        String token = ctx.formParam("token");
        if (token == null || token.isBlank()) {
            error(ctx, 400, "Enter your API token to log in.");
            return;
        }
        LoginAnswer answer = login.whoIs(token.trim(), ctx.ip());
        if (answer instanceof LoginAnswer.TooManyFailures wait) {
            ctx.header("Retry-After", Long.toString(wait.retryAfterSeconds()));
            error(ctx, 429, "Login refused: too many failed logins from this address; try again in " + wait.retryAfterSeconds() + " s.");
            return;
        }
        if (!(answer instanceof LoginAnswer.Known me)) {
            error(ctx, 401, "Login refused: the server does not know this token.");
            return;
        }
        String session = sessions.open();
        apiTokens.put(session, token.trim());
        ctx.header("Set-Cookie", COOKIE + "=" + session + "; Path=/; HttpOnly; SameSite=Strict");
        ctx.status(200).contentType("application/json").result(me.me());
    }

    private void logout(Context ctx) {
        String session = ctx.cookie(COOKIE);
        if (session != null) {
            apiTokens.remove(session);
        }
        ctx.header("Set-Cookie", COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
        ctx.status(200).contentType("application/json").result(new Json().beginObject().member("loggedOut", true).endObject().toString());
    }

    /** Before every API request: a page's session lends it the user's token, or the request is refused here. */
    private void session(Context ctx) {
        String session = ctx.cookie(COOKIE);
        if (Bearer.sentByClient(ctx) || session == null || ctx.path().equals("/api/health")) {
            return; // an API client speaks for itself (and the API refuses one without a token); health needs no one
        }
        Sessions.Check check = sessions.touch(session);
        String token = session == null ? null : apiTokens.get(session);
        if (check instanceof Sessions.Check.Expired expired) {
            apiTokens.remove(session);
            refuse(ctx, 401, "Session expired after " + expired.idle().toMinutes() + " min without use: log in again. Nothing was done.");
            return;
        }
        if (!(check instanceof Sessions.Check.Valid) || token == null) {
            refuse(ctx, 401, "Not logged in: log in first. Nothing was done.");
            return;
        }
        if (ctx.method().name().equals("POST") && !sessions.firstSubmission(session, ctx.header("X-Submission-Id"))) {
            refuse(ctx, 409, "This form was already sent (double submit): it acted once, nothing was done again.");
            return;
        }
        Bearer.assign(ctx, token);
    }

    private static void refuse(Context ctx, int status, String message) {
        error(ctx, status, message);
        ctx.skipRemainingHandlers();
    }

    private static void error(Context ctx, int status, String message) {
        ctx.status(status).contentType("application/json; charset=utf-8")
                .result(new Json().beginObject().member("error", message).endObject().toString());
    }
}
