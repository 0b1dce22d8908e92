package io.github.ccrhil.ccr.verify.campaign;

import io.github.ccrhil.evidence.Verdict;
import io.github.ccrhil.ccr.emulator.scenario.Scenario;
import io.github.ccrhil.ccr.emulator.sim.CcrSimulation;
import io.github.ccrhil.ccr.emulator.trace.TraceRow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a scenario on the emulated DUT (firmware model on the emulated plant) in simulated time,
 * through the same {@link CcrSimulation} the {@code simulate} command uses, and judges every
 * property. The scenario is run twice to judge determinism.
 */
public final class CaseRunner {

    private CaseRunner() {
    }

    /** What one case came to. */
    public record Result(Scenario scenario, List<Verdict> verdicts, int rows) {
        public Result {
            verdicts = List.copyOf(verdicts);
        }

        public boolean failed() {
            return verdicts.stream().anyMatch(Verdict::failed);
        }

        /** The first failing verdict, if any. */
        public java.util.Optional<Verdict> firstFailure() {
            return verdicts.stream().filter(Verdict::failed).findFirst();
        }

        public Verdict verdict(String property) {
            return verdicts.stream().filter(v -> v.testId().equals(property)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no verdict for " + property));
        }
    }

    /** Runs the scenario in simulated time and keeps every row. */
    public static List<TraceRow> rows(Scenario s) {
        List<TraceRow> rows = new ArrayList<>((int) StrictMath.min(1_000_000, s.duration().toMillis() / 8 + 16));
        try {
            CcrSimulation.of(s).run(rows::add, CcrSimulation.Progress.NONE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    /** Runs twice and judges every property, determinism included. */
    public static Result run(Scenario s) {
        return run(s, PropertyLimits.defaultsFor(RunContext.steps(s).ratedCurrentA()));
    }

    /** As {@link #run(Scenario)}, judged against other limits. */
    public static Result run(Scenario s, PropertyLimits limits) {
        return run(s, limits, true);
    }

    /**
     * As {@link #run(Scenario, PropertyLimits)}; without {@code rerun} the scenario runs once and
     * determinism is reported not applicable (for tests that judge other properties only).
     */
    public static Result run(Scenario s, PropertyLimits limits, boolean rerun) {
        return run(s, limits, rerun, rows -> { });
    }

    /**
     * As {@link #run(Scenario, PropertyLimits, boolean)}, handing the first run's raw rows to
     * {@code raw} before anything is judged (the campaign bundle records them).
     */
    public static Result run(Scenario s, PropertyLimits limits, boolean rerun,
                             java.util.function.Consumer<List<TraceRow>> raw) {
        List<TraceRow> first = rows(s);
        raw.accept(java.util.Collections.unmodifiableList(first));
        List<Verdict> verdicts = new ArrayList<>(PropertyChecks.judge(RunContext.of(s, limits), first));
        verdicts.add(rerun ? PropertyChecks.determinism(first, rows(s))
                : PropertyVerdicts.notApplicable(PropertyChecks.DETERMINISM, "run once"));
        return new Result(s, verdicts, first.size());
    }
}
