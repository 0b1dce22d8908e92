package io.github.ccrhil.water.verify.accept;

import io.github.ccrhil.evidence.Limit;
import io.github.ccrhil.evidence.Provenance;
import io.github.ccrhil.evidence.bundle.Results;
import io.github.ccrhil.evidence.yaml.ConfigException;
import io.github.ccrhil.evidence.yaml.YamlNode;
import io.github.ccrhil.water.scada.server.ServerIdentity;
import io.github.ccrhil.water.verify.site.QualityLimits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The water acceptance suite's plan: its run options and every check with its limits and their
 * provenance, as data. The suite writes it into the bundle as {@value #FILE} before anything runs;
 * the judge reads the limits back from there, so a bundle's verdicts follow from its own plan.
 *
 * <pre>
 * plan: water-acceptance
 * format: 1
 * options: { scanPeriod: "PT1S", loadPlcs: "20", … }
 * checks:
 *   - id: FAILOVER_TIME
 *     requirement: "the standby takes over within 2 s when the primary dies"
 *     clause: "…"
 *     procedure: "kill the active server; time until the standby holds the lease"
 *     limits:
 *       failover: { name: "failover time", value: 2000, unit: "ms", source: "…" }
 * </pre>
 * A limit carries either {@code source:} (the document it comes from) or {@code default:} (why it
 * is a default: no governing figure was read).
 *
 * The plan also declares the identity the equipment must report ({@code identity:}, one entry a
 * component): model, revision and SHA-256 each a literal, or {@value DeclaredComponent#AS_FOUND}
 * (recorded as the equipment reports it, not judged).
 *
 * @param name     the plan's name
 * @param options  the run's options, for the reader (the judge uses only the limits)
 * @param checks   every check, in run order
 * @param identity the components the equipment must report, as declared
 */
public record WaterPlan(String name, Map<String, String> options, List<CheckSpec> checks, List<DeclaredComponent> identity) {

    /**
     * A component the plan declares, matched to the reported one by {@code component}
     * ({@code ServerIdentity}'s names: server, os, middleware/…, application).
     */
    public record DeclaredComponent(String component, String model, String revision, String sha256) {
        /** A field the plan does not declare: the identity test records what is reported and does not judge it. */
        public static final String AS_FOUND = "as-found";

        public DeclaredComponent {
            java.util.Objects.requireNonNull(component, "component");
            java.util.Objects.requireNonNull(model, "model");
            java.util.Objects.requireNonNull(revision, "revision");
            java.util.Objects.requireNonNull(sha256, "sha256");
            if (!sha256.equals(AS_FOUND) && !sha256.matches("[0-9a-f]{64}") && !sha256.matches("n/a( \\(.*\\))?")) {
                throw new IllegalArgumentException("sha256 of " + component + " must be 64 lowercase hex digits, \"n/a (…)\" or "
                        + AS_FOUND + ", was " + sha256);
            }
        }

        /** Nothing declared: recorded only. */
        public static DeclaredComponent asFound(String component) {
            return new DeclaredComponent(component, AS_FOUND, AS_FOUND, AS_FOUND);
        }
    }

    public static final String FILE = "water-plan.yaml";
    public static final String NAME = "water-acceptance";
    static final int FORMAT = 1;

    public static final String IDENTITY = "IDENTITY";
    public static final String SCAN_PERIOD_UNDER_LOAD = "SCAN_PERIOD_UNDER_LOAD";
    public static final String ALARM_LATENCY = "ALARM_LATENCY";
    public static final String COMMAND_AUTHORITY = "COMMAND_AUTHORITY";
    public static final String FAILOVER_TIME = "FAILOVER_TIME";
    public static final String HISTORIAN_COMPLETENESS = "HISTORIAN_COMPLETENESS";
    public static final String PLC_AUTONOMY = "PLC_AUTONOMY";
    public static final String TURBIDITY_STEP = "TURBIDITY_STEP";
    public static final String COMMAND_REPLAY = "COMMAND_REPLAY";
    public static final String LOGIN_RATE_LIMIT = "LOGIN_RATE_LIMIT";
    public static final String PLC_SAFE_SERVER_FLOODED_OR_DOWN = "PLC_SAFE_SERVER_FLOODED_OR_DOWN";
    /** API clients flooding the server in PLC_SAFE_SERVER_FLOODED_OR_DOWN, and for how long. */
    static final int FLOOD_CLIENTS = 16;
    static final java.time.Duration FLOOD_TIME = java.time.Duration.ofSeconds(2);
    /**
     * The supervisor timeout the suite's own plant runs its PLCs with in PLC_SAFE_SERVER_FLOODED_OR_DOWN
     * (as delivered: {@code Plc.DEFAULT_SUPERVISOR_TIMEOUT}, 5 s), short to keep the suite quick.
     */
    static final java.time.Duration PLC_SUPERVISOR_TIMEOUT = java.time.Duration.ofSeconds(2);
    /** The manual chlorine dose the operator sets before the server is flooded and killed, mg/L. */
    static final double MANUAL_DOSE = 4.0;
    /** The failed logins per address the suite configures the API with for LOGIN_RATE_LIMIT (the server's default: 10 a minute). */
    static final int LOGIN_FAILURES = 5;
    /** The window they are counted over (short, so that the check can see it pass). */
    static final java.time.Duration LOGIN_WINDOW = java.time.Duration.ofSeconds(2);

    static final Provenance IEC_62443_4_2_LOGINS = Provenance.of("IEC 62443-4-2 CR 1.11 (unsuccessful login attempts: limit a "
            + "configurable number of consecutive invalid attempts during a configurable time period); ccr-hil issue 15: the API "
            + "rate-limits failed logins without locking out the legitimate operator from another address or after the window");

    static final Provenance IEC_62443_4_2_AUTH = Provenance.of("IEC 62443-4-2 CR 1.1 (human user identification and "
            + "authentication), CR 2.1 (authorization enforcement), CR 2.8 (auditable events), CR 3.1 (communication integrity: "
            + "no replay); ccr-hil issue 15: commands without a token, with a wrong role, or replayed are refused and journaled");

    static final Provenance ISSUE = Provenance.of("ccr-hil issue 'water-plant supervisory control module' (performance targets)");

    public WaterPlan {
        options = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(options));
        checks = List.copyOf(checks);
        identity = List.copyOf(identity);
    }

    /** A plan that declares no identity. */
    public WaterPlan(String name, Map<String, String> options, List<CheckSpec> checks) {
        this(name, options, checks, List.of());
    }

    /** This plan with {@code declared} as the identity the equipment must report. */
    public WaterPlan withIdentity(List<DeclaredComponent> declared) {
        return new WaterPlan(name, options, checks, declared);
    }

    /**
     * What the default plan declares: this build's supervisory application by the hash of its own
     * classes (what the reference build reports); the host's parts (server, OS, JDK, database,
     * libraries) as found, since only a site's own plan can say which it expects.
     */
    public static List<DeclaredComponent> referenceIdentity() {
        List<DeclaredComponent> out = new ArrayList<>();
        for (String c : List.of(ServerIdentity.SERVER, ServerIdentity.OS, ServerIdentity.JAVA, ServerIdentity.DATABASE,
                ServerIdentity.MODBUS_TCP, ServerIdentity.JSON, ServerIdentity.H2, ServerIdentity.POSTGRESQL_DRIVER)) {
            out.add(DeclaredComponent.asFound(c));
        }
        out.add(new DeclaredComponent(ServerIdentity.APPLICATION, "ccr-hil water supervisory application", DeclaredComponent.AS_FOUND,
                ServerIdentity.applicationSha256()));
        return out;
    }

    /** The check with id {@code id}. */
    public CheckSpec check(String id) {
        return checks.stream().filter(c -> c.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no check " + id + " in the plan"));
    }

    /** The suite's plan for these options: the limits of the performance targets and of water.md. */
    public static WaterPlan of(AcceptanceSuite.Options opt) {
        double scanMs = opt.scanPeriod().toMillis();
        Map<String, String> options = new LinkedHashMap<>();
        options.put("scanPeriod", opt.scanPeriod().toString());
        options.put("loadPlcs", Integer.toString(opt.loadPlcs()));
        options.put("loadPoints", Integer.toString(opt.loadPoints()));
        options.put("loadCycles", Integer.toString(opt.loadCycles()));
        options.put("historian", opt.pgUrl() == null ? "H2 embedded" : "PostgreSQL");
        List<CheckSpec> checks = new ArrayList<>();
        checks.add(new CheckSpec(IDENTITY, "the equipment is the declared one: server, OS, middleware and application, each "
                + "with a hash a reviewer can re-derive", "ccr-hil issue 11 (identity that means something); the plan's identity: section",
                "the supervisory server reports every component; each is compared with the plan's declaration, and each hash "
                        + "made from a list in the bundle (hardware, installed packages, the application's SBOM) is re-derived from it",
                limits("mismatches", new Limit("components not as declared, or hashes that do not follow from the bundle's lists", 0,
                        "components", Provenance.of("ccr-hil issue 11: a mismatch FAILs the identity test")))));
        checks.add(new CheckSpec(SCAN_PERIOD_UNDER_LOAD, "every point of every PLC is scanned at the fixed period under load",
                ISSUE.source() + "; water.md: scan of every PLC point at a fixed period",
                "five plant PLCs plus synthetic PLCs; every scan cycle must finish within the period",
                limits("cycle-duration", new Limit("scan cycle duration", scanMs, "ms", ISSUE),
                        "overruns", new Limit("scan overruns", 0, "overruns", ISSUE),
                        "cycle-interval", new Limit("interval between scan cycles", scanMs * 1.5, "ms",
                                Provenance.defaultValue("one and a half scan periods: a cycle later than that missed its period; "
                                        + "no standard figure read")),
                        "cycles-observed", new Limit("scan cycle intervals observed", opt.loadCycles() - 1, "intervals",
                                Provenance.defaultValue("the suite's --cycles option less one: the scan must keep producing cycles")),
                        HOST)));
        checks.add(new CheckSpec(ALARM_LATENCY, "an alarm condition in the plant is annunciated within two scan periods",
                "water.md: alarms with priority, acknowledgement, shelving and flood handling",
                "force the clear-well chlorine analyser to 3 mg/L; time from injection to the CL_OVERDOSE alarm",
                limits("latency", new Limit("alarm annunciation latency", scanMs * 2, "ms",
                        Provenance.defaultValue("two scan periods: one to see the change, one of margin; no standard figure read")),
                        HOST)));
        checks.add(new CheckSpec(COMMAND_AUTHORITY, "only authorised, confirmed, in-range commands reach a PLC, each audited",
                "water.md: operator commands with authority (who may command what), confirmation and an audit trail",
                "viewer and operator refusals over the API, unsafe value refused by server and by PLC (exception 03), "
                        + "unconfirmed command not executed, confirmed reset executed, audit trail complete",
                limits("unauthorised", new Limit("unauthorised or unsafe commands reaching a PLC", 0, "commands",
                        Provenance.of("water.md: operator commands with authority, confirmation and an audit trail; "
                                + "Modbus has no authentication")),
                        "refusals-audited", new Limit("refused commands in the audit trail", 3, "commands",
                                Provenance.of("water.md: an audit trail (the suite sends three refused commands)")),
                        "executions-audited", new Limit("confirmed commands executed and audited", 1, "commands",
                                Provenance.of("water.md: confirmation and an audit trail (the suite confirms one command)")),
                        HOST)));
        checks.add(new CheckSpec(COMMAND_REPLAY, "commands without a token, with a wrong role, or replayed are refused, "
                + "and every refusal is in the stored audit trail", IEC_62443_4_2_AUTH.source(),
                "over the API: a set-point command without a token and with an unknown token, a viewer's command, an operator's "
                        + "command to an engineer's point; one command prepared, its confirmation sent without a token and by "
                        + "another user, then confirmed; that confirmation sent again by its user and by the other; the PLC's "
                        + "accepted writes counted and the stored trail read back (GET /api/journal)",
                limits("unauthorised", new Limit("refused attempts answered otherwise or reaching a PLC", 0, "attempts",
                                IEC_62443_4_2_AUTH),
                        "refusals-stored", new Limit("refused attempts in the stored audit trail", RawData.ReplayStep.refusals(),
                                "attempts", Provenance.of("IEC 62443-4-2 CR 2.8 (auditable events: access control, request "
                                + "errors); the procedure sends " + (RawData.ReplayStep.refusals()) + " refused attempts")),
                        "executions", new Limit("confirmed commands executed, counted at the PLC and in the stored trail", 1, "commands",
                                Provenance.of("water.md: confirmation; issue 15: a confirmation replayed is not executed again "
                                        + "(the procedure confirms one command)")),
                        HOST)));
        checks.add(new CheckSpec(LOGIN_RATE_LIMIT, "failed logins are limited per address, without locking the operator out "
                + "from another address or after the window", IEC_62443_4_2_LOGINS.source(),
                "the API configured with " + LOGIN_FAILURES + " failed logins per address per " + LOGIN_WINDOW.toSeconds()
                        + " s: wrong bearer tokens from 127.0.0.1 until refused; then the operator's right token from 127.0.0.1 "
                        + "(refused too) and from 127.0.0.2 (served); then from 127.0.0.1 every 100 ms until served",
                limits("failures", new Limit("failed logins answered from one address before it is refused", LOGIN_FAILURES, "logins",
                                IEC_62443_4_2_LOGINS),
                        "window", new Limit("time an address is refused after the failure that reached the limit (the window)",
                                LOGIN_WINDOW.toMillis(), "ms", IEC_62443_4_2_LOGINS),
                        "served-after", new Limit("the operator at the guesser's address served again after its first refusal",
                                LOGIN_WINDOW.toMillis() + 2000, "ms", Provenance.defaultValue("the window and 2 s for the verifier's "
                                + "100 ms polling on a loaded host; no standard figure read")),
                        HOST)));
        checks.add(new CheckSpec(FAILOVER_TIME, "the standby takes over within 2 s when the primary dies", ISSUE.source(),
                "kill the active server; time until the standby holds the lease",
                limits("failover", new Limit("failover time", 2000, "ms", ISSUE), HOST)));
        checks.add(new CheckSpec(HISTORIAN_COMPLETENESS,
                "no sample lost across a PLC link loss, a database outage, a server death and restart",
                "water.md: every sample stored once, none lost across a PLC link loss or a server restart",
                "every sample of every plant tag scanned while a server was active is in the historian; link-loss samples stored flagged",
                limits("missing", new Limit("samples scanned by the active server but not stored", 0, "samples",
                        Provenance.of("water.md: every sample stored once, none lost across a PLC link loss or a server restart")),
                        "flagged", new Limit("samples of the cut PLC stored flagged stale or comm-fail", 1, "samples",
                                Provenance.of("water.md: scan with quality flags (good / stale / comm-fail)")))));
        checks.add(new CheckSpec(PLC_SAFE_SERVER_FLOODED_OR_DOWN, "the PLCs keep the plant safe with the supervisory server "
                + "flooded or down: levels inside the tanks, chlorine within bounds, every PLC scanning, and a manual dose set from "
                + "the server ended once the server falls silent",
                "water.md: PLCs keep the plant safe on their own when the server is gone; ccr-hil issue 15 (the PLCs keep the plant "
                        + "safe with the supervisory server flooded or down); IEC 62443-4-2 CR 7.1 (denial of service protection: "
                        + "essential functions kept)",
                "the suite's own servers are killed; a supervisory server as delivered runs as a process of its own (a child JVM "
                        + "running `water server`), takes the pair's lease in the pair's coordination database and tells every PLC its "
                        + "epoch; the operator sets chlorination to manual at " + MANUAL_DOSE + " mg/L over its API; " + FLOOD_CLIENTS
                        + " API clients read /api/tags back to back until the flood's deadline, " + FLOOD_TIME.toSeconds() + " s "
                        + "later; the server process is frozen (SIGSTOP; the PLCs run with a " + PLC_SUPERVISOR_TIMEOUT.toSeconds()
                        + " s supervisor timeout), then killed (SIGKILL) once chlorination is back in automatic or 20 s have passed; "
                        + "the plant's own trace (plant model and PLC data tables) every 100 ms from the server process's start to "
                        + "1 s after the kill",
                limits("levels", new Limit("trace samples with a tank level outside the tank (at or below 0, at or above its height)", 0,
                                "samples", Provenance.of("water.md: PLCs keep the plant safe on their own when the server is gone")),
                        "cw-chlorine", new Limit("free chlorine at the clear-well outlet", 2.0, "mg/L",
                                Provenance.defaultValue("twice the 1 mg/L management target of water.md, where the PLC's overdose "
                                        + "interlock acts; no standard figure read")),
                        "tap-chlorine", QualityLimits.TAP_CHLORINE_MIN,
                        "scan-gap", new Limit("longest time a PLC's scan counter stood still", 2000, "ms",
                                Provenance.defaultValue("twenty 100 ms PLC scans, room for a loaded host; no standard figure read")),
                        "manual-ends", new Limit("a manual dose set from the server still applied after the server fell silent",
                                PLC_SUPERVISOR_TIMEOUT.toMillis() + 2000, "ms",
                                Provenance.defaultValue("the supervisor timeout the PLCs run with in this check ("
                                        + PLC_SUPERVISOR_TIMEOUT.toSeconds() + " s) and 2 s for the PLC's scan and the verifier's 100 ms "
                                        + "sampling on a loaded host; no standard figure read")),
                        "flood", new Limit("flood requests the server answered by the flood's deadline", FLOOD_CLIENTS, "requests",
                                Provenance.defaultValue("one for each flooding client at least: the flood reached the server (how "
                                        + "many more depends on the host); no standard figure read")),
                        "schedule", new Limit("time the manual dose was applied before the verifier silenced the server",
                                FLOOD_TIME.toMillis() + 1000, "ms", Provenance.defaultValue("the verifier's own timeline: the flood's "
                                + FLOOD_TIME.toSeconds() + " s and 1 s to see the manual dose applied, release the flood's clients and "
                                + "freeze the server, so that the chlorine is judged after the dose the plan gives it; no standard "
                                + "figure read")),
                        HOST)));
        checks.add(new CheckSpec(PLC_AUTONOMY, "PLCs keep the plant safe while every server is down",
                "water.md: PLCs keep the plant safe on their own when the server is gone",
                "stop both servers; PLCs must keep scanning and act on interlocks (clear-well low-low stops the "
                        + "transmission pumps, chlorine overdose stops dosing)",
                limits("failures", new Limit("interlocks or scans missed while the servers were down", 0, "failures",
                        Provenance.of("water.md: PLCs keep the plant safe on their own when the server is gone")),
                        "scans", new Limit("PLC scans while the servers were down", 3, "scans",
                                Provenance.defaultValue("three scans in the second observed: the PLC is still cycling")))));
        checks.add(new CheckSpec(TURBIDITY_STEP, "a raw-water turbidity step 5 -> 50 degrees keeps treated water inside water.md limits",
                "water.md: treated-water limits",
                "48 process hours in simulated time with the plant's own PLC logic; worst filtered turbidity, "
                        + "tap turbidity, tap chlorine, pH",
                limits("filtered-turbidity", QualityLimits.FILTERED_TURBIDITY_MAX, "tap-turbidity", QualityLimits.TAP_TURBIDITY_MAX,
                        "tap-chlorine", QualityLimits.TAP_CHLORINE_MIN, "ph-min", QualityLimits.PH_MIN, "ph-max", QualityLimits.PH_MAX)));
        return new WaterPlan(NAME, options, checks, referenceIdentity());
    }

    /** Marks the limits of an overloaded host in {@link #limits}: a timed check past them is not judged. */
    private static final Object HOST = new Object();

    /** Limit keys of the host's load during a timed check ({@link WaterJudge#hostLoad}). */
    public static final String HOST_OTHER_CPU = "host-other-cpu";
    public static final String HOST_STALL = "host-stall";
    public static final String HOST_GC = "host-gc";
    public static final String HOST_LOAD = "host-load";

    /**
     * The host's own limits for a timed check: past any of them during the check, a timing that
     * missed its limit says more about the host than about the system, and is INCONCLUSIVE with
     * that reason, never FAIL (a timing met on a busy host is still met).
     */
    static Map<String, Limit> hostLimits() {
        Map<String, Limit> m = new LinkedHashMap<>();
        m.put(HOST_OTHER_CPU, new Limit("CPU taken by other processes during the check", 0.25, "of the machine",
                Provenance.defaultValue("a quarter of the machine: beyond it the suite and the system under test no longer have the "
                        + "CPUs they were sized for; no standard figure read")));
        m.put(HOST_STALL, new Limit("longest stall of the suite's host sampler during the check", 100, "ms",
                Provenance.defaultValue("a 200 ms sleep that ends over 100 ms late: the JVM or its CPU was taken away for that long, "
                        + "a twentieth of the 2 s failover limit; no standard figure read")));
        m.put(HOST_GC, new Limit("garbage collection during the check", 200, "ms",
                Provenance.defaultValue("a tenth of the 2 s failover limit spent collecting garbage; no standard figure read")));
        m.put(HOST_LOAD, new Limit("load average per CPU during the check", 2, "runnable per CPU",
                Provenance.defaultValue("twice as many runnable threads as CPUs: every thread waits as long as it runs; "
                        + "no standard figure read")));
        return m;
    }

    private static Map<String, Limit> limits(Object... keyAndLimit) {
        Map<String, Limit> m = new LinkedHashMap<>();
        for (int i = 0; i < keyAndLimit.length; i += 2) {
            if (keyAndLimit[i] == HOST) {
                m.putAll(hostLimits());
                i--;
                continue;
            }
            m.put((String) keyAndLimit[i], (Limit) keyAndLimit[i + 1]);
        }
        return m;
    }

    // ------------------------------------------------------------------ the file

    /** Writes the plan as YAML; {@link #read} gives it back equal. */
    public void write(Path file) throws IOException {
        StringBuilder b = new StringBuilder();
        b.append("# The water acceptance suite's plan as run: every check with its limits and their provenance.\n")
                .append("# The verdicts in results.json are a pure function of this file and the raw data under traces/;\n")
                .append("# `ccr-hil verify-bundle` re-derives them.\n");
        b.append("plan: ").append(q(name)).append('\n');
        b.append("format: ").append(FORMAT).append('\n');
        b.append("options:\n");
        for (Map.Entry<String, String> e : options.entrySet()) {
            b.append("  ").append(e.getKey()).append(": ").append(q(e.getValue())).append('\n');
        }
        if (!identity.isEmpty()) {
            b.append("identity:                 # what the equipment must report; each field a literal or \"")
                    .append(DeclaredComponent.AS_FOUND).append("\" (recorded, not judged)\n");
            for (DeclaredComponent d : identity) {
                b.append("  - { component: ").append(q(d.component())).append(", model: ").append(q(d.model()))
                        .append(", revision: ").append(q(d.revision())).append(", sha256: ").append(q(d.sha256())).append(" }\n");
            }
        }
        b.append("checks:\n");
        for (CheckSpec c : checks) {
            b.append("  - id: ").append(c.id()).append('\n');
            b.append("    requirement: ").append(q(c.requirement())).append('\n');
            b.append("    clause: ").append(q(c.clause())).append('\n');
            b.append("    procedure: ").append(q(c.procedure())).append('\n');
            b.append("    limits:\n");
            for (Map.Entry<String, Limit> e : c.limits().entrySet()) {
                Limit l = e.getValue();
                b.append("      ").append(e.getKey()).append(": { name: ").append(q(l.name())).append(", value: ")
                        .append(number(l.value())).append(", unit: ").append(q(l.unit())).append(", ")
                        .append(l.provenance().isDefault() ? "default: " : "source: ").append(q(l.provenance().source()))
                        .append(" }\n");
            }
        }
        Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
    }

    /** Reads a plan written by {@link #write}; unknown or missing fields are errors naming file and line. */
    public static WaterPlan read(Path file) throws ConfigException {
        YamlNode root = YamlNode.parse(file);
        String name = root.required("plan").asString();
        int format = root.required("format").asInt(1, Integer.MAX_VALUE);
        if (format != FORMAT) {
            throw root.required("format").error("this build reads water plan format " + FORMAT + ", was " + format);
        }
        Map<String, String> options = new LinkedHashMap<>();
        Optional<YamlNode> opts = root.optional("options");
        if (opts.isPresent()) {
            for (String k : opts.get().keys()) {
                options.put(k, opts.get().required(k).asString());
            }
        }
        List<DeclaredComponent> identity = root.optional("identity").isPresent() ? identity(root.required("identity")) : List.of();
        List<CheckSpec> checks = new ArrayList<>();
        for (YamlNode c : root.required("checks").elements()) {
            Map<String, Limit> limits = new LinkedHashMap<>();
            YamlNode ln = c.required("limits");
            for (String k : ln.keys()) {
                limits.put(k, limit(ln.required(k)));
            }
            CheckSpec spec = new CheckSpec(c.required("id").asString(), c.required("requirement").asString(),
                    c.required("clause").asString(), c.required("procedure").asString(), limits);
            c.rejectUnknownKeys();
            if (checks.stream().anyMatch(x -> x.id().equals(spec.id()))) {
                throw c.error("check " + spec.id() + " appears twice");
            }
            checks.add(spec);
        }
        root.rejectUnknownKeys();
        return new WaterPlan(name, options, checks, identity);
    }

    /**
     * A site's declared identity on its own: a YAML file whose {@code identity:} list is written as
     * in a plan (component, model, revision, sha256; each field a literal or {@value DeclaredComponent#AS_FOUND}).
     */
    public static List<DeclaredComponent> readIdentity(Path file) throws ConfigException {
        YamlNode root = YamlNode.parse(file);
        List<DeclaredComponent> out = identity(root.required("identity"));
        root.rejectUnknownKeys();
        return out;
    }

    private static List<DeclaredComponent> identity(YamlNode list) throws ConfigException {
        List<DeclaredComponent> identity = new ArrayList<>();
        for (YamlNode d : list.elements()) {
            try {
                DeclaredComponent dc = new DeclaredComponent(d.required("component").asString(), d.required("model").asString(),
                        d.required("revision").asString(), d.required("sha256").asString());
                if (identity.stream().anyMatch(x -> x.component().equals(dc.component()))) {
                    throw d.error("component " + dc.component() + " is declared twice");
                }
                identity.add(dc);
            } catch (IllegalArgumentException e) {
                throw d.error(e.getMessage());
            }
            d.rejectUnknownKeys();
        }
        return identity;
    }

    private static Limit limit(YamlNode l) throws ConfigException {
        String name = l.required("name").asString();
        double value = l.required("value").asDouble();
        String unit = l.required("unit").asString();
        Optional<YamlNode> source = l.optional("source");
        Optional<YamlNode> why = l.optional("default");
        l.rejectUnknownKeys();
        if (source.isPresent() == why.isPresent()) {
            throw l.error("give exactly one of source: (the governing document) or default: (why it is a default)");
        }
        try {
            return new Limit(name, value, unit,
                    source.isPresent() ? Provenance.of(source.get().asString()) : Provenance.defaultValue(why.get().asString()));
        } catch (IllegalArgumentException e) {
            throw l.error(e.getMessage());
        }
    }

    /** A YAML double-quoted scalar (JSON string syntax is valid YAML). */
    private static String q(String s) {
        try {
            return Results.JSON.writeValueAsString(s);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whole numbers without a fraction, others in Java's shortest round-tripping form. */
    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
