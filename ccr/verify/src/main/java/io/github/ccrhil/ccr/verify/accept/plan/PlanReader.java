package io.github.ccrhil.ccr.verify.accept.plan;

import io.github.ccrhil.ccr.verify.limits.LimitTables;
import io.github.ccrhil.ccr.verify.limits.StepTable;
import io.github.ccrhil.ccr.verify.limits.ToleranceTable;
import io.github.ccrhil.evidence.Limit;
import io.github.ccrhil.evidence.host.HostJudgement;
import io.github.ccrhil.evidence.Provenance;
import io.github.ccrhil.ccr.verify.accept.plan.TestPlan.DeclaredComponent;
import io.github.ccrhil.ccr.verify.accept.plan.TestPlan.DutSpec;
import io.github.ccrhil.ccr.verify.accept.plan.TestPlan.Equipment;
import io.github.ccrhil.ccr.verify.accept.plan.TestPlan.Measurement;
import io.github.ccrhil.ccr.verify.accept.plan.TestPlan.Rig;
import io.github.ccrhil.evidence.yaml.ConfigException;
import io.github.ccrhil.evidence.yaml.YamlNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a test plan (YAML, or JSON, which is YAML). Every problem is one line naming file, line
 * and field; unknown fields are errors.
 *
 * <pre>
 * plan: reference-ccr-acceptance
 * seed: 20261125
 * dut: { address: emulated, profile: reference-ccr }     # or rtu:/dev/ttyUSB0, tcp:10.0.0.5:502
 * rig: emulated-plant                                    # relay-module, operator-prompt
 * measurement: plant-trace                               # external-meter, dut-self-report
 * # or: rig: { kind: relay-module, address: tcp:127.0.0.1:5030, profile: relays.yaml, unit: 1 }
 * #     measurement: { kind: external-meter, address: tcp:127.0.0.1:5031, profile: meter.yaml, point: loop_current_rms }
 * equipment: { ratedKva: 10, steps: 6.6A-5step, tolerances: UFC-3-535-01, mainsVoltage: 400,
 *              mainsHz: 50, cableLength: 4000, led: 50% }
 * identity:
 *   - { component: current-control software, model: …, revision: 0.1.0, sha256: reference-build }
 * tests:
 *   - id: open-circuit
 *     procedure: open-circuit
 *     requirement: The CCR de-energises when the series loop opens
 *     clause: UFC 3-535-01 §14-7.1
 *     limits:
 *       trip-time: { name: open-circuit trip time, value: 3, unit: s, source: UFC 3-535-01 §14-7.1 }
 *     conditions: { steps: [1, 5], load: [80%], input: [0%], failedLamps: [0%] }
 * </pre>
 * A conditions block may set the loop's LED share ({@code led: [100%]}); without it the runs
 * use the equipment's {@code led}.
 * An optional {@code timing: { sampling-gap: { name: …, value: 0.5, unit: s, default: … } }} bounds
 * how long the verifier may go without a sample inside a judged stretch (see {@link TestPlan#samplingGap()});
 * {@code host-other-cpu}, {@code host-stall}, {@code host-gc} and {@code host-load} beside it bound
 * the verifier host's load during a timed test of a DUT served on that host (see {@link TestPlan#hostLimits()}).
 * A limit carries either {@code source:} (the document and clause it comes from) or
 * {@code default:} (why it is a default: the governing document could not be read).
 */
public final class PlanReader {

    public static final String DEFAULT_RESOURCE = "/plans/default.yaml";

    private PlanReader() { }

    public static TestPlan read(Path file) throws ConfigException {
        return read(YamlNode.parse(file));
    }

    public static TestPlan read(String fileName, String text) throws ConfigException {
        return read(YamlNode.parse(fileName, text));
    }

    /** The text of the plan shipped in the jar. */
    public static String defaultPlanText() {
        try (InputStream in = PlanReader.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("default plan missing from the build: " + DEFAULT_RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static TestPlan defaultPlan() {
        try {
            return read("default.yaml (embedded)", defaultPlanText());
        } catch (ConfigException e) {
            throw new IllegalStateException("embedded default plan is invalid: " + e.getMessage(), e);
        }
    }

    static TestPlan read(YamlNode root) throws ConfigException {
        String name = root.required("plan").asString();
        long seed = root.optional("seed").isPresent() ? root.required("seed").asLong() : 1L;
        root.optional("format").ifPresent(f -> { });
        YamlNode dutNode = root.required("dut");
        String address = dutNode.required("address").asString().trim();
        if (!(address.equals("emulated") || address.startsWith("rtu:") || address.startsWith("tcp:"))) {
            throw dutNode.required("address").error("expected emulated, rtu:<tty> or tcp:<host:port>, was '" + address + "'");
        }
        String profile = dutNode.optional("profile").isPresent() ? dutNode.required("profile").asString() : "reference-ccr";
        dutNode.rejectUnknownKeys();
        YamlNode rigNode = root.required("rig");
        Rig rig = enumOf(rigNode.isMapping() ? rigNode.required("kind") : rigNode, Rig.class);
        TestPlan.Device rigDevice = device(rigNode, rig == Rig.RELAY_MODULE, "relay-module", null);
        YamlNode measNode = root.required("measurement");
        Measurement measurement = enumOf(measNode.isMapping() ? measNode.required("kind") : measNode, Measurement.class);
        TestPlan.Device meterDevice = device(measNode, measurement == Measurement.EXTERNAL_METER, "external-meter",
                "loop_current_rms");
        Equipment equipment = equipment(root.required("equipment"));
        List<DeclaredComponent> identity = new ArrayList<>();
        for (YamlNode c : root.required("identity").elements()) {
            identity.add(new DeclaredComponent(c.required("component").asString(), c.required("model").asString(),
                    c.required("revision").asString(), sha(c.required("sha256"))));
            c.rejectUnknownKeys();
        }
        List<TestSpec> tests = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        for (YamlNode t : root.required("tests").elements()) {
            TestSpec spec = test(t, equipment);
            if (!ids.add(spec.id())) {
                throw t.required("id").error("duplicate test id '" + spec.id() + "'");
            }
            tests.add(spec);
        }
        if (tests.isEmpty()) {
            throw root.required("tests").error("a plan needs at least one test");
        }
        Limit samplingGap = TestPlan.DEFAULT_SAMPLING_GAP;
        HostJudgement.Limits host = TestPlan.DEFAULT_HOST_LIMITS;
        Optional<YamlNode> timing = root.optional("timing");
        if (timing.isPresent()) {
            Optional<YamlNode> gap = timing.get().optional("sampling-gap");
            if (gap.isPresent()) {
                samplingGap = limit(gap.get(), "sampling-gap", "s");
                if (samplingGap.value() <= 0) {
                    throw gap.get().required("value").error("a sampling gap must be above 0 s");
                }
            }
            host = new HostJudgement.Limits(hostLimit(timing.get(), "host-other-cpu", "of the machine", host.otherCpu()),
                    hostLimit(timing.get(), "host-stall", "ms", host.stall()), hostLimit(timing.get(), "host-gc", "ms", host.gc()),
                    hostLimit(timing.get(), "host-load", "runnable per CPU", host.load()));
            timing.get().rejectUnknownKeys();
        }
        root.rejectUnknownKeys();
        return new TestPlan(name, seed, new DutSpec(address, profile), rig, measurement, equipment, identity, tests,
                rigDevice, meterDevice, samplingGap, host);
    }

    /** {@code { kind: ..., address: tcp:..|rtu:.., profile: file, unit: n, point: name }} for a bench device. */
    private static TestPlan.Device device(YamlNode n, boolean needed, String kind, String defaultPoint) throws ConfigException {
        if (!n.isMapping()) {
            return null;
        }
        if (!needed) {
            n.rejectUnknownKeys();
            return null;
        }
        String address = n.required("address").asString().trim();
        if (!(address.startsWith("rtu:") || address.startsWith("tcp:"))) {
            throw n.required("address").error("expected rtu:<tty> or tcp:<host:port>, was '" + address + "'");
        }
        String profile = n.required("profile").asString().trim();
        int unit = n.optional("unit").isPresent() ? n.required("unit").asInt(0, 255) : -1;
        String point = defaultPoint == null ? null
                : n.optional("point").isPresent() ? n.required("point").asString().trim() : defaultPoint;
        n.rejectUnknownKeys();
        return new TestPlan.Device(address, profile, unit, point);
    }

    private static String sha(YamlNode n) throws ConfigException {
        String s = n.asString().trim();
        if (!(s.equals(DeclaredComponent.REFERENCE_BUILD) || s.equals("n/a") || s.matches("[0-9a-f]{64}"))) {
            throw n.error("expected 64 lowercase hex digits, n/a or " + DeclaredComponent.REFERENCE_BUILD + ", was '" + s + "'");
        }
        return s;
    }

    private static <E extends Enum<E>> E enumOf(YamlNode n, Class<E> type) throws ConfigException {
        String s = n.asString().trim();
        try {
            return Enum.valueOf(type, s.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            List<String> known = new ArrayList<>();
            for (E c : type.getEnumConstants()) {
                known.add(c.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            }
            throw n.error("expected one of " + known + ", was '" + s + "'");
        }
    }

    private static Equipment equipment(YamlNode n) throws ConfigException {
        double kva = n.required("ratedKva").asDouble(0.5, 100);
        String steps = n.required("steps").asString();
        LimitTables tables = LimitTables.builtIn();
        StepTable stepTable;
        try {
            stepTable = tables.steps(steps);
        } catch (IllegalArgumentException e) {
            throw n.required("steps").error(e.getMessage());
        }
        String tol = n.required("tolerances").asString();
        ToleranceTable tolerances;
        try {
            tolerances = tables.tolerances(tol, stepTable);
        } catch (IllegalArgumentException e) {
            throw n.required("tolerances").error(e.getMessage());
        }
        double v = n.required("mainsVoltage").asDouble(100, 1000);
        double hz = n.required("mainsHz").asDouble(40, 70);
        double cable = n.required("cableLength").asDouble(0, 50_000);
        double led = n.required("led").asFraction(0, 1);
        n.rejectUnknownKeys();
        return new Equipment(kva, steps, tol, v, hz, cable, led, stepTable, tolerances);
    }

    private static TestSpec test(YamlNode t, Equipment equipment) throws ConfigException {
        String id = t.required("id").asString();
        if (!id.matches("[a-z0-9][a-z0-9-]{0,47}")) {
            throw t.required("id").error("use 1-48 lowercase letters, digits or '-' (it names files)");
        }
        Procedure procedure;
        try {
            procedure = Procedure.fromPlanName(t.required("procedure").asString().trim());
        } catch (IllegalArgumentException e) {
            throw t.required("procedure").error(e.getMessage());
        }
        String requirement = t.required("requirement").asString();
        String clause = t.required("clause").asString();
        Map<String, Limit> limits = new LinkedHashMap<>();
        Optional<YamlNode> limitsNode = t.optional("limits");
        if (!procedure.limitSpecs().isEmpty() && limitsNode.isEmpty()) {
            throw t.error("test " + id + " (" + procedure.planName() + ") needs limits: " + keys(procedure));
        }
        if (limitsNode.isPresent()) {
            YamlNode ln = limitsNode.get();
            for (String spec : procedure.limitSpecs()) {
                String key = spec.substring(0, spec.indexOf(':'));
                String unit = spec.substring(spec.indexOf(':') + 1);
                Optional<YamlNode> l = ln.optional(key);
                if (unit.endsWith("?")) { // a limit the plan may leave out
                    unit = unit.substring(0, unit.length() - 1);
                    if (l.isEmpty()) {
                        continue;
                    }
                }
                if (l.isEmpty()) {
                    throw ln.error("missing limit '" + key + "' (" + unit + ") for procedure " + procedure.planName());
                }
                limits.put(key, limit(l.get(), key, unit));
            }
            for (String spec : procedure.optionalLimitSpecs()) {
                String key = spec.substring(0, spec.indexOf(':'));
                Optional<YamlNode> l = ln.optional(key);
                if (l.isPresent()) {
                    limits.put(key, limit(l.get(), key, spec.substring(spec.indexOf(':') + 1)));
                }
            }
            ln.rejectUnknownKeys();
        }
        Conditions conditions = conditions(t.optional("conditions"), equipment, t);
        if (procedure == Procedure.LOCAL_REMOTE && conditions.steps().size() != 4) {
            throw t.required("conditions").error("local-remote needs steps: [start, refused remote, local, remote], four steps");
        }
        Map<String, Object> params = new LinkedHashMap<>();
        Optional<YamlNode> pn = t.optional("params");
        if (pn.isPresent()) {
            for (String p : procedure.params()) {
                Optional<YamlNode> v = pn.get().optional(p);
                if (v.isPresent()) {
                    params.put(p, param(p, v.get(), equipment));
                }
            }
            pn.get().rejectUnknownKeys();
        }
        t.rejectUnknownKeys();
        return new TestSpec(id, procedure, requirement, clause, limits, conditions, params);
    }

    private static String keys(Procedure p) {
        return String.join(", ", p.limitSpecs());
    }

    /** A host limit of {@code timing:}, or the default when the plan gives none. */
    private static Limit hostLimit(YamlNode timing, String key, String unit, Limit otherwise) throws ConfigException {
        Optional<YamlNode> n = timing.optional(key);
        if (n.isEmpty()) {
            return otherwise;
        }
        Limit l = limit(n.get(), key, unit);
        if (!(l.value() > 0)) {
            throw n.get().required("value").error("a host limit must be above 0");
        }
        return l;
    }

    private static Limit limit(YamlNode l, String key, String unit) throws ConfigException {
        String name = l.optional("name").isPresent() ? l.required("name").asString() : key;
        double value = l.required("value").asDouble();
        String u = l.required("unit").asString().trim();
        if (!u.equals(unit)) {
            throw l.required("unit").error("this limit is in " + unit + ", was '" + u + "'");
        }
        Optional<YamlNode> source = l.optional("source");
        Optional<YamlNode> why = l.optional("default");
        l.rejectUnknownKeys();
        if (source.isPresent() == why.isPresent()) {
            throw l.error("give exactly one of source: (the governing clause) or default: (why it is a default)");
        }
        Provenance p = source.isPresent() ? Provenance.of(source.get().asString()) : Provenance.defaultValue(why.get().asString());
        return new Limit(name, value, unit, p);
    }

    private static Conditions conditions(Optional<YamlNode> node, Equipment equipment, YamlNode test) throws ConfigException {
        if (node.isEmpty()) {
            return new Conditions(List.of(), List.of(new Conditions.Point(0.8, 0.0, 0.0)));
        }
        YamlNode c = node.get();
        int stepCount = equipment.steps().stepCount();
        List<Integer> steps = new ArrayList<>();
        Optional<YamlNode> s = c.optional("steps");
        if (s.isPresent() && !(s.get().isScalar() && s.get().asString().equals("all"))) {
            for (YamlNode e : s.get().elements()) {
                steps.add(e.asInt(1, stepCount));
            }
        }
        List<Conditions.Point> points = new ArrayList<>(points(c));
        Optional<YamlNode> more = c.optional("more");
        if (more.isPresent()) {
            for (YamlNode m : more.get().elements()) {
                points.addAll(points(m));
                m.rejectUnknownKeys();
            }
        }
        c.rejectUnknownKeys();
        Set<String> labels = new LinkedHashSet<>();
        for (Conditions.Point p : points) {
            if (!labels.add(p.label())) {
                throw c.error("operating point " + p.label() + " listed twice");
            }
        }
        return new Conditions(steps, points);
    }

    private static List<Conditions.Point> points(YamlNode c) throws ConfigException {
        List<Double> loads = fractions(c.optional("load"), 0.0, 1.0, 0.8);
        List<Double> inputs = fractions(c.optional("input"), -0.2, 0.2, 0.0);
        List<Double> failed = fractions(c.optional("failedLamps"), 0.0, 0.5, 0.0);
        List<java.util.OptionalDouble> leds = new ArrayList<>();
        if (c.optional("led").isEmpty()) {
            leds.add(java.util.OptionalDouble.empty());
        } else {
            for (double led : fractions(c.optional("led"), 0.0, 1.0, 0.0)) {
                leds.add(java.util.OptionalDouble.of(led));
            }
        }
        return Conditions.product(loads, inputs, failed, leds);
    }

    private static List<Double> fractions(Optional<YamlNode> n, double min, double max, double dflt) throws ConfigException {
        if (n.isEmpty()) {
            return List.of(dflt);
        }
        List<Double> out = new ArrayList<>();
        for (YamlNode e : n.get().elements()) {
            out.add(e.asFraction(min, max));
        }
        if (out.isEmpty()) {
            throw n.get().error("give at least one value");
        }
        return out;
    }

    private static Object param(String p, YamlNode v, Equipment equipment) throws ConfigException {
        int stepCount = equipment.steps().stepCount();
        return switch (p) {
            case "dwell", "firstDwell", "hold", "interruption", "loss", "sagLength", "frameGap", "answerWait", "burst" -> v.asDuration();
            case "sag" -> v.asFraction(0.01, 0.45);
            case "frames" -> v.asInt(1, 100_000_000);
            case "batches" -> v.asInt(1, 100_000);
            case "connections" -> v.asInt(1, 1_000);
            case "tlsCases" -> v.asInt(1, 1_000);
            case "sockets" -> v.asInt(1, 10_000);
            case "sequence" -> {
                List<Integer> seq = new ArrayList<>();
                for (YamlNode e : v.elements()) {
                    seq.add(e.asInt(0, stepCount));
                }
                if (seq.size() < 2) {
                    throw v.error("a step sequence needs at least two steps");
                }
                yield List.copyOf(seq);
            }
            case "shortedLamps", "failedSequence" -> {
                List<Double> seq = new ArrayList<>();
                for (YamlNode e : v.elements()) {
                    seq.add(e.asFraction(0, 0.5));
                }
                yield List.copyOf(seq);
            }
            case "earthFaultMohm" -> {
                List<Double> seq = new ArrayList<>();
                for (YamlNode e : v.elements()) {
                    seq.add(e.asDouble(0.001, 1e6));
                }
                yield List.copyOf(seq);
            }
            case "unknownCaKey", "lackingRoleKey", "lackingRole" -> v.asString().trim();
            case "cannotTell" -> {
                String c = v.asString().trim();
                if (!(c.equals("fail") || c.equals("inconclusive"))) {
                    throw v.error("expected fail (a count is required at these conditions) or inconclusive, was '" + c + "'");
                }
                yield c;
            }
            case "fallback" -> {
                String f = v.asString().trim();
                if (!(f.equals("hold") || f.equals("off") || f.matches("step:[0-9]"))) {
                    throw v.error("expected hold, off or step:<n>, was '" + f + "'");
                }
                if (f.startsWith("step:") && Integer.parseInt(f.substring(5)) > stepCount) {
                    throw v.error("step " + f.substring(5) + " outside 0.." + stepCount);
                }
                yield f;
            }
            default -> throw v.error("unknown parameter");
        };
    }
}
