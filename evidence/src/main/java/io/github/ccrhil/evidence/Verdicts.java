package io.github.ccrhil.evidence;

import java.util.List;
import java.util.function.Predicate;

/** What a list of verdicts adds up to. */
public final class Verdicts {

    private Verdicts() { }

    /** FAIL if any failed, else INCONCLUSIVE if any was, else PASS (by {@link Outcome#and}); INCONCLUSIVE when nothing was judged. */
    public static Outcome overall(List<Verdict> verdicts) {
        Outcome o = verdicts.isEmpty() ? Outcome.INCONCLUSIVE : Outcome.PASS;
        for (Verdict v : verdicts) {
            o = o.and(v.outcome());
        }
        return o;
    }

    /** How many have outcome {@code o}. */
    public static long count(List<Verdict> verdicts, Outcome o) {
        return verdicts.stream().filter(v -> v.outcome() == o).count();
    }

    /**
     * The verdicts of a run that is not valid for timing judgements (a real-time run that fell
     * behind the wall clock past its maximum lag): each verdict {@code timed} selects becomes
     * INCONCLUSIVE with {@code reason}, never silently judged on stretched time; its checks stay as
     * judged, for the record. NOT_APPLICABLE verdicts and the others are unchanged.
     */
    public static List<Verdict> timingInvalid(List<Verdict> verdicts, Predicate<Verdict> timed, String reason) {
        return verdicts.stream().map(v -> v.outcome() == Outcome.NOT_APPLICABLE || !timed.test(v) ? v
                : new Verdict(v.testId(), v.procedure(), v.requirement(), v.clause(), Outcome.INCONCLUSIVE, reason,
                        v.measurement(), v.selfReported(), v.checks(), v.files())).toList();
    }
}
