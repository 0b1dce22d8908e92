package io.github.ccrhil.ccr.verify.campaign;

import io.github.ccrhil.ccr.emulator.scenario.Scenario;
import io.github.ccrhil.ccr.emulator.scenario.ScenarioEvent;
import io.github.ccrhil.ccr.emulator.scenario.ScenarioReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Writes a {@link Scenario} as the YAML {@link ScenarioReader} reads, so that reading the file
 * back gives an equal scenario. Numbers are written with {@link Double#toString}, which reads
 * back to the same double; durations in whole milliseconds where they are whole, else in seconds
 * with nanosecond digits.
 */
public final class ScenarioWriter {

    private ScenarioWriter() {
    }

    /** The YAML text; {@code comment} lines (may be empty) go on top, each prefixed with "# ". */
    public static String toYaml(Scenario s, List<String> comment) {
        StringBuilder b = new StringBuilder(512);
        for (String c : comment) {
            for (String line : c.split("\n", -1)) {
                b.append("# ").append(line).append('\n');
            }
        }
        b.append("name: ").append(s.name()).append('\n');
        b.append("seed: ").append(s.seed()).append('\n');
        b.append("fidelity: ").append(s.fidelity().name().toLowerCase(Locale.ROOT)).append('\n');
        b.append("duration: ").append(duration(s.duration())).append('\n');
        Scenario.CcrRating r = s.ccr();
        b.append("ccr: { ratedKva: ").append(num(r.ratedPowerVa() / 1000.0)).append(", steps: ");
        if (r.stepTable().equals("custom")) {
            b.append('[');
            for (int i = 0; i < r.customSteps().size(); i++) {
                b.append(i == 0 ? "" : ", ").append(num(r.customSteps().get(i)));
            }
            b.append(']');
        } else {
            b.append(quoted(r.stepTable()));
        }
        b.append(", tolerances: ").append(quoted(r.toleranceTable())).append(" }\n");
        b.append("mains: { voltage: ").append(num(s.mains().voltageRms())).append(", frequency: ")
                .append(num(s.mains().frequencyHz())).append(", deviation: ").append(num(s.mains().deviation())).append(" }\n");
        b.append("loop: { load: ").append(num(s.loop().loadFraction())).append(", cableLength: ")
                .append(num(s.loop().cableLengthM())).append(", led: ").append(num(s.loop().ledFraction()))
                .append(", failed: ").append(num(s.loop().failedFraction())).append(" }\n");
        if (!s.events().isEmpty()) {
            b.append("events:\n");
            for (ScenarioEvent e : s.events()) {
                b.append("  - { at: ").append(duration(e.at())).append(", ").append(event(e)).append(" }\n");
            }
        }
        return b.toString();
    }

    /** Writes the scenario to {@code file} (parent folders created). */
    public static void write(Scenario s, List<String> comment, Path file) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.writeString(file, toYaml(s, comment), StandardCharsets.UTF_8);
    }

    private static String event(ScenarioEvent e) {
        if (e instanceof ScenarioEvent.StepCommand s) {
            return "step: " + s.step();
        } else if (e instanceof ScenarioEvent.LocalStep s) {
            return "localStep: " + s.step();
        } else if (e instanceof ScenarioEvent.SelectorChange s) {
            return "selector: " + s.position().toLowerCase(Locale.ROOT);
        } else if (e instanceof ScenarioEvent.Reset r) {
            return "reset: " + (r.local() ? "local" : "remote");
        } else if (e instanceof ScenarioEvent.LampsFailed f) {
            return "lampsFailed: " + num(f.fraction());
        } else if (e instanceof ScenarioEvent.LampsShorted f) {
            return "lampsShorted: " + num(f.fraction());
        } else if (e instanceof ScenarioEvent.LoopOpen o) {
            return "loopOpen: " + o.open();
        } else if (e instanceof ScenarioEvent.OutputShort o) {
            return "outputShort: " + o.shorted();
        } else if (e instanceof ScenarioEvent.EarthFault f) {
            return "earthFault: " + (Double.isInfinite(f.ohms()) ? "none" : num(f.ohms()));
        } else if (e instanceof ScenarioEvent.MainsDeviation d) {
            return "mains: " + num(d.deviation());
        } else if (e instanceof ScenarioEvent.MainsInterruption i) {
            return "interruption: " + duration(i.length());
        } else if (e instanceof ScenarioEvent.ControlLinkLoss l) {
            return "linkLoss: " + duration(l.length());
        }
        throw new IllegalArgumentException("cannot write scenario event " + e);
    }

    static String duration(Duration d) {
        long nanos = d.toNanos();
        if (nanos % 1_000_000 == 0) {
            return (nanos / 1_000_000) + "ms";
        }
        return java.math.BigDecimal.valueOf(nanos, 9).stripTrailingZeros().toPlainString() + "s";
    }

    private static String num(double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("cannot write a non-finite number: " + v);
        }
        if (v == StrictMath.rint(v) && StrictMath.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        String s = Double.toString(v);
        return s.contains("E") ? java.math.BigDecimal.valueOf(v).toPlainString() : s;
    }

    private static String quoted(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
