package io.github.ccrhil.ccr.emulator.sim;

import io.github.ccrhil.ccr.emulator.scenario.Scenario;
import io.github.ccrhil.ccr.emulator.scenario.ScenarioEvent;
import io.github.ccrhil.ccr.emulator.trace.TraceRow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Builds scenarios in code for the operating-space tests, and runs them into memory. */
final class Scenarios {

    private Scenarios() { }

    static Scenario of(String name, String steps, String tolerances, double kva, double load, double led,
                       double failed, double deviation, double hz, Scenario.Fidelity fidelity, Duration duration,
                       List<ScenarioEvent> events) {
        return new Scenario(name, 1, fidelity, new Scenario.CcrRating(kva * 1000, steps, List.of(), tolerances),
                new Scenario.Mains(400, hz, deviation), new Scenario.Loop(load, 4000, led, failed), duration, events);
    }

    /** Runs a scenario in simulated time and keeps every row. */
    static List<TraceRow> run(CcrSimulation sim) {
        List<TraceRow> rows = new ArrayList<>();
        try {
            sim.run(rows::add, CcrSimulation.Progress.NONE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    static List<TraceRow> between(List<TraceRow> rows, double from, double to) {
        return rows.stream().filter(r -> r.timeSeconds() > from && r.timeSeconds() <= to).toList();
    }
}
