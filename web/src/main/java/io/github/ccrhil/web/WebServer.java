package io.github.ccrhil.web;

import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * One HTTP server for a page and its API: Javalin on Jetty, WebJars under {@code /webjars/},
 * the page's own files from the classpath folder given, and every error answered with one
 * plain-text line (never a stack trace). Optionally HTTPS only (a JDK keystore served by Jetty's
 * {@link SslContextFactory}), and optionally the same routes on further ports.
 */
public final class WebServer implements AutoCloseable {

    /**
     * HTTPS with the server's key and certificate chain from a JDK keystore (PKCS12 or JKS). The
     * password is read from a file when the server starts, so it never appears on a command line.
     */
    public record Tls(Path keystore, Path passwordFile) {
        public Tls {
            Objects.requireNonNull(keystore, "keystore");
            Objects.requireNonNull(passwordFile, "passwordFile");
        }

        /** The password: the file's first line, without its line end. */
        String password() {
            try {
                List<String> lines = Files.readAllLines(passwordFile);
                return lines.isEmpty() ? "" : lines.get(0);
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("cannot read the keystore password file " + passwordFile + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * How a server is served.
     *
     * @param staticFolder classpath folder served at {@code /} (e.g. {@code /panel}), or null
     * @param tls HTTPS on every port, or null for plain HTTP
     * @param alsoOnPorts further ports on the same host with the same routes (0: an ephemeral one)
     */
    public record Options(String staticFolder, Tls tls, List<Integer> alsoOnPorts) {
        public Options {
            alsoOnPorts = List.copyOf(alsoOnPorts);
            for (int p : alsoOnPorts) {
                if (p < 0 || p > 65535) {
                    throw new IllegalArgumentException("port must be 0..65535, not " + p);
                }
            }
        }

        public static Options plain(String staticFolder) {
            return new Options(staticFolder, null, List.of());
        }
    }

    private final Javalin app;
    private final String host;
    private final boolean tls;

    private WebServer(Javalin app, String host, boolean tls) {
        this.app = app;
        this.host = host;
        this.tls = tls;
    }

    /**
     * Starts a plain-HTTP server.
     *
     * @param address host and port to listen on (port 0: an ephemeral port)
     * @param staticFolder classpath folder served at {@code /} (e.g. {@code /panel}), or null
     * @param routes the page's API
     */
    public static WebServer start(InetSocketAddress address, String staticFolder, Consumer<RoutesConfig> routes) {
        return start(address, Options.plain(staticFolder), routes);
    }

    /**
     * Starts a server.
     *
     * @param address host and port to listen on (port 0: an ephemeral port)
     * @throws IllegalArgumentException a keystore that cannot be read, or a port that is taken (naming it)
     */
    public static WebServer start(InetSocketAddress address, Options options, Consumer<RoutesConfig> routes) {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(routes, "routes");
        SslContextFactory.Server ssl = options.tls() == null ? null : sslContext(options.tls());
        List<Integer> ports = new ArrayList<>();
        ports.add(address.getPort());
        ports.addAll(options.alsoOnPorts());
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.http.prefer405over404 = true;
            config.jetty.host = address.getHostString();
            config.jetty.port = address.getPort();
            for (int port : ports) {
                config.jetty.addConnector((server, http) -> connector(server, http, ssl, address.getHostString(), port));
            }
            config.staticFiles.enableWebjars();
            if (options.staticFolder() != null) {
                config.staticFiles.add(options.staticFolder(), Location.CLASSPATH);
            }
            config.routes.exception(Exception.class, (e, ctx) ->
                    ctx.status(HttpStatus.INTERNAL_SERVER_ERROR).contentType("text/plain; charset=utf-8")
                            .result("internal error: " + e.getClass().getSimpleName()));
            config.routes.error(404, "*", ctx -> {
                String type = ctx.res().getContentType();
                if (type == null || !type.startsWith("application/json")) { // an endpoint's own JSON 404 (an API's) stays
                    ctx.contentType("text/plain; charset=utf-8").result("not found: " + ctx.path());
                }
            });
            routes.accept(config.routes);
        });
        try {
            app.start();
        } catch (RuntimeException e) {
            app.stop();
            if (causedBy(e, BindException.class)) {
                throw new IllegalArgumentException("cannot listen on " + address.getHostString()
                        + (ports.size() == 1 ? ":" + ports.get(0) : " ports " + ports) + ": " + rootMessage(e), e);
            }
            throw e;
        }
        return new WebServer(app, address.getHostString(), ssl != null);
    }

    private static SslContextFactory.Server sslContext(Tls tls) {
        if (!Files.isReadable(tls.keystore())) {
            throw new IllegalArgumentException("keystore " + tls.keystore() + " is not a readable file");
        }
        String password = tls.password();
        try {
            java.security.KeyStore ks = java.security.KeyStore.getInstance(tls.keystore().toFile(), password.toCharArray());
            if (!Arrays.stream(java.util.Collections.list(ks.aliases()).toArray(String[]::new)).anyMatch(a -> isKey(ks, a))) {
                throw new IllegalArgumentException("keystore " + tls.keystore() + " holds no private key");
            }
        } catch (java.security.GeneralSecurityException | java.io.IOException e) {
            throw new IllegalArgumentException("cannot open keystore " + tls.keystore() + ": " + rootMessage(e), e);
        }
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStorePath(tls.keystore().toAbsolutePath().toString());
        ssl.setKeyStorePassword(password);
        ssl.setKeyManagerPassword(password);
        return ssl;
    }

    private static boolean isKey(java.security.KeyStore ks, String alias) {
        try {
            return ks.isKeyEntry(alias);
        } catch (java.security.KeyStoreException e) {
            return false;
        }
    }

    private static Connector connector(Server server, HttpConfiguration http, SslContextFactory.Server ssl, String host, int port) {
        ConnectionFactory[] factories;
        if (ssl == null) {
            factories = new ConnectionFactory[] {new HttpConnectionFactory(http)};
        } else {
            HttpConfiguration https = new HttpConfiguration(http);
            SecureRequestCustomizer secure = new SecureRequestCustomizer();
            secure.setSniHostCheck(false); // a site names its servers by address as often as by host name
            https.addCustomizer(secure);
            factories = new ConnectionFactory[] {new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(https)};
        }
        ServerConnector c = new ServerConnector(server, factories);
        c.setHost(host);
        c.setPort(port);
        return c;
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    /** The port actually bound (the first one). */
    public int port() {
        return app.port();
    }

    /** Every port bound, the first one first. */
    public List<Integer> ports() {
        List<Integer> out = new ArrayList<>();
        for (Connector c : app.jettyServer().server().getConnectors()) {
            out.add(((ServerConnector) c).getLocalPort());
        }
        return out;
    }

    /** True when this server speaks HTTPS only. */
    public boolean tls() {
        return tls;
    }

    /** {@code http://host:port/} or {@code https://host:port/}. */
    public String url() {
        return url(port());
    }

    /** The server's URL on one of its ports. */
    public String url(int port) {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return (tls ? "https" : "http") + "://" + h + ":" + port + "/";
    }

    @Override
    public void close() {
        app.stop();
    }
}
