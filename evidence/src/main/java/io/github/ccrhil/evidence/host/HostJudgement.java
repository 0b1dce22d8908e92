package io.github.ccrhil.evidence.host;

import io.github.ccrhil.evidence.Check;
import io.github.ccrhil.evidence.FixedPoint;
import io.github.ccrhil.evidence.Limit;
import io.github.ccrhil.evidence.Outcome;
import io.github.ccrhil.evidence.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A timed check judged with the host's load beside it: one rule for every verifier (the water
 * suite's timed checks, a CCR served on the verifier's own host). A timing that missed its limit
 * while the host was past one of its limits is INCONCLUSIVE, naming what the host was doing: the
 * run measured the host, not the system. A timing met is met, whatever the host did.
 */
public final class HostJudgement {

    /**
     * The host's own limits for a timed check.
     *
     * @param otherCpu CPU share of the machine taken by other processes (largest in one sample)
     * @param stall    longest stall of the host sampler, ms
     * @param gc       garbage collection over the check, ms
     * @param load     load average per CPU (largest)
     */
    public record Limits(Limit otherCpu, Limit stall, Limit gc, Limit load) { }

    private HostJudgement() { }

    /** The host's figures as checks: within its limit PASS; past it INCONCLUSIVE (the host, not the system under test). */
    public static List<Check> checks(String file, HostLoad h, Limits l) {
        List<Check> host = new ArrayList<>();
        if (h.maxOtherCpu() >= 0) {
            host.add(check(file, "CPU taken by other processes (largest in one sample)", l.otherCpu(), h.maxOtherCpu(), 3));
        }
        host.add(check(file, "longest stall of the host sampler", l.stall(), h.maxStallMs(), 1));
        host.add(check(file, "garbage collection (" + h.gcCount() + " collections)", l.gc(), h.gcMs(), 0));
        host.add(check(file, "load average per CPU (largest)", l.load(), h.maxLoadPerCpu(), 2));
        return host;
    }

    /** What the host did, in one sentence: "Host during the check (file, n samples): ...". */
    public static String text(String what, String file, HostLoad h) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "Host during the %s (%s, %d samples): other processes took up to %s "
                        + "of the CPUs, longest stall %s ms, GC %d ms in %d collections, load average up to %s per CPU", what, file,
                h.samples(), h.maxOtherCpu() < 0 ? "(not known)" : FixedPoint.format(h.maxOtherCpu(), 3),
                FixedPoint.format(h.maxStallMs(), 1), h.gcMs(), h.gcCount(), FixedPoint.format(h.maxLoadPerCpu(), 2)));
        for (int i = 0; i < h.counterNames().size(); i++) {
            b.append(", ").append(h.counterNames().get(i).replace('_', ' ')).append(' ').append(h.counters().get(i));
        }
        return b.append('.').toString();
    }

    /**
     * {@code v} with the host beside it. A FAIL while any host check is INCONCLUSIVE becomes
     * INCONCLUSIVE: its failed checks are kept, marked "not judged: host overloaded", with the
     * host's checks after them. Otherwise the outcome stands; a FAIL gets the host's checks (each
     * within its limit: the host was not the cause), and the reason the host's sentence.
     */
    public static Verdict judge(Verdict v, List<Check> host, String hostText) {
        List<String> over = host.stream().filter(k -> k.outcome() == Outcome.INCONCLUSIVE)
                .map(k -> k.what() + " " + k.measured() + " (limit " + k.limit() + ")").toList();
        if (v.outcome() == Outcome.FAIL && !over.isEmpty()) {
            List<Check> checks = new ArrayList<>();
            List<String> missed = new ArrayList<>();
            for (Check k : v.checks()) {
                if (k.outcome() == Outcome.FAIL) {
                    missed.add(k.what() + " " + k.measured() + " (limit " + k.limit() + ")");
                    checks.add(new Check(k.run(), k.what(), k.limitName(), k.limit(), k.provenance(), k.defaultLimit(),
                            k.measured() + " (not judged: host overloaded)", Outcome.INCONCLUSIVE, k.atSeconds()));
                } else {
                    checks.add(k);
                }
            }
            checks.addAll(host);
            String reason = "host overloaded during this check: " + String.join("; ", over) + ". The timing is not judged on it: "
                    + String.join("; ", missed) + ". " + hostText;
            return new Verdict(v.testId(), v.procedure(), v.requirement(), v.clause(), Outcome.INCONCLUSIVE, reason, v.measurement(),
                    v.selfReported(), checks, v.files());
        }
        List<Check> checks = new ArrayList<>(v.checks());
        if (v.outcome() == Outcome.FAIL) {
            checks.addAll(host);
        }
        return new Verdict(v.testId(), v.procedure(), v.requirement(), v.clause(), v.outcome(), v.reason() + " " + hostText,
                v.measurement(), v.selfReported(), checks, v.files());
    }

    private static Check check(String run, String what, Limit l, double measured, int decimals) {
        return new Check(run, what, l.name(), "≤ " + value(l, decimals), l.provenance().source(), l.provenance().isDefault(),
                FixedPoint.format(measured, decimals) + " " + l.unit(), measured <= l.value() ? Outcome.PASS : Outcome.INCONCLUSIVE,
                Double.NaN);
    }

    /** A limit's value with as many decimals as it needs, at least {@code decimals}, and its unit. */
    private static String value(Limit l, int decimals) {
        int d = decimals;
        while (d < 6 && StrictMath.abs(l.value() * StrictMath.pow(10, d) - StrictMath.rint(l.value() * StrictMath.pow(10, d))) > 1e-9) {
            d++;
        }
        return FixedPoint.format(l.value(), d) + " " + l.unit();
    }
}
