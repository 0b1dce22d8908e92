package io.github.ccrhil.water.verify.cli;

import io.github.ccrhil.water.verify.site.SiteWiring;
import io.github.ccrhil.water.verify.accept.AcceptanceSuite;
import io.github.ccrhil.evidence.Check;
import io.github.ccrhil.evidence.Outcome;
import io.github.ccrhil.evidence.Verdict;
import io.github.ccrhil.evidence.Verdicts;
import io.github.ccrhil.water.hmi.Hmi;
import io.github.ccrhil.water.scada.api.ApiServer;
import io.github.ccrhil.water.scada.api.LoginThrottle;
import io.github.ccrhil.water.scada.ha.JdbcCoordination;
import io.github.ccrhil.water.scada.historian.Historian;
import io.github.ccrhil.water.scada.historian.JdbcHistorian;
import io.github.ccrhil.water.plant.PlantConfig;
import io.github.ccrhil.water.scada.PlcEndpoint;
import io.github.ccrhil.evidence.ComponentIdentity;
import io.github.ccrhil.water.scada.server.ServerIdentity;
import io.github.ccrhil.water.scada.server.Role;
import io.github.ccrhil.water.scada.server.SupervisoryServer;
import io.github.ccrhil.water.scada.server.User;
import io.github.ccrhil.web.WebServer;
import io.github.ccrhil.water.plant.site.RunningPlant;
import io.github.ccrhil.water.verify.site.SiteAlarms;
import io.github.ccrhil.water.plant.site.WaterSite;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ccr-hil water run|plant|server|accept|check-config}: the water-plant supervisory module's
 * command line. {@code run} is the one-command embedded demo; a site runs {@code plant} (or its real
 * PLCs) and a pair of {@code server}s, each its own process.
 */
@Command(name = "water", mixinStandardHelpOptions = true, version = "ccr-hil water 0.1.0-SNAPSHOT",
        description = "Water purification plant supervisory control: plant + PLCs + supervisory server, and its acceptance suite.",
        subcommands = {WaterMain.Run.class, WaterMain.Plant.class, WaterMain.Server.class, WaterMain.Accept.class,
                WaterMain.CheckConfig.class})
