package io.github.ccrhil.water.scada.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ccrhil.water.scada.historian.HistorianException;
import io.github.ccrhil.water.scada.historian.StoredEvent;
import io.github.ccrhil.modbus.profile.Point;
import io.github.ccrhil.water.scada.server.CommandAuthority;
import io.github.ccrhil.water.scada.AlarmManager;
import io.github.ccrhil.water.scada.Quality;
import io.github.ccrhil.water.scada.Sample;
import io.github.ccrhil.water.scada.server.CommandException;
import io.github.ccrhil.evidence.ComponentIdentity;
import io.github.ccrhil.water.scada.server.ServerIdentity;
import io.github.ccrhil.water.scada.server.Role;
import io.github.ccrhil.water.scada.server.SupervisoryServer;
import io.github.ccrhil.water.scada.server.User;
import io.github.ccrhil.web.Bearer;
import io.github.ccrhil.web.LoginAnswer;
import io.github.ccrhil.web.WebServer;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The operators' HTTP/JSON API: routes under {@code /api/} on the project's web server (Javalin on
 * Jetty, {@link WebServer}; HTTPS when given a keystore), answers written by Jackson. Every request
 * carries "Authorization: Bearer TOKEN" (or, from a page on the same server, the token its login
 * session holds: {@link Bearer}); roles: viewer reads, operator acknowledges, shelves and runs
 * operator commands, engineer also tunes. Commands are two-step (prepare, then confirm by the same
 * user) and every attempt goes to the audit trail (the journal, stored in the historian).
 *
 * <pre>
 * GET  /api/health                       anyone     server name, active/standby, epoch
 * GET  /api/identity                     viewer     server, OS, middleware, application with hashes
 * GET  /api/tags                         viewer     current value and quality of every tag, with its unit, min, max,
 *                                                   description, writable and writeRole (the role a write needs)
 * GET  /api/history?tag=&amp;from=&amp;to=        viewer     samples of a tag, ISO-8601 instants, from ≤ t &lt; to
 * GET  /api/me                           viewer     who the token belongs to: {"user", "role"}
 * GET  /api/alarms                       viewer     annunciated alarms
 * GET  /api/alarms/board                 viewer     the operator's alarm list: {"flood": true while in an alarm flood,
 *                                                   "alarms": every alarm active, unacknowledged or shelved (with
 *                                                   shelvedUntil and shelveReason)}
 * POST /api/alarms/{id}/ack              operator
 * POST /api/alarms/{id}/shelve           operator   {"minutes": n, "reason": "..."}
 * GET  /api/commands                     viewer     commands prepared and waiting for their confirmation
 * POST /api/commands                     by point   {"plc","point","value","requestId"} → 202 + confirmationId
 * POST /api/commands/{confirmationId}/confirm       the preparing user → 200 EXECUTED / DUPLICATE, 409 REFUSED
 * GET  /api/journal?after=id&amp;limit=n     viewer     the stored audit trail of the pair, one page: {"events": [...],
 *                                                   "next": id to pass as after, "more": true if the page was full}
 * </pre>
 * Bad requests answer 400 with {"error": "..."}; nothing a client sends stops the server.
 */
public final class ApiServer implements AutoCloseable {
    private static final int MAX_BODY = 64 * 1024;
    private static final List<HandlerType> METHODS = List.of(HandlerType.GET, HandlerType.POST, HandlerType.PUT,
            HandlerType.DELETE, HandlerType.PATCH);

    private final SupervisoryServer server;
    private final WebServer web;
    private final ObjectMapper json = new ObjectMapper().registerModule(new com.fasterxml.jackson.databind.module.SimpleModule()
            .addSerializer(Instant.class, com.fasterxml.jackson.databind.ser.std.ToStringSerializer.instance)
            .addSerializer(Duration.class, com.fasterxml.jackson.databind.ser.std.ToStringSerializer.instance)
            .addSerializer(Double.class, NAN_AS_NULL).addSerializer(double.class, NAN_AS_NULL));
    /** Every endpoint of the API (method and path pattern), for the 405 and 404 answers of the rest. */
    private final List<String[]> endpoints = new ArrayList<>();

    /** A value not known (NaN) is JSON null, not the string "NaN". */
    private static final com.fasterxml.jackson.databind.JsonSerializer<Double> NAN_AS_NULL =
            new com.fasterxml.jackson.databind.JsonSerializer<>() {
                @Override
                public void serialize(Double v, com.fasterxml.jackson.core.JsonGenerator g,
                                      com.fasterxml.jackson.databind.SerializerProvider p) throws IOException {
                    if (v == null || v.isNaN() || v.isInfinite()) {
                        g.writeNull();
                    } else {
                        g.writeNumber(v);
                    }
                }
            };

