package io.github.ccrhil.evidence;

import static io.github.ccrhil.evidence.Outcome.FAIL;
import static io.github.ccrhil.evidence.Outcome.INCONCLUSIVE;
import static io.github.ccrhil.evidence.Outcome.NOT_APPLICABLE;
import static io.github.ccrhil.evidence.Outcome.PASS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** How the outcomes of checks combine into the outcome of a test. */
class OutcomeTest {

    @Test
    void aFailureDominatesEverythingAndAnInconclusiveCheckDominatesAPass() {
        for (Outcome o : Outcome.values()) {
            assertEquals(FAIL, FAIL.and(o));
            assertEquals(FAIL, o.and(FAIL));
        }
        assertEquals(INCONCLUSIVE, PASS.and(INCONCLUSIVE));
        assertEquals(INCONCLUSIVE, INCONCLUSIVE.and(PASS));
        assertEquals(PASS, PASS.and(PASS));
    }

    @Test
    void aCheckThatDoesNotApplyChangesNothing() {
        for (Outcome o : Outcome.values()) {
            assertEquals(o, NOT_APPLICABLE.and(o));
            assertEquals(o, o.and(NOT_APPLICABLE));
        }
    }
}
