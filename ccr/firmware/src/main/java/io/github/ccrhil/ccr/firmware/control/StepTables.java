package io.github.ccrhil.ccr.firmware.control;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Catalogue of the usual step tables (UFC 3-535-01 Tables 15-2/15-3; MIL-HDBK-1023/4). */
public final class StepTables {

    public static final StepTable SIX_SIX_FIVE_STEP =
            new StepTable("6.6A-5step", 6.6, List.of(2.8, 3.4, 4.1, 5.2, 6.6));
    public static final StepTable SIX_SIX_THREE_STEP =
            new StepTable("6.6A-3step", 6.6, List.of(4.8, 5.5, 6.6));
    public static final StepTable TWENTY_FIVE_STEP =
            new StepTable("20A-5step", 20.0, List.of(8.5, 10.3, 12.4, 15.8, 20.0));

    private static final Map<String, StepTable> BY_NAME = new LinkedHashMap<>();

    static {
        for (StepTable t : List.of(SIX_SIX_FIVE_STEP, SIX_SIX_THREE_STEP, TWENTY_FIVE_STEP)) {
            BY_NAME.put(t.name(), t);
        }
    }

    private StepTables() {
    }

    /** All catalogue tables, in a fixed order. */
    public static List<StepTable> all() {
        return List.copyOf(BY_NAME.values());
    }

    /** @throws IllegalArgumentException listing the known names when {@code name} is unknown */
    public static StepTable byName(String name) {
        StepTable t = BY_NAME.get(name);
        if (t == null) {
            throw new IllegalArgumentException("unknown step table '" + name + "'; known: " + BY_NAME.keySet());
        }
        return t;
    }

    /** A user-defined table (e.g. 8 adjustable steps). */
    public static StepTable custom(String name, double ratedCurrentA, double... currentsA) {
        List<Double> list = new ArrayList<>(currentsA.length);
        for (double c : currentsA) {
            list.add(c);
        }
        return new StepTable(name, ratedCurrentA, list);
    }
}