    private final LoginThrottle throttle;

    private ApiServer(SupervisoryServer server, InetSocketAddress bind, WebServer.Options options, Consumer<RoutesConfig> pages,
                      LoginThrottle logins) {
        this.server = server;
        this.throttle = java.util.Objects.requireNonNull(logins, "logins");
        this.web = WebServer.start(bind, options, routes -> {
            if (pages != null) {
                pages.accept(routes);
            }
            routes(routes);
        });
    }

    /** Starts the API alone, plain HTTP, on {@code bind} (port 0 for an ephemeral one). */
    public static ApiServer start(SupervisoryServer server, InetSocketAddress bind) throws IOException {
        return start(server, bind, WebServer.Options.plain(null), null);
    }

    /**
     * Starts the API on {@code bind} with the server options given (HTTPS, more ports, a page's
     * files) and a page's own routes beside it ({@code pages}, may be null; installed first, so a
     * page's session layer runs before the API's handlers).
     *
     * @throws BindException naming the address when a port is taken
     * @throws IllegalArgumentException a keystore that cannot be opened
     */
    public static ApiServer start(SupervisoryServer server, InetSocketAddress bind, WebServer.Options options,
                                  Consumer<RoutesConfig> pages) throws IOException {
        return start(server, bind, options, pages, LoginThrottle.Settings.DEFAULT);
    }

    /**
     * As {@link #start(SupervisoryServer, InetSocketAddress, WebServer.Options, Consumer)}, with the
     * limit on failed logins given ({@link LoginThrottle}; the default is
     * {@link LoginThrottle.Settings#DEFAULT}).
     */
    public static ApiServer start(SupervisoryServer server, InetSocketAddress bind, WebServer.Options options,
                                  Consumer<RoutesConfig> pages, LoginThrottle.Settings logins) throws IOException {
        return start(server, bind, options, pages, new LoginThrottle(logins, java.time.Clock.systemUTC()));
    }

    /**
     * As {@link #start(SupervisoryServer, InetSocketAddress, WebServer.Options, Consumer)}, counting
     * failed logins in {@code logins}: the limiter a page's login form on this server shares with the
     * API ({@link #pageLogin}), so that failures by either count together.
     */
    public static ApiServer start(SupervisoryServer server, InetSocketAddress bind, WebServer.Options options,
                                  Consumer<RoutesConfig> pages, LoginThrottle logins) throws IOException {
        try {
            return new ApiServer(server, bind, options, pages, logins);
        } catch (IllegalArgumentException e) {
            if (e.getCause() != null && causedByBind(e)) {
                BindException named = new BindException("API " + e.getMessage());
                named.initCause(e);
                throw named;
            }
            throw e;
        }
    }

