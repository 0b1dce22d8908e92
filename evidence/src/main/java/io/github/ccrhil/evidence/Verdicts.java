package io.github.ccrhil.evidence;

import java.util.List;

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
}
