package io.github.ccrhil.water.verify.accept;

import io.github.ccrhil.evidence.host.HostMonitor;
import java.util.function.LongSupplier;

import io.github.ccrhil.water.verify.site.ServerProcess;
import io.github.ccrhil.water.verify.site.SiteWiring;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ccrhil.modbus.client.ModbusExceptionResponse;
import io.github.ccrhil.modbus.tcp.ModbusTcpClient;
import io.github.ccrhil.water.scada.api.ApiServer;
import io.github.ccrhil.water.scada.api.LoginThrottle;
import io.github.ccrhil.water.scada.ha.JdbcCoordination;
import io.github.ccrhil.water.scada.historian.FaultableHistorian;
import io.github.ccrhil.water.scada.historian.Historian;
import io.github.ccrhil.water.scada.historian.JdbcHistorian;
import io.github.ccrhil.water.plant.PlantConfig;
import io.github.ccrhil.water.plant.Tags;
import io.github.ccrhil.water.plant.WaterPlant;
import io.github.ccrhil.water.plant.plc.ChlorinationProgram;
import io.github.ccrhil.water.plant.plc.CoagulationProgram;
import io.github.ccrhil.water.plant.plc.FilterProgram;
import io.github.ccrhil.water.plant.plc.Plc;
import io.github.ccrhil.water.plant.plc.PlcServer;
import io.github.ccrhil.water.plant.plc.SyntheticFarm;
import io.github.ccrhil.water.scada.AlarmManager;
import io.github.ccrhil.water.scada.PlcEndpoint;
import io.github.ccrhil.water.scada.Quality;
import io.github.ccrhil.water.scada.Sample;
import io.github.ccrhil.evidence.ComponentIdentity;
import io.github.ccrhil.water.scada.server.ServerIdentity;
import io.github.ccrhil.water.scada.server.Role;
import io.github.ccrhil.water.scada.server.SupervisoryServer;
import io.github.ccrhil.water.scada.server.User;
import io.github.ccrhil.water.plant.sim.PeriodicRunner;
import io.github.ccrhil.evidence.time.SimulatedClock;
import io.github.ccrhil.evidence.FixedPoint;
import io.github.ccrhil.evidence.Verdict;
import io.github.ccrhil.evidence.bundle.BundleFolder;
import io.github.ccrhil.evidence.bundle.Results;
import io.github.ccrhil.water.plant.site.RunningPlant;
import io.github.ccrhil.water.verify.site.SiteAlarms;
import io.github.ccrhil.water.plant.site.WaterSite;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The acceptance suite for the supervisory system, run against the embedded default (plant +
 * PLCs on loopback + a hot-standby pair of servers on an H2 historian, or PostgreSQL if a URL is
 * given). Checks: scan period under load; alarm latency; failover time; historian completeness
 * after faults (PLC link loss, database outage, primary killed and restarted); PLC autonomy while
 * the servers are down; command authority; a raw-water turbidity step answered inside water.md's
 * limits (simulated time, deterministic).
 *
 * <p>The live run only records: each check writes what it observed into the bundle
 * ({@link RawData}), and the verdicts are computed from those files and the plan's limits by
 * {@link WaterJudge}, the same function {@code verify-bundle} runs.
 */
public final class AcceptanceSuite {

    /**
     * @param scanPeriod  the servers' scan period
     * @param loadPlcs    synthetic PLCs added to the five plant PLCs to load the scan
     * @param loadPoints  points per synthetic PLC
     * @param loadCycles  scan cycles observed under load
     * @param workDir     where the historian, spools and bundle work files go
     * @param pgUrl       PostgreSQL JDBC URL for the historian, or null for the embedded H2 default
     */
    public record Options(Duration scanPeriod, int loadPlcs, int loadPoints, int loadCycles, Path workDir, String pgUrl) {
        public Options {
            if (scanPeriod == null || scanPeriod.compareTo(Duration.ofMillis(50)) < 0) {
                throw new IllegalArgumentException("scan period must be at least 50 ms");
            }
            if (loadPlcs < 0 || loadPlcs > 200 || loadPoints < 1 || loadPoints > 2000 || loadCycles < 2) {
                throw new IllegalArgumentException("load must be 0..200 PLCs of 1..2000 points over >= 2 cycles");
            }
        }

        public static Options defaults(Path workDir) {
            return new Options(Duration.ofSeconds(1), 20, 500, 5, workDir, null);
        }
    }

    static final String VIEWER = "suite-viewer-token-01";
    static final String OPERATOR = "suite-operator-token-1";
    static final String ENGINEER = "suite-engineer-token-1";
    static final Duration LEASE_TTL = Duration.ofMillis(1000);
    static final Duration HEARTBEAT = Duration.ofMillis(200);
    /** The operator's user name: the confirmed command is executed for this user. */
    static final String OPERATOR_USER = "otto";

    private final Options opt;
    private final List<String> log = new ArrayList<>();
    private final ObjectMapper json = new ObjectMapper();
    private Path bundle;
    private HostMonitor host;
    /** How long the suite waits for the standby to take over after the kill. */
    static final Duration STANDBY_WAIT = Duration.ofSeconds(10);
    /** How far before a timed check the host's figures are kept with it. */
    static final Duration HOST_LOOKBACK = Duration.ofSeconds(2);

    /**
     * Starts a check's host file from {@code from} ({@link #HOST_LOOKBACK} before it): the rows
     * since then written at once, then each as it is sampled, so a run killed inside the check
     * leaves its host's figures on disk.
     */
    private HostMonitor.Recording hostFrom(String checkId, Instant from) throws IOException {
        HostMonitor h = host;
        return h == null ? null : h.record(bundle.resolve(RawData.hostFile(checkId)), from.minus(HOST_LOOKBACK));
    }

    /** Closes a host file once a row after {@code to} is in it (the window's end covered), before the check is completed. */
    private static void closeAfter(HostMonitor.Recording r, Instant to) throws IOException, InterruptedException {
        Instant end = to.plus(HostMonitor.PERIOD).plus(HostMonitor.PERIOD);
        for (Instant now = Instant.now(); now.isBefore(end); now = Instant.now()) {
            Thread.sleep(StrictMath.max(1, Duration.between(now, end).toMillis()));
        }
        close(r);
    }

    /**
     * Starts a timed check's host file, streamed as the host is sampled (from {@link #HOST_LOOKBACK}
     * before now), so a run killed inside the check leaves its host's figures on disk; closed at the
     * check's end, before the check is completed in the manifest.
     */
    private HostMonitor.Recording hostFromNow(String checkId) throws IOException {
        HostMonitor h = host;
        return h == null ? null : h.record(bundle.resolve(RawData.hostFile(checkId)), Instant.now().minus(HOST_LOOKBACK));
    }

    private static void close(HostMonitor.Recording r) throws IOException {
        if (r != null) {
            r.close();
        }
    }

    public AcceptanceSuite(Options opt) {
        this.opt = opt;
    }

    /** The plan: what will be checked, how and against which limits, fixed before the run. */
    private ServerDefect defect = ServerDefect.NONE;

    /** Runs the suite against a deliberately defective server (the suite proving itself). */
    public AcceptanceSuite withDefect(ServerDefect d) {
        this.defect = java.util.Objects.requireNonNull(d, "defect");
        return this;
    }

    private List<WaterPlan.DeclaredComponent> declaredIdentity;

    /** Runs under a plan that declares {@code declared} as the identity the equipment must report (a site's own). */
    public AcceptanceSuite withIdentity(List<WaterPlan.DeclaredComponent> declared) {
        this.declaredIdentity = List.copyOf(declared);
        return this;
    }

    public WaterPlan plan() {
        WaterPlan plan = WaterPlan.of(opt);
        return declaredIdentity == null ? plan : plan.withIdentity(declaredIdentity);
    }

    private void log(String s) {
        String line = Instant.now() + " " + s;
        log.add(line);
        progress.accept(line);
    }

    private java.util.function.Consumer<String> progress = line -> { };

