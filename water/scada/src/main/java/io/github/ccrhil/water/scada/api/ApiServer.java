package io.github.ccrhil.water.scada.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
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
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The operators' HTTP/JSON API (JDK HttpServer + Jackson). Every request carries
 * "Authorization: Bearer TOKEN"; roles: viewer reads, operator acknowledges, shelves and runs
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

    private final SupervisoryServer server;
    private final HttpServer http;
    private final ExecutorService pool;
    private final ObjectMapper json = new ObjectMapper().registerModule(new com.fasterxml.jackson.databind.module.SimpleModule()
            .addSerializer(Instant.class, com.fasterxml.jackson.databind.ser.std.ToStringSerializer.instance)
            .addSerializer(Duration.class, com.fasterxml.jackson.databind.ser.std.ToStringSerializer.instance)
            .addSerializer(Double.class, NAN_AS_NULL).addSerializer(double.class, NAN_AS_NULL));

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

    private ApiServer(SupervisoryServer server, HttpServer http) {
        this.server = server;
        this.http = http;
        this.pool = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "api-" + server.name());
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(pool);
        http.createContext("/", this::handle);
    }

    /** Starts the API on {@code bind} (port 0 for an ephemeral one). */
    public static ApiServer start(SupervisoryServer server, InetSocketAddress bind) throws IOException {
        HttpServer http;
        try {
            http = HttpServer.create(bind, 64);
        } catch (java.net.BindException e) {
            java.net.BindException named = new java.net.BindException("API cannot listen on "
                    + bind.getAddress().getHostAddress() + ":" + bind.getPort() + ": " + e.getMessage());
            named.initCause(e);
            throw named;
        }
        ApiServer api = new ApiServer(server, http);
        api.http.start();
        return api;
    }

    public int port() {
        return http.getAddress().getPort();
    }

    private static final class HttpError extends Exception {
        final int status;

        HttpError(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        int status;
        Object body;
        try {
            Object[] r = route(ex);
            status = (Integer) r[0];
            body = r[1];
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
        } catch (IOException | RuntimeException e) {
            status = 500;
            body = error("internal error: " + e);
        }
        byte[] out = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        if (status == 401) {
            ex.getResponseHeaders().set("WWW-Authenticate", "Bearer");
        }
        ex.sendResponseHeaders(status, out.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(out);
        }
    }

    private ObjectNode error(String message) {
        ObjectNode n = json.createObjectNode();
        n.put("error", message);
        return n;
    }

    private Object[] route(HttpExchange ex) throws HttpError, CommandException, HistorianException, IOException {
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getPath();
        Map<String, String> query = query(ex.getRequestURI().getRawQuery());
        String[] parts = path.split("/");
        if (path.equals("/api/health")) {
            expect(method, "GET");
            ObjectNode n = json.createObjectNode();
            n.put("server", server.name());
            n.put("active", server.isActive());
            n.put("epoch", server.epoch());
            return ok(n);
        }
        User user = server.authenticate(bearer(ex));
        if (path.equals("/api/identity")) {
            expect(method, "GET");
            List<ComponentIdentity> ids = ServerIdentity.collect(server.historian().describe());
            return ok(json.valueToTree(ids));
        }
        if (path.equals("/api/tags")) {
            expect(method, "GET");
            ObjectNode n = json.createObjectNode();
            for (Map.Entry<String, Sample> e : server.scanner().current().entrySet()) {
                ObjectNode t = sample(e.getValue());
                describe(t, e.getKey());
                n.set(e.getKey(), t);
            }
            return ok(n);
        }
        if (path.equals("/api/history")) {
            expect(method, "GET");
            String tag = required(query, "tag");
            if (point(tag) == null) {
                throw new HttpError(404, "no such tag: " + tag);
            }
            Instant from = instant(required(query, "from"), "from");
            Instant to = instant(required(query, "to"), "to");
            if (Duration.between(from, to).compareTo(Duration.ofDays(31)) > 0) {
                throw new IllegalArgumentException("history range must be at most 31 days");
            }
            ArrayNode a = json.createArrayNode();
            for (Sample s : server.historian().query(tag, from, to)) {
                a.add(sample(s));
            }
            return ok(a);
        }
        if (path.equals("/api/me")) {
            expect(method, "GET");
            ObjectNode n = json.createObjectNode();
            n.put("user", user.name());
            n.put("role", user.role().name());
            return ok(n);
        }
        if (path.equals("/api/alarms/board")) {
            expect(method, "GET");
            ObjectNode n = json.createObjectNode();
            n.put("flood", server.alarms().inFlood());
            ArrayNode a = n.putArray("alarms");
            server.alarms().all().stream().filter(v -> v.active() || !v.acked() || v.shelved())
                    .sorted(java.util.Comparator.comparing(AlarmManager.AlarmView::priority)
                            .thenComparing(v -> v.raisedAt() == null ? Instant.MIN : v.raisedAt()))
                    .forEach(v -> a.add(json.valueToTree(v)));
            return ok(n);
        }
        if (path.equals("/api/alarms")) {
            expect(method, "GET");
            return ok(json.valueToTree(server.alarms().annunciated()));
        }
        if (parts.length == 5 && parts[1].equals("api") && parts[2].equals("alarms")) {
            expect(method, "POST");
            String id = parts[3];
            server.require(user, Role.OPERATOR, parts[4] + " alarm " + id);
            if (parts[4].equals("ack")) {
                boolean done = server.alarms().acknowledge(id, user.name());
                ObjectNode n = json.createObjectNode();
                n.put("acknowledged", done);
                return ok(n);
            } else if (parts[4].equals("shelve")) {
                JsonNode b = body(ex);
                onlyFields(b, "minutes", "reason");
                long minutes = b.path("minutes").asLong(-1);
                server.alarms().shelve(id, user.name(), Duration.ofMinutes(minutes), b.path("reason").asText(""));
                AlarmManager.AlarmView v = server.alarms().get(id);
                return ok(json.valueToTree(v));
            }
            throw new HttpError(404, "no such alarm action: " + parts[4]);
        }
        if (path.equals("/api/commands") && method.equals("GET")) {
            return ok(json.valueToTree(server.pending()));
        }
        if (path.equals("/api/commands")) {
            expect(method, "POST");
            JsonNode b = body(ex);
            onlyFields(b, "plc", "point", "value", "requestId");
            String plc = text(b, "plc");
            String point = text(b, "point");
            JsonNode v = b.get("value");
            if (v == null || !v.isNumber()) {
                throw new IllegalArgumentException("field 'value' must be a number");
            }
            SupervisoryServer.Pending p = server.prepare(user, plc, point, v.asDouble(), text(b, "requestId"));
            return new Object[] {202, json.valueToTree(p)};
        }
        if (parts.length == 5 && parts[1].equals("api") && parts[2].equals("commands") && parts[4].equals("confirm")) {
            expect(method, "POST");
            SupervisoryServer.CommandResult r = server.confirm(user, parts[3]);
            return new Object[] {r.status().equals("REFUSED") || r.status().equals("FAILED") ? 409 : 200, json.valueToTree(r)};
        }
        if (path.equals("/api/journal")) {
            expect(method, "GET");
            long after = wholeNumber(query, "after", 0, 0, Long.MAX_VALUE);
            int limit = (int) wholeNumber(query, "limit", 100, 1, 1000);
            List<StoredEvent> page = server.historian().trail(after, limit);
            ObjectNode out = json.createObjectNode();
            com.fasterxml.jackson.databind.node.ArrayNode events = out.putArray("events");
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
        }
        throw new HttpError(404, "no such resource: " + method + " " + path);
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
    private static long wholeNumber(Map<String, String> query, String name, long absent, long min, long max) {
        String v = query.get(name);
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

    private Object[] ok(Object body) {
        return new Object[] {200, body};
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

    private static void expect(String method, String wanted) throws HttpError {
        if (!method.equals(wanted)) {
            throw new HttpError(405, "use " + wanted);
        }
    }

    private static String bearer(HttpExchange ex) {
        String h = ex.getRequestHeaders().getFirst("Authorization");
        return h != null && h.startsWith("Bearer ") ? h.substring(7).trim() : null;
    }

    private JsonNode body(HttpExchange ex) throws IOException, HttpError {
        try (InputStream in = ex.getRequestBody()) {
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

    private static String required(Map<String, String> q, String name) {
        String v = q.get(name);
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

    private static Map<String, String> query(String raw) {
        Map<String, String> m = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return m;
        }
        for (String kv : raw.split("&")) {
            int eq = kv.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
            m.put(k, v);
        }
        return m;
    }

    @Override
    public void close() {
        http.stop(0);
        pool.shutdownNow();
    }
}
