package io.github.ccrhil.ccr.verify.accept.verdict;

import io.github.ccrhil.evidence.Check;
import io.github.ccrhil.evidence.Outcome;
import io.github.ccrhil.evidence.Verdict;
import io.github.ccrhil.evidence.Verdicts;
import io.github.ccrhil.evidence.host.HostJudgement;
import io.github.ccrhil.evidence.host.HostLoad;

import io.github.ccrhil.ccr.verify.limits.ToleranceBand;
import io.github.ccrhil.ccr.verify.limits.ToleranceTable;
import io.github.ccrhil.evidence.Limit;
import io.github.ccrhil.ccr.verify.accept.plan.TestPlan;
import io.github.ccrhil.ccr.verify.accept.plan.TestPlan.DeclaredComponent;
import io.github.ccrhil.ccr.verify.accept.plan.TestSpec;
import io.github.ccrhil.ccr.verify.accept.procedure.Fixed;
import io.github.ccrhil.ccr.verify.accept.verdict.RawRun.Event;
import io.github.ccrhil.ccr.emulator.trace.TraceMetrics;
import io.github.ccrhil.ccr.emulator.trace.TraceRow;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * Verdicts as a pure function of (plan, raw data): no DUT, no clock, no state. The acceptance
 * run and {@code verify-bundle} call the same code on the same files.
 */
public final class Judge {

    /** Output voltage below which the output counts as de-energised (plant measurement), V. */
    public static final double DE_ENERGISED_V = 5.0;

    private final TestPlan plan;
    private final ToleranceTable tolerances;
    private final IdentityResolver shaResolver;
    private final boolean selfReported;
    private final ToDoubleFunction<TraceRow> current;

    /**
     * @param shaResolver resolves a declared sha256 such as {@value DeclaredComponent#REFERENCE_BUILD}
     *     to the hash it stands for; identity for literal hashes
     */
    public Judge(TestPlan plan, IdentityResolver shaResolver) {
        this.plan = plan;
        this.tolerances = plan.equipment().tolerances();
        this.shaResolver = shaResolver;
        this.selfReported = !plan.measurement().independent();
        this.current = selfReported ? TraceRow::firmwareCurrentRmsA : TraceRow::plantCurrentRmsA;
        this.security = new SecurityJudge(this);
    }

    private final SecurityJudge security;

    /** Judges the identity test from the DUT's reported components (rows of component, model, revision, sha256). */
    public Verdict judgeIdentity(TestSpec test, List<String[]> reported, String file, String inconclusive) {
        List<Check> checks = new ArrayList<>();
        if (inconclusive != null) {
            checks.add(new Check("identity", "the DUT reports its components", "identity", "answer", "plan", false,
                    inconclusive, Outcome.INCONCLUSIVE, Double.NaN));
        } else {
            for (DeclaredComponent d : plan.identity()) {
                String[] r = reported.stream().filter(x -> x[0].equals(d.component())).findFirst().orElse(null);
                String expectSha = shaResolver.expectedSha256(plan, d);
                String expected = d.model() + " / " + d.revision() + " / " + expectSha;
                String got = r == null ? "not reported" : r[1] + " / " + r[2] + " / " + r[3];
                boolean ok = r != null && r[1].equals(d.model()) && r[2].equals(d.revision()) && r[3].equals(expectSha);
                checks.add(new Check("identity", d.component() + " is the declared one", "declared identity: " + d.component(),
                        "= " + expected, "plan identity" + (d.sha256().equals(DeclaredComponent.REFERENCE_BUILD)
                        ? " (sha256 of the reference build's component)" : ""), false, got, ok ? Outcome.PASS : Outcome.FAIL, Double.NaN));
            }
        }
        return verdict(test, checks, List.of(file), false);
    }

    /**
     * What the verifier's host did during a run of a DUT in wall-clock time, from the run's host
     * file ({@code <run>.host.csv}).
     *
     * @param run the run's name
     * @param file the host file, relative to the bundle
     * @param load its figures, or null when it could not be read
     * @param unreadable why it could not be read, or null
     */
    public record RunHost(String run, String file, HostLoad load, String unreadable) { }

    /** Judges one test from its runs (no host files: a DUT in simulated time, or a bundle without them). */
    public Verdict judge(TestSpec test, List<RawRun> runs) {
        return judge(test, runs, List.of());
    }

