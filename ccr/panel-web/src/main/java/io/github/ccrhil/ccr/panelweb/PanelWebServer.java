package io.github.ccrhil.ccr.panelweb;

import io.github.ccrhil.ccr.firmware.board.CommandOutcome;
import io.github.ccrhil.ccr.firmware.board.Event;
import io.github.ccrhil.ccr.firmware.board.Selector;
import io.github.ccrhil.ccr.firmware.panel.DisplayPanel;
import io.github.ccrhil.ccr.firmware.panel.PanelView;
import io.github.ccrhil.web.Json;
import io.github.ccrhil.web.Sessions;
import io.github.ccrhil.web.SseHub;
import io.github.ccrhil.web.WebServer;
import io.javalin.http.Context;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Serves the display panel as a live page: {@code /} the page, {@code /api/panel} one snapshot,
 * {@code /api/panel/live} the snapshots as server-sent events every {@link Options#publishPeriod},
 * {@code /api/panel/command} the panel's keys. Every key goes to the {@link DisplayPanel}, whose
 * board decides; the answer (accepted, or refused with the board's reason) is shown on the page.
 *
 * <p>A command names its browser session and a one-time submission id. An unknown or expired
 * session, a repeated submission, or a malformed value is answered with one clear line and
 * changes nothing.
 */
public final class PanelWebServer implements AutoCloseable {

    /** Events of the board's log shown on the page. */
    static final int EVENTS_SHOWN = 8;

    /**
     * @param publishPeriod how often the page is sent a snapshot (100 ms: 10 updates per second)
     * @param sessionIdle a browser session expires after this long without a command
     * @param clock the sessions' clock (wall clock; tests may move it)
     * @param readOnly monitoring only: every key is refused (an acceptance run drives the regulator)
     */
    public record Options(Duration publishPeriod, Duration sessionIdle, InstantSource clock, boolean readOnly) {
        public Options {
            Objects.requireNonNull(publishPeriod, "publishPeriod");
            Objects.requireNonNull(sessionIdle, "sessionIdle");
            Objects.requireNonNull(clock, "clock");
            if (publishPeriod.compareTo(Duration.ofMillis(10)) < 0 || publishPeriod.compareTo(Duration.ofMillis(200)) > 0) {
                throw new IllegalArgumentException("publish period must be 10..200 ms (at least 5 updates/s), was " + publishPeriod);
            }
        }

        public static Options defaults() {
            return new Options(Duration.ofMillis(100), Duration.ofMinutes(15), Clock.systemUTC(), false);
        }

        /** The same options, monitoring only. */
        public Options monitoringOnly() {
            return new Options(publishPeriod, sessionIdle, clock, true);
        }
    }

    private final PanelAccess access;
    private final Options options;
    private final Sessions sessions;
    private final SseHub hub = new SseHub();
    private final AtomicLong sequence = new AtomicLong();
    private final ScheduledExecutorService publisher;
    private final WebServer web;

    private PanelWebServer(PanelAccess access, InetSocketAddress address, Options options) {
        this.access = access;
        this.options = options;
        this.sessions = new Sessions(options.clock(), options.sessionIdle());
        this.web = WebServer.start(address, "/panel", routes -> {
            routes.get("/api/panel", ctx -> ctx.contentType("application/json").result(snapshot()));
            routes.sse("/api/panel/live", hub::accept);
            routes.post("/api/session", this::openSession);
            routes.post("/api/panel/command", this::command);
            routes.exception(PanelBusyException.class, (e, ctx) -> answer(ctx, 503, false, false,
                    "The regulator did not answer: " + e.getMessage() + ". Nothing was done."));
        });
        this.publisher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "panel-publisher");
            t.setDaemon(true);
            return t;
        });
        long periodNanos = options.publishPeriod().toNanos();
        publisher.scheduleAtFixedRate(this::publish, 0, periodNanos, TimeUnit.NANOSECONDS);
    }

    /** Starts serving the panel reached through {@code access} on {@code address} (port 0: ephemeral). */
    public static PanelWebServer start(PanelAccess access, InetSocketAddress address, Options options) {
        return new PanelWebServer(Objects.requireNonNull(access, "access"), Objects.requireNonNull(address, "address"),
                Objects.requireNonNull(options, "options"));
    }

    public String url() {
        return web.url();
    }

    public int port() {
        return web.port();
    }

    /** Browsers connected to the live stream. */
    public int watchers() {
        return hub.clientCount();
    }

    private void publish() {
        try {
            hub.broadcast("panel", snapshot());
        } catch (RuntimeException e) {
            // a stalled or finished control loop: the page marks its values stale after 2 s
        }
    }

    private String snapshot() {
        record Taken(PanelView view, List<Event> events) { }
        Taken t = access.call(p -> new Taken(p.view(), List.copyOf(p.recentEvents(EVENTS_SHOWN))));
        return PanelJson.write(sequence.incrementAndGet(), java.time.Instant.now(), t.view(), t.events(), options.readOnly());
    }

    private void openSession(Context ctx) {
        String token = sessions.open();
        ctx.contentType("application/json").result(new Json().beginObject()
                .member("session", token)
                .member("idleTimeoutSeconds", options.sessionIdle().toSeconds())
                .endObject().toString());
    }

    private void command(Context ctx) {
        if (options.readOnly()) {
            answer(ctx, 403, false, true, "This panel is monitoring only: an acceptance run drives the regulator. Nothing was done.");
            return;
        }
        Sessions.Check check = sessions.touch(ctx.formParam("session"));
        if (check instanceof Sessions.Check.Expired x) {
            answer(ctx, 401, false, false, "Session expired (idle " + x.idle().toMinutes()
                    + " min, limit " + options.sessionIdle().toMinutes() + " min): reload the page. Nothing was done.");
            return;
        }
        if (check instanceof Sessions.Check.Unknown) {
            answer(ctx, 401, false, false, "Unknown session: reload the page. Nothing was done.");
            return;
        }
        String action = String.valueOf(ctx.formParam("action"));
        String value = ctx.formParam("value");
        Key key;
        try {
            key = Key.parse(action, value);
        } catch (IllegalArgumentException e) {
            answer(ctx, 400, false, false, e.getMessage() + ". Nothing was done.");
            return;
        }
        if (!sessions.firstSubmission(ctx.formParam("session"), ctx.formParam("submission"))) {
            answer(ctx, 409, false, false, "Already submitted (double submit): " + key.label() + " was not sent again.");
            return;
        }
        CommandOutcome outcome = access.call(key::press);
        publish();
        if (outcome instanceof CommandOutcome.Refused r) {
            answer(ctx, 409, false, true, "Refused: " + key.label() + ": " + r.reason() + ".");
        } else {
            answer(ctx, 200, true, false, "Accepted: " + key.label() + ".");
        }
    }

    private static void answer(Context ctx, int status, boolean ok, boolean refused, String message) {
        ctx.status(status).contentType("application/json").result(new Json().beginObject()
                .member("ok", ok).member("refused", refused).member("message", message).endObject().toString());
    }

    /** A panel key, parsed from the form before anything is done. */
    sealed interface Key {
        CommandOutcome press(DisplayPanel p);

        String label();

        record Step(int step) implements Key {
            public CommandOutcome press(DisplayPanel p) {
                return p.selectStep(step);
            }

            public String label() {
                return step == 0 ? "local key OFF (step 0)" : "local step " + step;
            }
        }

        record StepUp() implements Key {
            public CommandOutcome press(DisplayPanel p) {
                return p.stepUp();
            }

            public String label() {
                return "step up";
            }
        }

        record StepDown() implements Key {
            public CommandOutcome press(DisplayPanel p) {
                return p.stepDown();
            }

            public String label() {
                return "step down";
            }
        }

        record KeySwitch(Selector position) implements Key {
            public CommandOutcome press(DisplayPanel p) {
                return p.turnSelector(position);
            }

            public String label() {
                return "key switch to " + position;
            }
        }

        record Acknowledge() implements Key {
            public CommandOutcome press(DisplayPanel p) {
                return p.acknowledgeAlarms();
            }

            public String label() {
                return "acknowledge alarms";
            }
        }

        record Reset() implements Key {
            public CommandOutcome press(DisplayPanel p) {
                return p.reset();
            }

            public String label() {
                return "reset";
            }
        }

        record Unlock(String password) implements Key {
            public CommandOutcome press(DisplayPanel p) {
                return p.unlock(password);
            }

            public String label() {
                return "unlock settings";
            }

            @Override
            public String toString() {
                return "Unlock[password=***]";
            }
        }

        record Lock() implements Key {
            public CommandOutcome press(DisplayPanel p) {
                p.lock();
                return CommandOutcome.ACCEPTED;
            }

            public String label() {
                return "lock settings";
            }
        }

        static Key parse(String action, String value) {
            return switch (action) {
                case "step" -> new Step(stepNumber(value));
                case "up" -> new StepUp();
                case "down" -> new StepDown();
                case "selector" -> new KeySwitch(position(value));
                case "acknowledge" -> new Acknowledge();
                case "reset" -> new Reset();
                case "unlock" -> new Unlock(value == null ? "" : value);
                case "lock" -> new Lock();
                default -> throw new IllegalArgumentException("Unknown panel key '" + shorten(action) + "'");
            };
        }

        private static int stepNumber(String value) {
            String v = value == null ? "" : value.trim();
            if (!v.matches("-?\\d{1,3}")) {
                throw new IllegalArgumentException("Step must be a whole number, was '" + shorten(v) + "'");
            }
            return Integer.parseInt(v);
        }

        private static Selector position(String value) {
            String v = value == null ? "" : value.trim().toUpperCase(Locale.ROOT);
            return switch (v) {
                case "REMOTE" -> Selector.REMOTE;
                case "LOCAL" -> Selector.LOCAL;
                case "OFF" -> Selector.OFF;
                default -> throw new IllegalArgumentException("Key switch position must be REMOTE, LOCAL or OFF, was '"
                        + shorten(v) + "'");
            };
        }

        private static String shorten(String s) {
            String t = s.replaceAll("\\p{Cntrl}", "?");
            return t.length() > 20 ? t.substring(0, 20) + "…" : t;
        }
    }

    @Override
    public void close() {
        publisher.shutdownNow();
        web.close();
    }
}
