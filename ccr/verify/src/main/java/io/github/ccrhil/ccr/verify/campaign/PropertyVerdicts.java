package io.github.ccrhil.ccr.verify.campaign;

import io.github.ccrhil.evidence.Check;
import io.github.ccrhil.evidence.Outcome;
import io.github.ccrhil.evidence.Verdict;
import java.util.List;
import java.util.Locale;

/**
 * A campaign property judged on one run, as an evidence {@link Verdict}: the property's name is
 * the test id, the procedure is {@value #PROCEDURE}, the one-line detail is the reason, and the
 * checks carry the numbers where there are numbers (the worst value against its limit).
 */
public final class PropertyVerdicts {

    /** The procedure of every campaign property verdict. */
    public static final String PROCEDURE = "campaign property";
    /** Measurement of a campaign on the emulated plant: its own trace, independent of the firmware. */
    public static final String PLANT_TRACE = "plant-trace";
    /** Measurement of a campaign over a link: the DUT's own report. */
    public static final String DUT_SELF_REPORT = "dut-self-report";

    private PropertyVerdicts() {
    }

    static Verdict pass(String property, String detail, Check... checks) {
        return of(property, Outcome.PASS, detail, false, checks);
    }

    static Verdict fail(String property, String detail, Check... checks) {
        return of(property, Outcome.FAIL, detail, false, checks);
    }

    static Verdict notApplicable(String property, String detail) {
        return of(property, Outcome.NOT_APPLICABLE, detail, false);
    }

    /** The property {@code property} judged {@code outcome}, on the plant's trace or on the DUT's own report. */
    static Verdict of(String property, Outcome outcome, String detail, boolean selfReported, Check... checks) {
        PropertyChecks.Requirement r = PropertyChecks.requirement(property);
        return new Verdict(property, PROCEDURE, r.text(), r.clause(), outcome, detail,
                selfReported ? DUT_SELF_REPORT : PLANT_TRACE, selfReported, List.of(checks), List.of());
    }

    /** The same verdict, judged on what the DUT reported about itself. */
    static Verdict selfReported(Verdict v) {
        return new Verdict(v.testId(), v.procedure(), v.requirement(), v.clause(), v.outcome(), v.reason(),
                DUT_SELF_REPORT, true, v.checks(), v.files());
    }

    /** One line for a person: {@code ok}, {@code FAIL}, {@code n/a} (or {@code ??} inconclusive), the property, the detail. */
    public static String line(Verdict v) {
        return String.format(Locale.ROOT, "%-4s %-28s %s", switch (v.outcome()) {
            case PASS -> "ok";
            case FAIL -> "FAIL";
            case NOT_APPLICABLE -> "n/a";
            case INCONCLUSIVE -> "??";
        }, v.testId(), v.reason());
    }
}