public final class WaterMain implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 2;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with error handling that prints one clear line for bad input. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new WaterMain());
        cl.setExecutionExceptionHandler((ex, line, parse) -> {
            line.getErr().println("water: " + (ex instanceof IllegalArgumentException || ex instanceof IllegalStateException
                    || ex instanceof java.net.BindException ? ex.getMessage() : ex.toString()));
            return 2;
        });
        return cl;
    }

    /** Modbus/TCP Security settings from PKCS#12 files (password in CCRHIL_TLS_PASSWORD), or null for plain Modbus/TCP. */
    static io.github.ccrhil.modbus.tcp.TlsSettings tls(Path key, Path trust) throws java.io.IOException {
        if (key == null && trust == null) {
            return null;
        }
        if (key == null || trust == null) {
            throw new IllegalArgumentException("Modbus/TCP Security needs both --tls-key and --tls-trust");
        }
        String password = System.getenv("CCRHIL_TLS_PASSWORD");
        char[] pw = password == null ? new char[0] : password.toCharArray();
        try {
            return io.github.ccrhil.modbus.tcp.TlsSettings.fromPkcs12(key, pw, trust, pw);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true, description = "Run the whole plant (plant, five PLCs as Modbus TCP servers) and the supervisory server with its HTTP API.")
    static final class Run implements Callable<Integer> {
        @Option(names = "--config", description = "JSON site configuration (see water/README.md)")
        Path config;

        @CommandLine.Mixin
        ApiOptions web;

        @Option(names = "--duration", description = "stop after this many seconds (default: run until interrupted)")
        Long duration;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            SiteConfig cfg = config == null ? SiteConfig.defaults() : SiteConfig.read(config);
            PrintWriter out = spec.commandLine().getOut();
            Path data = Path.of(cfg.dataDir());
            Files.createDirectories(data);
            List<User> users = users(cfg, data.resolve("tokens"), out);
            InetAddress bind = InetAddress.getByName(cfg.bind());
            // the lease and the server name live in the historian's database: a second `run` against the same
            // PostgreSQL historian is refused (its name, scada-1, is taken), never a second active server
            String url = cfg.historianUrl() != null ? cfg.historianUrl()
                    : "jdbc:h2:file:" + data.resolve("historian").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE";
            Historian historian = JdbcHistorian.open(url, null, null);
            try (RunningPlant plant = RunningPlant.start(new WaterSite(PlantConfig.typical(cfg.timeScale()), Duration.ofMillis(100)),
                    Instant.now(), bind, cfg.plcBasePort())) {
                List<PlcEndpoint> eps = new ArrayList<>();
                for (PlcEndpoint e : SiteWiring.endpoints(plant)) {
                    eps.add(new PlcEndpoint(e.name(), bind.getHostAddress(), e.port(), e.unitId(), e.points()));
                    out.println("PLC " + e.name() + " Modbus TCP " + bind.getHostAddress() + ":" + e.port() + " unit " + e.unitId());
                }
                SupervisoryServer.Config sc = new SupervisoryServer.Config("scada-1", eps, Duration.ofMillis(cfg.scanPeriodMs()),
                        Duration.ofMillis(Math.max(200, cfg.scanPeriodMs() / 2)), 3, SiteAlarms.defaults(), users,
                        data.resolve("spool"), Duration.ofSeconds(2), Duration.ofMillis(500), Duration.ofSeconds(60), 120);
                try (SupervisoryServer server = new SupervisoryServer(sc, historian, new JdbcCoordination(url), Clock.systemUTC()).start();
                     ApiServer api = web.start(out, server, new InetSocketAddress(bind, cfg.apiPort()))) {
                    for (ComponentIdentity c : ServerIdentity.collect(historian.describe())) {
                        out.println("identity " + c.component() + ": " + c.model() + " " + c.revision() + " sha256 " + c.sha256());
                    }
                    printEndpoints(out, server.name(), bind, api);
                    out.flush();
                    awaitStop(duration);
                    out.println("stopping; scan cycles " + server.scanner().stats().cycles() + ", samples stored "
                            + historian.count());
                    out.flush();
                }
            }
            return 0;
        }
    }

    /**
     * The users of the config file, or, if it names none, one generated user per role whose tokens
     * are written to {@code tokensFile} (mode 0600, never to the console).
     */
    static List<User> users(SiteConfig cfg, Path tokensFile, PrintWriter out) throws java.io.IOException {
        List<User> users = new ArrayList<>();
        if (!cfg.users().isEmpty()) {
            for (SiteConfig.UserEntry u : cfg.users()) {
                users.add(User.withToken(u.name(), u.role(), u.token()));
            }
            return users;
        }
        SecureRandom rnd = new SecureRandom();
        StringBuilder file = new StringBuilder("# user role bearer-token (generated; keep this file private)\n");
        for (Role r : Role.values()) {
            byte[] b = new byte[16];
            rnd.nextBytes(b);
            String token = HexFormat.of().formatHex(b);
            String name = r.name().toLowerCase(Locale.ROOT);
            users.add(User.withToken(name, r, token));
            file.append(name).append(' ').append(r).append(' ').append(token).append('\n');
        }
        Path abs = tokensFile.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        Files.deleteIfExists(abs);
        try {
            Files.createFile(abs, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(abs);
        }
        Files.writeString(abs, file);
        out.println("generated a user per role; their bearer tokens are in " + abs + " (mode 0600)");
        return users;
    }

    /** Every URL the API answers on: the bound address, or each local address if bound to all. */
    static void printEndpoints(PrintWriter out, String name, InetAddress bind, ApiServer api) throws java.io.IOException {
        List<String> hosts = new ArrayList<>();
        if (bind.isAnyLocalAddress()) {
            for (java.net.NetworkInterface ni : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
                if (ni.isUp()) {
                    for (InetAddress a : java.util.Collections.list(ni.getInetAddresses())) {
                        hosts.add(a instanceof java.net.Inet6Address ? "[" + a.getHostAddress().replaceAll("%.*$", "") + "]"
                                : a.getHostAddress());
                    }
                }
            }
        } else {
            hosts.add(bind.getHostAddress());
        }
        String scheme = api.tls() ? "https" : "http";
        for (String h : hosts) {
            out.println("supervisory server " + name + " API " + scheme + "://" + h + ":" + api.port() + "/api/health");
        }
        for (int port : api.ports()) {
            out.println("water HMI " + scheme + "://" + (bind.isAnyLocalAddress() ? "127.0.0.1" : hosts.get(0)) + ":" + port
                    + "/ (log in with an API token)");
        }
    }

    /**
     * How the API and the HMI are served: one web server (Javalin on Jetty), the API under /api/ and
     * the HMI page at /, on the API port and on --hmi-port if given; HTTPS with a keystore.
     */
    static final class ApiOptions {
        @Option(names = "--hmi-port", description = "also serve the API and the operators' HMI page on this port (0: any free "
                + "port); the HMI is always served on the API port too; log in with an API token")
        Integer hmiPort;

        @Option(names = "--tls-keystore", description = "serve the API and the HMI over HTTPS only, with the key and certificate "
                + "in this JDK keystore (PKCS12 or JKS)")
        Path tlsKeystore;

        @Option(names = "--tls-keystore-password-file", description = "file whose first line is the keystore's password "
                + "(needed with --tls-keystore)")
        Path tlsPasswordFile;

        ApiServer start(PrintWriter out, SupervisoryServer server, InetSocketAddress bind) throws java.io.IOException {
            return start(out, server, bind, null);
        }

        /** Starts the API and the HMI; {@code partnerPage}, if not null, is where the pair's other server serves its page. */
        ApiServer start(PrintWriter out, SupervisoryServer server, InetSocketAddress bind, java.net.URI partnerPage) throws java.io.IOException {
            if (hmiPort != null && (hmiPort < 0 || hmiPort > 65535)) {
                throw new IllegalArgumentException("--hmi-port must be 0..65535, not " + hmiPort);
            }
            if ((tlsKeystore == null) != (tlsPasswordFile == null)) {
                throw new IllegalArgumentException("--tls-keystore and --tls-keystore-password-file go together");
            }
            WebServer.Tls tls = tlsKeystore == null ? null : new WebServer.Tls(tlsKeystore, tlsPasswordFile);
            // the login form and the API count failed logins together, in one limiter
            LoginThrottle logins = new LoginThrottle(LoginThrottle.Settings.DEFAULT, java.time.Clock.systemUTC());
            Hmi hmi = new Hmi(Hmi.Options.defaults().withPartner(partnerPage),
                    (token, from) -> ApiServer.pageLogin(server, logins, token, from));
            return ApiServer.start(server, bind, new WebServer.Options(Hmi.FILES, tls, hmiPort == null ? List.of() : List.of(hmiPort)),
                    hmi::routes, logins);
        }
    }

    /** Waits for the process to be stopped (SIGTERM, Ctrl-C) or for {@code seconds}, if given. */
    static void awaitStop(Long seconds) throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
        if (seconds == null) {
            stop.await();
        } else {
            stop.await(seconds, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Command(name = "plant", mixinStandardHelpOptions = true, description = {"Run the plant and its five PLCs (Modbus TCP "
            + "servers, PLC i on base port + i) on their own, so that supervisory servers can stop and start while the plant "
            + "goes on. The plant keeps its state (levels, set-points) for as long as this process runs."})
    static final class Plant implements Callable<Integer> {
        @Option(names = "--config", description = "JSON site configuration: timeScale, bind, plcBasePort are used")
        Path config;

        @Option(names = "--tls-key", paramLabel = "<file.p12>", description = "Modbus/TCP Security at every PLC (mutual TLS, roles "
                + "from each PLC's profile): the PLCs' key and certificate, PKCS#12, password in CCRHIL_TLS_PASSWORD")
        Path tlsKey;

        @Option(names = "--tls-trust", paramLabel = "<file.p12>", description = "with --tls-key: the CAs the supervisory servers' "
                + "certificates must chain to, PKCS#12 (same password)")
        Path tlsTrust;

        @Option(names = "--duration", description = "stop after this many seconds (default: run until stopped)")
        Long duration;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            SiteConfig cfg = config == null ? SiteConfig.defaults() : SiteConfig.read(config);
            PrintWriter out = spec.commandLine().getOut();
            InetAddress bind = InetAddress.getByName(cfg.bind());
            io.github.ccrhil.modbus.tcp.TlsSettings tls = tls(tlsKey, tlsTrust);
            try (RunningPlant plant = RunningPlant.start(new WaterSite(PlantConfig.typical(cfg.timeScale()), Duration.ofMillis(100)),
                    Instant.now(), bind, cfg.plcBasePort(), tls)) {
                for (PlcEndpoint e : SiteWiring.endpoints(plant, bind.getHostAddress())) {
                    out.println("PLC " + e.name() + (tls == null ? " Modbus TCP " : " Modbus/TCP Security ") + bind.getHostAddress()
                            + ":" + e.port() + " unit " + e.unitId());
                }
                out.println("plant running, time scale " + cfg.timeScale());
                out.flush();
                awaitStop(duration);
                out.println("stopping the plant");
                out.flush();
            }
            return 0;
        }
    }

    @Command(name = "server", mixinStandardHelpOptions = true, description = {"Run one supervisory server (scan, alarms, "
            + "historian, commands, HTTP API) against PLCs served elsewhere (`water plant` or the site's own). Two of them with "
            + "different names sharing one historian database are a hot-standby pair: the lease in that database makes one "
            + "active, the other takes over when it stops or dies.",
            "Example: water server --name scada-a --peer scada-b --historian 'jdbc:postgresql://db:5432/water?user=u&password=p'"})
    static final class Server implements Callable<Integer> {
        @Option(names = "--name", required = true, description = "this server's name, unique in the pair (e.g. scada-a)")
        String name;

        @Option(names = "--peer", description = "the partner's name (e.g. scada-b); needs a shared --historian")
        String peer;

        @Option(names = "--historian", description = "JDBC URL of the historian shared by the pair (jdbc:postgresql://...); "
                + "default: the config's historianUrl, else an embedded H2 file in the data folder (a server alone)")
        String historian;

        @Option(names = "--coordination", paramLabel = "<jdbc-url>", description = "JDBC URL of the pair's lease and command log "
                + "when they are not in the historian's database (jdbc:h2:tcp://... or jdbc:postgresql://...; the acceptance suite "
                + "keeps them in a small database of their own); default: the historian's database")
        String coordination;

        @Option(names = "--plc-ports", split = ",", paramLabel = "<port>", description = "the PLCs' ports in site order (INTAKE, "
                + "COAG, FILTER, CHLOR, TRANSMIT), comma-separated, when they are not the config's plcBasePort + i")
        List<Integer> plcPorts;

        @Option(names = "--tls-key", paramLabel = "<file.p12>", description = "reach the PLCs over Modbus/TCP Security: this "
                + "server's key and certificate (its role, e.g. scada, in the certificate), PKCS#12, password in CCRHIL_TLS_PASSWORD")
        Path tlsKey;

        @Option(names = "--tls-trust", paramLabel = "<file.p12>", description = "with --tls-key: the CAs the PLCs' certificates "
                + "must chain to, PKCS#12 (same password)")
        Path tlsTrust;

        @Option(names = "--plc-host", defaultValue = "127.0.0.1", description = "host of the PLCs (default ${DEFAULT-VALUE})")
        String plcHost;

        @Option(names = "--api-port", description = "port of the HTTP API (default: the config's apiPort)")
        Integer apiPort;

        @Option(names = "--config", description = "JSON site configuration (users, scanPeriodMs, bind, plcBasePort, apiPort, dataDir)")
        Path config;

        @Option(names = "--tokens-file", description = "where generated tokens go when the config names no users "
                + "(default DATA/NAME/tokens, mode 0600)")
        Path tokensFile;

        @CommandLine.Mixin
        ApiOptions web;

        @Option(names = "--peer-hmi", paramLabel = "<url>", description = "where the partner (--peer) serves its HMI page, as "
                + "operators' browsers reach it (e.g. http://scada-b:8080/): a page whose server stops answering goes there")
        String peerHmi;

        @Option(names = "--duration", description = "stop after this many seconds (default: run until stopped)")
        Long duration;

        @Option(names = "--lease-ms", defaultValue = "1500", description = "the active's lease in the shared database, renewed "
                + "every sixth of it: the standby takes over at most a lease and a renewal after the active dies or freezes; a "
                + "longer lease rides out longer pauses of the active (GC, a loaded host) (default ${DEFAULT-VALUE})")
        long leaseMs;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            SiteConfig cfg = config == null ? SiteConfig.defaults() : SiteConfig.read(config);
            if (leaseMs < 600 || leaseMs > 60_000) {
                throw new IllegalArgumentException("--lease-ms must be 600..60000, was " + leaseMs);
            }
            String url = historian != null ? historian : cfg.historianUrl();
            if (url != null && !url.startsWith("jdbc:postgresql:") && !url.startsWith("jdbc:h2:")) {
                throw new IllegalArgumentException("--historian must be a jdbc:postgresql: or jdbc:h2: URL");
            }
            if (coordination != null && !coordination.startsWith("jdbc:postgresql:") && !coordination.startsWith("jdbc:h2:")) {
                throw new IllegalArgumentException("--coordination must be a jdbc:postgresql: or jdbc:h2: URL");
            }
            io.github.ccrhil.modbus.tcp.TlsSettings plcTls = tls(tlsKey, tlsTrust);
            if (peer != null && peer.equals(name)) {
                throw new IllegalArgumentException("--peer must name the other server, not this one (" + name + ")");
            }
            java.net.URI partnerPage = null;
            if (peerHmi != null) {
                if (peer == null) {
                    throw new IllegalArgumentException("--peer-hmi is the partner's page: give --peer too");
                }
                try {
                    partnerPage = Hmi.Options.defaults().withPartner(new java.net.URI(peerHmi)).partner();
                } catch (java.net.URISyntaxException e) {
                    throw new IllegalArgumentException("--peer-hmi: not a URL: " + peerHmi);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("--peer-hmi: " + e.getMessage());
                }
            }
            if (peer != null && url == null) {
                throw new IllegalArgumentException("a pair shares its historian: give --historian jdbc:postgresql://...");
            }
            // the PLCs first: a bad --plc-ports is refused before anything is written
            WaterSite site = new WaterSite(PlantConfig.typical(cfg.timeScale()), Duration.ofMillis(100));
            List<PlcEndpoint> eps = plcPorts != null ? SiteWiring.endpoints(site, plcHost, plcPorts)
                    : SiteWiring.endpoints(site, plcHost, cfg.plcBasePort());
            PrintWriter out = spec.commandLine().getOut();
            Path data = Path.of(cfg.dataDir()).resolve(name);
            Files.createDirectories(data);
            List<User> users = users(cfg, tokensFile != null ? tokensFile : data.resolve("tokens"), out);
            if (url == null) {
                url = "jdbc:h2:file:" + data.resolve("historian").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE";
            }
            InetAddress bind = InetAddress.getByName(cfg.bind());
            if (plcTls != null) {
                eps = eps.stream().map(e -> e.withTls(plcTls)).toList();
            }
            SupervisoryServer.Config sc = new SupervisoryServer.Config(name, eps, Duration.ofMillis(cfg.scanPeriodMs()),
                    Duration.ofMillis(Math.max(200, cfg.scanPeriodMs() / 2)), 3, SiteAlarms.defaults(), users,
                    data.resolve("spool"), Duration.ofMillis(leaseMs), Duration.ofMillis(leaseMs / 6), Duration.ofSeconds(60), 120);
            Historian h = JdbcHistorian.open(url, null, null);
            try (SupervisoryServer server = new SupervisoryServer(sc, h, new JdbcCoordination(coordination != null ? coordination : url),
                    Clock.systemUTC()).start();
                 ApiServer api = web.start(out, server, new InetSocketAddress(bind, apiPort != null ? apiPort : cfg.apiPort()), partnerPage)) {
                for (PlcEndpoint e : eps) {
                    out.println("PLC " + e.name() + (e.tls() == null ? " Modbus TCP " : " Modbus/TCP Security ") + e.host() + ":" + e.port() + " unit " + e.unitId());
                }
                printEndpoints(out, name, bind, api);
                out.println("server " + name + (peer == null ? "" : " (peer " + peer + ")") + " started "
                        + (server.isActive() ? "active, lease epoch " + server.epoch() : "standby"));
                out.flush();
                awaitStop(duration);
                out.println("stopping " + name + "; scan cycles " + server.scanner().stats().cycles());
                out.flush();
            }
            return 0;
        }
    }

    @Command(name = "accept", mixinStandardHelpOptions = true, description = {"Run the acceptance suite on the embedded default and write the evidence bundle "
            + "(kind water-acceptance) into OUT/bundle; `ccr-hil verify-bundle OUT/bundle` re-derives its verdicts.",
            "Exit code: 0 every check passed, 1 a check failed, 3 a check was inconclusive, 2 bad input or a failed environment."})
    static final class Accept implements Callable<Integer> {
        @Option(names = "--out", description = "output folder (new); default water-acceptance-<time>")
        Path out;

        @Option(names = "--scan-ms", defaultValue = "1000", description = "scan period in ms (default ${DEFAULT-VALUE})")
        int scanMs;

        @Option(names = "--load-plcs", defaultValue = "20", description = "synthetic PLCs added as scan load (default ${DEFAULT-VALUE})")
        int loadPlcs;

        @Option(names = "--load-points", defaultValue = "500", description = "points per synthetic PLC (default ${DEFAULT-VALUE})")
        int loadPoints;

        @Option(names = "--cycles", defaultValue = "5", description = "scan cycles observed under load (default ${DEFAULT-VALUE})")
        int cycles;

        @Option(names = "--pg-url", description = "PostgreSQL JDBC URL for the historian instead of the embedded H2")
        String pgUrl;

        @Option(names = "--identity", paramLabel = "<file.yaml>", description = "the identity the equipment must report: a YAML "
                + "identity: list as in the plan (default: this build's application by its hash, the host's parts as found)")
        Path identity;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            java.util.List<io.github.ccrhil.water.verify.accept.WaterPlan.DeclaredComponent> declared = null;
            if (identity != null) {
                try {
                    declared = io.github.ccrhil.water.verify.accept.WaterPlan.readIdentity(identity);
                } catch (io.github.ccrhil.evidence.yaml.ConfigException e) {
                    throw new IllegalArgumentException(e.getMessage(), e);
                }
            }
            Path dir = out != null ? out : Path.of("water-acceptance-" + Instant.now().toString().replace(':', '-'));
            if (Files.exists(dir.resolve("bundle"))) {
                throw new IllegalArgumentException("output folder " + dir + " already holds a bundle; choose a new one");
            }
            AcceptanceSuite suite = new AcceptanceSuite(new AcceptanceSuite.Options(Duration.ofMillis(scanMs), loadPlcs, loadPoints,
                    cycles, dir.resolve("work"), pgUrl));
            if (declared != null) {
                suite.withIdentity(declared);
            }
            PrintWriter progress = spec.commandLine().getOut();
            suite.onProgress(line -> {
                progress.println("accept: " + line);
                progress.flush();
            });
            Path bundle = dir.resolve("bundle");
            List<Verdict> verdicts = suite.run(bundle);
            PrintWriter w = spec.commandLine().getOut();
            for (Verdict v : verdicts) {
                Check headline = v.checks().isEmpty() ? null : v.checks().get(0);
                w.printf(Locale.ROOT, "%-24s %-13s %s%n", v.testId(), v.outcome(), headline == null ? v.reason()
                        : "measured " + headline.measured() + " (limit " + headline.limit() + ")");
            }
            w.println("bundle: " + bundle.toAbsolutePath());
            w.println(Verdicts.count(verdicts, Outcome.PASS) + " passed, " + Verdicts.count(verdicts, Outcome.FAIL) + " failed, "
                    + Verdicts.count(verdicts, Outcome.INCONCLUSIVE) + " inconclusive");
            w.flush();
            return exitCode(Verdicts.overall(verdicts));
        }
    }

    /** The accept command's exit code for the overall verdict: 0 pass, 1 fail, 3 inconclusive (2 is bad input). */
    static int exitCode(Outcome overall) {
        return switch (overall) {
            case PASS -> 0;
            case FAIL -> 1;
            case INCONCLUSIVE, NOT_APPLICABLE -> 3;
        };
    }

    @Command(name = "check-config", mixinStandardHelpOptions = true, description = "Check a `run` configuration file and print the resulting settings.")
    static final class CheckConfig implements Callable<Integer> {
        @CommandLine.Parameters(index = "0", description = "the JSON file")
        Path file;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            SiteConfig c = SiteConfig.read(file);
            spec.commandLine().getOut().println("config " + file + " is valid: " + c.toString().replaceAll("token=[^,\\]]*", "token=***"));
            return 0;
        }
    }
}
