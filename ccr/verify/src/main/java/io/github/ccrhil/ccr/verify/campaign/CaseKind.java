package io.github.ccrhil.ccr.verify.campaign;

import java.util.Locale;

/** The kinds of generated case; each aims at some of the properties, all properties judge every case. */
public enum CaseKind {
    /** Soft start to a step, then one to four step changes (pairs and sequences). */
    STEP_CHANGE,
    /** Regulating (or still soft-starting), then the loop opens at a generated moment. */
    OPEN_CIRCUIT,
    /** Regulating, then a share of the lamps fails; the estimate is judged once settled. */
    LAMP_ESTIMATE,
    /** A random sequence of operator and remote commands, faults and power events. */
    SEQUENCE;

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static CaseKind parse(String s) {
        for (CaseKind k : values()) {
            if (k.label().equals(s.trim().toLowerCase(Locale.ROOT)) || k.name().equalsIgnoreCase(s.trim())) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown case kind '" + s + "'; known: step-change, open-circuit, "
                + "lamp-estimate, sequence");
    }
}