    /** Where the suite says what it is doing as it goes (the command line prints it). */
    public AcceptanceSuite onProgress(java.util.function.Consumer<String> sink) {
        this.progress = java.util.Objects.requireNonNull(sink);
        return this;
    }

    /**
     * Runs every check and writes the evidence bundle into {@code bundleDir} (new or empty): the
     * plan first, then the raw data of each check as it is recorded, then the verdicts judged from
     * those files ({@link WaterJudge}), the report and the manifest. Never throws for a failed
     * check (that is a FAIL verdict). When the environment itself fails (a port, the database), the
     * bundle is still finished and sealed with what was recorded, and the exception is rethrown.
     *
     * @return the verdicts, in plan order, as {@code verify-bundle} re-derives them
     * @throws IllegalArgumentException when {@code bundleDir} holds anything
     */
    public List<Verdict> run(Path bundleDir) throws Exception {
        BundleFolder folder = WaterAcceptanceBundle.start(bundleDir, plan());
        bundle = folder.dir();
        // crash-safe: the status says "running" until the end, and the manifest grows as each
        // check's raw data are complete, so a killed run is INCOMPLETE with its finished checks covered
        WaterAcceptanceBundle.running(folder);
        try {
            record();
        } catch (Exception e) {
            log("suite environment failed: " + e);
            try {
                WaterAcceptanceBundle.finish(folder, "incomplete: the suite environment failed: " + e, log);
            } catch (Exception notFinished) {
                e.addSuppressed(notFinished);
            }
            throw e;
        }
        log("suite finished");
        return WaterAcceptanceBundle.finish(folder, Results.COMPLETE, log);
    }

    private void record() throws Exception {
        String url = opt.pgUrl() != null ? opt.pgUrl()
                : "jdbc:h2:file:" + opt.workDir().resolve("historian").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE";
        log("suite started; historian " + (opt.pgUrl() == null ? "H2 embedded" : "PostgreSQL"));
        List<User> users = List.of(User.withToken("vera", Role.VIEWER, VIEWER), User.withToken(OPERATOR_USER, Role.OPERATOR, OPERATOR),
                User.withToken("erik", Role.ENGINEER, ENGINEER));
        try (RunningPlant plant = RunningPlant.start(new WaterSite(PlantConfig.typical(60), Duration.ofMillis(100)), Instant.now(),
                InetAddress.getLoopbackAddress(), 0); SyntheticFarm load = new SyntheticFarm(opt.loadPlcs(), opt.loadPoints(), Duration.ofMillis(200));
             JdbcHistorian shared = JdbcHistorian.open(url, null, null)) {
            if (opt.pgUrl() != null) {
                shared.truncateAll();
            }
            log("check IDENTITY");
            ServerIdentity.Report identity = ServerIdentity.report(shared.describe());
            RawData.writeIdentity(bundle, identity);
            WaterAcceptanceBundle.writeIdentity(bundle, identity.identities());
            WaterAcceptanceBundle.completed(bundle, WaterPlan.IDENTITY);
            log(WaterPlan.IDENTITY + " recorded: " + identity.components().size() + " components");
            List<PlcEndpoint> endpoints = new ArrayList<>(SiteWiring.endpoints(plant));
            endpoints.addAll(SiteWiring.endpoints(load));
            // the lease lives in its own small database so that bulk historian writes never delay a
            // renewal (with PostgreSQL, row locks keep them apart and one database serves both)
            String coordinationUrl = opt.pgUrl() != null ? opt.pgUrl()
                    : "jdbc:h2:file:" + opt.workDir().resolve("coordination").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE";
            Pair pair = new Pair(url, coordinationUrl, endpoints, users, plant);
            Map<String, LongSupplier> counters = new LinkedHashMap<>();
            counters.put(RawData.HOST_SCAN_OVERRUNS, () -> pair.started.stream().mapToLong(s -> s.scanner().stats().overruns()).sum());
            counters.put(RawData.HOST_LATE_RENEWALS, () -> pair.started.stream().mapToLong(s -> s.leaseTiming().late()).sum());
            try (HostMonitor host = new HostMonitor(counters)) {
                this.host = host;
                pair.a = pair.start("scada-a");
                waitUntil(pair.a::isActive, Duration.ofSeconds(5));
                pair.b = pair.start("scada-b");
                Instant windowStart = Instant.now();
                log("check SCAN_PERIOD_UNDER_LOAD");
                HostMonitor.Recording hostFile = hostFromNow(WaterPlan.SCAN_PERIOD_UNDER_LOAD);
                scanUnderLoad(pair.a, endpoints);
                close(hostFile);
                WaterAcceptanceBundle.completed(bundle, WaterPlan.SCAN_PERIOD_UNDER_LOAD);
                log("check ALARM_LATENCY");
                hostFile = hostFromNow(WaterPlan.ALARM_LATENCY);
                alarmLatency(pair.a, plant);
                close(hostFile);
                WaterAcceptanceBundle.completed(bundle, WaterPlan.ALARM_LATENCY);
                log("check COMMAND_AUTHORITY");
                hostFile = hostFromNow(WaterPlan.COMMAND_AUTHORITY);
                commandAuthority(pair.a, plant);
                close(hostFile);
                WaterAcceptanceBundle.completed(bundle, WaterPlan.COMMAND_AUTHORITY);
                log("check COMMAND_REPLAY");
                hostFile = hostFromNow(WaterPlan.COMMAND_REPLAY);
                commandReplay(pair.a, plant);
                close(hostFile);
                WaterAcceptanceBundle.completed(bundle, WaterPlan.COMMAND_REPLAY);
                log("check LOGIN_RATE_LIMIT");
                hostFile = hostFromNow(WaterPlan.LOGIN_RATE_LIMIT);
                loginRateLimit(pair.a);
                close(hostFile);
                WaterAcceptanceBundle.completed(bundle, WaterPlan.LOGIN_RATE_LIMIT);
                Instant[] killedAt = new Instant[1];
                Map<String, String> faultData = faults(pair, plant, killedAt);
                log("check FAILOVER_TIME");
                HostMonitor.Recording failoverHost = hostFrom(WaterPlan.FAILOVER_TIME, killedAt[0]);
                Instant takeover = failover(pair, killedAt[0]);
                closeAfter(failoverHost, takeover != null ? takeover.plusSeconds(1) : killedAt[0].plus(STANDBY_WAIT).plusSeconds(1));
                WaterAcceptanceBundle.completed(bundle, WaterPlan.FAILOVER_TIME);
                log("check HISTORIAN_COMPLETENESS");
                historianCompleteness(pair, windowStart, faultData);
                WaterAcceptanceBundle.completed(bundle, WaterPlan.HISTORIAN_COMPLETENESS);
                log("check PLC_SAFE_SERVER_FLOODED_OR_DOWN");
                HostMonitor.Recording safeHost = hostFromNow(WaterPlan.PLC_SAFE_SERVER_FLOODED_OR_DOWN);
                plcSafeServerFloodedOrDown(pair, plant);
                closeAfter(safeHost, Instant.now());
                WaterAcceptanceBundle.completed(bundle, WaterPlan.PLC_SAFE_SERVER_FLOODED_OR_DOWN);
                pair.closeAll();
                log("check AUTONOMY");
                autonomy(plant);
                WaterAcceptanceBundle.completed(bundle, WaterPlan.PLC_AUTONOMY);
            } finally {
                this.host = null;
                pair.closeAll();
            }
        }
        log("check TURBIDITY_STEP");
        turbidityStep();
        WaterAcceptanceBundle.completed(bundle, WaterPlan.TURBIDITY_STEP);
    }

    // ------------------------------------------------------------------ environment

    /** The hot-standby pair, each server with its own fault-injectable connection to the shared database. */
    final class Pair {
        final String url;
        final String coordinationUrl;
        final List<PlcEndpoint> endpoints;
        final List<User> users;
        final RunningPlant plant;
        final Map<String, FaultableHistorian> dbs = new LinkedHashMap<>();
        final List<JdbcHistorian> connections = new ArrayList<>();
        final List<SupervisoryServer> all = new ArrayList<>();
        /** Every server started, in order, killed ones included. */
        final List<SupervisoryServer> started = new ArrayList<>();
        /** Times of the scan cycles delivered while their server was active: each must be stored. */
        final java.util.Set<Instant> activeCycles = java.util.concurrent.ConcurrentHashMap.newKeySet();
        /** The time of the last scan cycle each server delivered. */
        final Map<SupervisoryServer, Instant> lastCycle = new java.util.concurrent.ConcurrentHashMap<>();
        SupervisoryServer a;
        SupervisoryServer b;