    /**
     * Judges one test from its runs and what the verifier's host did during them. A DUT served on
     * the verifier's own host ({@link TestPlan.DutSpec#sharesVerifierHost()}) shares its CPUs: a
     * timed test it FAILed while the host was past one of the plan's host limits in every failed
     * run is INCONCLUSIVE, naming the host's figures ({@link HostJudgement}, the rule the water
     * suite uses too); a timing met is met. A DUT on its own hardware is judged on its timing
     * whatever the verifier's host did: the host touches its verdict only through the verifier's
     * own measurement (the sampling gap).
     */
    public Verdict judge(TestSpec test, List<RawRun> runs, List<RunHost> hosts) {
        List<Check> checks = new ArrayList<>();
        List<String> files = new ArrayList<>();
        for (RawRun run : runs) {
            files.add(run.traceFile());
            files.add(run.eventsFile());
            hosts.stream().filter(h -> h.run().equals(run.name())).findFirst().ifPresent(h -> files.add(h.file()));
            List<Event> na = run.events("harness", "not-applicable");
            if (!na.isEmpty()) {
                for (Event e : na) {
                    checks.add(new Check(run.name(), "the procedure applies to this DUT", "DUT interface", "Modbus interface",
                            "harness", false, e.value(), Outcome.NOT_APPLICABLE, e.t()));
                }
                continue;
            }
            List<Event> cut = run.events("harness", "inconclusive");
            if (!cut.isEmpty()) {
                // a run cut short is not judged on its truncated windows: no verdict from half a response
                for (Event e : cut) {
                    checks.add(new Check(run.name(), "the run completed", "DUT answers", "every request answered", "harness",
                            false, e.value(), Outcome.INCONCLUSIVE, e.t()));
                }
                continue;
            }
            if (run.rows().isEmpty()) {
                checks.add(new Check(run.name(), "the run recorded data", "trace", "rows present", "harness", false,
                        "no rows", Outcome.INCONCLUSIVE, Double.NaN));
                continue;
            }
            switch (test.procedure()) {
                case STEP_ACCURACY -> stepAccuracy(test, run, checks);
                case STEP_CHANGE -> stepChange(test, run, checks);
                case LOAD_CHANGE -> loadChange(test, run, checks);
                case SURGE -> surge(test, run, checks);
                case OPEN_CIRCUIT -> openCircuit(test, run, checks);
                case OVERCURRENT -> overcurrent(test, run, checks);
                case POWER_INTERRUPTION -> powerInterruption(test, run, checks);
                case LINK_LOSS -> linkLoss(test, run, checks);
                case LOCAL_REMOTE -> localRemote(test, run, checks);
                case LAMP_COUNT -> lampCount(test, run, checks);
                case EARTH_FAULT -> earthFault(test, run, checks);
                case PROTOCOL_ROBUSTNESS -> security.robustness(test, run, checks);
                case FLOOD -> security.flood(test, run, checks);
                case CONNECTION_EXHAUSTION -> security.exhaustion(test, run, checks);
                case AUTHORITY -> security.authority(test, run, checks);
                case IDENTITY -> throw new IllegalArgumentException("identity is judged by judgeIdentity");
            }
        }
        if (runs.isEmpty()) {
            checks.add(new Check("-", "the test ran", "runs", "≥ 1 run", "plan", false, "no runs recorded",
                    Outcome.INCONCLUSIVE, Double.NaN));
        }
        // the verifier's own pace: a wall-clock run whose sampling fell behind is not valid for timing judgements
        String lagged = null;
        Limit gapLimit = plan.samplingGap();
        for (RawRun run : timed(test) ? runs : List.<RawRun>of()) {
            if (run.rows().isEmpty() || !run.events("harness", "inconclusive").isEmpty()) {
                continue;
            }
            Gap g = largestSamplingGap(run);
            if (g.seconds() > gapLimit.value() + 1e-9) {
                String measured = "no sample for " + Fixed.format(g.seconds(), 3) + " s after t = " + Fixed.format(g.from(), 3) + " s";
                checks.add(new Check(run.name(), "the verifier sampled the DUT without falling behind", gapLimit.name(),
                        "≤ " + Fixed.format(gapLimit.value(), 3) + " s", gapLimit.provenance().toString(),
                        gapLimit.provenance().isDefault(), measured, Outcome.INCONCLUSIVE, g.from()));
                if (lagged == null) {
                    lagged = run.name() + ": the verifier fell behind (" + measured + ", limit " + gapLimit.name() + " ≤ "
                            + Fixed.format(gapLimit.value(), 3) + " s): not valid for timing judgements";
                }
            }
        }
        boolean onSharedHost = timed(test) && plan.dut().sharesVerifierHost();
        for (RunHost h : onSharedHost ? hosts : List.<RunHost>of()) {
            if (h.unreadable() != null) {
                checks.add(new Check(h.run(), "what the verifier's host did during the run is known", "host file", "readable",
                        "harness", false, h.unreadable(), Outcome.INCONCLUSIVE, Double.NaN));
            }
        }
        Verdict v = verdict(test, checks, files, selfReported);
        if (lagged != null) {
            return Verdicts.timingInvalid(List.of(v), x -> true, lagged).get(0);
        }
        return onSharedHost ? onHost(v, hosts) : v;
    }

    /**
     * A timed verdict of a DUT on the verifier's host, with the host beside it: when every run
     * with a failed check had the host past one of its limits, the FAIL is INCONCLUSIVE ("host
     * overloaded"); when a failed run's host was within its limits (or is not known), the FAIL
     * stands, with that host's figures beside it.
     */
    private Verdict onHost(Verdict v, List<RunHost> hosts) {
        if (v.outcome() != Outcome.FAIL) {
            return v;
        }
        Set<String> failed = new java.util.LinkedHashSet<>();
        v.checks().stream().filter(c -> c.outcome() == Outcome.FAIL).forEach(c -> failed.add(c.run()));
        List<Check> over = new ArrayList<>();
        List<Check> quiet = new ArrayList<>();
        List<String> overText = new ArrayList<>();
        List<String> quietText = new ArrayList<>();
        boolean allOver = true;
        for (String run : failed) {
            RunHost h = hosts.stream().filter(x -> x.run().equals(run) && x.load() != null).findFirst().orElse(null);
            if (h == null || h.load().samples() < 2) {
                allOver = false;
                continue;
            }
            List<Check> c = HostJudgement.checks(h.file(), h.load(), plan.hostLimits());
            String text = HostJudgement.text("run", h.file(), h.load());
            if (c.stream().anyMatch(k -> k.outcome() == Outcome.INCONCLUSIVE)) {
                over.addAll(c);
                overText.add(text);
            } else {
                allOver = false;
                quiet.addAll(c);
                quietText.add(text);
            }
        }
        if (allOver && !over.isEmpty()) {
            return HostJudgement.judge(v, over, String.join(" ", overText));
        }
        return quiet.isEmpty() ? v : HostJudgement.judge(v, quiet, String.join(" ", quietText));
    }

