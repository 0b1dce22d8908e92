package io.github.ccrhil.ccr.plant;

/** How the lamps' resistances evolve. */
public enum LampDynamics {
    /** Halogen filaments heat and cool (starting cold), LED drivers follow the filtered current. */
    THERMAL,
    /**
     * Every lamp frozen at its rated resistance (halogen hot, LED nominal): with no failed lamps
     * the loop is then a linear R-L circuit, which has an exact solution (used for validation).
     */
    FROZEN_RATED
}