        Pair(String url, String coordinationUrl, List<PlcEndpoint> endpoints, List<User> users, RunningPlant plant) {
            this.url = url;
            this.coordinationUrl = coordinationUrl;
            this.endpoints = endpoints;
            this.users = users;
            this.plant = plant;
        }

        SupervisoryServer start(String name) throws Exception {
            JdbcHistorian conn = JdbcHistorian.open(url, null, null);
            connections.add(conn);
            FaultableHistorian h = new FaultableHistorian(conn);
            dbs.put(name, h);
            SupervisoryServer.Config cfg = new SupervisoryServer.Config(name, endpoints, opt.scanPeriod(),
                    Duration.ofMillis(Math.max(200, opt.scanPeriod().toMillis() / 2)), 3, SiteAlarms.defaults(), defect.users(users),
                    opt.workDir().resolve("spool-" + name), LEASE_TTL, HEARTBEAT,
                    Duration.ofSeconds(60), 300);
            if (defect != ServerDefect.NONE) {
                log("server " + name + " is the defective variant " + defect);
            }
            java.util.concurrent.atomic.AtomicReference<SupervisoryServer> self = new java.util.concurrent.atomic.AtomicReference<>();
            SupervisoryServer s = new SupervisoryServer(cfg, defect.historian(h, !all.isEmpty(),
                    () -> self.get() != null && self.get().isActive()), defect.coordination(new JdbcCoordination(coordinationUrl)), Clock.systemUTC());
            defect.apply(s);
            self.set(s);
            s.scanner().addSink(c -> {
                if (!c.isEmpty() && s.isActive()) {
                    activeCycles.add(c.get(0).time());
                }
                if (!c.isEmpty()) {
                    lastCycle.put(s, c.get(0).time());
                }
            });
            s.start();
            all.add(s);
            started.add(s);
            log("server " + name + " started " + (s.isActive() ? "active" : "standby"));
            return s;
        }

        void setDatabaseDown(boolean down) {
            dbs.values().forEach(d -> d.setDown(down));
        }

        void closeAll() {
            for (SupervisoryServer s : all) {
                s.close();
            }
            all.clear();
            connections.forEach(JdbcHistorian::close);
            connections.clear();
        }
    }

