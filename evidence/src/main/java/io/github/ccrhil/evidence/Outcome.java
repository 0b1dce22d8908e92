package io.github.ccrhil.evidence;

/** The verdict of a check or a test. */
public enum Outcome {
    PASS, FAIL, INCONCLUSIVE;

    /** FAIL dominates INCONCLUSIVE, which dominates PASS. */
    public Outcome and(Outcome o) {
        if (this == FAIL || o == FAIL) {
            return FAIL;
        }
        return this == INCONCLUSIVE || o == INCONCLUSIVE ? INCONCLUSIVE : PASS;
    }
}
