package io.github.ccrhil.ccr.verify.limits;

import io.github.ccrhil.evidence.Provenance;
import io.github.ccrhil.evidence.yaml.ConfigException;
import io.github.ccrhil.evidence.yaml.YamlNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The step and tolerance tables a plan names, read from a limits data file (by default the
 * shipped {@value #BUILT_IN}). The verifier takes its bands from here and only from here: never
 * from a DUT's classes, so a DUT that moves its own band is still judged against the standard.
 */
public final class LimitTables {

    /** The shipped limits data file (a class-path resource). */
    public static final String BUILT_IN = "/io/github/ccrhil/ccr/verify/limits/ccr-limits.yaml";

    public static final String UFC = "UFC-3-535-01";
    public static final String MIL = "MIL-HDBK-1023/4";

    private final String file;
    private final Map<String, StepTable> steps;
    /** key: standard name, then step table name. */
    private final Map<String, Map<String, ToleranceTable>> tolerances;

    private LimitTables(String file, Map<String, StepTable> steps, Map<String, Map<String, ToleranceTable>> tolerances) {
        this.file = file;
        this.steps = steps;
        this.tolerances = tolerances;
    }

    /** The shipped tables, read once per JVM. */
    public static LimitTables builtIn() {
        return BuiltIn.TABLES;
    }

    private static final class BuiltIn {
        static final LimitTables TABLES = readBuiltIn();

        private static LimitTables readBuiltIn() {
            try (InputStream in = LimitTables.class.getResourceAsStream(BUILT_IN)) {
                if (in == null) {
                    throw new IllegalStateException("limits data file " + BUILT_IN + " missing from the class path");
                }
                return parse(YamlNode.parse("ccr-limits.yaml", new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (ConfigException e) {
                throw new IllegalStateException("shipped limits data file is invalid: " + e.getMessage(), e);
            }
        }
    }

    /** Reads a limits data file. */
    public static LimitTables read(Path file) throws ConfigException {
        return parse(YamlNode.parse(file));
    }

    static LimitTables parse(YamlNode root) throws ConfigException {
        if (root.required("format").asInt(1, 1) != 1) {
            throw root.error("unknown format");
        }
        Map<String, StepTable> steps = new LinkedHashMap<>();
        for (YamlNode s : root.required("steps").elements()) {
            String name = s.required("name").asString();
            double rated = s.required("rated").asDouble(0.1, 100);
            List<Double> currents = new ArrayList<>();
            for (YamlNode c : s.required("currents").elements()) {
                currents.add(c.asDouble(0.01, 100));
            }
            Provenance source = Provenance.of(s.required("source").asString());
            s.rejectUnknownKeys();
            try {
                if (steps.put(name, new StepTable(name, rated, currents, source)) != null) {
                    throw s.error("step table " + name + " listed twice");
                }
            } catch (IllegalArgumentException e) {
                throw s.error(e.getMessage());
            }
        }
        Map<String, Map<String, ToleranceTable>> tolerances = new LinkedHashMap<>();
        for (YamlNode t : root.required("tolerances").elements()) {
            String name = t.required("name").asString();
            YamlNode stepsNode = t.required("steps");
            StepTable forSteps = steps.get(stepsNode.asString());
            if (forSteps == null) {
                throw stepsNode.error("unknown step table '" + stepsNode.asString() + "'; known: " + steps.keySet());
            }
            Provenance source = Provenance.of(t.required("source").asString());
            List<ToleranceBand> bands = new ArrayList<>();
            for (YamlNode b : t.required("bands").elements()) {
                List<YamlNode> loHi = b.elements();
                if (loHi.size() != 2) {
                    throw b.error("a band is [lo, hi] in A");
                }
                try {
                    bands.add(new ToleranceBand(loHi.get(0).asDouble(), loHi.get(1).asDouble()));
                } catch (IllegalArgumentException e) {
                    throw b.error(e.getMessage());
                }
            }
            t.rejectUnknownKeys();
            try {
                ToleranceTable table = new ToleranceTable(name, source, forSteps.name(), bands);
                table.checkFits(forSteps);
                if (tolerances.computeIfAbsent(name, k -> new LinkedHashMap<>()).put(forSteps.name(), table) != null) {
                    throw t.error("tolerance table " + name + " for " + forSteps.name() + " listed twice");
                }
            } catch (IllegalArgumentException e) {
                throw t.error(e.getMessage());
            }
        }
        root.rejectUnknownKeys();
        return new LimitTables(root.file(), Map.copyOf(steps), tolerances);
    }

    /** Where these tables were read from. */
    public String file() {
        return file;
    }

    /** @throws IllegalArgumentException listing the known names when {@code name} is unknown */
    public StepTable steps(String name) {
        StepTable t = steps.get(name);
        if (t == null) {
            throw new IllegalArgumentException("unknown step table '" + name + "'; known: "
                    + new java.util.TreeSet<>(steps.keySet()) + " (" + file + ")");
        }
        return t;
    }

    /**
     * The tolerance table of standard {@code name} for {@code steps}, or {@code ±N%} around each
     * nominal current.
     *
     * @throws IllegalArgumentException when the standard is unknown or has no table for these steps
     */
    public ToleranceTable tolerances(String name, StepTable steps) {
        if (name.startsWith("±") || name.startsWith("+-")) {
            String pct = name.replace("±", "").replace("+-", "").replace("%", "").trim();
            try {
                return percent(steps, Double.parseDouble(pct));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected ±N% for a percentage tolerance, was '" + name + "'");
            }
        }
        Map<String, ToleranceTable> perSteps = tolerances.get(name);
        if (perSteps == null) {
            throw new IllegalArgumentException("unknown tolerance table '" + name + "'; known: " + tolerances.keySet()
                    + " or ±N% (" + file + ")");
        }
        ToleranceTable t = perSteps.get(steps.name());
        if (t == null) {
            throw new IllegalArgumentException("tolerance table '" + name + "' has no bands for step table '"
                    + steps.name() + "'; it covers " + perSteps.keySet());
        }
        t.checkFits(steps);
        return t;
    }

    /** Symmetric ±{@code percent} % bands around each nominal current. */
    public static ToleranceTable percent(StepTable steps, double percent) {
        if (!(percent > 0.0 && percent < 100.0)) {
            throw new IllegalArgumentException("tolerance percent must be in (0, 100), was " + percent);
        }
        List<ToleranceBand> bands = new ArrayList<>();
        for (int s = 1; s <= steps.stepCount(); s++) {
            double n = steps.nominalCurrentA(s);
            bands.add(new ToleranceBand(n * (1.0 - percent / 100.0), n * (1.0 + percent / 100.0)));
        }
        return new ToleranceTable("±" + percent + "%", Provenance.defaultValue("custom ±" + percent + " % of nominal"),
                steps.name(), bands);
    }
}
