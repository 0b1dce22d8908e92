package io.github.ccrhil.ccr.verify.limits;

import io.github.ccrhil.evidence.Provenance;
import java.util.List;
import java.util.Objects;

/**
 * The brightness steps the verifier judges against, as the plan's limit data states them (never
 * the DUT's own table): step {@code s} (1..n) has nominal rms loop current
 * {@code nominalCurrentsA.get(s - 1)}; step 0 is "off" and is not listed.
 *
 * @param name a short name, e.g. "6.6A-5step"
 * @param ratedCurrentA the regulator's rated (top-step) current, A
 * @param nominalCurrentsA nominal currents of steps 1..n, A, strictly increasing, 1 ≤ n ≤ 8
 * @param source where the currents come from
 */
public record StepTable(String name, double ratedCurrentA, List<Double> nominalCurrentsA, Provenance source) {

    /** Most steps a table may have (ADB MCR: 8 user-adjustable steps). */
    public static final int MAX_STEPS = 8;

    public StepTable {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(nominalCurrentsA, "nominalCurrentsA");
        Objects.requireNonNull(source, "source");
        nominalCurrentsA = List.copyOf(nominalCurrentsA);
        if (name.isBlank()) {
            throw new IllegalArgumentException("step table name must not be blank");
        }
        if (!(ratedCurrentA > 0.0) || !Double.isFinite(ratedCurrentA)) {
            throw new IllegalArgumentException("rated current must be positive and finite, was " + ratedCurrentA);
        }
        if (nominalCurrentsA.isEmpty() || nominalCurrentsA.size() > MAX_STEPS) {
            throw new IllegalArgumentException("a step table needs 1.." + MAX_STEPS + " steps, had " + nominalCurrentsA.size());
        }
        double previous = 0.0;
        for (int i = 0; i < nominalCurrentsA.size(); i++) {
            double c = nominalCurrentsA.get(i);
            if (!(c > previous) || !Double.isFinite(c)) {
                throw new IllegalArgumentException("step currents must be positive, finite and strictly increasing; step "
                        + (i + 1) + " = " + c + " after " + previous);
            }
            previous = c;
        }
        if (previous > ratedCurrentA * 1.0000001) {
            throw new IllegalArgumentException("top step " + previous + " A exceeds rated current " + ratedCurrentA + " A");
        }
    }

    /** A user-defined table (e.g. 8 adjustable steps, as a campaign scenario gives them). */
    public static StepTable custom(String name, double ratedCurrentA, Provenance source, double... currentsA) {
        return new StepTable(name, ratedCurrentA, java.util.Arrays.stream(currentsA).boxed().toList(), source);
    }

    /** Number of steps n (step 0, off, not counted). */
    public int stepCount() {
        return nominalCurrentsA.size();
    }

    /** Nominal current of {@code step}; 0 A for step 0. */
    public double nominalCurrentA(int step) {
        checkStep(step);
        return step == 0 ? 0.0 : nominalCurrentsA.get(step - 1);
    }

    /** Nominal current of the top step, A. */
    public double topStepCurrentA() {
        return nominalCurrentsA.get(nominalCurrentsA.size() - 1);
    }

    /** @throws IllegalArgumentException unless 0 ≤ step ≤ n */
    public void checkStep(int step) {
        if (step < 0 || step > stepCount()) {
            throw new IllegalArgumentException("step " + step + " outside 0.." + stepCount() + " of " + name);
        }
    }
}
