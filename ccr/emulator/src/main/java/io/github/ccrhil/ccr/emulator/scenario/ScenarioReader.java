package io.github.ccrhil.ccr.emulator.scenario;

import io.github.ccrhil.evidence.yaml.ConfigException;
import io.github.ccrhil.evidence.yaml.YamlNode;
import io.github.ccrhil.ccr.emulator.scenario.Scenario.CcrRating;
import io.github.ccrhil.ccr.emulator.scenario.Scenario.Fidelity;
import io.github.ccrhil.ccr.emulator.scenario.Scenario.Loop;
import io.github.ccrhil.ccr.emulator.scenario.Scenario.Mains;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a scenario file. Every problem is reported as one line naming file, line and field;
 * unknown fields are errors, so a typo never silently falls back to a default.
 *
 * <pre>
 * name: default
 * seed: 20261125
 * fidelity: waveform          # or averaged
 * duration: 20s
 * ccr: { ratedKva: 10, steps: 6.6A-5step, tolerances: UFC-3-535-01 }
 * mains: { voltage: 400, frequency: 50, deviation: 0% }
 * loop: { load: 80%, cableLength: 4000, led: 50%, failed: 0% }
 * events:
 *   - { at: 0s, step: 1 }
 *   - { at: 4s, step: 5 }
 *   - { at: 10s, lampsFailed: 10% }
 * </pre>
 */
public final class ScenarioReader {

    /** The scenario the CLI runs when given none; ships inside the jar. */
    public static final String DEFAULT_RESOURCE = "/scenarios/default.yaml";

    private static final Set<String> EVENT_KINDS = new TreeSet<>(List.of(
            "step", "selector", "localStep", "reset", "lampsFailed", "lampsShorted", "loopOpen",
            "outputShort", "earthFault", "mains", "interruption", "linkLoss"));

    private ScenarioReader() { }

    public static Scenario read(Path file) throws ConfigException {
        return read(YamlNode.parse(file));
    }

    public static Scenario read(String fileName, String text) throws ConfigException {
        return read(YamlNode.parse(fileName, text));
    }

    public static Scenario defaultScenario() {
        try (InputStream in = ScenarioReader.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("default scenario missing from the build: " + DEFAULT_RESOURCE);
            }
            return read("default.yaml (embedded)", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ConfigException e) {
            throw new IllegalStateException("embedded default scenario is invalid: " + e.getMessage(), e);
        }
    }

