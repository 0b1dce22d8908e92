package io.github.ccrhil.water.verify.accept;

import io.github.ccrhil.water.verify.site.SiteWiring;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ccrhil.modbus.client.ModbusExceptionResponse;
import io.github.ccrhil.modbus.tcp.ModbusTcpClient;
import io.github.ccrhil.evidence.Limit;
import io.github.ccrhil.evidence.Provenance;
import io.github.ccrhil.water.scada.api.ApiServer;
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
import io.github.ccrhil.water.scada.JournalEvent;
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
import io.github.ccrhil.water.verify.site.QualityLimits;
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

    static final Provenance ISSUE = Provenance.of("ccr-hil issue 'water-plant supervisory control module' (performance targets)");
    static final String VIEWER = "suite-viewer-token-01";
    static final String OPERATOR = "suite-operator-token-1";
    static final String ENGINEER = "suite-engineer-token-1";

    private final Options opt;
    private final List<String> log = new ArrayList<>();
    private final Map<String, String> traces = new LinkedHashMap<>();
    private final ObjectMapper json = new ObjectMapper();

    public AcceptanceSuite(Options opt) {
        this.opt = opt;
    }

    /** The plan: what will be checked and how, fixed before the run. */
    public static List<CheckSpec> plan() {
        return List.of(
                new CheckSpec("SCAN_PERIOD_UNDER_LOAD", "every point of every PLC is scanned at the fixed period under load",
                        "five plant PLCs plus synthetic PLCs; every scan cycle must finish within the period"),
                new CheckSpec("ALARM_LATENCY", "an alarm condition in the plant is annunciated within two scan periods",
                        "force the clear-well chlorine analyser to 3 mg/L; time from injection to the CL_OVERDOSE alarm"),
                new CheckSpec("COMMAND_AUTHORITY", "only authorised, confirmed, in-range commands reach a PLC, each audited",
                        "viewer and operator refusals over the API, unsafe value refused by server and by PLC (exception 03), "
                                + "unconfirmed command not executed, confirmed reset executed, audit trail complete"),
                new CheckSpec("FAILOVER_TIME", "the standby takes over within 2 s when the primary dies",
                        "kill the active server; time until the standby holds the lease"),
                new CheckSpec("HISTORIAN_COMPLETENESS", "no sample lost across a PLC link loss, a database outage, a server death and restart",
                        "every sample of every plant tag scanned while a server was active is in the historian; link-loss samples stored flagged"),
                new CheckSpec("PLC_AUTONOMY", "PLCs keep the plant safe while every server is down",
                        "stop both servers; PLCs must keep scanning and act on interlocks (clear-well low-low stops the "
                                + "transmission pumps, chlorine overdose stops dosing)"),
                new CheckSpec("TURBIDITY_STEP", "a raw-water turbidity step 5 -> 50 degrees keeps treated water inside water.md limits",
                        "48 process hours in simulated time with the plant's own PLC logic; worst filtered turbidity, "
                                + "tap turbidity, tap chlorine, pH"));
    }

    private void log(String s) {
        log.add(Instant.now() + " " + s);
    }

    private Map<String, Object> options() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scanPeriod", opt.scanPeriod().toString());
        m.put("loadPlcs", opt.loadPlcs());
        m.put("loadPoints", opt.loadPoints());
        m.put("loadCycles", opt.loadCycles());
        m.put("historian", opt.pgUrl() == null ? "H2 embedded" : "PostgreSQL");
        return m;
    }

    /** Runs every check; never throws for a failed check (that is a FAIL verdict). */
    public SuiteResult run() throws Exception {
        Instant started = Instant.now();
        List<Verdict> verdicts = new ArrayList<>();
        List<ComponentIdentity> identity;
        String url = opt.pgUrl() != null ? opt.pgUrl()
                : "jdbc:h2:file:" + opt.workDir().resolve("historian").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE";
        log("suite started; historian " + (opt.pgUrl() == null ? "H2 embedded" : "PostgreSQL"));
        List<User> users = List.of(User.withToken("vera", Role.VIEWER, VIEWER), User.withToken("otto", Role.OPERATOR, OPERATOR),
                User.withToken("erik", Role.ENGINEER, ENGINEER));
        try (RunningPlant plant = RunningPlant.start(new WaterSite(PlantConfig.typical(60), Duration.ofMillis(100)), Instant.now(),
                InetAddress.getLoopbackAddress(), 0); SyntheticFarm load = new SyntheticFarm(opt.loadPlcs(), opt.loadPoints(), Duration.ofMillis(200));
             JdbcHistorian shared = JdbcHistorian.open(url, null, null)) {
            if (opt.pgUrl() != null) {
                shared.truncateAll();
            }
            identity = ServerIdentity.collect("scada-a", shared.describe());
            List<PlcEndpoint> endpoints = new ArrayList<>(SiteWiring.endpoints(plant));
            endpoints.addAll(SiteWiring.endpoints(load));
            // the lease lives in its own small database so that bulk historian writes never delay a
            // renewal (with PostgreSQL, row locks keep them apart and one database serves both)
            String coordinationUrl = opt.pgUrl() != null ? opt.pgUrl()
                    : "jdbc:h2:file:" + opt.workDir().resolve("coordination").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE";
            Pair pair = new Pair(url, coordinationUrl, endpoints, users, plant);
            try {
                pair.a = pair.start("scada-a");
                waitUntil(pair.a::isActive, Duration.ofSeconds(5));
                pair.b = pair.start("scada-b");
                Instant windowStart = Instant.now();
                verdicts.add(scanUnderLoad(pair.a, endpoints));
                verdicts.add(alarmLatency(pair.a, plant));
                verdicts.add(commandAuthority(pair.a, plant));
                Instant[] killedAt = new Instant[1];
                Map<String, Object> faultData = faults(pair, plant, killedAt);
                verdicts.add(failover(pair, killedAt[0]));
                verdicts.add(historianCompleteness(pair, windowStart, faultData));
                pair.closeAll();
                verdicts.add(autonomy(plant));
            } finally {
                pair.closeAll();
            }
        } catch (RuntimeException | IOException e) {
            log("suite environment failed: " + e);
            throw e;
        }
        verdicts.add(turbidityStep());
        log("suite finished");
        return new SuiteResult("water-acceptance", started, Instant.now(), options(), plan(), identity, verdicts, traces, log);
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
        /** Times of the scan cycles delivered while their server was active: each must be stored. */
        final java.util.Set<Instant> activeCycles = java.util.concurrent.ConcurrentHashMap.newKeySet();
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
                    Duration.ofMillis(Math.max(200, opt.scanPeriod().toMillis() / 2)), 3, SiteAlarms.defaults(), users,
                    opt.workDir().resolve("spool-" + name), Duration.ofMillis(1000), Duration.ofMillis(200),
                    Duration.ofSeconds(60), 300);
            SupervisoryServer s = new SupervisoryServer(cfg, h, new JdbcCoordination(coordinationUrl), Clock.systemUTC());
            s.scanner().addSink(c -> {
                if (!c.isEmpty() && s.isActive()) {
                    activeCycles.add(c.get(0).time());
                }
            });
            s.start();
            all.add(s);
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

    private static Limit limit(String name, double value, String unit, Provenance p) {
        return new Limit(name, value, unit, p);
    }

    private Verdict verdict(String id, Limit l, double measured, boolean passed, String detail, Map<String, Object> data) {
        CheckSpec spec = plan().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
        log(id + ": " + (passed ? "PASS" : "FAIL") + " measured " + measured + " " + l.unit() + " (limit " + l.value() + ")");
        return new Verdict(id, spec.requirement(), l.name(), l.value(), l.unit(), l.provenance().toString(), measured, passed,
                detail, data);
    }

    // ------------------------------------------------------------------ checks

    private Verdict scanUnderLoad(SupervisoryServer s, List<PlcEndpoint> endpoints) throws InterruptedException {
        List<Instant> cycleTimes = new ArrayList<>();
        s.scanner().addSink(c -> {
            synchronized (cycleTimes) {
                if (!c.isEmpty()) {
                    cycleTimes.add(c.get(0).time());
                }
            }
        });
        long before = s.scanner().stats().cycles();
        waitUntil(() -> s.scanner().stats().cycles() >= before + opt.loadCycles() + 1, opt.scanPeriod().multipliedBy(opt.loadCycles() + 5));
        int points = endpoints.stream().mapToInt(e -> e.points().points().size()).sum();
        Duration maxCycle = s.scanner().stats().maxCycle();
        List<Long> intervals = new ArrayList<>();
        synchronized (cycleTimes) {
            for (int i = 1; i < cycleTimes.size(); i++) {
                intervals.add(Duration.between(cycleTimes.get(i - 1), cycleTimes.get(i)).toMillis());
            }
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("plcs", endpoints.size());
        data.put("points", points);
        data.put("cycleIntervalsMs", intervals);
        data.put("maxCycleMs", maxCycle.toMillis());
        data.put("overruns", s.scanner().stats().overruns());
        data.put("goodSamplesLastCycle", s.scanner().current().values().stream().filter(x -> x.quality() == Quality.GOOD).count());
        Limit l = limit("scan cycle duration", opt.scanPeriod().toMillis(), "ms", ISSUE);
        double maxInterval = intervals.stream().mapToLong(Long::longValue).max().orElse(Long.MAX_VALUE);
        boolean ok = maxCycle.toMillis() <= l.value() && s.scanner().stats().overruns() == 0 && intervals.size() >= opt.loadCycles() - 1
                && maxInterval <= opt.scanPeriod().toMillis() * 1.5;
        return verdict("SCAN_PERIOD_UNDER_LOAD", l, maxCycle.toMillis(), ok, String.format(Locale.ROOT,
                "%d PLCs, %d points scanned every %d ms; slowest cycle %d ms, %d overruns, cycle intervals %s ms",
                endpoints.size(), points, opt.scanPeriod().toMillis(), maxCycle.toMillis(), s.scanner().stats().overruns(), intervals),
                data);
    }

    private Verdict alarmLatency(SupervisoryServer s, RunningPlant plant) throws InterruptedException {
        WaterPlant p = plant.site().plant();
        Instant injected = Instant.now();
        p.forceSensor(Tags.CW_CHLORINE, 3.0);
        waitUntil(() -> s.alarms().get("CL_OVERDOSE").active(), opt.scanPeriod().multipliedBy(10));
        AlarmManager.AlarmView v = s.alarms().get("CL_OVERDOSE");
        p.forceSensor(Tags.CW_CHLORINE, null);
        double ms = v.active() && v.raisedAt() != null ? Duration.between(injected, v.raisedAt()).toNanos() / 1e6 : Double.POSITIVE_INFINITY;
        Limit l = limit("alarm annunciation latency", opt.scanPeriod().toMillis() * 2.0, "ms",
                Provenance.defaultValue("two scan periods: one to see the change, one of margin; no standard figure read"));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("injectedAt", injected.toString());
        data.put("raisedAt", String.valueOf(v.raisedAt()));
        data.put("sampleToRaiseMs", v.latency().toNanos() / 1e6);
        return verdict("ALARM_LATENCY", l, ms, ms <= l.value(), String.format(Locale.ROOT,
                "chlorine analyser forced to 3 mg/L at %s; the PLC tripped dosing and CL_OVERDOSE was annunciated after %.1f ms "
                        + "(%.1f ms from the scan that saw it)", injected, ms, v.latency().toNanos() / 1e6), data);
    }

    private int post(HttpClient http, int port, String path, String token, String body, Map<String, JsonNode> out) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token)
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        out.put(path, json.readTree(r.body()));
        return r.statusCode();
    }

    private Verdict commandAuthority(SupervisoryServer s, RunningPlant plant) throws Exception {
        Map<String, Object> data = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        Plc chlor = plant.site().plc(WaterSite.CHLORINATION);
        Plc coag = plant.site().plc(WaterSite.COAGULATION);
        long journalBefore = s.journal().all().size();
        try (ApiServer api = ApiServer.start(s, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            HttpClient http = HttpClient.newHttpClient();
            Map<String, JsonNode> bodies = new LinkedHashMap<>();
            String cmd = "{\"plc\":\"CHLOR\",\"point\":\"cl_sp\",\"value\":%s,\"requestId\":\"%s\"}";
            int viewer = post(http, api.port(), "/api/commands", VIEWER, String.format(Locale.ROOT, cmd, "0.6", "acc-1"), bodies);
            expect(failures, data, "viewer command refused (403)", viewer, 403);
            int gain = post(http, api.port(), "/api/commands", OPERATOR,
                    "{\"plc\":\"COAG\",\"point\":\"dose_gain\",\"value\":0.1,\"requestId\":\"acc-2\"}", bodies);
            expect(failures, data, "operator tuning refused (403)", gain, 403);
            int unsafe = post(http, api.port(), "/api/commands", OPERATOR, String.format(Locale.ROOT, cmd, "1.5", "acc-3"), bodies);
            expect(failures, data, "unsafe set-point refused by the server (400)", unsafe, 400);
            double spBefore = chlor.memory().get(ChlorinationProgram.SP);
            int prep = post(http, api.port(), "/api/commands", OPERATOR, String.format(Locale.ROOT, cmd, "0.7", "acc-4"), bodies);
            expect(failures, data, "command prepared (202)", prep, 202);
            Thread.sleep(opt.scanPeriod().toMillis());
            boolean notYet = chlor.memory().get(ChlorinationProgram.SP) == spBefore;
            data.put("unconfirmed command not executed", notYet);
            if (!notYet) {
                failures.add("an unconfirmed command changed the PLC");
            }
            Map<String, JsonNode> b2 = new LinkedHashMap<>();
            int reset = post(http, api.port(), "/api/commands", OPERATOR,
                    "{\"plc\":\"CHLOR\",\"point\":\"trip_reset\",\"value\":1,\"requestId\":\"acc-5\"}", b2);
            expect(failures, data, "overdose trip reset prepared (202)", reset, 202);
            String id = b2.get("/api/commands").path("confirmationId").asText();
            int confirmed = post(http, api.port(), "/api/commands/" + id + "/confirm", OPERATOR, null, b2);
            expect(failures, data, "overdose trip reset confirmed and executed (200)", confirmed, 200);
            // straight to the PLC, bypassing the server: the PLC's own range check
            PlcServer ps = plant.server(WaterSite.CHLORINATION);
            int code = 0;
            try (ModbusTcpClient raw = new ModbusTcpClient("127.0.0.1", ps.port(), Duration.ofSeconds(1))) {
                raw.writeSingleRegister(chlor.unitId(), chlor.memory().profile().require(ChlorinationProgram.SP).address(), 1500);
            } catch (ModbusExceptionResponse e) {
                code = e.exceptionCode();
            }
            expect(failures, data, "unsafe set-point written straight to the PLC refused with exception", code, 3);
            if (chlor.memory().get(ChlorinationProgram.SP) != spBefore) {
                failures.add("PLC set-point changed by a refused write");
            }
            if (coag.memory().get(CoagulationProgram.DOSE_GAIN) != 0.5) {
                failures.add("coagulant gain changed by a refused command");
            }
        }
        List<JournalEvent> audit = s.journal().all().subList((int) journalBefore, s.journal().all().size()).stream()
                .filter(e -> e.type().startsWith("COMMAND_")).toList();
        List<String> auditLines = audit.stream().map(e -> e.type() + " " + e.user() + " " + e.source() + ": " + e.detail()).toList();
        data.put("auditTrail", auditLines);
        long refused = audit.stream().filter(e -> e.type().equals("COMMAND_REFUSED")).count();
        long executed = audit.stream().filter(e -> e.type().equals("COMMAND_EXECUTED") && e.user().equals("otto")).count();
        if (refused < 3 || executed != 1) {
            failures.add("audit trail incomplete: " + refused + " refusals, " + executed + " executions recorded");
        }
        Limit l = limit("unauthorised or unsafe commands reaching a PLC", 0, "commands",
                Provenance.of("water.md: operator commands with authority, confirmation and an audit trail; Modbus has no authentication"));
        return verdict("COMMAND_AUTHORITY", l, failures.size(), failures.isEmpty(),
                failures.isEmpty() ? "every refusal and the one confirmed command behaved and were audited: " + auditLines
                        : "problems: " + failures, data);
    }

    private static void expect(List<String> failures, Map<String, Object> data, String what, int got, int wanted) {
        data.put(what, got);
        if (got != wanted) {
            failures.add(what + ": got " + got + ", wanted " + wanted);
        }
    }

    /** Injects the faults; returns what happened when. */
    private Map<String, Object> faults(Pair pair, RunningPlant plant, Instant[] killedAt) throws Exception {
        Map<String, Object> data = new LinkedHashMap<>();
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
        data.put("spoolBacklogBytesDuringOutage", pair.a.spool().backlogBytes());
        pair.setDatabaseDown(false);
        data.put("databaseDownTo", Instant.now().toString());
        Thread.sleep(p.multipliedBy(2).toMillis());
        log("fault: primary scada-a killed");
        killedAt[0] = Instant.now();
        pair.a.kill();
        pair.all.remove(pair.a);
        waitUntil(pair.b::isActive, Duration.ofSeconds(10));
        data.put("standbyActiveAt", String.valueOf(pair.b.becameActive()));
        Thread.sleep(p.multipliedBy(3).toMillis());
        log("restart of scada-a (comes back as standby)");
        SupervisoryServer a2 = pair.start("scada-a");
        Thread.sleep(p.multipliedBy(3).toMillis());
        data.put("restartedServerActive", a2.isActive());
        pair.b.spool().flush(Duration.ofSeconds(30));
        a2.spool().flush(Duration.ofSeconds(30));
        return data;
    }

    private Verdict failover(Pair pair, Instant killedAt) {
        Instant active = pair.b.becameActive();
        double ms = active == null ? Double.POSITIVE_INFINITY : Duration.between(killedAt, active).toNanos() / 1e6;
        Limit l = limit("failover time", 2000, "ms", ISSUE);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("killedAt", killedAt.toString());
        data.put("standbyActiveAt", String.valueOf(active));
        data.put("leaseTtlMs", 1000);
        data.put("epochAtVerdict", pair.b.epoch());
        return verdict("FAILOVER_TIME", l, ms, ms <= l.value(), String.format(Locale.ROOT,
                "active server killed at %s; standby scada-b took the lease %.0f ms later (lease time 1000 ms, heartbeat 200 ms)",
                killedAt, ms), data);
    }

    private Verdict historianCompleteness(Pair pair, Instant from, Map<String, Object> faultData) throws Exception {
        Historian h = pair.b.historian();
        Instant to = Instant.now().minus(opt.scanPeriod().multipliedBy(2));
        List<Instant> expected = pair.activeCycles.stream().filter(t -> !t.isBefore(from) && t.isBefore(to)).sorted().toList();
        long worstGapMs = 0;
        String worstGapAt = "";
        long stored = 0;
        long flagged = 0;
        long missing = 0;
        List<String> missingExamples = new ArrayList<>();
        List<String> tags = pair.b.scanner().current().keySet().stream().filter(t -> !t.startsWith("LOAD")).sorted().toList();
        StringBuilder csv = new StringBuilder("t_s,CHLOR.CW.CHLORINE,quality_code\n");
        for (String tag : tags) {
            List<Sample> s = h.query(tag, from, to);
            stored += s.size();
            java.util.Set<Instant> times = new java.util.HashSet<>();
            for (int i = 0; i < s.size(); i++) {
                times.add(s.get(i).time());
                if (i > 0) {
                    long gap = Duration.between(s.get(i - 1).time(), s.get(i).time()).toMillis();
                    if (gap > worstGapMs) {
                        worstGapMs = gap;
                        worstGapAt = tag + " after " + s.get(i - 1).time();
                    }
                }
            }
            for (Instant t : expected) {
                if (!times.contains(t)) {
                    missing++;
                    if (missingExamples.size() < 10) {
                        missingExamples.add(tag + "@" + t);
                    }
                }
            }
            if (tag.startsWith(WaterSite.CHLORINATION + ".")) {
                flagged += s.stream().filter(x -> x.quality() != Quality.GOOD).count();
            }
            if (tag.equals(WaterSite.CHLORINATION + "." + ChlorinationProgram.CW_CHLORINE)) {
                for (Sample x : s) {
                    csv.append(String.format(Locale.ROOT, "%.3f,%s,%d%n", Duration.between(from, x.time()).toNanos() / 1e9,
                            Double.isNaN(x.value()) ? "" : Double.toString(x.value()), x.quality().ordinal()));
                }
            }
        }
        traces.put("historian_CHLOR_CW_CHLORINE", csv.toString());
        Map<String, Object> data = new LinkedHashMap<>(faultData);
        data.put("tags", tags.size());
        data.put("cyclesScannedWhileActive", expected.size());
        data.put("samplesExpected", (long) expected.size() * tags.size());
        data.put("samplesStored", stored);
        data.put("samplesMissing", missing);
        data.put("missingExamples", missingExamples);
        data.put("flaggedSamplesOfLinkLossPlc", flagged);
        data.put("largestIntervalBetweenStoredSamplesMs", worstGapMs);
        data.put("largestIntervalAt", worstGapAt);
        Limit l = limit("samples scanned by the active server but not stored", 0, "samples",
                Provenance.of("water.md: every sample stored once, none lost across a PLC link loss or a server restart"));
        boolean ok = missing == 0 && flagged > 0 && !expected.isEmpty();
        return verdict("HISTORIAN_COMPLETENESS", l, missing, ok, String.format(Locale.ROOT,
                "%d plant tags x %d cycles scanned while a server was active (%s to %s), across a %s link loss, a database "
                        + "outage, the primary's death and its restart: %d samples missing, %d stored (replays and the standby's "
                        + "buffer included; (tag, time) stored once); %d samples of the cut PLC stored flagged stale/comm-fail; "
                        + "largest interval between stored samples %d ms (%s)",
                tags.size(), expected.size(), from, to, WaterSite.CHLORINATION, missing, stored, flagged, worstGapMs, worstGapAt), data);
    }

    private Verdict autonomy(RunningPlant plant) throws InterruptedException {
        List<String> failures = new ArrayList<>();
        Map<String, Object> data = new LinkedHashMap<>();
        WaterPlant p = plant.site().plant();
        Map<String, Long> scansBefore = new LinkedHashMap<>();
        plant.site().plcs().forEach(x -> scansBefore.put(x.name(), x.scanCount()));
        log("servers down; forcing clear-well level to 0.3 m and chlorine to 3 mg/L");
        p.forceSensor(Tags.CW_LEVEL, 0.3);
        p.forceSensor(Tags.CW_CHLORINE, 3.0);
        Thread.sleep(1000);
        boolean pumpsStopped = true;
        for (int i = 1; i <= p.config().transmission().pumps(); i++) {
            pumpsStopped &= p.read(Tags.txPump(i)) < 0.5;
        }
        boolean dosingStopped = p.read(Tags.CL_DOSE) == 0.0;
        p.forceSensor(Tags.CW_LEVEL, null);
        p.forceSensor(Tags.CW_CHLORINE, null);
        data.put("transmissionPumpsStoppedOnLowLow", pumpsStopped);
        data.put("chlorineDosingStoppedOnOverdose", dosingStopped);
        if (!pumpsStopped) {
            failures.add("transmission pumps kept running at clear-well low-low");
        }
        if (!dosingStopped) {
            failures.add("chlorine dosing continued at overdose");
        }
        Map<String, Long> scans = new LinkedHashMap<>();
        for (Plc x : plant.site().plcs()) {
            long n = x.scanCount() - scansBefore.get(x.name());
            scans.put(x.name(), n);
            if (n < 3) {
                failures.add(x.name() + " scanned only " + n + " times");
            }
        }
        data.put("plcScansWhileServersDown", scans);
        data.put("washesSoFar", plant.site().plc(WaterSite.FILTERS).memory().get(FilterProgram.WASHES));
        Limit l = limit("interlocks or scans missed while the servers were down", 0, "failures",
                Provenance.of("water.md: PLCs keep the plant safe on their own when the server is gone"));
        return verdict("PLC_AUTONOMY", l, failures.size(), failures.isEmpty(),
                failures.isEmpty() ? "with no server running, every PLC kept scanning " + scans
                        + "; the clear-well low-low interlock stopped the transmission pumps and the overdose interlock stopped dosing"
                        : "problems: " + failures, data);
    }

    private Verdict turbidityStep() {
        WaterSite site = new WaterSite(PlantConfig.typical(60), Duration.ofMillis(100));
        PeriodicRunner runner = site.register(new PeriodicRunner(new SimulatedClock(PeriodicRunner.WATER_EPOCH)));
        WaterPlant p = site.plant();
        StringBuilder csv = new StringBuilder("process_h,raw_turbidity,filtered_turbidity,tap_turbidity,tap_chlorine,tap_pH,coagulant_mgL\n");
        double filtered = 0;
        double tapT = 0;
        double tapCl = Double.MAX_VALUE;
        double phMin = 14;
        double phMax = 0;
        for (int minute = 0; minute < 48 * 60; minute++) {
            if (minute == 6 * 60) {
                p.setRawWater(50, 7.0);
            }
            runner.runFor(Duration.ofSeconds(1)); // one process minute at time scale 60
            filtered = Math.max(filtered, p.read(Tags.FILTERED_TURBIDITY));
            tapT = Math.max(tapT, p.read(Tags.RES_TURBIDITY));
            tapCl = Math.min(tapCl, p.read(Tags.RES_CHLORINE));
            phMin = Math.min(phMin, p.read(Tags.RES_PH));
            phMax = Math.max(phMax, p.read(Tags.RES_PH));
            if (minute % 10 == 9) {
                csv.append(String.format(Locale.ROOT, "%.3f,%.4f,%.5f,%.5f,%.4f,%.3f,%.3f%n", p.processHours(),
                        p.read(Tags.RAW_TURBIDITY), p.read(Tags.FILTERED_TURBIDITY), p.read(Tags.RES_TURBIDITY),
                        p.read(Tags.RES_CHLORINE), p.read(Tags.RES_PH), p.read(Tags.COAG_DOSE)));
            }
        }
        traces.put("turbidity_step", csv.toString());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("worstFilteredTurbidity", filtered);
        data.put("worstTapTurbidity", tapT);
        data.put("lowestTapChlorine", tapCl);
        data.put("pHRange", List.of(phMin, phMax));
        List<String> failures = new ArrayList<>();
        if (tapT > QualityLimits.TAP_TURBIDITY_MAX.value()) {
            failures.add("tap turbidity " + tapT);
        }
        if (tapCl < QualityLimits.TAP_CHLORINE_MIN.value()) {
            failures.add("tap chlorine " + tapCl);
        }
        if (phMin < QualityLimits.PH_MIN.value() || phMax > QualityLimits.PH_MAX.value()) {
            failures.add("pH " + phMin + ".." + phMax);
        }
        Limit l = QualityLimits.FILTERED_TURBIDITY_MAX;
        boolean ok = filtered <= l.value() && failures.isEmpty();
        return verdict("TURBIDITY_STEP", l, filtered, ok, String.format(Locale.ROOT,
                "raw turbidity 5 -> 50 degrees at process hour 6, 48 h simulated (deterministic); worst filtered %.4f deg, "
                        + "tap turbidity %.4f deg (limit %.1f), lowest tap chlorine %.3f mg/L (limit %.1f), pH %.2f..%.2f (limits %.1f..%.1f)%s",
                filtered, tapT, QualityLimits.TAP_TURBIDITY_MAX.value(), tapCl, QualityLimits.TAP_CHLORINE_MIN.value(), phMin, phMax,
                QualityLimits.PH_MIN.value(), QualityLimits.PH_MAX.value(), failures.isEmpty() ? "" : "; failed: " + failures), data);
    }
}
