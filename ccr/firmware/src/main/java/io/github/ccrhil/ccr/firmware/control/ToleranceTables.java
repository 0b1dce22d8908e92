package io.github.ccrhil.ccr.firmware.control;

import io.github.ccrhil.evidence.Provenance;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tolerance tables of the standards, per step table. The two sources differ; which one
 * applies is a choice of the test plan.
 */
public final class ToleranceTables {

    public static final String UFC = "UFC-3-535-01";
    public static final String MIL = "MIL-HDBK-1023/4";

    private static final Provenance UFC_SOURCE = Provenance.of("UFC 3-535-01 Tables 15-2/15-3");
    private static final Provenance MIL_SOURCE = Provenance.of("MIL-HDBK-1023/4 p. 52 (1023_40125)");

    /** key: standard name, then step table name. */
    private static final Map<String, Map<String, ToleranceTable>> TABLES = new LinkedHashMap<>();

    static {
        put(UFC, UFC_SOURCE, StepTables.SIX_SIX_FIVE_STEP,
                2.72, 2.88, 3.30, 3.50, 3.98, 4.22, 5.04, 5.36, 6.40, 6.70);
        put(UFC, UFC_SOURCE, StepTables.SIX_SIX_THREE_STEP,
                4.66, 4.94, 5.33, 5.67, 6.40, 6.70);
        put(MIL, MIL_SOURCE, StepTables.SIX_SIX_FIVE_STEP,
                2.73, 2.87, 3.22, 3.49, 4.00, 4.20, 5.07, 5.33, 6.47, 6.70);
        put(MIL, MIL_SOURCE, StepTables.SIX_SIX_THREE_STEP,
                4.66, 4.97, 5.34, 5.67, 6.40, 6.80);
        put(MIL, MIL_SOURCE, StepTables.TWENTY_FIVE_STEP,
                8.29, 8.71, 10.04, 10.56, 12.09, 12.71, 15.41, 16.20, 19.50, 20.50);
    }

    private ToleranceTables() {
    }

    private static void put(String name, Provenance source, StepTable steps, double... loHi) {
        List<ToleranceBand> bands = new ArrayList<>();
        for (int i = 0; i < loHi.length; i += 2) {
            bands.add(new ToleranceBand(loHi[i], loHi[i + 1]));
        }
        ToleranceTable t = new ToleranceTable(name, source, steps.name(), bands);
        t.checkFits(steps);
        TABLES.computeIfAbsent(name, k -> new LinkedHashMap<>()).put(steps.name(), t);
    }

    /** Names of the standards in the catalogue. */
    public static List<String> names() {
        return List.copyOf(TABLES.keySet());
    }

    /**
     * The table of standard {@code name} for {@code steps}.
     *
     * @throws IllegalArgumentException when the standard is unknown or has no table for these steps
     */
    public static ToleranceTable byName(String name, StepTable steps) {
        Map<String, ToleranceTable> perSteps = TABLES.get(name);
        if (perSteps == null) {
            throw new IllegalArgumentException("unknown tolerance table '" + name + "'; known: " + TABLES.keySet());
        }
        ToleranceTable t = perSteps.get(steps.name());
        if (t == null || !sameCurrents(t, steps)) {
            throw new IllegalArgumentException("tolerance table '" + name + "' has no bands for step table '"
                    + steps.name() + "'; it covers " + perSteps.keySet());
        }
        return t;
    }

    private static boolean sameCurrents(ToleranceTable t, StepTable steps) {
        try {
            t.checkFits(steps);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
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

    /** The table suited as a default for {@code steps}: UFC where it exists, else MIL, else ±3 %. */
    public static ToleranceTable defaultFor(StepTable steps) {
        for (String n : TABLES.keySet()) {
            ToleranceTable t = TABLES.get(n).get(steps.name());
            if (t != null && sameCurrents(t, steps)) {
                return t;
            }
        }
        return percent(steps, 3.0);
    }
}
