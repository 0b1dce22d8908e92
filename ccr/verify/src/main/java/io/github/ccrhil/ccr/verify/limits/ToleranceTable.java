package io.github.ccrhil.ccr.verify.limits;

import io.github.ccrhil.evidence.Provenance;
import java.util.List;
import java.util.Objects;

/**
 * Per-step tolerance bands of one standard for one step table, as the verifier's limit data
 * states them.
 *
 * @param name the standard's short name, e.g. "UFC-3-535-01"
 * @param source where the numbers come from
 * @param stepTableName the {@link StepTable#name()} these bands belong to
 * @param bands band of step s at index s - 1
 */
public record ToleranceTable(String name, Provenance source, String stepTableName, List<ToleranceBand> bands) {

    public ToleranceTable {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(stepTableName, "stepTableName");
        bands = List.copyOf(bands);
        if (bands.isEmpty()) {
            throw new IllegalArgumentException("tolerance table " + name + " has no bands");
        }
    }

    /** Band of {@code step} (1..n). */
    public ToleranceBand band(int step) {
        if (step < 1 || step > bands.size()) {
            throw new IllegalArgumentException("step " + step + " outside 1.." + bands.size() + " of tolerance table " + name);
        }
        return bands.get(step - 1);
    }

    /** @throws IllegalArgumentException if this table does not fit {@code steps} */
    public void checkFits(StepTable steps) {
        if (bands.size() != steps.stepCount()) {
            throw new IllegalArgumentException("tolerance table " + name + " has " + bands.size()
                    + " bands but step table " + steps.name() + " has " + steps.stepCount() + " steps");
        }
        for (int s = 1; s <= bands.size(); s++) {
            if (!band(s).contains(steps.nominalCurrentA(s))) {
                throw new IllegalArgumentException("tolerance table " + name + " step " + s + " band " + band(s)
                        + " does not contain nominal " + steps.nominalCurrentA(s) + " A");
            }
        }
    }
}