    static Scenario read(YamlNode root) throws ConfigException {
        String name = root.required("name").asString();
        if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
            throw root.required("name").error("use 1-64 letters, digits, '.', '_' or '-' (it names output files)");
        }
        long seed = root.optional("seed").isPresent() ? root.required("seed").asLong() : 1L;
        Fidelity fidelity = Fidelity.WAVEFORM;
        var fid = root.optional("fidelity");
        if (fid.isPresent()) {
            String f = fid.get().asString().trim().toLowerCase(Locale.ROOT);
            fidelity = switch (f) {
                case "waveform" -> Fidelity.WAVEFORM;
                case "averaged" -> Fidelity.AVERAGED;
                default -> throw fid.get().error("expected waveform or averaged, was '" + f + "'");
            };
        }
        YamlNode durationNode = root.required("duration");
        Duration duration = durationNode.asDuration();
        if (duration.isZero()) {
            throw durationNode.error("must be longer than zero");
        }
        CcrRating ccr = readCcr(root.required("ccr"));
        Mains mains = readMains(root.required("mains"));
        Loop loop = readLoop(root.required("loop"));
        List<ScenarioEvent> events = new ArrayList<>();
        var ev = root.optional("events");
        if (ev.isPresent()) {
            for (YamlNode e : ev.get().elements()) {
                ScenarioEvent event = readEvent(e, ccr);
                if (event.at().compareTo(duration) > 0) {
                    throw e.required("at").error("is after the end of the run (" + durationNode.asString() + ")");
                }
                events.add(event);
            }
        }
        root.rejectUnknownKeys();
        return new Scenario(name, seed, fidelity, ccr, mains, loop, duration, events);
    }

    private static CcrRating readCcr(YamlNode n) throws ConfigException {
        double kva = n.required("ratedKva").asDouble(1, 100);
        YamlNode stepsNode = n.required("steps");
        String table;
        List<Double> custom = new ArrayList<>();
        if (stepsNode.isSequence()) {
            table = "custom";
            for (YamlNode s : stepsNode.elements()) {
                double a = s.asDouble(0.1, 25);
                if (!custom.isEmpty() && a <= custom.get(custom.size() - 1)) {
                    throw s.error("step currents must increase from step to step");
                }
                custom.add(a);
            }
            if (custom.isEmpty() || custom.size() > 8) {
                throw stepsNode.error("a custom step table has 1 to 8 steps, had " + custom.size());
            }
        } else {
            table = stepsNode.asString().trim();
        }
        String tolerances = n.required("tolerances").asString().trim();
        n.rejectUnknownKeys();
        return new CcrRating(kva * 1000.0, table, custom, tolerances);
    }

    private static Mains readMains(YamlNode n) throws ConfigException {
        double v = n.required("voltage").asDouble(100, 1000);
        YamlNode fNode = n.required("frequency");
        double f = fNode.asDouble();
        if (f != 50.0 && f != 60.0) {
            throw fNode.error("must be 50 or 60, was " + fNode.asString());
        }
        double dev = n.optional("deviation").isPresent() ? n.required("deviation").asFraction(-0.15, 0.15) : 0.0;
        n.rejectUnknownKeys();
        return new Mains(v, f, dev);
    }

    private static Loop readLoop(YamlNode n) throws ConfigException {
        double load = n.required("load").asFraction(0, 1);
        double cable = n.required("cableLength").asDouble(0, 30_000);
        double led = n.optional("led").isPresent() ? n.required("led").asFraction(0, 1) : 0.0;
        double failed = n.optional("failed").isPresent() ? n.required("failed").asFraction(0, 1) : 0.0;
        n.rejectUnknownKeys();
        return new Loop(load, cable, led, failed);
    }

    private static ScenarioEvent readEvent(YamlNode e, CcrRating ccr) throws ConfigException {
        Duration at = e.required("at").asDuration();
        List<String> actions = new ArrayList<>();
        for (String k : e.keys()) {
            if (!k.equals("at")) {
                actions.add(k);
            }
        }
        if (actions.size() != 1) {
            throw e.error("an event has 'at' and exactly one of " + EVENT_KINDS + ", had " + actions);
        }
        String kind = actions.get(0);
        if (!EVENT_KINDS.contains(kind)) {
            throw e.required(kind).error("unknown event (known: " + String.join(", ", EVENT_KINDS) + ")");
        }
        YamlNode v = e.required(kind);
        int maxStep = 8;
        return switch (kind) {
            case "step" -> new ScenarioEvent.StepCommand(at, v.asInt(0, maxStep));
            case "localStep" -> new ScenarioEvent.LocalStep(at, v.asInt(0, maxStep));
            case "selector" -> {
                String p = v.asString().trim().toUpperCase(Locale.ROOT);
                if (!Set.of("REMOTE", "OFF", "LOCAL").contains(p)) {
                    throw v.error("expected remote, off or local, was '" + v.asString() + "'");
                }
                yield new ScenarioEvent.SelectorChange(at, p);
            }
            case "reset" -> {
                String o = v.asString().trim().toLowerCase(Locale.ROOT);
                if (!o.equals("remote") && !o.equals("local")) {
                    throw v.error("expected remote or local, was '" + v.asString() + "'");
                }
                yield new ScenarioEvent.Reset(at, o.equals("local"));
            }
            case "lampsFailed" -> new ScenarioEvent.LampsFailed(at, v.asFraction(0, 1));
            case "lampsShorted" -> new ScenarioEvent.LampsShorted(at, v.asFraction(0, 1));
            case "loopOpen" -> new ScenarioEvent.LoopOpen(at, v.asBoolean());
            case "outputShort" -> new ScenarioEvent.OutputShort(at, v.asBoolean());
            case "earthFault" -> {
                String s = v.asString().trim().toLowerCase(Locale.ROOT);
                yield new ScenarioEvent.EarthFault(at, s.equals("none") ? Double.POSITIVE_INFINITY : v.asDouble(0, 1e12));
            }
            case "mains" -> new ScenarioEvent.MainsDeviation(at, v.asFraction(-1.0, 0.15));
            case "interruption" -> new ScenarioEvent.MainsInterruption(at, v.asDuration());
            case "linkLoss" -> new ScenarioEvent.ControlLinkLoss(at, v.asDuration());
            default -> throw new IllegalStateException(kind);
        };
    }
}