    /** A test judged against a time: any of its limits is in seconds, cycles or half-cycles. */
    static boolean timed(TestSpec test) {
        return test.limits().values().stream().anyMatch(l -> switch (l.unit()) {
            case "s", "ms", "cycles", "half-cycles" -> true;
            default -> false;
        });
    }

    /** The longest time without a sample inside a judged stretch, and where it began. */
    record Gap(double from, double seconds) { }

    /**
     * The longest stretch a run went without a trace row, not counting the time before a
     * verifier, rig or bench action that ends it (an operator's prompt, a link deliberately held
     * down): a gap is measured from the later of the last row and the last action. In simulated
     * time rows come every half-cycle, so only a wall-clock run that fell behind can exceed a limit.
     */
    static Gap largestSamplingGap(RawRun run) {
        List<TraceRow> rows = run.rows();
        List<Event> actions = run.events().stream().filter(e -> !e.source().equals("dut") && !e.source().equals("harness")).toList();
        Gap worst = new Gap(rows.get(0).timeSeconds(), 0);
        int a = 0;
        for (int i = 1; i < rows.size(); i++) {
            double prev = rows.get(i - 1).timeSeconds();
            double t = rows.get(i).timeSeconds();
            double from = prev;
            while (a < actions.size() && actions.get(a).t() <= t + 1e-9) {
                from = Math.max(from, actions.get(a).t());
                a++;
            }
            if (t - from > worst.seconds()) {
                worst = new Gap(from, t - from);
            }
        }
        return worst;
    }

