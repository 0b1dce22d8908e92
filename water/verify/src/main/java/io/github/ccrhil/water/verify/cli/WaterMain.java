package io.github.ccrhil.water.verify.cli;

import io.github.ccrhil.water.verify.site.SiteWiring;
import io.github.ccrhil.water.verify.accept.AcceptanceSuite;
import io.github.ccrhil.evidence.Check;
import io.github.ccrhil.evidence.Outcome;
import io.github.ccrhil.evidence.Verdict;
import io.github.ccrhil.evidence.Verdicts;
import io.github.ccrhil.water.scada.api.ApiServer;
import io.github.ccrhil.water.scada.ha.SoloCoordination;
import io.github.ccrhil.water.scada.historian.Historian;
import io.github.ccrhil.water.scada.historian.JdbcHistorian;
import io.github.ccrhil.water.plant.PlantConfig;
import io.github.ccrhil.water.scada.PlcEndpoint;
import io.github.ccrhil.evidence.ComponentIdentity;
import io.github.ccrhil.water.scada.server.ServerIdentity;
import io.github.ccrhil.water.scada.server.Role;
import io.github.ccrhil.water.scada.server.SupervisoryServer;
import io.github.ccrhil.water.scada.server.User;
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

/** {@code ccr-hil water run|accept|check-config}: the water-plant supervisory module's command line. */
@Command(name = "water", mixinStandardHelpOptions = true, version = "ccr-hil water 0.1.0-SNAPSHOT",
        description = "Water purification plant supervisory control: plant + PLCs + supervisory server, and its acceptance suite.",
        subcommands = {WaterMain.Run.class, WaterMain.Accept.class, WaterMain.CheckConfig.class})
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
            line.getErr().println("water: " + (ex instanceof IllegalArgumentException ? ex.getMessage() : ex.toString()));
            return 2;
        });
        return cl;
    }

    @Command(name = "run", description = "Run the whole plant (plant, five PLCs as Modbus TCP servers) and the supervisory server with its HTTP API.")
    static final class Run implements Callable<Integer> {
        @Option(names = "--config", description = "JSON site configuration (see water/README.md)")
        Path config;

        @Option(names = "--duration", description = "stop after this many seconds (default: run until interrupted)")
        Long duration;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            SiteConfig cfg = config == null ? SiteConfig.defaults() : SiteConfig.read(config);
            PrintWriter out = spec.commandLine().getOut();
            List<User> users = new ArrayList<>();
            if (cfg.users().isEmpty()) {
                SecureRandom rnd = new SecureRandom();
                for (Role r : Role.values()) {
                    byte[] b = new byte[16];
                    rnd.nextBytes(b);
                    String token = HexFormat.of().formatHex(b);
                    users.add(User.withToken(r.name().toLowerCase(Locale.ROOT), r, token));
                    out.println("generated " + r + " token (user " + r.name().toLowerCase(Locale.ROOT) + "): " + token);
                }
            } else {
                for (SiteConfig.UserEntry u : cfg.users()) {
                    users.add(User.withToken(u.name(), u.role(), u.token()));
                }
            }
            InetAddress bind = InetAddress.getByName(cfg.bind());
            Path data = Path.of(cfg.dataDir());
            Files.createDirectories(data);
            Historian historian = cfg.historianUrl() == null ? JdbcHistorian.h2(data.resolve("historian"))
                    : JdbcHistorian.open(cfg.historianUrl(), null, null);
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
                try (SupervisoryServer server = new SupervisoryServer(sc, historian, new SoloCoordination(), Clock.systemUTC()).start();
                     ApiServer api = ApiServer.start(server, new InetSocketAddress(bind, cfg.apiPort()))) {
                    for (ComponentIdentity c : ServerIdentity.collect(server.name(), historian.describe())) {
                        out.println("identity " + c.component() + ": " + c.model() + " " + c.revision() + " sha256 " + c.sha256());
                    }
                    out.println("supervisory server scada-1 API http://" + bind.getHostAddress() + ":" + api.port() + "/api/health");
                    out.flush();
                    CountDownLatch stop = new CountDownLatch(1);
                    Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
                    if (duration == null) {
                        stop.await();
                    } else {
                        stop.await(duration, java.util.concurrent.TimeUnit.SECONDS);
                    }
                    out.println("stopping; scan cycles " + server.scanner().stats().cycles() + ", samples stored "
                            + historian.count());
                    out.flush();
                }
            }
            return 0;
        }
    }

    @Command(name = "accept", description = {"Run the acceptance suite on the embedded default and write the evidence bundle "
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

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Path dir = out != null ? out : Path.of("water-acceptance-" + Instant.now().toString().replace(':', '-'));
            if (Files.exists(dir.resolve("bundle"))) {
                throw new IllegalArgumentException("output folder " + dir + " already holds a bundle; choose a new one");
            }
            AcceptanceSuite suite = new AcceptanceSuite(new AcceptanceSuite.Options(Duration.ofMillis(scanMs), loadPlcs, loadPoints,
                    cycles, dir.resolve("work"), pgUrl));
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

    @Command(name = "check-config", description = "Check a `run` configuration file and print the resulting settings.")
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
