package io.github.ccrhil.ccr.verify.campaign;

import java.util.Objects;

/**
 * The judgement of one property on one run.
 *
 * @param property the property's name, e.g. {@link PropertyChecks#SETTLING}
 * @param outcome pass, fail, or not applicable (the run never exercised it)
 * @param detail one line: what was judged and the worst value seen, or why it failed
 */
public record Verdict(String property, Outcome outcome, String detail) {

    public enum Outcome { PASS, FAIL, NOT_APPLICABLE }

    public Verdict {
        Objects.requireNonNull(property, "property");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(detail, "detail");
    }

    public static Verdict pass(String property, String detail) {
        return new Verdict(property, Outcome.PASS, detail);
    }

    public static Verdict fail(String property, String detail) {
        return new Verdict(property, Outcome.FAIL, detail);
    }

    public static Verdict notApplicable(String property, String detail) {
        return new Verdict(property, Outcome.NOT_APPLICABLE, detail);
    }

    public boolean failed() {
        return outcome == Outcome.FAIL;
    }

    @Override
    public String toString() {
        return String.format("%-4s %-28s %s", switch (outcome) {
            case PASS -> "ok";
            case FAIL -> "FAIL";
            case NOT_APPLICABLE -> "n/a";
        }, property, detail);
    }
}