    private Verdict verdict(TestSpec test, List<Check> checks, List<String> files, boolean self) {
        Outcome o = Outcome.PASS;
        for (Check c : checks) {
            o = o.and(c.outcome());
        }
        if (checks.isEmpty()) {
            o = Outcome.INCONCLUSIVE;
        } else if (checks.stream().allMatch(c -> c.outcome() == Outcome.NOT_APPLICABLE)) {
            o = Outcome.NOT_APPLICABLE;
        }
        String reason;
        Outcome worst = o;
        Check first = checks.stream().filter(c -> c.outcome() == Outcome.FAIL).findFirst()
                .orElse(checks.stream().filter(c -> c.outcome() == Outcome.INCONCLUSIVE).findFirst()
                        .orElse(worst == Outcome.NOT_APPLICABLE ? checks.get(0) : null));
        if (first == null) {
            reason = checks.size() + " checks passed";
        } else {
            long n = checks.stream().filter(c -> c.outcome() == first.outcome()).count();
            reason = first.run() + ": " + first.what() + ": measured " + first.measured() + ", limit " + first.limit()
                    + (n > 1 ? " (and " + (n - 1) + " more)" : "");
        }
        return new Verdict(test.id(), test.procedure().planName(), test.requirement(), test.clause(), o, reason,
                plan.measurement().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), self, checks, files);
    }

    // ------------------------------------------------------------------ helpers

    static String a(double v) {
        return Fixed.format(v, 3) + " A";
    }

    static String s(double v) {
        return Double.isInfinite(v) ? "never" : Fixed.format(v, 3) + " s";
    }

    Check bandCheck(String run, String what, int step, List<TraceRow> window, double at) {
        double lo = TraceMetrics.lowestA(window, current);
        double hi = TraceMetrics.peakA(window, current);
        ToleranceBand b = tolerances.band(step);
        if (Double.isNaN(hi)) {
            return new Check(run, what, "tolerance band of step " + step + " (" + tolerances.name() + ")",
                    "within " + Fixed.format(b.loA(), 2) + ".." + Fixed.format(b.hiA(), 2) + " A", tolerances.source().toString(),
                    tolerances.source().isDefault(), "no measurement in the window", Outcome.INCONCLUSIVE, at);
        }
        boolean ok = b.contains(lo) && b.contains(hi);
        return new Check(run, what, "tolerance band of step " + step + " (" + tolerances.name() + ")",
                "within " + Fixed.format(b.loA(), 2) + ".." + Fixed.format(b.hiA(), 2) + " A", tolerances.source().toString(),
                tolerances.source().isDefault(), a(lo) + ".." + a(hi), ok ? Outcome.PASS : Outcome.FAIL, at);
    }

    static Check atMost(String run, String what, Limit l, double measured, String measuredText, double at) {
        if (Double.isNaN(measured)) {
            return new Check(run, what, l.name(), "≤ " + num(l.value()) + " " + l.unit(), l.provenance().toString(),
                    l.provenance().isDefault(), "no measurement in the window", Outcome.INCONCLUSIVE, at);
        }
        boolean ok = measured <= l.value() + 1e-9;
        return new Check(run, what, l.name(), "≤ " + num(l.value()) + " " + l.unit(), l.provenance().toString(),
                l.provenance().isDefault(), measuredText, ok ? Outcome.PASS : Outcome.FAIL, at);
    }

    /**
     * A settling time from {@code from} against its limit. Not settled by the end of a window that
     * ended before the limit did ({@code windowEnd − from} shorter than the limit) says nothing
     * about the limit: INCONCLUSIVE, naming the window, never a FAIL.
     */
    static Check settledWithin(String run, String what, Limit l, double t, double from, double windowEnd) {
        if (Double.isInfinite(t) && windowEnd - from < l.value() - 1e-9) {
            return new Check(run, what, l.name(), "≤ " + num(l.value()) + " " + l.unit(), l.provenance().toString(),
                    l.provenance().isDefault(), "not settled when the window ended " + s(windowEnd - from)
                    + " after, before the limit", Outcome.INCONCLUSIVE, from);
        }
        return atMost(run, what, l, t, s(t), from);
    }

    static String num(double v) {
        return v == StrictMath.rint(v) ? Long.toString((long) v) : Fixed.format(v, 3).replaceAll("0+$", "");
    }

    /** The highest half-cycle rms of {@code rows} ({@link TraceMetrics#peakA}); NaN if none was measured. */
    double max(List<TraceRow> rows) {
        return TraceMetrics.peakA(rows, current);
    }

    /**
     * Time after {@code from} until the current is inside {@code step}'s band for good
     * ({@link TraceMetrics#settlingSeconds}); +∞ if it is outside at the end, NaN if nothing was measured.
     */
    double settling(List<TraceRow> rows, int step, double from) {
        ToleranceBand b = tolerances.band(step);
        return TraceMetrics.settlingSeconds(rows, from, current, b.loA(), b.hiA());
    }

    boolean deEnergised(TraceRow r) {
        if (selfReported) {
            return r.state().equals("OFF") || r.state().startsWith("TRIP") || r.state().startsWith("LOCK");
        }
        if (Double.isNaN(r.plantVoltageRmsV())) {
            // an external meter measures the current only: on an open loop the current is zero
            // whether or not the output is energised, so the DUT's own state must say so too
            return r.plantCurrentRmsA() < 0.05
                    && (r.state().equals("OFF") || r.state().startsWith("TRIP") || r.state().startsWith("LOCK"));
        }
        return r.plantVoltageRmsV() < DE_ENERGISED_V && r.plantCurrentRmsA() < 0.05;
    }

    /**
     * The start of the first half-cycle from which the output stays de-energised to the end of
     * {@code rows}, or +∞. (A row's time is the end of its half-cycle.)
     */
    private double deEnergisedFrom(List<TraceRow> rows) {
        double t = Double.POSITIVE_INFINITY;
        for (int i = rows.size() - 1; i >= 0; i--) {
            if (!deEnergised(rows.get(i))) {
                break;
            }
            t = rows.get(i).timeSeconds() - halfCycle();
        }
        return t;
    }

    private double halfCycle() {
        return 0.5 / plan.equipment().mainsHz();
    }

    static int step(Event e) {
        return Integer.parseInt(e.value().trim());
    }

    // ------------------------------------------------------------------ procedures

    private void stepAccuracy(TestSpec test, RawRun run, List<Check> checks) {
        Limit window = test.limit("settle-window");
        for (Event e : run.events("verifier", "select-step")) {
            int st = step(e);
            double end = run.endOfStretch(e);
            List<TraceRow> w = run.between(end - window.value(), end);
            if (w.isEmpty()) {
                checks.add(new Check(run.name(), "step " + st + " held", "trace", "rows", "harness", false, "no rows",
                        Outcome.INCONCLUSIVE, end));
                continue;
            }
            checks.add(bandCheck(run.name(), "step " + st + " current over the last " + num(window.value())
                    + " s of its dwell", st, w, end));
        }
    }

    private void stepChange(TestSpec test, RawRun run, List<Check> checks) {
        Limit overshoot = test.limit("overshoot");
        Limit settling = test.limit("settling");
        int previous = 0;
        for (Event e : run.events("verifier", "select-step")) {
            int to = step(e);
            double end = run.endOfStretch(e);
            List<TraceRow> w = run.between(e.t(), end);
            double m = max(w);
            String label = "step " + previous + "→" + to;
            checks.add(atMost(run.name(), label + ": highest half-cycle rms", overshoot, m, a(m), e.t()));
            if (previous == 0) {
                ToleranceBand b = tolerances.band(to);
                checks.add(new Check(run.name(), label + " (soft start): no overshoot above the band",
                        "top of step " + to + "'s band (" + tolerances.name() + ")", "≤ " + Fixed.format(b.hiA(), 2) + " A",
                        tolerances.source() + "; ccr.md: soft start without overshoot", true, a(m),
                        Double.isNaN(m) ? Outcome.INCONCLUSIVE : m <= b.hiA() ? Outcome.PASS : Outcome.FAIL, e.t()));
            } else {
                double t = settling(w, to, e.t());
                checks.add(settledWithin(run.name(), label + ": settling into the band", settling, t, e.t(), end));
            }
            previous = to;
        }
    }

    /**
     * True when the trace has one row per mains half-cycle. Checks counted in half-cycles (load
     * change, surge hold, brownout overcurrent) need it; a DUT polled over a link gives coarser
     * rows, and those checks are then inconclusive rather than counted wrongly.
     */
    private boolean halfCycleResolution(RawRun run) {
        List<TraceRow> rows = run.rows();
        for (int i = 1; i < rows.size(); i++) {
            if (rows.get(i).timeSeconds() - rows.get(i - 1).timeSeconds() > 1.5 * halfCycle()) {
                return false;
            }
        }
        return true;
    }

    private Check coarse(RawRun run, String what, Limit l) {
        return new Check(run.name(), what, l.name(), "≤ " + num(l.value()) + " " + l.unit(), l.provenance().toString(),
                l.provenance().isDefault(), "trace coarser than one row per half-cycle (DUT polled over a link)",
                Outcome.INCONCLUSIVE, Double.NaN);
    }

    private void loadChange(TestSpec test, RawRun run, List<Check> checks) {
        Limit dur = test.limit("overcurrent-duration");
        if (!halfCycleResolution(run)) {
            checks.add(coarse(run, "overcurrent after a load change, counted in half-cycles", dur));
            return;
        }
        int st = run.events("verifier", "select-step").stream().mapToInt(Judge::step).findFirst().orElse(0);
        if (st == 0) {
            return;
        }
        double hiA = tolerances.band(st).hiA();
        int lamps = run.events("harness", "lamps-in-loop").stream().mapToInt(Judge::step).findFirst().orElse(0);
        int shorted = 0;
        for (Event e : run.events("rig", "shorted-lamps")) {
            List<TraceRow> w = run.between(e.t(), run.endOfStretch(e));
            int now = step(e);
            double change = lamps > 0 ? StrictMath.abs(now - shorted) / (double) lamps : 0;
            shorted = now;
            if (!(change > 0.10)) {
                checks.add(new Check(run.name(), "step " + st + ", " + now + " lamps shorted: the load changed by more than 10 %",
                        dur.name(), "load change > 10 %", dur.provenance().toString(), dur.provenance().isDefault(),
                        Fixed.format(100 * change, 1) + " % of " + lamps + " lamps", Outcome.INCONCLUSIVE, e.t()));
                continue;
            }
            int longest = TraceMetrics.longestRunAbove(w, current, hiA);
            checks.add(atMost(run.name(), "step " + st + ", " + e.value() + " lamps shorted (load change "
                    + Fixed.format(100 * change, 0) + " %): longest overcurrent (above "
                    + Fixed.format(hiA, 2) + " A)", dur, longest, longest + " half-cycles", e.t()));
        }
    }

    private void surge(TestSpec test, RawRun run, List<Check> checks) {
        Limit peak = test.limit("surge-peak");
        Limit rms = test.limit("surge-rms");
        Limit hold = test.limit("hold-current");
        Limit holdMin = test.limit("hold-min");
        Limit holdMax = test.limit("hold-max");
        Limit recovery = test.limit("recovery");
        if (!halfCycleResolution(run)) {
            checks.add(coarse(run, "surge hold, counted in half-cycles", holdMax));
            return;
        }
        int st = run.events("verifier", "select-step").stream().mapToInt(Judge::step).findFirst().orElse(0);
        for (Event e : run.events("rig", "output-short")) {
            if (!e.value().equals("1")) {
                continue;
            }
            List<TraceRow> w = run.between(e.t(), run.endOfStretch(e));
            int k = -1;
            for (int i = 0; i < w.size(); i++) {
                if (w.get(i).plantPeakCurrentA() >= peak.value() || current.applyAsDouble(w.get(i)) >= rms.value()) {
                    k = i;
                    break;
                }
            }
            if (k < 0) {
                checks.add(new Check(run.name(), "the short circuit produced a surge", peak.name() + " / " + rms.name(),
                        "peak ≥ " + num(peak.value()) + " A or rms ≥ " + num(rms.value()) + " A", peak.provenance().toString(),
                        peak.provenance().isDefault(), "peak " + a(w.stream().mapToDouble(TraceRow::plantPeakCurrentA).max().orElse(0)),
                        Outcome.INCONCLUSIVE, e.t()));
                continue;
            }
            double ts = w.get(k).timeSeconds();
            // row k is the half-cycle the surge was measured in; the DUT can act from the next
            // firing on, but the half-wave then in progress runs on to its current zero (k + 1)
            int below = 0;
            int blocked = 0;
            boolean stillBlocked = true;
            for (int i = k + 2; i < w.size() && current.applyAsDouble(w.get(i)) < hold.value(); i++) {
                below++;
                if (stillBlocked && current.applyAsDouble(w.get(i)) < 0.05 * hold.value()) {
                    blocked++;
                } else {
                    stillBlocked = false;
                }
            }
            double belowCycles = below / 2.0;
            checks.add(new Check(run.name(), "step " + st + ": after the surge half-cycle and the half-wave then in progress, the current stays below "
                    + num(hold.value()) + " A", holdMin.name(), "≥ " + num(holdMin.value()) + " cycles",
                    holdMin.provenance().toString(), holdMin.provenance().isDefault(), Fixed.format(belowCycles, 1) + " cycles",
                    belowCycles >= holdMin.value() ? Outcome.PASS : Outcome.FAIL, ts));
            checks.add(atMost(run.name(), "step " + st + ": the output is held (no conduction) no longer than the hold",
                    holdMax, blocked / 2.0, Fixed.format(blocked / 2.0, 1) + " cycles", ts));
            double t = st > 0 ? settling(w.subList(k, w.size()), st, ts) : Double.POSITIVE_INFINITY;
            checks.add(settledWithin(run.name(), "step " + st + ": back within the step's tolerance after the surge", recovery, t,
                    ts, run.endOfStretch(e)));
        }
    }

    private void openCircuit(TestSpec test, RawRun run, List<Check> checks) {
        Limit trip = test.limit("trip-time");
        for (Event e : run.events("rig", "loop-open")) {
            List<TraceRow> w = run.between(e.t(), run.endOfStretch(e));
            double t = deEnergisedFrom(w) - e.t();
            checks.add(atMost(run.name(), "de-energised after the loop opened", trip, t, s(t), e.t()));
        }
    }

    private void overcurrent(TestSpec test, RawRun run, List<Check> checks) {
        Limit lowLevel = test.limit("low-level");
        Limit lowDelay = test.limit("low-delay");
        Limit highLevel = test.limit("high-level");
        Limit highDelay = test.limit("high-delay");
        for (Event e : run.events("rig", "gate-fault")) {
            List<TraceRow> w = run.between(e.t(), run.endOfStretch(e));
            double off = deEnergisedFrom(w);
            double peak = max(w);
            if (!(peak > lowLevel.value())) {
                checks.add(new Check(run.name(), "the gate fault produced an overcurrent", lowLevel.name(),
                        "> " + num(lowLevel.value()) + " A", lowLevel.provenance().toString(), lowLevel.provenance().isDefault(),
                        "max " + a(peak), Outcome.INCONCLUSIVE, e.t()));
                continue;
            }
            for (Limit[] pair : new Limit[][] {{lowLevel, lowDelay}, {highLevel, highDelay}}) {
                double[] worst = longestAbove(w, pair[0].value(), off);
                if (Double.isNaN(worst[0])) {
                    continue;
                }
                checks.add(atMost(run.name(), "current above " + num(pair[0].value()) + " A: from the end of the first half-cycle"
                        + " above it (its rms is known) to the output de-energised, longest stretch", pair[1], worst[0],
                        s(worst[0]) + (worst[1] > 0 ? "" : " (then still energised)"), worst[2]));
            }
        }
    }

    /**
     * The longest stretch of half-cycles above {@code level} before {@code off}: its duration from
     * the end of its first half-cycle to its end (the de-energisation when it ran into it), whether
     * it ended in de-energisation (1) or not (0), and its start; NaN when never above.
     */
    private double[] longestAbove(List<TraceRow> w, double level, double off) {
        double[] worst = {Double.NaN, 0, Double.NaN};
        double start = Double.NaN;
        for (int i = 0; i < w.size(); i++) {
            TraceRow r = w.get(i);
            boolean beforeOff = r.timeSeconds() - halfCycle() < off - 1e-9;
            boolean above = beforeOff && current.applyAsDouble(r) > level;
            if (above && Double.isNaN(start)) {
                start = r.timeSeconds();
            }
            boolean last = i == w.size() - 1;
            if (!Double.isNaN(start) && (!above || last)) {
                boolean ranIntoOff = !beforeOff;
                double end = ranIntoOff ? off : (above ? r.timeSeconds() : r.timeSeconds() - halfCycle());
                double d = above && last && !ranIntoOff ? Double.POSITIVE_INFINITY : end - start;
                if (Double.isNaN(worst[0]) || d > worst[0]) {
                    worst = new double[] {d, ranIntoOff ? 1 : 0, start};
                }
                start = Double.NaN;
            }
        }
        return worst;
    }

    private void powerInterruption(TestSpec test, RawRun run, List<Check> checks) {
        Limit recovery = test.limit("recovery");
        int st = run.events("verifier", "select-step").stream().mapToInt(Judge::step).findFirst().orElse(0);
        for (Event e : run.events("rig", "supply-interrupted")) {
            double back = e.t() + Double.parseDouble(e.value());
            List<TraceRow> w = run.between(back, run.endOfStretch(e));
            double m = max(w);
            ToleranceBand b = tolerances.band(st);
            checks.add(new Check(run.name(), "step " + st + ": no overshoot above the commanded step after the supply returned",
                    "top of step " + st + "'s band (" + tolerances.name() + ")", "≤ " + Fixed.format(b.hiA(), 2) + " A",
                    tolerances.source() + "; ccr.md: restart without overshoot", true, a(m),
                    Double.isNaN(m) ? Outcome.INCONCLUSIVE : m <= b.hiA() ? Outcome.PASS : Outcome.FAIL, back));
            double t = settling(w, st, back);
            checks.add(settledWithin(run.name(), "step " + st + ": back at the commanded step after the supply returned", recovery,
                    t, back, run.endOfStretch(e)));
        }
        Limit sagLimit = test.limit("sag-overcurrent");
        for (Event e : run.events("rig", "supply-restored")) {
            if (!halfCycleResolution(run)) {
                checks.add(coarse(run, "overcurrent after a brownout, counted in half-cycles", sagLimit));
                continue;
            }
            double hiA = tolerances.band(st).hiA();
            int longest = TraceMetrics.longestRunAbove(run.between(e.t(), run.endOfStretch(e)), current, hiA);
            checks.add(atMost(run.name(), "step " + st + ": after a brownout (regulator saturated) the supply returns: longest"
                    + " overcurrent above " + Fixed.format(hiA, 2) + " A", sagLimit, longest, longest + " half-cycles", e.t()));
        }
    }

    private void linkLoss(TestSpec test, RawRun run, List<Check> checks) {
        Limit timeout = test.limit("loss-timeout");
        Limit settle = test.limit("settling");
        String fallback = test.param("fallback", "hold");
        int st = run.events("verifier", "select-step").stream().mapToInt(Judge::step).findFirst().orElse(0);
        for (Event e : run.events("rig", "link")) {
            if (!e.value().equals("down")) {
                continue;
            }
            double end = run.endOfStretch(e);
            double from = e.t() + timeout.value() + settle.value();
            List<TraceRow> w = run.between(from, end);
            String what = "fallback '" + fallback + "' in force from " + num(timeout.value() + settle.value())
                    + " s after the link was lost (timeout + settling)";
            if (fallback.equals("off")) {
                boolean off = !w.isEmpty() && w.stream().allMatch(this::deEnergised);
                checks.add(new Check(run.name(), what, timeout.name() + " + " + settle.name(), "de-energised",
                        timeout.provenance() + "; UFC 3-535-01 §13-16.6", timeout.provenance().isDefault(),
                        off ? "de-energised" : "energised", off ? Outcome.PASS : Outcome.FAIL, from));
            } else {
                int expected = fallback.equals("hold") ? st : Integer.parseInt(fallback.substring(5));
                checks.add(bandCheck(run.name(), what, expected, w, from));
            }
        }
    }

    private void localRemote(TestSpec test, RawRun run, List<Check> checks) {
        Limit settle = test.limit("settling");
        List<Event> ev = run.events();
        int start = -1;
        String key = "REMOTE";
        for (int i = 0; i < ev.size(); i++) {
            Event e = ev.get(i);
            if (e.source().equals("bench") && e.kind().equals("key-switch")) {
                key = e.value();
            }
            boolean remoteCmd = e.source().equals("verifier") && e.kind().equals("select-step");
            boolean localCmd = e.source().equals("bench") && e.kind().equals("panel-step");
            if (!remoteCmd && !localCmd) {
                continue;
            }
            int st = step(e);
            String answer = i + 1 < ev.size() && ev.get(i + 1).kind().equals("outcome") ? ev.get(i + 1).value() : "no answer";
            double end = run.endOfStretch(e);
            List<TraceRow> w = run.between(e.t(), end);
            if (start < 0) {
                start = st;
                continue;
            }
            if (remoteCmd && key.equals("LOCAL")) {
                boolean refused = answer.startsWith("refused");
                checks.add(new Check(run.name(), "remote step " + st + " with the key switch at LOCAL: the DUT refuses it",
                        "LOCAL authority", "refused", test.clause(), false, answer + " (self-reported)",
                        refused ? Outcome.PASS : Outcome.FAIL, e.t()));
                checks.add(bandCheck(run.name(), "remote step " + st + " with the key switch at LOCAL changes nothing: still step "
                        + start, start, w, e.t()));
            } else {
                double t = settling(w, st, e.t());
                checks.add(atMost(run.name(), (localCmd ? "local panel step " : "remote step ") + st + " with the key switch at "
                        + key + " is obeyed: settled into the band", settle, t, s(t), e.t()));
                start = st;
            }
        }
    }

    /**
     * The DUT's failed-lamp count against the lamps the rig failed. A count is judged against
     * {@code count-error}: a wrong count is a FAIL wherever the DUT gives one. A DUT that says it
     * cannot tell (−1) has made no claim: by default that reading is INCONCLUSIVE, with where (step,
     * measured current, lamps failed of the loop's, its load and LED share) and why (the DUT's own
     * statement); never a PASS, and never compared as a count. A test whose plan says
     * {@code cannotTell: fail} requires a count at its conditions (the plan's author chose them
     * where the physics resolves one lamp): there "cannot tell" is a FAIL, "estimate not available
     * where the plan requires it".
     */
    private void lampCount(TestSpec test, RawRun run, List<Check> checks) {
        Limit err = test.limit("count-error");
        boolean required = CANNOT_TELL_FAILS.equals(test.param("cannotTell", CANNOT_TELL_INCONCLUSIVE));
        List<Event> injected = run.events("rig", "failed-lamps");
        List<Event> reported = run.events("dut", "failed-lamps");
        int st = run.events("verifier", "select-step").stream().mapToInt(Judge::step).findFirst().orElse(0);
        int lamps = run.events("harness", "lamps-in-loop").stream().mapToInt(Judge::step).findFirst().orElse(0);
        for (int i = 0; i < injected.size(); i++) {
            int actual = Integer.parseInt(injected.get(i).value());
            if (i >= reported.size()) {
                checks.add(new Check(run.name(), actual + " lamps failed: the DUT's count", err.name(), "a count", "harness",
                        false, "not read", Outcome.INCONCLUSIVE, injected.get(i).t()));
                continue;
            }
            Event r = reported.get(i);
            int est = Integer.parseInt(r.value().trim());
            if (est < 0) {
                List<TraceRow> before = run.between(r.t() - 0.3, r.t());
                String where = "step " + st + " at " + (before.isEmpty() ? "an unmeasured current" : a(meanCurrent(before)))
                        + ", " + actual + " of " + lamps + " lamps failed, " + loop(test, run);
                if (required) {
                    checks.add(new Check(run.name(), actual + " lamps failed (rig): the DUT gives a count where the plan"
                            + " requires one", err.name(), "a count within ±" + num(err.value()) + " " + err.unit(),
                            err.provenance() + "; plan: cannotTell: fail (a count is required at these conditions)",
                            err.provenance().isDefault(), "cannot tell (−1) at " + where
                            + ": estimate not available where the plan requires it", Outcome.FAIL, r.t()));
                } else {
                    checks.add(new Check(run.name(), actual + " lamps failed (rig): the DUT's count", err.name(),
                            "≤ " + num(err.value()) + " " + err.unit(), err.provenance().toString(),
                            err.provenance().isDefault(), "cannot tell (−1) at " + where + ": the DUT states that its"
                            + " estimate cannot resolve one lamp here, so the count is not judged", Outcome.INCONCLUSIVE,
                            r.t()));
                }
                continue;
            }
            int d = StrictMath.abs(est - actual);
            checks.add(atMost(run.name(), actual + " lamps failed (rig): the DUT's count " + est, err, d,
                    d + " lamps off (reported " + est + ")", r.t()));
        }
    }

    /** {@code cannotTell: fail}: the plan requires a count at the test's conditions. */
    public static final String CANNOT_TELL_FAILS = "fail";
    /** {@code cannotTell: inconclusive} (the default): a DUT's "cannot tell" is not judged. */
    public static final String CANNOT_TELL_INCONCLUSIVE = "inconclusive";

    private double meanCurrent(List<TraceRow> rows) {
        double sum = 0;
        int n = 0;
        for (TraceRow r : rows) {
            double i = current.applyAsDouble(r);
            if (Double.isFinite(i)) {
                sum += i;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** The run's loop as the plan declares it: load and LED share of the point the run was made at. */
    private String loop(TestSpec test, RawRun run) {
        for (io.github.ccrhil.ccr.verify.accept.plan.Conditions.Point p : test.conditions().points()) {
            if (run.name().equals(p.label()) || run.name().endsWith("-" + p.label())) {
                return "loop at " + Fixed.format(100 * p.load(), 0) + " % load, "
                        + Fixed.format(100 * p.ledOr(plan.equipment().ledFraction()), 0) + " % LED";
            }
        }
        return "loop of run " + run.name();
    }

    private void earthFault(TestSpec test, RawRun run, List<Check> checks) {
        Limit l1 = test.limit("level-1");
        Limit l2 = test.limit("level-2");
        for (Event r : run.events("dut", "alarms")) {
            List<TraceRow> before = run.between(r.t() - 1.0, r.t());
            if (before.isEmpty()) {
                continue;
            }
            double ins = before.get(before.size() - 1).insulationMohm();
            if (Double.isNaN(ins)) {
                // no insulation measurement on this bench (a DUT over a link, no plant trace): the alarms
                // cannot be judged against a level nobody measured, and are not a fault of the DUT
                checks.add(new Check(run.name(), "the loop's insulation resistance was measured when the alarms were read",
                        l1.name(), "a measured insulation resistance", "harness", false,
                        "not measured on this bench (the DUT reported " + (r.value().isBlank() ? "no alarm" : r.value().trim()) + ")", Outcome.INCONCLUSIVE, r.t()));
                continue;
            }
            Set<String> alarms = new HashSet<>(Arrays.asList(r.value().trim().split(" ")));
            boolean want1 = ins < l1.value();
            boolean want2 = ins < l2.value();
            boolean has1 = alarms.contains("EARTH_FAULT_1");
            boolean has2 = alarms.contains("EARTH_FAULT_2");
            String insText = Fixed.format(ins, 3) + " MΩ";
            checks.add(new Check(run.name(), "insulation " + insText + " (plant): earth-fault level 1 alarm "
                    + (want1 ? "raised" : "clear"), l1.name(), "raised below " + num(l1.value()) + " MΩ",
                    l1.provenance().toString(), l1.provenance().isDefault(), has1 ? "raised" : "clear",
                    want1 == has1 ? Outcome.PASS : Outcome.FAIL, r.t()));
            checks.add(new Check(run.name(), "insulation " + insText + " (plant): earth-fault level 2 alarm "
                    + (want2 ? "raised" : "clear"), l2.name(), "raised below " + num(l2.value()) + " MΩ",
                    l2.provenance().toString(), l2.provenance().isDefault(), has2 ? "raised" : "clear",
                    want2 == has2 ? Outcome.PASS : Outcome.FAIL, r.t()));
        }
    }
}