    private static boolean causedByBind(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    /** Requests refused so far because their address had too many failed logins. */
    public long throttledRequests() {
        return throttle.throttled();
    }

    /** The first port the API listens on. */
    public int port() {
        return web.port();
    }

    /** Every port the API listens on, the first one first. */
    public List<Integer> ports() {
        return web.ports();
    }

    /** {@code http://host:port/} or {@code https://host:port/}: the API is under {@code api/}. */
    public String url() {
        return web.url();
    }

    public boolean tls() {
        return web.tls();
    }

    /**
     * A page's login on this server with {@code token}, from the client address {@code from}, under
     * the API's limit on failed logins ({@code logins}, the one the API was started with): an address
     * over the limit is refused without its token being looked at; a token the server does not know
     * counts as a failed login of the address, as it does at the API. A known token's answer is what
     * {@code GET /api/me} answers (a JSON object with user and role).
     */
    public static LoginAnswer pageLogin(SupervisoryServer server, LoginThrottle logins, String token, String from) {
        Optional<Duration> wait = logins.blocked(from);
        if (wait.isPresent()) {
            return new LoginAnswer.TooManyFailures(LoginThrottle.retryAfterSeconds(wait.get()));
        }
        try {
            User u = server.authenticate(token);
            ObjectNode n = new ObjectMapper().createObjectNode();
            n.put("user", u.name());
            n.put("role", u.role().name());
            return new LoginAnswer.Known(n.toString());
        } catch (CommandException e) {
            failedLogin(server, logins, from);
            return new LoginAnswer.Unknown();
        }
    }

    /** Counts a failed login from {@code from}; the failure that reaches the limit is journaled. */
    private static void failedLogin(SupervisoryServer server, LoginThrottle logins, String from) {
        if (logins.failed(from)) {
            server.recordLoginThrottled(from, logins.settings().maxFailures(), logins.settings().window());
        }
    }

    private static final class HttpError extends Exception {
        final int status;

        HttpError(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private record Reply(int status, Object body) {
    }

    /** An API endpoint: the request in, the status and body out; throws what {@link #answer} maps. */
    @FunctionalInterface
    private interface Action {
        Reply handle(Context ctx) throws Exception;
    }

    /** An endpoint that needs a known user. */
    @FunctionalInterface
    private interface UserAction {
        Reply handle(Context ctx, User user) throws Exception;
    }

    private void routes(RoutesConfig routes) {
        add(routes, HandlerType.GET, "/api/health", ctx -> {
            ObjectNode n = json.createObjectNode();
            n.put("server", server.name());
            n.put("active", server.isActive());
            n.put("epoch", server.epoch());
            return ok(n);
        });
        add(routes, HandlerType.GET, "/api/identity", user((ctx, u) ->
                ok(json.valueToTree(ServerIdentity.collect(server.historian().describe())))));
        add(routes, HandlerType.GET, "/api/tags", user((ctx, u) -> {
            ObjectNode n = json.createObjectNode();
            for (Map.Entry<String, Sample> e : server.scanner().current().entrySet()) {
                ObjectNode t = sample(e.getValue());
                describe(t, e.getKey());
                n.set(e.getKey(), t);
            }
            return ok(n);
        }));
        add(routes, HandlerType.GET, "/api/history", user((ctx, u) -> {
            String tag = required(ctx, "tag");
            if (point(tag) == null) {
                throw new HttpError(404, "no such tag: " + tag);
            }
            Instant from = instant(required(ctx, "from"), "from");
            Instant to = instant(required(ctx, "to"), "to");
            if (Duration.between(from, to).compareTo(Duration.ofDays(31)) > 0) {
                throw new IllegalArgumentException("history range must be at most 31 days");
            }
            ArrayNode a = json.createArrayNode();
            for (Sample s : server.historian().query(tag, from, to)) {
                a.add(sample(s));
            }
            return ok(a);
        }));
        add(routes, HandlerType.GET, "/api/me", user((ctx, u) -> {
            ObjectNode n = json.createObjectNode();
            n.put("user", u.name());
            n.put("role", u.role().name());
            return ok(n);
        }));
        add(routes, HandlerType.GET, "/api/alarms/board", user((ctx, u) -> {
            ObjectNode n = json.createObjectNode();
            n.put("flood", server.alarms().inFlood());
            ArrayNode a = n.putArray("alarms");
            server.alarms().all().stream().filter(v -> v.active() || !v.acked() || v.shelved())
                    .sorted(java.util.Comparator.comparing(AlarmManager.AlarmView::priority)
                            .thenComparing(v -> v.raisedAt() == null ? Instant.MIN : v.raisedAt()))
                    .forEach(v -> a.add(json.valueToTree(v)));
            return ok(n);
        }));
        add(routes, HandlerType.GET, "/api/alarms", user((ctx, u) -> ok(json.valueToTree(server.alarms().annunciated()))));
        add(routes, HandlerType.POST, "/api/alarms/{id}/{action}", user((ctx, u) -> {
            String id = ctx.pathParam("id");
            String action = ctx.pathParam("action");
            server.require(u, Role.OPERATOR, action + " alarm " + id);
            if (action.equals("ack")) {
                boolean done = server.alarms().acknowledge(id, u.name());
                ObjectNode n = json.createObjectNode();
                n.put("acknowledged", done);
                return ok(n);
            } else if (action.equals("shelve")) {
                JsonNode b = body(ctx);
                onlyFields(b, "minutes", "reason");
                long minutes = b.path("minutes").asLong(-1);
                server.alarms().shelve(id, u.name(), Duration.ofMinutes(minutes), b.path("reason").asText(""));
                return ok(json.valueToTree(server.alarms().get(id)));
            }
            throw new HttpError(404, "no such alarm action: " + action);
        }));
        add(routes, HandlerType.GET, "/api/commands", user((ctx, u) -> ok(json.valueToTree(server.pending()))));
        add(routes, HandlerType.POST, "/api/commands", user((ctx, u) -> {
            JsonNode b = body(ctx);
            onlyFields(b, "plc", "point", "value", "requestId");
            String plc = text(b, "plc");
            String point = text(b, "point");
            JsonNode v = b.get("value");
            if (v == null || !v.isNumber()) {
                throw new IllegalArgumentException("field 'value' must be a number");
            }
            SupervisoryServer.Pending p = server.prepare(u, plc, point, v.asDouble(), text(b, "requestId"));
            return new Reply(202, json.valueToTree(p));
        }));
        add(routes, HandlerType.POST, "/api/commands/{confirmationId}/confirm", user((ctx, u) -> {
            SupervisoryServer.CommandResult r = server.confirm(u, ctx.pathParam("confirmationId"));
            return new Reply(r.status().equals("REFUSED") || r.status().equals("FAILED") ? 409 : 200, json.valueToTree(r));
        }));
        add(routes, HandlerType.GET, "/api/journal", user((ctx, u) -> {
            long after = wholeNumber(ctx, "after", 0, 0, Long.MAX_VALUE);
            int limit = (int) wholeNumber(ctx, "limit", 100, 1, 1000);
            List<StoredEvent> page = server.historian().trail(after, limit);
            ObjectNode out = json.createObjectNode();
            ArrayNode events = out.putArray("events");
            for (StoredEvent e : page) {
                ObjectNode n = events.addObject();
                n.put("id", e.id());
                n.put("server", e.server());
                n.put("boot", e.boot());
                n.put("epoch", e.epoch());
                n.put("seq", e.event().seq());
                n.put("time", e.event().time().toString());
                n.put("type", e.event().type());
                n.put("source", e.event().source());
                n.put("user", e.event().user());
                n.put("detail", e.event().detail());
            }
            out.put("next", page.isEmpty() ? after : page.get(page.size() - 1).id());
            out.put("more", page.size() == limit);
            return ok(out);
        }));
        // everything else under /api/ (after the endpoints: the first matching route answers): a known user is told
        // which method the resource takes (405) or that there is no such resource (404), always as JSON
        for (HandlerType m : METHODS) {
            routes.addHttpHandler(m, "/api/*", ctx -> answer(ctx, user((c, u) -> {
                List<String> allowed = new ArrayList<>();
                for (String[] e : endpoints) {
                    if (matches(e[1], c.path()) && !allowed.contains(e[0])) {
                        allowed.add(e[0]);
                    }
                }
                if (!allowed.isEmpty()) {
                    throw new HttpError(405, "use " + String.join(" or ", allowed));
                }
                throw new HttpError(404, "no such resource: " + c.method().name() + " " + c.path());
            })));
        }
    }

    private void add(RoutesConfig routes, HandlerType method, String path, Action action) {
        endpoints.add(new String[] {method.name(), path});
        routes.addHttpHandler(method, path, ctx -> answer(ctx, action));
    }

    /** Whether a route pattern ("/api/alarms/{id}/ack") matches a request path, one segment per {name}. */
    private static boolean matches(String pattern, String path) {
        String[] p = pattern.split("/");
        String[] r = path.replaceAll("/+$", "").split("/");
        if (p.length != r.length) {
            return false;
        }
        for (int i = 0; i < p.length; i++) {
            if (!(p[i].startsWith("{") ? !r[i].isEmpty() : p[i].equals(r[i]))) {
                return false;
            }
        }
        return true;
    }

    private Action user(UserAction action) {
        return ctx -> {
            String from = ctx.ip();
            Optional<Duration> wait = throttle.blocked(from);
            if (wait.isPresent()) {
                long seconds = LoginThrottle.retryAfterSeconds(wait.get());
                ctx.header("Retry-After", Long.toString(seconds));
                throw new HttpError(429, "too many failed logins from " + from + ": try again in " + seconds + " s");
            }
            User u;
            Optional<String> token = Bearer.of(ctx);
            try {
                u = server.authenticate(token.orElse(null));
            } catch (CommandException e) {
                if (token.isPresent()) {
                    failedLogin(server, throttle, from);
                }
                if (ctx.method() != HandlerType.GET) {
                    // a command attempt without a valid token is refused and journaled like any other refusal
                    server.refuseUnauthenticated(ctx.method().name() + " " + ctx.path(), ctx.ip());
                }
                throw e;
            }
            return action.handle(ctx, u);
        };
    }

    /** Runs an endpoint and writes its answer; every failure becomes a status and {"error": "..."}. */
    private void answer(Context ctx, Action action) throws IOException {
        int status;
        Object body;
        try {
            Reply r = action.handle(ctx);
            status = r.status();
            body = r.body();
        } catch (HttpError e) {
            status = e.status;
            body = error(e.getMessage());
        } catch (CommandException e) {
            status = switch (e.kind()) {
                case UNAUTHENTICATED -> 401;
                case FORBIDDEN -> 403;
                case NOT_FOUND -> 404;
                case EXPIRED -> 410;
                case STANDBY -> 503;
                case REFUSED -> 409;
            };
            body = error(e.getMessage());
        } catch (IllegalArgumentException e) {
            status = 400;
            body = error(e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse(""));
        } catch (HistorianException e) {
            status = 503;
            body = error("historian unavailable: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = 503;
            body = error("interrupted");
        } catch (Exception e) {
            status = 500;
            body = error("internal error: " + e);
        }
        if (status == 401) {
            ctx.header("WWW-Authenticate", "Bearer");
        }
        ctx.status(status).contentType("application/json; charset=utf-8")
                .result(json.writerWithDefaultPrettyPrinter().writeValueAsBytes(body));
    }

    private ObjectNode error(String message) {
        ObjectNode n = json.createObjectNode();
        n.put("error", message);
        return n;
    }

    /** The profile point behind a tag "PLC.point", or null if there is none. */
    private Point point(String tag) {
        int dot = tag.indexOf('.');
        if (dot < 1 || !server.scanner().plcNames().contains(tag.substring(0, dot))) {
            return null;
        }
        return server.scanner().endpoint(tag.substring(0, dot)).points().point(tag.substring(dot + 1)).orElse(null);
    }

    /** What an operator needs to know about a tag: unit, range, description, whether and by whom it may be written. */
    private void describe(ObjectNode n, String tag) {
        Point p = point(tag);
        if (p == null) {
            return;
        }
        n.put("unit", p.unit());
        if (p.min() == null) {
            n.putNull("min");
        } else {
            n.put("min", p.min());
        }
        if (p.max() == null) {
            n.putNull("max");
        } else {
            n.put("max", p.max());
        }
        n.put("description", p.description() == null ? "" : p.description());
        boolean writable = p.access().writable();
        n.put("writable", writable);
        int dot = tag.indexOf('.');
        if (writable) {
            n.put("writeRole", CommandAuthority.required(tag.substring(0, dot), p.name()).name());
        } else {
            n.putNull("writeRole");
        }
    }

    /** A body field this request does not know is a mistake of the client, said, not ignored. */
    private static void onlyFields(JsonNode body, String... known) {
        java.util.Set<String> allowed = java.util.Set.of(known);
        for (java.util.Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw new IllegalArgumentException("unknown field '" + f + "' (this request takes " + String.join(", ", known) + ")");
            }
        }
    }

    /** A whole-number query parameter within [min, max], or the default when absent. */
    private static long wholeNumber(Context ctx, String name, long absent, long min, long max) {
        String v = ctx.queryParam(name);
        if (v == null) {
            return absent;
        }
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + name + "' must be a whole number, not " + v);
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException("'" + name + "' must be between " + min + " and " + max + ", not " + n);
        }
        return n;
    }

    private static Reply ok(Object body) {
        return new Reply(200, body);
    }

    private ObjectNode sample(Sample s) {
        ObjectNode n = json.createObjectNode();
        n.put("tag", s.tag());
        n.put("time", s.time().toString());
        if (Double.isNaN(s.value())) {
            n.putNull("value");
        } else {
            n.put("value", s.value());
        }
        n.put("quality", s.quality() == Quality.COMM_FAIL ? "comm-fail" : s.quality().name().toLowerCase(java.util.Locale.ROOT));
        return n;
    }

    private JsonNode body(Context ctx) throws IOException, HttpError {
        if (ctx.contentLength() > MAX_BODY) {
            throw new HttpError(413, "request body larger than " + MAX_BODY + " bytes");
        }
        try (InputStream in = ctx.bodyInputStream()) {
            byte[] b = in.readNBytes(MAX_BODY + 1);
            if (b.length > MAX_BODY) {
                throw new HttpError(413, "request body larger than " + MAX_BODY + " bytes");
            }
            if (b.length == 0) {
                throw new IllegalArgumentException("request body must be a JSON object");
            }
            JsonNode n;
            try {
                n = json.readTree(b);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("request body is not valid JSON: " + e.getOriginalMessage());
            }
            if (n == null || !n.isObject()) {
                throw new IllegalArgumentException("request body must be a JSON object");
            }
            return n;
        }
    }

    private static String text(JsonNode b, String field) {
        JsonNode n = b.get(field);
        if (n == null || !n.isTextual() || n.asText().isBlank()) {
            throw new IllegalArgumentException("field '" + field + "' must be a non-empty string");
        }
        return n.asText();
    }

    private static String required(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("query parameter '" + name + "' is required");
        }
        return v;
    }

    private static Instant instant(String s, String name) {
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + name + "' must be an ISO-8601 instant like 2026-01-01T00:00:00Z, was " + s);
        }
    }

    @Override
    public void close() {
        web.close();
    }
}
