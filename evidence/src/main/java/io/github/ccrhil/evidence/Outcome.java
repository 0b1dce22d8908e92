package io.github.ccrhil.evidence;

/** The verdict of a check or a test. */
public enum Outcome {
    PASS, FAIL, INCONCLUSIVE,
    /** The run never exercised what the check is about: it neither passes nor fails. */
    NOT_APPLICABLE;

    /**
     * FAIL dominates INCONCLUSIVE, which dominates PASS; NOT_APPLICABLE is neutral (it leaves
     * the other outcome as it is, and only NOT_APPLICABLE and NOT_APPLICABLE give NOT_APPLICABLE).
     */
    public Outcome and(Outcome o) {
        if (this == FAIL || o == FAIL) {
            return FAIL;
        }
        if (this == NOT_APPLICABLE) {
            return o;
        }
        if (o == NOT_APPLICABLE) {
            return this;
        }
        return this == INCONCLUSIVE || o == INCONCLUSIVE ? INCONCLUSIVE : PASS;
    }
}
