package io.github.ccrhil.web;

import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One HTTP server for a page and its API: Javalin on Jetty, WebJars under {@code /webjars/},
 * the page's own files from the classpath folder given, and every error answered with one
 * plain-text line (never a stack trace).
 */
public final class WebServer implements AutoCloseable {

    private final Javalin app;
    private final String host;

    private WebServer(Javalin app, String host) {
        this.app = app;
        this.host = host;
    }

    /**
     * Starts a server.
     *
     * @param address host and port to listen on (port 0: an ephemeral port)
     * @param staticFolder classpath folder served at {@code /} (e.g. {@code /panel}), or null
     * @param routes the page's API
     */
    public static WebServer start(InetSocketAddress address, String staticFolder, Consumer<RoutesConfig> routes) {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(routes, "routes");
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jetty.host = address.getHostString();
            config.jetty.port = address.getPort();
            config.staticFiles.enableWebjars();
            if (staticFolder != null) {
                config.staticFiles.add(staticFolder, Location.CLASSPATH);
            }
            config.routes.exception(Exception.class, (e, ctx) ->
                    ctx.status(HttpStatus.INTERNAL_SERVER_ERROR).contentType("text/plain; charset=utf-8")
                            .result("internal error: " + e.getClass().getSimpleName()));
            config.routes.error(404, "*", ctx -> ctx.contentType("text/plain; charset=utf-8")
                    .result("not found: " + ctx.path()));
            routes.accept(config.routes);
        });
        app.start();
        return new WebServer(app, address.getHostString());
    }

    /** The port actually bound. */
    public int port() {
        return app.port();
    }

    /** {@code http://host:port/}. */
    public String url() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return "http://" + h + ":" + port() + "/";
    }

    @Override
    public void close() {
        app.stop();
    }
}