    static void waitUntil(BooleanSupplier c, Duration max) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        while (!c.getAsBoolean() && System.nanoTime() < end) {
            Thread.sleep(10);
        }
    }

    // ------------------------------------------------------------------ checks: each records its raw data, none judges

    private void scanUnderLoad(SupervisoryServer s, List<PlcEndpoint> endpoints) throws Exception {
        // each cycle's start streamed to the bundle as it comes (never more than 0.5 s of recorded time only in
        // memory), so a run killed inside this check leaves the cycles it had seen
        int[] seen = new int[1];
        Instant[] first = new Instant[1];
        java.util.concurrent.atomic.AtomicReference<IOException> notWritten = new java.util.concurrent.atomic.AtomicReference<>();
        boolean[] open = {true};
        try (io.github.ccrhil.evidence.bundle.SampleFile starts = io.github.ccrhil.evidence.bundle.SampleFile.create(
                bundle.resolve(RawData.SCAN_STARTS), null, io.github.ccrhil.evidence.bundle.SampleFile.FLUSH_EVERY)) {
            s.scanner().addSink(c -> {
                synchronized (seen) {
                    if (c.isEmpty() || !open[0]) {
                        return;
                    }
                    Instant t = c.get(0).time();
                    if (first[0] == null) {
                        first[0] = t;
                    }
                    try {
                        starts.add(Duration.between(first[0], t), Results.JSON.writeValueAsString(t.toString()));
                        seen[0]++;
                    } catch (IOException e) {
                        notWritten.compareAndSet(null, e);
                    }
                }
            });
            long before = s.scanner().stats().cycles();
            waitUntil(() -> s.scanner().stats().cycles() >= before + opt.loadCycles() + 1,
                    opt.scanPeriod().multipliedBy(opt.loadCycles() + 5));
            synchronized (seen) {
                open[0] = false; // the sink stays with the scanner; from here it writes nothing
            }
        }
        if (notWritten.get() != null) {
            throw new IOException(RawData.SCAN_STARTS + ": a cycle's start could not be written", notWritten.get());
        }
        int points = endpoints.stream().mapToInt(e -> e.points().points().size()).sum();
        long good = s.scanner().current().values().stream().filter(x -> x.quality() == Quality.GOOD).count();
        RawData.writeJson(bundle, RawData.SCAN, new RawData.ScanRecord(endpoints.size(), points, opt.scanPeriod().toMillis(), null,
                s.scanner().stats().maxCycle().toMillis(), s.scanner().stats().overruns(), good));
        log(WaterPlan.SCAN_PERIOD_UNDER_LOAD + " recorded: " + seen[0] + " cycles");
    }

    private void alarmLatency(SupervisoryServer s, RunningPlant plant) throws Exception {
        WaterPlant p = plant.site().plant();
        Instant injected = Instant.now();
        p.forceSensor(Tags.CW_CHLORINE, 3.0);
        waitUntil(() -> s.alarms().get("CL_OVERDOSE").active(), opt.scanPeriod().multipliedBy(10));
        AlarmManager.AlarmView v = s.alarms().get("CL_OVERDOSE");
        p.forceSensor(Tags.CW_CHLORINE, null);
        boolean raised = v.active() && v.raisedAt() != null;
        RawData.writeJson(bundle, RawData.ALARM, new RawData.AlarmRecord("CL_OVERDOSE", "clear-well chlorine analyser forced to 3 mg/L",
                injected.toString(), raised ? v.raisedAt().toString() : null,
                raised && v.latency() != null ? v.latency().toNanos() / 1e6 : Double.NaN));
        log(WaterPlan.ALARM_LATENCY + " recorded: injected " + injected + ", raised " + v.raisedAt());
    }

    private int post(HttpClient http, int port, String path, String token, String body, Map<String, JsonNode> out) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token)
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        out.put(path, json.readTree(r.body()));
        return r.statusCode();
    }

    private void commandAuthority(SupervisoryServer s, RunningPlant plant) throws Exception {
        Map<String, Integer> responses = new LinkedHashMap<>();
        Plc chlor = plant.site().plc(WaterSite.CHLORINATION);
        Plc coag = plant.site().plc(WaterSite.COAGULATION);
        long journalBefore = s.journal().all().size();
        Map<String, Long> writesBefore = new LinkedHashMap<>();
        plant.servers().forEach((name, ps) -> writesBefore.put(name, ps.acceptedWrites()));
        double spBefore = chlor.memory().get(ChlorinationProgram.SP);
        double gainBefore = coag.memory().get(CoagulationProgram.DOSE_GAIN);
        double spAfterUnconfirmed;
        try (ApiServer api = ApiServer.start(s, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            HttpClient http = HttpClient.newHttpClient();
            Map<String, JsonNode> bodies = new LinkedHashMap<>();
            String cmd = "{\"plc\":\"CHLOR\",\"point\":\"cl_sp\",\"value\":%s,\"requestId\":\"%s\"}";
            responses.put(RawData.CommandStep.VIEWER_COMMAND.name(),
                    post(http, api.port(), "/api/commands", VIEWER, String.format(Locale.ROOT, cmd, "0.6", "acc-1"), bodies));
            responses.put(RawData.CommandStep.OPERATOR_TUNING.name(), post(http, api.port(), "/api/commands", OPERATOR,
                    "{\"plc\":\"COAG\",\"point\":\"dose_gain\",\"value\":0.1,\"requestId\":\"acc-2\"}", bodies));
            responses.put(RawData.CommandStep.UNSAFE_SET_POINT.name(),
                    post(http, api.port(), "/api/commands", OPERATOR, String.format(Locale.ROOT, cmd, "1.5", "acc-3"), bodies));
            responses.put(RawData.CommandStep.UNCONFIRMED_COMMAND.name(),
                    post(http, api.port(), "/api/commands", OPERATOR, String.format(Locale.ROOT, cmd, "0.7", "acc-4"), bodies));
            Thread.sleep(opt.scanPeriod().toMillis());
            spAfterUnconfirmed = chlor.memory().get(ChlorinationProgram.SP);
            Map<String, JsonNode> b2 = new LinkedHashMap<>();
            responses.put(RawData.CommandStep.TRIP_RESET_PREPARED.name(), post(http, api.port(), "/api/commands", OPERATOR,
                    "{\"plc\":\"CHLOR\",\"point\":\"trip_reset\",\"value\":1,\"requestId\":\"acc-5\"}", b2));
            String id = b2.get("/api/commands").path("confirmationId").asText();
            responses.put(RawData.CommandStep.TRIP_RESET_CONFIRMED.name(),
                    post(http, api.port(), "/api/commands/" + id + "/confirm", OPERATOR, null, b2));
            // the operator retries the same request (as after a lost answer): answered, never executed a second time
            Map<String, JsonNode> b3 = new LinkedHashMap<>();
            responses.put(RawData.CommandStep.TRIP_RESET_RETRIED.name(), post(http, api.port(), "/api/commands", OPERATOR,
                    "{\"plc\":\"CHLOR\",\"point\":\"trip_reset\",\"value\":1,\"requestId\":\"acc-5\"}", b3));
            String retry = b3.get("/api/commands").path("confirmationId").asText();
            responses.put(RawData.CommandStep.TRIP_RESET_RETRY_CONFIRMED.name(),
                    post(http, api.port(), "/api/commands/" + retry + "/confirm", OPERATOR, null, b3));
            // straight to the PLC, bypassing the server: the PLC's own range check
            PlcServer ps = plant.server(WaterSite.CHLORINATION);
            int code = 0;
            // the suite's own access, not a judged time: at load average 57 a 1 s deadline ended the whole run (exit 6)
            try (ModbusTcpClient raw = new ModbusTcpClient("127.0.0.1", ps.port(), Duration.ofSeconds(10))) {
                raw.writeSingleRegister(chlor.unitId(), chlor.memory().profile().require(ChlorinationProgram.SP).address(), 1500);
            } catch (ModbusExceptionResponse e) {
                code = e.exceptionCode();
            }
            responses.put(RawData.CommandStep.RAW_UNSAFE_WRITE.name(), code);
        }
        List<RawData.AuditEvent> audit = s.journal().all().subList((int) journalBefore, s.journal().all().size()).stream()
                .filter(e -> e.type().startsWith("COMMAND_"))
                .map(e -> new RawData.AuditEvent(e.seq(), String.valueOf(e.time()), e.type(), e.source(), e.user(), e.detail())).toList();
        Map<String, Long> plcWrites = new LinkedHashMap<>();
        plant.servers().forEach((name, ps) -> plcWrites.put(name, ps.acceptedWrites() - writesBefore.getOrDefault(name, 0L)));
        RawData.writeJson(bundle, RawData.COMMANDS, new RawData.CommandRecord(responses, OPERATOR_USER, spBefore, spAfterUnconfirmed,
                chlor.memory().get(ChlorinationProgram.SP), gainBefore, coag.memory().get(CoagulationProgram.DOSE_GAIN), audit, plcWrites));
        log(WaterPlan.COMMAND_AUTHORITY + " recorded: " + responses);
    }

    /** An HTTP request to the API on loopback; {@code token} null sends none. Returns the status and the body. */
    private HttpResponse<String> send(HttpClient http, int port, String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The pair's stored audit trail after entry {@code after}, every page, as {@code GET /api/journal} serves it. */
    private List<RawData.AuditEvent> storedTrail(HttpClient http, int port, long after) throws Exception {
        List<RawData.AuditEvent> out = new ArrayList<>();
        long next = after;
        for (int page = 0; page < 1000; page++) {
            HttpResponse<String> r = send(http, port, "GET", "/api/journal?after=" + next + "&limit=1000", VIEWER, null);
            if (r.statusCode() != 200) {
                throw new IOException("GET /api/journal answered " + r.statusCode() + ": " + r.body());
            }
            JsonNode n = json.readTree(r.body());
            for (JsonNode e : n.path("events")) {
                out.add(new RawData.AuditEvent(e.path("id").asLong(), e.path("time").asText(), e.path("type").asText(),
                        e.path("source").asText(), e.path("user").asText(), e.path("detail").asText()));
            }
            next = n.path("next").asLong();
            if (!n.path("more").asBoolean()) {
                break;
            }
        }
        return out;
    }

    /**
     * Commands without a token, with a wrong role, and replayed: a confirmation sent without a token,
     * by another user, then again after it was executed. Records every answer, the writes the PLCs
     * accepted and the stored audit trail over the run.
     */
    private void commandReplay(SupervisoryServer s, RunningPlant plant) throws Exception {
        Map<String, Integer> responses = new LinkedHashMap<>();
        Plc chlor = plant.site().plc(WaterSite.CHLORINATION);
        Map<String, Long> writesBefore = new LinkedHashMap<>();
        plant.servers().forEach((name, ps) -> writesBefore.put(name, ps.acceptedWrites()));
        double spBefore = chlor.memory().get(ChlorinationProgram.SP);
        double commanded = Math.abs(spBefore - 0.6) < 1e-6 ? 0.65 : 0.6;
        List<RawData.AuditEvent> trail;
        try (ApiServer api = ApiServer.start(s, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            HttpClient http = HttpClient.newHttpClient();
            int port = api.port();
            List<RawData.AuditEvent> before = storedTrail(http, port, 0);
            long after = before.isEmpty() ? 0 : before.get(before.size() - 1).seq();
            String cmd = String.format(Locale.ROOT, "{\"plc\":\"CHLOR\",\"point\":\"cl_sp\",\"value\":%s,\"requestId\":\"%%s\"}",
                    commanded);
            responses.put(RawData.ReplayStep.NO_TOKEN_COMMAND.name(),
                    send(http, port, "POST", "/api/commands", null, String.format(cmd, "rpl-1")).statusCode());
            responses.put(RawData.ReplayStep.WRONG_TOKEN_COMMAND.name(),
                    send(http, port, "POST", "/api/commands", "not-a-token-this-server-issued", String.format(cmd, "rpl-2")).statusCode());
            responses.put(RawData.ReplayStep.VIEWER_COMMAND.name(),
                    send(http, port, "POST", "/api/commands", VIEWER, String.format(cmd, "rpl-3")).statusCode());
            responses.put(RawData.ReplayStep.OPERATOR_ENGINEERS_POINT.name(), send(http, port, "POST", "/api/commands", OPERATOR,
                    "{\"plc\":\"CHLOR\",\"point\":\"kp\",\"value\":1,\"requestId\":\"rpl-4\"}").statusCode());
            HttpResponse<String> prepared = send(http, port, "POST", "/api/commands", OPERATOR, String.format(cmd, "rpl-5"));
            responses.put(RawData.ReplayStep.PREPARED.name(), prepared.statusCode());
            String id = prepared.statusCode() == 202 ? json.readTree(prepared.body()).path("confirmationId").asText() : "none";
            String confirm = "/api/commands/" + id + "/confirm";
            responses.put(RawData.ReplayStep.NO_TOKEN_CONFIRM.name(), send(http, port, "POST", confirm, null, null).statusCode());
            responses.put(RawData.ReplayStep.CAPTURED_ID_OTHER_USER.name(), send(http, port, "POST", confirm, ENGINEER, null).statusCode());
            responses.put(RawData.ReplayStep.CONFIRMED.name(), send(http, port, "POST", confirm, OPERATOR, null).statusCode());
            responses.put(RawData.ReplayStep.CONFIRM_REPLAYED.name(), send(http, port, "POST", confirm, OPERATOR, null).statusCode());
            responses.put(RawData.ReplayStep.CAPTURED_ID_REPLAYED.name(), send(http, port, "POST", confirm, ENGINEER, null).statusCode());
            trail = storedTrail(http, port, after).stream().filter(e -> e.type().startsWith("COMMAND_")).toList();
        }
        Map<String, Long> plcWrites = new LinkedHashMap<>();
        plant.servers().forEach((name, ps) -> plcWrites.put(name, ps.acceptedWrites() - writesBefore.getOrDefault(name, 0L)));
        RawData.writeJson(bundle, RawData.REPLAY, new RawData.ReplayRecord(responses, OPERATOR_USER, spBefore, commanded,
                chlor.memory().get(ChlorinationProgram.SP), trail, plcWrites));
        log(WaterPlan.COMMAND_REPLAY + " recorded: " + responses + ", " + trail.size() + " stored trail entries");
    }

    /** The guesser's address in LOGIN_RATE_LIMIT, and the operator's other one (both loopback). */
    static final String GUESSER = "127.0.0.1";
    static final String OTHER_ADDRESS = "127.0.0.2";

    /**
     * One HTTP/1.1 GET of {@code path} with {@code token}, sent from the local address {@code from}
     * (the JDK's HttpClient cannot choose it): the status and the Retry-After header (null if none).
     */
    static String[] getFrom(String from, int port, String path, String token) throws IOException {
        try (java.net.Socket sock = new java.net.Socket()) {
            sock.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            sock.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
            sock.setSoTimeout(30_000);
            String req = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAuthorization: Bearer " + token
                    + "\r\nConnection: close\r\n\r\n";
            sock.getOutputStream().write(req.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(sock.getInputStream(),
                    java.nio.charset.StandardCharsets.ISO_8859_1));
            String status = in.readLine();
            if (status == null || status.split(" ").length < 2) {
                return new String[] {"0", null};
            }
            String retry = null;
            for (String h = in.readLine(); h != null && !h.isEmpty(); h = in.readLine()) {
                if (h.regionMatches(true, 0, "Retry-After:", 0, 12)) {
                    retry = h.substring(12).trim();
                }
            }
            return new String[] {status.split(" ")[1], retry};
        }
    }

    /**
     * Failed logins: wrong bearer tokens from one address until it is refused, the operator's right
     * token from it (refused while it is) and from another address (served), then from it every
     * 100 ms until served. The API runs with the plan's limit; every answer is recorded.
     */
    private void loginRateLimit(SupervisoryServer s) throws Exception {
        // every answer goes to the bundle as it comes (flushed every 0.5 s of the procedure's time and at its end)
        try (io.github.ccrhil.evidence.bundle.SampleFile file = io.github.ccrhil.evidence.bundle.SampleFile.create(
                bundle.resolve(RawData.LOGIN_ATTEMPTS), null, io.github.ccrhil.evidence.bundle.SampleFile.FLUSH_EVERY)) {
            loginRateLimit(s, new Streamed<>(file, RawData.LOGIN_ATTEMPTS, RawData.LoginAttempt::atMs));
        }
    }

    /**
     * The records a procedure keeps, each also written to its bundle file as one JSON line as it is
     * added ({@link io.github.ccrhil.evidence.bundle.SampleFile}: flushed every 0.5 s of the
     * procedure's time, {@code atMs} of each record, and when the file is closed at the check's end).
     */
    private static final class Streamed<T> extends java.util.AbstractList<T> {
        private final List<T> held = new ArrayList<>();
        private final io.github.ccrhil.evidence.bundle.SampleFile file;
        private final String name;
        private final java.util.function.ToDoubleFunction<T> atMs;

        Streamed(io.github.ccrhil.evidence.bundle.SampleFile file, String name, java.util.function.ToDoubleFunction<T> atMs) {
            this.file = file;
            this.name = name;
            this.atMs = atMs;
        }

        @Override
        public boolean add(T record) {
            held.add(record);
            try {
                file.add(Duration.ofNanos((long) (atMs.applyAsDouble(record) * 1e6)), RawData.jsonLine(record));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(name + ": a record could not be written", e);
            }
            return true;
        }

        @Override
        public T get(int i) {
            return held.get(i);
        }

        @Override
        public int size() {
            return held.size();
        }
    }

    private void loginRateLimit(SupervisoryServer s, List<RawData.LoginAttempt> attempts) throws Exception {
        long t0 = System.nanoTime();
        LoginThrottle.Settings configured = new LoginThrottle.Settings(WaterPlan.LOGIN_FAILURES, WaterPlan.LOGIN_WINDOW);
        try (ApiServer api = ApiServer.start(s, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                io.github.ccrhil.web.WebServer.Options.plain(null), null, defect.logins(configured))) {
            int port = api.port();
            for (int i = 0; i < WaterPlan.LOGIN_FAILURES * 4; i++) {
                RawData.LoginAttempt a = attempt(RawData.LoginPhase.GUESS, GUESSER, port, "wrong", "guess-" + i + "-not-a-token", t0);
                attempts.add(a);
                if (a.status() == 429) {
                    break;
                }
            }
            attempts.add(attempt(RawData.LoginPhase.RIGHT_TOKEN_WHILE_REFUSED, GUESSER, port, "right", OPERATOR, t0));
            attempts.add(attempt(RawData.LoginPhase.OTHER_ADDRESS, OTHER_ADDRESS, port, "right", OPERATOR, t0));
            long end = System.nanoTime() + WaterPlan.LOGIN_WINDOW.multipliedBy(3).plusSeconds(5).toNanos();
            while (System.nanoTime() < end) {
                RawData.LoginAttempt a = attempt(RawData.LoginPhase.AFTER_WINDOW, GUESSER, port, "right", OPERATOR, t0);
                attempts.add(a);
                if (a.status() == 200) {
                    break;
                }
                Thread.sleep(100); // the polling interval of a client waiting to be served, not a wait for a result
            }
        }
        RawData.writeJson(bundle, RawData.LOGINS, new RawData.LoginRecord(WaterPlan.LOGIN_FAILURES, WaterPlan.LOGIN_WINDOW.toMillis(),
                null)); // the attempts are in RawData.LOGIN_ATTEMPTS, as they were streamed
        log(WaterPlan.LOGIN_RATE_LIMIT + " recorded: " + attempts.size() + " requests");
    }

    private static RawData.LoginAttempt attempt(RawData.LoginPhase phase, String from, int port, String kind, String token, long t0)
            throws IOException {
        String[] r = getFrom(from, port, "/api/me", token);
        return new RawData.LoginAttempt(phase.name(), from, kind, Integer.parseInt(r[0]), r[1], (System.nanoTime() - t0) / 1e6);
    }

    /** One sample of the plant's own trace: the plant model and the PLCs' data tables, read here, not through a server. */
    private static RawData.PlantSample plantSample(RunningPlant plant, long t0, String phase) {
        WaterPlant p = plant.site().plant();
        Map<String, Double> levels = new LinkedHashMap<>();
        levels.put(p.config().receivingWell().name(), p.read(Tags.RW_LEVEL));
        levels.put(p.config().clearWell().name(), p.read(Tags.CW_LEVEL));
        levels.put(p.config().reservoir().name(), p.read(Tags.RES_LEVEL));
        Plc chlor = plant.site().plc(WaterSite.CHLORINATION);
        Map<String, Long> scans = new LinkedHashMap<>();
        plant.site().plcs().forEach(x -> scans.put(x.name(), x.scanCount()));
        return new RawData.PlantSample((System.nanoTime() - t0) / 1e6, phase, levels, p.read(Tags.CW_CHLORINE), p.read(Tags.RES_CHLORINE),
                p.read(Tags.CL_DOSE), chlor.memory().bit(ChlorinationProgram.AUTO), chlor.memory().bit(ChlorinationProgram.OVERDOSE_TRIP),
                scans, Instant.now().toString());
    }

    /** A command prepared and confirmed by the operator; both answers recorded. */
    private void operatorCommand(HttpClient http, int port, String point, double value, String requestId, Map<String, Integer> out)
            throws Exception {
        HttpResponse<String> p = send(http, port, "POST", "/api/commands", OPERATOR, String.format(Locale.ROOT,
                "{\"plc\":\"CHLOR\",\"point\":\"%s\",\"value\":%s,\"requestId\":\"%s\"}", point, value, requestId));
        out.put(point + " prepare", p.statusCode());
        if (p.statusCode() == 202) {
            String id = json.readTree(p.body()).path("confirmationId").asText();
            out.put(point + " confirm", send(http, port, "POST", "/api/commands/" + id + "/confirm", OPERATOR, null).statusCode());
        }
    }

    /** The name the server process takes in the pair (one the suite's own servers never use). */
    static final String SERVER_PROCESS = "scada-p";
    /**
     * How long the server process may take to start and hold the lease with every plant PLC told its
     * epoch: the suite's environment, not a judged time (a JVM starting Jetty, H2 and the scan; under
     * `nice -n 19` at load 22 one took over 60 s). A process that ends is not waited for.
     */
    static final Duration SERVER_PROCESS_START = Duration.ofSeconds(180);
    /** How long the PLCs are given to end the manual dose on their own once the server is frozen. */
    static final Duration PLC_ON_THEIR_OWN = Duration.ofSeconds(20);
    /** The plant's trace after the server process is killed. */
    static final Duration TRACE_AFTER_KILL = Duration.ofSeconds(1);

    /**
     * The pair's coordination database (lease and command log) held open by the suite for the
     * check, and its URL for another process: PostgreSQL as it is; the suite's H2 file served on
     * loopback by an H2 TCP server in the suite's process (H2's mixed mode: the suite's connections
     * stay embedded, the other process's go through the server to the same open database), stopped
     * at the check's end.
     */
    private static final class SharedCoordination implements AutoCloseable {
        final JdbcCoordination view;
        final org.h2.tools.Server tcp;
        final String url;

        SharedCoordination(String url, Path h2File) throws Exception {
            this.view = new JdbcCoordination(url); // keeps the database open in this process whoever else closes
            if (h2File == null) {
                this.tcp = null;
                this.url = url;
            } else {
                // no -tcpAllowOthers: local connections only; no -ifNotExists: only the open database is served
                this.tcp = org.h2.tools.Server.createTcpServer("-tcpPort", "0", "-tcpDaemon").start();
                this.url = "jdbc:h2:tcp://127.0.0.1:" + tcp.getPort() + "/" + h2File.toAbsolutePath();
            }
        }

        @Override
        public void close() {
            if (tcp != null) {
                tcp.stop();
            }
            view.close();
        }
    }

    /** The arguments of {@code water server} for the server process: the pair's coordination, the plant's PLCs, the suite's users. */
    private List<String> serverProcessArgs(String coordinationUrl, RunningPlant plant) throws IOException {
        Path dir = opt.workDir().resolve("server-process").toAbsolutePath();
        java.nio.file.Files.createDirectories(dir);
        Map<String, Object> site = new LinkedHashMap<>();
        site.put("scanPeriodMs", StrictMath.max(100, opt.scanPeriod().toMillis()));
        site.put("bind", "127.0.0.1");
        site.put("apiPort", 0);
        site.put("dataDir", dir.toString());
        site.put("users", List.of(Map.of("name", "vera", "role", "VIEWER", "token", VIEWER),
                Map.of("name", OPERATOR_USER, "role", "OPERATOR", "token", OPERATOR), Map.of("name", "erik", "role", "ENGINEER", "token", ENGINEER)));
        Path cfg = dir.resolve("site.json");
        json.writeValue(cfg.toFile(), site);
        List<String> ports = plant.site().plcs().stream().map(x -> Integer.toString(plant.server(x.name()).port())).toList();
        List<String> args = new ArrayList<>(List.of("--name", SERVER_PROCESS, "--config", cfg.toString(), "--plc-host", "127.0.0.1",
                "--plc-ports", String.join(",", ports), "--duration", "600"));
        if (opt.pgUrl() != null) {
            args.addAll(List.of("--historian", opt.pgUrl())); // a pair on PostgreSQL shares one database
        } else {
            args.addAll(List.of("--coordination", coordinationUrl)); // the historian: its own H2 file in its data folder
        }
        return args;
    }

    /**
     * The suite's own servers are killed and a supervisory server as delivered runs as a process of
     * its own (a child JVM running {@code water server}): it takes the pair's lease through the
     * pair's coordination database and tells every plant PLC its epoch. The operator sets
     * chlorination to manual at a high dose over its API; its API is flooded until the flood's
     * deadline; the process is frozen (SIGSTOP), then, once chlorination is back in automatic or
     * {@link #PLC_ON_THEIR_OWN} have passed, killed (SIGKILL). The plant's own trace is sampled every
     * 100 ms throughout, and for {@link #TRACE_AFTER_KILL} after the kill. The server defects of
     * {@link ServerDefect} are wrappers around the suite's own servers: the server process is the
     * server as delivered (none of them is meant to fail this check); the PLC defect applies.
     */
    private void plcSafeServerFloodedOrDown(Pair pair, RunningPlant plant) throws Exception {
        plant.site().plcs().forEach(x -> x.supervisorTimeout(WaterPlan.PLC_SUPERVISOR_TIMEOUT));
        defect.apply(plant);
        long t0 = System.nanoTime();
        List<RawData.PlantSample> trace = java.util.Collections.synchronizedList(new ArrayList<>());
        String[] phase = {"SERVER_START"};
        // each sample goes to the bundle as it is taken (flushed at once), so a kill inside the check loses at most the last
        java.util.concurrent.atomic.AtomicReference<IOException> notWritten = new java.util.concurrent.atomic.AtomicReference<>();
        io.github.ccrhil.evidence.bundle.SampleFile samplesFile = io.github.ccrhil.evidence.bundle.SampleFile.create(
                bundle.resolve(RawData.PLC_SAFETY_SAMPLES), null, Duration.ZERO);
        java.util.concurrent.ScheduledExecutorService sampler = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> {
            RawData.PlantSample x = plantSample(plant, t0, phase[0]);
            trace.add(x);
            try {
                samplesFile.add(Duration.ofNanos(System.nanoTime() - t0), RawData.jsonLine(x));
            } catch (IOException e) {
                notWritten.compareAndSet(null, e);
            }
        }, 0, 100, java.util.concurrent.TimeUnit.MILLISECONDS);
        Map<String, Integer> commands = new LinkedHashMap<>();
        java.util.concurrent.atomic.AtomicLong answered = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicLong failed = new java.util.concurrent.atomic.AtomicLong();
        double floodFrom;
        double floodTo;
        double downAt;
        double killedAt;
        String serverText;
        long epoch;
        Map<String, Long> plcEpochs = new LinkedHashMap<>();
        List<String> serverOutput = List.of();
        Plc chlor = plant.site().plc(WaterSite.CHLORINATION);
        try (SharedCoordination shared = new SharedCoordination(pair.coordinationUrl,
                opt.pgUrl() != null ? null : opt.workDir().resolve("coordination"))) {
            // from here the server process is the pair's only server
            for (SupervisoryServer x : List.copyOf(pair.all)) {
                x.kill();
                pair.all.remove(x); // dead, as the primary killed in the faults
            }
            ServerProcess server = ServerProcess.start(List.of("-Xmx256m"), serverProcessArgs(shared.url, plant));
            try {
                serverText = "pid " + server.pid() + ": " + server.commandLine();
                log("the suite's own servers killed; server process started, " + serverText);
                // it holds the lease, and every plant PLC has seen its epoch: its writes pass the PLCs' fences
                long[] held = {0};
                waitUntil(() -> {
                    try {
                        java.util.Optional<io.github.ccrhil.water.scada.ha.Coordination.Lease> l = shared.view.current();
                        held[0] = l.isPresent() && l.get().holder().equals(SERVER_PROCESS) ? l.get().epoch() : 0;
                    } catch (io.github.ccrhil.water.scada.ha.CoordinationException e) {
                        held[0] = 0;
                    }
                    return !server.isAlive() || held[0] > 0 && plant.servers().values().stream().allMatch(x -> x.fenceEpoch() >= held[0])
                            && server.apiPort().isPresent();
                }, SERVER_PROCESS_START);
                epoch = held[0];
                plant.servers().forEach((name, ps) -> plcEpochs.put(name, ps.fenceEpoch()));
                if (!server.isAlive() || epoch == 0 || plcEpochs.values().stream().anyMatch(e -> e < held[0]) || server.apiPort().isEmpty()) {
                    throw new IOException("the server process did not hold the pair's lease with every plant PLC told its epoch within "
                            + SERVER_PROCESS_START.toSeconds() + " s" + (server.isAlive() ? "" : " (it ended)") + " (PLC fence epochs " + plcEpochs + "): " + server.output());
                }
                int port = server.apiPort().get();
                log("server process " + SERVER_PROCESS + " holds the lease, epoch " + epoch + "; PLC fence epochs " + plcEpochs);
                phase[0] = "MANUAL";
                HttpClient http = HttpClient.newHttpClient();
                operatorCommand(http, port, ChlorinationProgram.DOSE_MANUAL, WaterPlan.MANUAL_DOSE, "plc-safe-1", commands);
                operatorCommand(http, port, ChlorinationProgram.AUTO, 0, "plc-safe-2", commands);
                waitUntil(() -> !chlor.memory().bit(ChlorinationProgram.AUTO), Duration.ofSeconds(5));
                // the trace holds the manual dose applied before the flood starts
                waitUntil(() -> { synchronized (trace) { return trace.stream().anyMatch(x -> !x.chlorAuto()); } }, Duration.ofSeconds(5));

                // the flood: every client running before it starts; each request bounded by the flood's deadline, which ends it
                HttpClient flood = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                URI tags = URI.create("http://127.0.0.1:" + port + "/api/tags");
                java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
                long[] floodEnd = new long[1];
                List<Thread> clients = new ArrayList<>();
                for (int i = 0; i < WaterPlan.FLOOD_CLIENTS; i++) {
                    Thread c = new Thread(() -> floodClient(flood, tags, go, floodEnd, answered, failed), "api-flood-" + i);
                    c.setDaemon(true);
                    c.start();
                    clients.add(c);
                }
                phase[0] = "FLOOD";
                floodFrom = (System.nanoTime() - t0) / 1e6;
                floodEnd[0] = System.nanoTime() + WaterPlan.FLOOD_TIME.toNanos();
                go.countDown();
                for (long left = floodEnd[0] - System.nanoTime(); left > 0; left = floodEnd[0] - System.nanoTime()) {
                    Thread.sleep(StrictMath.max(1, left / 1_000_000)); // until the flood's deadline, whatever its requests do
                }
                floodTo = (System.nanoTime() - t0) / 1e6;
                server.freeze();
                downAt = (System.nanoTime() - t0) / 1e6;
                phase[0] = "FROZEN";
                log("server process frozen (SIGSTOP) " + FixedPoint.format(downAt - floodTo, 0) + " ms after the flood's deadline; "
                        + "waiting for the PLCs on their own");
                waitUntil(() -> chlor.memory().bit(ChlorinationProgram.AUTO), PLC_ON_THEIR_OWN);
                server.kill();
                killedAt = (System.nanoTime() - t0) / 1e6;
                phase[0] = "DOWN";
                log("server process killed (SIGKILL): every server killed; the plant's trace goes on for "
                        + TRACE_AFTER_KILL.toMillis() + " ms");
                long more = System.nanoTime() + TRACE_AFTER_KILL.toNanos();
                int size = trace.size();
                waitUntil(() -> System.nanoTime() >= more && trace.size() >= size + 3, Duration.ofSeconds(10));
                long joinBy = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                for (Thread c : clients) {
                    c.join(StrictMath.max(1, (joinBy - System.nanoTime()) / 1_000_000)); // ended by their deadline-bound requests
                }
            } finally {
                server.close();
                serverOutput = server.output();
            }
        } finally {
            sampler.shutdownNow();
            sampler.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
            samplesFile.close();
            serverOutput.forEach(l -> log("server process: " + l));
        }
        if (notWritten.get() != null) {
            throw new IOException(RawData.PLC_SAFETY_SAMPLES + ": a sample could not be written", notWritten.get());
        }
        Map<String, Double> heights = new LinkedHashMap<>();
        WaterPlant p = plant.site().plant();
        heights.put(p.config().receivingWell().name(), p.config().receivingWell().heightM());
        heights.put(p.config().clearWell().name(), p.config().clearWell().heightM());
        heights.put(p.config().reservoir().name(), p.config().reservoir().heightM());
        // the trace itself is in RawData.PLC_SAFETY_SAMPLES, as it was streamed
        RawData.writeJson(bundle, RawData.PLC_SAFETY, new RawData.PlcSafetyRecord(commands, WaterPlan.MANUAL_DOSE, heights,
                WaterPlan.FLOOD_CLIENTS, answered.get(), failed.get(), floodFrom, floodTo, downAt, null, serverText, epoch, plcEpochs,
                killedAt));
        log(WaterPlan.PLC_SAFE_SERVER_FLOODED_OR_DOWN + " recorded: " + trace.size() + " samples, flood " + answered.get()
                + " answered by its deadline (" + failed.get() + " not), commands " + commands);
    }

    /**
     * One flooding client: from {@code go} on, reads {@code tags} back to back, each request given
     * the time left to the flood's deadline; an answer after the deadline is not counted as answered.
     * Bodies are discarded as they arrive (the suite keeps counts, not answers).
     */
    private static void floodClient(HttpClient http, URI tags, java.util.concurrent.CountDownLatch go, long[] floodEnd,
                                    java.util.concurrent.atomic.AtomicLong answered, java.util.concurrent.atomic.AtomicLong failed) {
        try {
            go.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        for (long left = floodEnd[0] - System.nanoTime(); left > 0; left = floodEnd[0] - System.nanoTime()) {
            try {
                http.send(HttpRequest.newBuilder(tags).timeout(Duration.ofNanos(left)).header("Authorization", "Bearer " + VIEWER).GET()
                        .build(), HttpResponse.BodyHandlers.discarding());
                (System.nanoTime() - floodEnd[0] < 0 ? answered : failed).incrementAndGet();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (IOException | RuntimeException e) {
                failed.incrementAndGet(); // no answer by the deadline (a time-out), or none at all
            }
        }
    }

    /** Injects the faults; returns what happened when. */
    private Map<String, String> faults(Pair pair, RunningPlant plant, Instant[] killedAt) throws Exception {
        Map<String, String> data = new LinkedHashMap<>();
        Duration p = opt.scanPeriod();
        log("fault: PLC link loss of " + WaterSite.CHLORINATION);
        data.put("linkLossFrom", Instant.now().toString());
        plant.server(WaterSite.CHLORINATION).setOnline(false);
        Thread.sleep(p.multipliedBy(5).toMillis());
        plant.server(WaterSite.CHLORINATION).setOnline(true);
        data.put("linkLossTo", Instant.now().toString());
        log("fault: historian database unreachable");
        data.put("databaseDownFrom", Instant.now().toString());
        pair.setDatabaseDown(true);
        Thread.sleep(p.multipliedBy(4).toMillis());
        data.put("spoolBacklogBytesDuringOutage", Long.toString(pair.a.spool().backlogBytes()));
        pair.setDatabaseDown(false);
        data.put("databaseDownTo", Instant.now().toString());
        Thread.sleep(p.multipliedBy(2).toMillis());
        log("fault: primary scada-a killed");
        killedAt[0] = Instant.now();
        data.put("primaryKilled", killedAt[0].toString());
        pair.a.kill();
        pair.all.remove(pair.a);
        waitUntil(pair.b::isActive, STANDBY_WAIT);
        data.put("standbyActiveAt", String.valueOf(pair.b.becameActive()));
        Thread.sleep(p.multipliedBy(3).toMillis());
        log("restart of scada-a (comes back as standby)");
        data.put("primaryRestarted", Instant.now().toString());
        SupervisoryServer a2 = pair.start("scada-a");
        Thread.sleep(p.multipliedBy(3).toMillis());
        data.put("restartedServerActive", Boolean.toString(a2.isActive()));
        pair.b.spool().flush(Duration.ofSeconds(30));
        a2.spool().flush(Duration.ofSeconds(30));
        return data;
    }

    private Instant failover(Pair pair, Instant killedAt) throws IOException {
        // the standby's first takeover after the kill (not its last: on a busy host the lease may have changed hands since)
        Instant active = pair.b.takeovers().stream().map(SupervisoryServer.Takeover::at).filter(t -> !t.isBefore(killedAt))
                .findFirst().orElse(null);
        List<String> history = new ArrayList<>();
        Map<String, String> timing = new LinkedHashMap<>();
        for (int i = 0; i < pair.started.size(); i++) {
            SupervisoryServer s = pair.started.get(i);
            String who = s.name() + (pair.started.subList(0, i).stream().anyMatch(x -> x.name().equals(s.name())) ? " (restarted)" : "");
            s.takeovers().forEach(t -> history.add(t.at() + " " + who + " epoch " + t.epoch()));
            SupervisoryServer.LeaseTiming lt = s.leaseTiming();
            timing.put(who, String.format(Locale.ROOT, "%d lease-loop ticks, %d late (over two heartbeats after the last), longest gap %d ms, "
                    + "slowest tick %d ms; scan overruns %d of %d cycles, slowest cycle %d ms", lt.ticks(), lt.late(),
                    lt.longestGap().toMillis(), lt.slowestTick().toMillis(), s.scanner().stats().overruns(), s.scanner().stats().cycles(),
                    s.scanner().stats().maxCycle().toMillis()));
        }
        history.sort(null);
        RawData.writeJson(bundle, RawData.FAILOVER, new RawData.FailoverRecord(killedAt.toString(),
                active == null ? null : active.toString(), LEASE_TTL.toMillis(), HEARTBEAT.toMillis(), pair.b.epoch(), history, timing));
        log(WaterPlan.FAILOVER_TIME + " recorded: killed " + killedAt + ", standby active " + active);
        return active;
    }

    private void historianCompleteness(Pair pair, Instant from, Map<String, String> faultData) throws Exception {
        Historian h = pair.b.historian();
        // The window ends now. Before the historian is read, every cycle scanned before that must have
        // reached it: each running server delivers a cycle started after the window's end (cycles are
        // delivered in order), then its spool is flushed (durable when flush returns). A fixed margin
        // of two scan periods was not enough on a busy host: the forwarder, behind by more, stored the
        // last cycles while the tags were being read, and the tags read first missed them.
        Instant to = Instant.now();
        for (SupervisoryServer s : List.copyOf(pair.all)) {
            Instant last = pair.lastCycle.get(s);
            waitUntil(() -> pair.lastCycle.get(s) != null && !pair.lastCycle.get(s).isBefore(to), opt.scanPeriod().multipliedBy(20));
            if (last == null || pair.lastCycle.get(s).isBefore(to)) {
                log("server " + s.name() + " delivered no scan cycle after " + to + " within 20 scan periods");
            }
            if (!s.spool().flush(Duration.ofSeconds(120))) {
                log("server " + s.name() + ": spool not flushed within 120 s (backlog " + s.spool().backlogBytes() + " bytes)");
            }
        }
        List<String> expected = pair.activeCycles.stream().filter(t -> !t.isBefore(from) && t.isBefore(to)).sorted()
                .map(Instant::toString).toList();
        List<String> tags = pair.b.scanner().current().keySet().stream().filter(t -> !t.startsWith("LOAD")).sorted().toList();
        StringBuilder csv = new StringBuilder(RawData.SAMPLES_HEADER).append('\n');
        for (String tag : tags) {
            if (tag.contains(",") || tag.contains("\n")) {
                throw new IllegalStateException("tag name not usable in a CSV field: " + tag);
            }
            for (Sample x : h.query(tag, from, to)) {
                csv.append(tag).append(',').append(x.time()).append(',')
                        .append(Double.isNaN(x.value()) ? "" : Double.toString(x.value())).append(',').append(x.quality().name()).append('\n');
            }
        }
        RawData.writeCsv(bundle, RawData.HISTORIAN_SAMPLES, csv.toString());
        RawData.writeJson(bundle, RawData.HISTORIAN, new RawData.HistorianRecord(from.toString(), to.toString(), WaterSite.CHLORINATION,
                tags, expected, faultData));
        log(WaterPlan.HISTORIAN_COMPLETENESS + " recorded: " + tags.size() + " tags, " + expected.size() + " cycles");
    }

    private void autonomy(RunningPlant plant) throws Exception {
        WaterPlant p = plant.site().plant();
        Map<String, Long> scansBefore = new LinkedHashMap<>();
        plant.site().plcs().forEach(x -> scansBefore.put(x.name(), x.scanCount()));
        log("servers down; forcing clear-well level to 0.3 m and chlorine to 3 mg/L");
        p.forceSensor(Tags.CW_LEVEL, 0.3);
        p.forceSensor(Tags.CW_CHLORINE, 3.0);
        Thread.sleep(1000);
        Map<String, Double> pumps = new LinkedHashMap<>();
        for (int i = 1; i <= p.config().transmission().pumps(); i++) {
            pumps.put(Integer.toString(i), p.read(Tags.txPump(i)));
        }
        double dose = p.read(Tags.CL_DOSE);
        p.forceSensor(Tags.CW_LEVEL, null);
        p.forceSensor(Tags.CW_CHLORINE, null);
        Map<String, Long> scansAfter = new LinkedHashMap<>();
        plant.site().plcs().forEach(x -> scansAfter.put(x.name(), x.scanCount()));
        RawData.writeJson(bundle, RawData.AUTONOMY, new RawData.AutonomyRecord(
                "every server stopped; clear-well level forced to 0.3 m and chlorine to 3 mg/L for 1 s", pumps, dose, scansBefore,
                scansAfter, plant.site().plc(WaterSite.FILTERS).memory().get(FilterProgram.WASHES)));
        log(WaterPlan.PLC_AUTONOMY + " recorded");
    }

    private void turbidityStep() throws IOException {
        WaterSite site = new WaterSite(PlantConfig.typical(60), Duration.ofMillis(100));
        PeriodicRunner runner = site.register(new PeriodicRunner(new SimulatedClock(PeriodicRunner.WATER_EPOCH)));
        WaterPlant p = site.plant();
        // streamed row by row: each row is one simulated second (a process minute), so every row is flushed
        try (io.github.ccrhil.evidence.bundle.SampleFile csv = io.github.ccrhil.evidence.bundle.SampleFile.create(
                bundle.resolve(RawData.TURBIDITY), RawData.TURBIDITY_HEADER, io.github.ccrhil.evidence.bundle.SampleFile.FLUSH_EVERY)) {
            StringBuilder row = new StringBuilder();
            for (int minute = 0; minute < 48 * 60; minute++) {
                if (minute == 6 * 60) {
                    p.setRawWater(50, 7.0);
                }
                runner.runFor(Duration.ofSeconds(1)); // one process minute at time scale 60
                row.setLength(0);
                FixedPoint.append(row, p.processHours(), 4).append(',');
                FixedPoint.append(row, p.read(Tags.RAW_TURBIDITY), 4).append(',');
                FixedPoint.append(row, p.read(Tags.FILTERED_TURBIDITY), 6).append(',');
                FixedPoint.append(row, p.read(Tags.RES_TURBIDITY), 6).append(',');
                FixedPoint.append(row, p.read(Tags.RES_CHLORINE), 5).append(',');
                FixedPoint.append(row, p.read(Tags.RES_PH), 4).append(',');
                FixedPoint.append(row, p.read(Tags.COAG_DOSE), 4);
                csv.add(Duration.ofSeconds(minute + 1L), row.toString());
            }
        }
        log(WaterPlan.TURBIDITY_STEP + " recorded: 48 process hours");
    }
}
