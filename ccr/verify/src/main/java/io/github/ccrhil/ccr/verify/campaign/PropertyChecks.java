package io.github.ccrhil.ccr.verify.campaign;

import io.github.ccrhil.ccr.emulator.scenario.ScenarioEvent;
import io.github.ccrhil.evidence.Check;
import io.github.ccrhil.evidence.Limit;
import io.github.ccrhil.evidence.Outcome;
import io.github.ccrhil.evidence.Verdict;
import io.github.ccrhil.ccr.emulator.trace.TraceMetrics;
import io.github.ccrhil.ccr.emulator.trace.TraceRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The campaign's properties, each a pure function of a run's trace rows and its
 * {@link RunContext}. Currents are judged on the plant's own measurement
 * ({@link TraceRow#plantCurrentRmsA()}), never on what the firmware says about itself. Each
 * function finds in the trace the moments it applies to, so any scenario can be judged, and
 * answers {@link Outcome#NOT_APPLICABLE} when the run never exercised it. Verdicts are evidence
 * {@link Verdict}s ({@link PropertyVerdicts}).
 */
public final class PropertyChecks {

    public static final String SETTLING = "step-change settling";
    public static final String OVERSHOOT = "overshoot limit";
    public static final String SOFT_START = "soft start without overshoot";
    public static final String MONOTONE = "step currents monotone";
    public static final String OPEN_CIRCUIT = "open circuit trips";
    public static final String LAMP_ESTIMATE = "failed-lamp estimate";
    public static final String STATE_MACHINE = "state machine model";
    public static final String DETERMINISM = "identical trace on re-run";

    /** All properties judged on every run, in report order. */
    public static final List<String> ALL = List.of(SETTLING, OVERSHOOT, SOFT_START, MONOTONE, OPEN_CIRCUIT,
            LAMP_ESTIMATE, STATE_MACHINE, DETERMINISM);

    private static final double EPS = 1e-9;

    /** What a property requires, in words, and the clause it comes from. */
    public record Requirement(String text, String clause) { }

    private static final Map<String, Requirement> REQUIREMENTS = Map.of(
            SETTLING, new Requirement("Every undisturbed step change settles into the new step's tolerance band within the "
                    + "settling limit and stays there until the next event, without leaving regulation",
                    "IEC 61822 §5.3.9; ccr.md settling"),
            OVERSHOOT, new Requirement("No half-cycle rms loop current above the overshoot limit, except what IEC 61822 "
                    + "§5.3.10 allows after a sudden load or supply change or an output short", "IEC 61822 §5.3.9, §5.3.10"),
            SOFT_START, new Requirement("A soft start from off never takes the loop current above the top of the target "
                    + "step's band", "ccr.md: soft start without overshoot"),
            MONOTONE, new Requirement("Under unchanged loop and supply conditions a higher step never holds less current "
                    + "than a lower step", "UFC 3-535-01 Tables 15-2/15-3 (steps in order)"),
            OPEN_CIRCUIT, new Requirement("An open loop driven by the regulator is de-energised within the open-circuit "
                    + "limit", "UFC 3-535-01 §14-7.1"),
            LAMP_ESTIMATE, new Requirement("After a steady spell the failed-lamp estimate is within its stated accuracy of "
                    + "the lamps actually failed", "IEC 61822 monitoring (lamp-failure count)"),
            STATE_MACHINE, new Requirement("At every quiet checkpoint the board's state and active step are those of the "
                    + "abstract state-machine model", "ccr.md state machine"),
            DETERMINISM, new Requirement("The same scenario and seed give the same trace, row for row",
                    "ccr-hil: re-derivable evidence"),
            LinkedCampaign.REMOTE_COMMANDS, new Requirement("Every remote step command is accepted while the key "
                    + "switch is at REMOTE", "IEC 61822 remote control"));

    /** The requirement a property checks. */
    public static Requirement requirement(String property) {
        Requirement r = REQUIREMENTS.get(property);
        if (r == null) {
            throw new IllegalArgumentException("no campaign property " + property);
        }
        return r;
    }

    private PropertyChecks() {
    }

    /** Every property but determinism (which needs two runs: {@link #determinism}). */
    public static List<Verdict> judge(RunContext c, List<TraceRow> rows) {
        return List.of(settling(c, rows), overshoot(c, rows), softStart(c, rows), monotone(c, rows),
                openCircuit(c, rows), lampEstimate(c, rows), stateMachine(c, rows));
    }

    // ------------------------------------------------------------------ settling

    /**
     * Every step change made while regulating is inside the new step's tolerance band within the
     * settling limit and stays there until the next event, unless the plant cannot reach the band
     * at full conduction. Leaving REGULATING during an undisturbed step change also fails
     * (IEC 61822 §5.3.9: changing step must not trip a protective device).
     */
    public static Verdict settling(RunContext c, List<TraceRow> rows) {
        double limit = c.limits().settlingSeconds();
        int judged = 0;
        int beyondRating = 0;
        double worst = 0;
        String worstAt = "";
        double worstTc = Double.NaN;
        for (int i = 1; i < rows.size(); i++) {
            TraceRow prev = rows.get(i - 1);
            TraceRow r = rows.get(i);
            if (!regulating(prev) || !regulating(r) || prev.step() == 0 || r.step() == 0 || prev.step() == r.step()) {
                continue;
            }
            double tc = prev.timeSeconds();
            double end = StrictMath.min(nextEventAfter(c, tc), rows.get(rows.size() - 1).timeSeconds());
            if (end - tc < limit + 0.25) {
                continue;
            }
            int j = i;
            for (; j < rows.size() && rows.get(j).timeSeconds() <= end + EPS; j++) {
                TraceRow x = rows.get(j);
                if (!regulating(x) || x.step() != r.step()) {
                    return PropertyVerdicts.fail(SETTLING, String.format(Locale.ROOT,
                            "step %d→%d at %.3f s: left %s step %d at %.3f s with no event to cause it",
                            prev.step(), r.step(), tc, x.state(), x.step(), x.timeSeconds()));
                }
            }
            double reach = c.reachability().fullConductionA(r.mainsDeviation(), r.lampFailuresActual());
            if (reach < r.bandHighA()) {
                beyondRating++;
                continue;
            }
            judged++;
            double took = TraceMetrics.settlingSeconds(rows.subList(i, j), tc, TraceRow::plantCurrentRmsA,
                    r.bandLowA(), r.bandHighA());
            if (Double.isInfinite(took)) {
                return PropertyVerdicts.fail(SETTLING, String.format(Locale.ROOT,
                        "step %d→%d at %.3f s: outside %.2f..%.2f A at the end of its window, %.3f s (never settled, limit %.1f s); "
                                + "full conduction reaches %.2f A", prev.step(), r.step(), tc, r.bandLowA(),
                        r.bandHighA(), rows.get(j - 1).timeSeconds(), limit, reach),
                        settlingCheck(c, prev.step() + "→" + r.step(), "never", Outcome.FAIL, tc));
            }
            if (!(took <= limit + EPS)) {
                return PropertyVerdicts.fail(SETTLING, String.format(Locale.ROOT,
                        "step %d→%d at %.3f s: outside %.2f..%.2f A until %.3f s (%.3f s > %.1f s); "
                                + "full conduction reaches %.2f A", prev.step(), r.step(), tc, r.bandLowA(),
                        r.bandHighA(), tc + took, took, limit, reach),
                        settlingCheck(c, prev.step() + "→" + r.step(), secondsText(took), Outcome.FAIL, tc));
            }
            if (took >= worst) {
                worst = took;
                worstAt = prev.step() + "→" + r.step();
                worstTc = tc;
            }
        }
        if (judged == 0) {
            return PropertyVerdicts.notApplicable(SETTLING, "no undisturbed step change within the rating"
                    + (beyondRating > 0 ? " (" + beyondRating + " beyond it)" : ""));
        }
        return PropertyVerdicts.pass(SETTLING, String.format(Locale.ROOT, "%d change(s) settled; slowest %s in %.3f s%s",
                judged, worstAt, worst, beyondRating > 0 ? "; " + beyondRating + " beyond the rating" : ""),
                settlingCheck(c, worstAt, secondsText(worst), Outcome.PASS, worstTc));
    }

    private static Check settlingCheck(RunContext c, String change, String measured, Outcome o, double at) {
        return new Check(c.scenario().name(), "step " + change + ": into the new step's band and staying (plant)",
                c.limits().settling().name(), "≤ " + secondsText(c.limits().settlingSeconds()),
                c.limits().settling().provenance().toString(), c.limits().settling().provenance().isDefault(), measured, o, at);
    }

    private static Check overshootCheck(RunContext c, String what, double measuredA, Outcome o, double at) {
        return new Check(c.scenario().name(), what, c.limits().overshootA().name(),
                String.format(Locale.ROOT, "≤ %.2f A", c.limits().overshootA().value()),
                c.limits().overshootA().provenance().toString(), c.limits().overshootA().provenance().isDefault(),
                String.format(Locale.ROOT, "%.3f A", measuredA), o, at);
    }

    private static String secondsText(double s) {
        return String.format(Locale.ROOT, "%.3f s", s);
    }

    // ------------------------------------------------------------------ overshoot

    /**
     * No half-cycle rms loop current above the overshoot limit, except what IEC 61822 §5.3.10
     * allows, each allowance a limit of its own ({@link PropertyLimits}): after a sudden load
     * change an overcurrent lasting one half-cycle; the same after a sudden supply change (a
     * default, as the acceptance plan reads it); after an output short the surge half-cycle and
     * the half-wave then in progress. An overcurrent earns an allowance when the event lies at
     * most {@link PropertyLimits#ALLOWANCE_WINDOW} (three) half-cycles before the end of its first
     * half-cycle: the half-cycle of the event and the two fired before its rms can be known.
     * (Whether a load change exceeded 10 % is not worked out: every load event earns the
     * allowance, which is lenient.)
     */
    public static Verdict overshoot(RunContext c, List<TraceRow> rows) {
        double limit = c.limits().overshootA().value();
        double hc = c.halfCycleSeconds();
        double peak = TraceMetrics.peakA(rows, TraceRow::plantCurrentRmsA);
        double max = 0;
        double maxAt = 0;
        for (TraceRow r : rows) {
            if (r.plantCurrentRmsA() == peak) {
                max = peak;
                maxAt = r.timeSeconds();
                break;
            }
        }
        int allowed = 0;
        List<Check> allowances = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            TraceRow r = rows.get(i);
            if (r.plantCurrentRmsA() <= limit || (i > 0 && rows.get(i - 1).plantCurrentRmsA() > limit)) {
                continue;
            }
            int length = TraceMetrics.runAbove(rows, i, TraceRow::plantCurrentRmsA, limit);
            Limit allowance = disturbanceWithin(c, r.timeSeconds() - c.limits().allowanceWindow().value() * hc - EPS,
                    r.timeSeconds());
            if (allowance != null && length <= allowance.value()) {
                allowed++;
                allowances.add(allowanceCheck(c, allowance, length, Outcome.PASS, r.timeSeconds()));
                continue;
            }
            if (allowance != null) {
                allowances.add(allowanceCheck(c, allowance, length, Outcome.FAIL, r.timeSeconds()));
            }
            allowances.add(0, overshootCheck(c, "half-cycle rms loop current (plant), " + length + " half-cycle(s) above",
                    r.plantCurrentRmsA(), Outcome.FAIL, r.timeSeconds()));
            return PropertyVerdicts.fail(OVERSHOOT, String.format(Locale.ROOT,
                    "%.3f A rms > %.2f A at %.3f s for %d half-cycle(s)%s", r.plantCurrentRmsA(), limit, r.timeSeconds(),
                    length, allowance != null ? String.format(Locale.ROOT, " (%s: at most %.0f, %s)", allowance.name(),
                            allowance.value(), allowance.provenance())
                            : ", no load or supply change before it"),
                    allowances.toArray(Check[]::new));
        }
        allowances.add(0, overshootCheck(c, "largest half-cycle rms loop current (plant)"
                + (allowed > 0 ? ", overcurrents within the IEC 61822 §5.3.10 allowances excepted" : ""), max,
                Outcome.PASS, maxAt));
        return PropertyVerdicts.pass(OVERSHOOT, String.format(Locale.ROOT, "largest %.3f A at %.3f s (limit %.2f A)%s", max, maxAt,
                limit, allowed > 0 ? "; " + allowed + " overcurrent(s) within the allowance after a load or supply change "
                        + "or an output short" : ""),
                allowances.toArray(Check[]::new));
    }

    private static Check allowanceCheck(RunContext c, Limit allowance, int length, Outcome o, double at) {
        return new Check(c.scenario().name(), "half-cycles above " + String.format(Locale.ROOT, "%.2f A",
                c.limits().overshootA().value()) + " after the change (plant; the change at most "
                + String.format(Locale.ROOT, "%.0f", c.limits().allowanceWindow().value())
                + " half-cycles before the end of the first)", allowance.name(),
                String.format(Locale.ROOT, "≤ %.0f %s", allowance.value(), allowance.unit()),
                allowance.provenance().toString(), allowance.provenance().isDefault(), length + " half-cycle(s)", o, at);
    }

    // ------------------------------------------------------------------ soft start

    /**
     * A soft start from off (or back from a supply loss) never takes the loop current above the
     * top of the target step's band before the next event.
     */
    public static Verdict softStart(RunContext c, List<TraceRow> rows) {
        int judged = 0;
        double worstMargin = Double.POSITIVE_INFINITY;
        for (int i = 0; i < rows.size(); i++) {
            // the board powers up OFF: a run that starts STARTING soft-started from off at t = 0
            String prevState = i == 0 ? "OFF" : rows.get(i - 1).state();
            double prevTime = i == 0 ? 0.0 : rows.get(i - 1).timeSeconds();
            TraceRow r = rows.get(i);
            boolean fromRest = prevState.equals("OFF") || prevState.equals("MAINS_LOSS");
            if (!fromRest || !r.state().equals("STARTING") || r.step() == 0) {
                continue;
            }
            double end = nextEventAfter(c, prevTime);
            judged++;
            int j = i;
            while (j < rows.size() && rows.get(j).timeSeconds() <= end + EPS && rows.get(j).step() == r.step()
                    && (rows.get(j).state().equals("STARTING") || regulating(rows.get(j)))) {
                j++;
            }
            List<TraceRow> start = rows.subList(i, j);
            double over = TraceMetrics.overshootA(start, TraceRow::plantCurrentRmsA, r.bandHighA());
            if (over > 0) {
                TraceRow x = start.stream().filter(y -> y.plantCurrentRmsA() > r.bandHighA()).findFirst().orElseThrow();
                return PropertyVerdicts.fail(SOFT_START, String.format(Locale.ROOT,
                        "soft start to step %d from %.3f s: %.3f A at %.3f s, above the band top %.2f A (peak %.3f A)",
                        r.step(), prevTime, x.plantCurrentRmsA(), x.timeSeconds(), r.bandHighA(), r.bandHighA() + over));
            }
            worstMargin = StrictMath.min(worstMargin, r.bandHighA() - TraceMetrics.peakA(start, TraceRow::plantCurrentRmsA));
        }
        if (judged == 0) {
            return PropertyVerdicts.notApplicable(SOFT_START, "no soft start");
        }
        return PropertyVerdicts.pass(SOFT_START, String.format(Locale.ROOT, "%d soft start(s); closest %.3f A below the band top",
                judged, worstMargin));
    }

    // ------------------------------------------------------------------ monotone

    /**
     * Under unchanged loop and supply conditions, a higher step never holds a lower current than a
     * lower step: strictly higher where the higher step is within the rating, and not lower than
     * 1 % of the rated current where the plant saturates.
     */
    public static Verdict monotone(RunContext c, List<TraceRow> rows) {
        List<Stretch> stretches = stretches(c, rows, c.limits().settlingSeconds() + 0.4);
        double eps = 0.01 * c.steps().ratedCurrentA();
        int pairs = 0;
        for (int a = 0; a < stretches.size(); a++) {
            for (int b = 0; b < stretches.size(); b++) {
                Stretch lo = stretches.get(a);
                Stretch hi = stretches.get(b);
                if (lo.epoch != hi.epoch || lo.step >= hi.step) {
                    continue;
                }
                pairs++;
                double reach = c.reachability().fullConductionA(hi.last.mainsDeviation(), hi.last.lampFailuresActual());
                boolean within = reach >= hi.last.bandHighA();
                boolean ok = within ? hi.meanA > lo.meanA : hi.meanA >= lo.meanA - eps;
                if (!ok) {
                    return PropertyVerdicts.fail(MONOTONE, String.format(Locale.ROOT,
                            "step %d held %.3f A (ending %.3f s) but step %d held %.3f A (ending %.3f s)%s",
                            hi.step, hi.meanA, hi.last.timeSeconds(), lo.step, lo.meanA, lo.last.timeSeconds(),
                            within ? "" : " (higher step beyond the rating)"));
                }
            }
        }
        if (pairs == 0) {
            return PropertyVerdicts.notApplicable(MONOTONE, "fewer than two steady steps under the same conditions");
        }
        return PropertyVerdicts.pass(MONOTONE, pairs + " step pair(s) in order");
    }

    // ------------------------------------------------------------------ open circuit

    /**
     * Whenever the loop is open and the regulator is driving it (STARTING, REGULATING or
     * SURGE_HOLD), it stops driving it within the open-circuit limit, counted from the loop
     * opening or from the moment it started driving the open loop, whichever is later. A supply
     * loss stops the drive too, and the count restarts when the supply returns.
     */
    public static Verdict openCircuit(RunContext c, List<TraceRow> rows) {
        double limit = c.limits().openCircuitSeconds();
        int judged = 0;
        double worst = 0;
        List<double[]> intervals = openIntervals(c);
        for (double[] iv : intervals) {
            double clock = Double.NaN;
            TraceRow before = rowAtOrBefore(rows, iv[0]);
            if (before != null && driving(before)) {
                clock = iv[0];
            }
            double previous = iv[0];
            for (TraceRow r : rows) {
                if (r.timeSeconds() <= iv[0] + EPS) {
                    continue;
                }
                if (r.timeSeconds() > iv[1] + EPS) {
                    break;
                }
                if (driving(r) && Double.isNaN(clock)) {
                    clock = previous;
                } else if (!driving(r) && !Double.isNaN(clock)) {
                    double took = r.timeSeconds() - clock;
                    judged++;
                    worst = StrictMath.max(worst, took);
                    if (took > limit + EPS) {
                        return PropertyVerdicts.fail(OPEN_CIRCUIT, String.format(Locale.ROOT,
                                "loop open from %.3f s, driven from %.3f s, de-energised (%s) only at %.3f s: %.3f s > %.1f s",
                                iv[0], clock, r.state(), r.timeSeconds(), took, limit));
                    }
                    clock = Double.NaN;
                }
                if (!Double.isNaN(clock) && r.timeSeconds() - clock > limit + EPS) {
                    return PropertyVerdicts.fail(OPEN_CIRCUIT, String.format(Locale.ROOT,
                            "loop open from %.3f s, driven from %.3f s, still %s at %.3f s (> %.1f s)",
                            iv[0], clock, r.state(), r.timeSeconds(), limit));
                }
                previous = r.timeSeconds();
            }
        }
        if (judged == 0) {
            return PropertyVerdicts.notApplicable(OPEN_CIRCUIT, intervals.isEmpty() ? "the loop never opened"
                    : "the loop never opened under drive for long enough to judge");
        }
        return PropertyVerdicts.pass(OPEN_CIRCUIT, String.format(Locale.ROOT, "%d open-loop episode(s); slowest de-energised in %.3f s",
                judged, worst));
    }

    // ------------------------------------------------------------------ lamp estimate

    /**
     * After a steady spell regulated inside the band of one step, with no load event in it, the
     * failed-lamp estimate is within the stated accuracy of the lamps actually failed. An estimate of "cannot tell" (−1)
     * is not judged as a count: a run with any steady spell that says "cannot tell" and no wrong count is
     * INCONCLUSIVE, with where (never a PASS: the requirement was not shown met there); a wrong count in
     * any spell is a FAIL.
     */
    public static Verdict lampEstimate(RunContext c, List<TraceRow> rows) {
        if (c.lampCount() == 0) {
            return PropertyVerdicts.notApplicable(LAMP_ESTIMATE, "loop without lamps");
        }
        double accuracy = StrictMath.max(c.limits().lampEstimateLamps().value(),
                StrictMath.rint(c.limits().lampEstimateShare().value() * c.lampCount()));
        int judged = 0;
        int unknown = 0;
        int worst = 0;
        String firstUnknown = "";
        for (Stretch s : stretches(c, rows, c.limits().steadySeconds())) {
            if (disturbedLoad(c, s.last.timeSeconds())) {
                continue;
            }
            if (s.last.plantCurrentRmsA() < s.last.bandLowA() || s.last.plantCurrentRmsA() > s.last.bandHighA()) {
                continue; // not regulated in band (beyond the rating): the estimate is not judged
            }
            if (s.last.lampFailuresEstimated() < 0) {
                if (unknown++ == 0) {
                    firstUnknown = String.format(Locale.ROOT, " (first at %.3f s on step %d, %.3f A, %d of %d lamps failed)",
                            s.last.timeSeconds(), s.step, s.last.plantCurrentRmsA(), s.last.lampFailuresActual(),
                            c.lampCount());
                }
                continue;
            }
            judged++;
            int error = StrictMath.abs(s.last.lampFailuresEstimated() - s.last.lampFailuresActual());
            worst = StrictMath.max(worst, error);
            if (error > accuracy + EPS) {
                return PropertyVerdicts.fail(LAMP_ESTIMATE, String.format(Locale.ROOT,
                        "at %.3f s on step %d: estimated %d failed lamps of %d, actually %d (allowed ±%.0f)",
                        s.last.timeSeconds(), s.step, s.last.lampFailuresEstimated(), c.lampCount(),
                        s.last.lampFailuresActual(), accuracy));
            }
        }
        if (unknown > 0) {
            // the DUT says it cannot tell in some steady spell: the requirement was neither met nor
            // shown unmet there, so the case is not a PASS (a wrong count elsewhere has failed it above)
            return PropertyVerdicts.of(LAMP_ESTIMATE, Outcome.INCONCLUSIVE, unknown + " steady spell(s), estimate unknown (−1)"
                    + firstUnknown + ": the DUT cannot tell; W/I² cannot resolve one lamp at this current, LED share and"
                    + " measurement noise (one lamp's change of loop resistance is inside the model's and the"
                    + " averaged reading's uncertainty), nor can the loop reactance (more open units than the spread"
                    + " of one unit's fundamental reactance lets it count to ±1, or no displacement angle reported)"
                    + (judged > 0 ? String.format(Locale.ROOT, "; %d other steady spell(s) judged, worst error %d lamp(s)"
                            + " of %d (allowed ±%.0f)", judged, worst, c.lampCount(), accuracy) : ""),
                    false);
        }
        if (judged == 0) {
            return PropertyVerdicts.notApplicable(LAMP_ESTIMATE, "no steady spell long enough");
        }
        return PropertyVerdicts.pass(LAMP_ESTIMATE, String.format(Locale.ROOT, "%d steady spell(s); worst error %d lamp(s) of %d "
                + "(allowed ±%.0f)", judged, worst, c.lampCount(), accuracy));
    }

    // ------------------------------------------------------------------ state machine

    /**
     * Before every event that follows a quiet spell of at least the steady time (and at the end
     * of the run), the board's state and active step are those of the abstract {@link BoardModel}
     * fed with the same events.
     */
    public static Verdict stateMachine(RunContext c, List<TraceRow> rows) {
        BoardModel model = new BoardModel();
        List<ScenarioEvent> events = c.scenario().events();
        double quiet = c.limits().steadySeconds();
        double endOfRun = rows.isEmpty() ? 0 : rows.get(rows.size() - 1).timeSeconds();
        int checked = 0;
        int i = 0;
        while (i < events.size()) {
            double t = seconds(events.get(i));
            // all events at the same moment, in order
            while (i < events.size() && seconds(events.get(i)) <= t + EPS) {
                model.apply(events.get(i));
                i++;
            }
            double next = i < events.size() ? seconds(events.get(i)) : endOfRun;
            if (next - t < quiet - EPS) {
                // not quiet long enough to say where the board must be: only allowed when nothing
                // after this needs the model (the sequence generator keeps every gap quiet)
                continue;
            }
            model.settle();
            TraceRow r = i < events.size() ? rowAtOrBefore(rows, next - EPS) : rows.get(rows.size() - 1);
            if (r == null) {
                continue;
            }
            checked++;
            boolean ok = r.state().equals(model.state().name()) && r.step() == model.activeStep();
            if (!ok) {
                return PropertyVerdicts.fail(STATE_MACHINE, String.format(Locale.ROOT,
                        "at %.3f s the board is %s step %d; the model says %s", r.timeSeconds(), r.state(), r.step(), model));
            }
        }
        if (checked == 0) {
            return PropertyVerdicts.notApplicable(STATE_MACHINE, "no quiet spell to check at");
        }
        return PropertyVerdicts.pass(STATE_MACHINE, checked + " checkpoint(s) agree with the model");
    }

    // ------------------------------------------------------------------ determinism

    /** The same scenario run twice gives the same rows, bit for bit. */
    public static Verdict determinism(List<TraceRow> first, List<TraceRow> second) {
        if (first.size() != second.size()) {
            return PropertyVerdicts.fail(DETERMINISM, "first run " + first.size() + " rows, second " + second.size());
        }
        for (int i = 0; i < first.size(); i++) {
            if (!first.get(i).equals(second.get(i))) {
                return PropertyVerdicts.fail(DETERMINISM, "row " + i + " differs: " + first.get(i) + " vs " + second.get(i));
            }
        }
        return PropertyVerdicts.pass(DETERMINISM, first.size() + " rows identical");
    }

    // ------------------------------------------------------------------ helpers

    private static boolean regulating(TraceRow r) {
        return r.state().equals("REGULATING");
    }

    private static boolean driving(TraceRow r) {
        return r.state().equals("STARTING") || r.state().equals("REGULATING") || r.state().equals("SURGE_HOLD");
    }

    private static double seconds(ScenarioEvent e) {
        return e.at().toNanos() / 1e9;
    }

    /** Time of the first event strictly after {@code t}; +∞ if none. */
    private static double nextEventAfter(RunContext c, double t) {
        for (ScenarioEvent e : c.scenario().events()) {
            if (seconds(e) > t + EPS) {
                return seconds(e);
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    private static boolean isLoadEvent(ScenarioEvent e) {
        return e instanceof ScenarioEvent.LampsFailed || e instanceof ScenarioEvent.LampsShorted
                || e instanceof ScenarioEvent.OutputShort || e instanceof ScenarioEvent.LoopOpen;
    }

    /**
     * The most lenient allowance earned by a sudden load or supply change, or an output short, in
     * (from, to]; null if none. The return of the supply after an interruption is a supply change.
     */
    private static Limit disturbanceWithin(RunContext c, double from, double to) {
        PropertyLimits l = c.limits();
        Limit best = null;
        for (ScenarioEvent e : c.scenario().events()) {
            double t = seconds(e);
            Limit earned = null;
            if (e instanceof ScenarioEvent.OutputShort s && s.shorted() && within(t, from, to)) {
                earned = l.afterOutputShort();
            } else if (isLoadEvent(e) && within(t, from, to)) {
                earned = l.afterLoadChange();
            } else if (e instanceof ScenarioEvent.MainsDeviation && within(t, from, to)) {
                earned = l.afterSupplyChange();
            } else if (e instanceof ScenarioEvent.MainsInterruption m
                    && (within(t, from, to) || within(t + m.length().toNanos() / 1e9, from, to))) {
                earned = l.afterSupplyChange();
            }
            if (earned != null && (best == null || earned.value() > best.value())) {
                best = earned;
            }
        }
        return best;
    }

    private static boolean within(double t, double from, double to) {
        return t > from && t <= to + EPS;
    }

    /** Shorted lamps or a shorted output at or before {@code t}: the estimator's loop model no longer holds. */
    private static boolean disturbedLoad(RunContext c, double t) {
        for (ScenarioEvent e : c.scenario().events()) {
            if (seconds(e) <= t + EPS && (e instanceof ScenarioEvent.LampsShorted
                    || e instanceof ScenarioEvent.OutputShort || e instanceof ScenarioEvent.EarthFault)) {
                return true;
            }
        }
        return false;
    }

    private static TraceRow rowAtOrBefore(List<TraceRow> rows, double t) {
        TraceRow found = null;
        for (TraceRow r : rows) {
            if (r.timeSeconds() > t + EPS) {
                break;
            }
            found = r;
        }
        return found;
    }

    private static List<double[]> openIntervals(RunContext c) {
        List<double[]> out = new ArrayList<>();
        double openedAt = Double.NaN;
        for (ScenarioEvent e : c.scenario().events()) {
            if (e instanceof ScenarioEvent.LoopOpen o) {
                if (o.open() && Double.isNaN(openedAt)) {
                    openedAt = seconds(e);
                } else if (!o.open() && !Double.isNaN(openedAt)) {
                    out.add(new double[] {openedAt, seconds(e)});
                    openedAt = Double.NaN;
                }
            }
        }
        if (!Double.isNaN(openedAt)) {
            out.add(new double[] {openedAt, Double.POSITIVE_INFINITY});
        }
        return out;
    }

    /** A stretch of REGULATING on one step between two events, judged by its end. */
    private record Stretch(int step, int epoch, TraceRow last, double meanA) { }

    /**
     * Stretches of REGULATING on one step with the loop closed, cut at every event, at least {@code minSeconds} long
     * (from the later of the step becoming active and the last event); the mean plant current of
     * the last 0.3 s. The epoch counts the events that change loop or supply conditions.
     */
    private static List<Stretch> stretches(RunContext c, List<TraceRow> rows, double minSeconds) {
        List<Stretch> out = new ArrayList<>();
        List<ScenarioEvent> events = c.scenario().events();
        int start = -1;
        for (int i = 0; i <= rows.size(); i++) {
            boolean cut = i == rows.size() || !regulating(rows.get(i)) || rows.get(i).step() == 0
                    || (start >= 0 && rows.get(i).step() != rows.get(start).step())
                    || (start >= 0 && eventIn(events, rows.get(i - 1).timeSeconds(), rows.get(i).timeSeconds()));
            if (cut && start >= 0) {
                TraceRow first = rows.get(start);
                TraceRow last = rows.get(i - 1);
                double begin = first.timeSeconds() - c.halfCycleSeconds();
                if (last.timeSeconds() - begin >= minSeconds - EPS && !loopOpenAt(events, last.timeSeconds())) {
                    double sum = 0;
                    int n = 0;
                    for (int j = i - 1; j >= start && rows.get(j).timeSeconds() > last.timeSeconds() - 0.3 + EPS; j--) {
                        sum += rows.get(j).plantCurrentRmsA();
                        n++;
                    }
                    out.add(new Stretch(first.step(), epoch(events, last.timeSeconds()), last, sum / n));
                }
                start = -1;
            }
            if (i < rows.size() && start < 0 && regulating(rows.get(i)) && rows.get(i).step() > 0) {
                start = i;
            }
        }
        return out;
    }

    /** The loop is open at {@code t}: nothing steady to judge (the board is about to trip). */
    private static boolean loopOpenAt(List<ScenarioEvent> events, double t) {
        boolean open = false;
        for (ScenarioEvent e : events) {
            if (seconds(e) <= t + EPS && e instanceof ScenarioEvent.LoopOpen o) {
                open = o.open();
            }
        }
        return open;
    }

    /** An event applied in the half-cycle that ends at {@code to} (events at (from - hc, from] are applied then). */
    private static boolean eventIn(List<ScenarioEvent> events, double from, double to) {
        for (ScenarioEvent e : events) {
            double t = seconds(e);
            if (t > from - (to - from) + EPS && t <= from + EPS) {
                return true;
            }
        }
        return false;
    }

    private static int epoch(List<ScenarioEvent> events, double t) {
        int n = 0;
        for (ScenarioEvent e : events) {
            if (seconds(e) <= t + EPS && !(e instanceof ScenarioEvent.StepCommand || e instanceof ScenarioEvent.LocalStep
                    || e instanceof ScenarioEvent.SelectorChange || e instanceof ScenarioEvent.Reset
                    || e instanceof ScenarioEvent.ControlLinkLoss)) {
                n++;
            }
        }
        return n;
    }
}
