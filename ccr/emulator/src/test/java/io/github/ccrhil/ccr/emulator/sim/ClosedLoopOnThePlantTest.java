package io.github.ccrhil.ccr.emulator.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.ccr.firmware.board.Alarm;
import io.github.ccrhil.ccr.firmware.board.BoardState;
import io.github.ccrhil.ccr.firmware.board.ProtectionCause;
import io.github.ccrhil.ccr.firmware.control.StepTable;
import io.github.ccrhil.ccr.firmware.control.ToleranceBand;
import io.github.ccrhil.ccr.firmware.control.ToleranceTable;
import io.github.ccrhil.ccr.emulator.scenario.Scenario;
import io.github.ccrhil.ccr.emulator.scenario.Scenario.Fidelity;
import io.github.ccrhil.ccr.emulator.scenario.ScenarioEvent;
import io.github.ccrhil.ccr.emulator.scenario.ScenarioEvent.StepCommand;
import io.github.ccrhil.ccr.emulator.trace.TraceMetrics;
import io.github.ccrhil.ccr.emulator.trace.TraceRow;
import io.github.ccrhil.ccr.emulator.trace.TraceWriter;
import io.github.ccrhil.ccr.plant.CircuitModel;
import io.github.ccrhil.ccr.plant.PlantHalfCycle;
import io.github.ccrhil.ccr.plant.Plants;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The firmware model regulating the emulated plant (waveform level), judged on the plant's own
 * measurement, never on what the firmware says about itself.
 *
 * <p>Operating space (ccr.md): load 0–100 %, 0–30 % of lamps failed, input −10 %..+10 %. A
 * step whose band top the plant cannot reach even at full conduction (found by driving the plant,
 * not assumed) is beyond the regulator's rating; there the requirement checked instead is that
 * the CCR never overshoots and, where the band is clearly out of reach, says so (I_MIN alarm).
 */
class ClosedLoopOnThePlantTest {

    /** IEC 61822 §5.3.9: a step change must not overshoot above this, A rms. */
    static final double OVERSHOOT_LIMIT_A = 6.7;
    /** ccr.md default: step-to-step settling into the band, s. */
    static final double STEP_SETTLING_S = 1.0;
    /** UFC 3-535-01 §14-7.1: de-energise within this of the loop opening, s. */
    static final double OPEN_CIRCUIT_LIMIT_S = 3.0;

    private static final Duration DWELL = Duration.ofMillis(2500);
    /**
     * The first step also covers the soft start from off, which on a loop with many open
     * isolation-transformer secondaries takes about 2 s before current builds: steady state is
     * judged after this longer dwell.
     */
    private static final Duration FIRST_DWELL = Duration.ofMillis(4000);

    record Rating(String steps, String tolerances, double kva) { }

    static Stream<Arguments> operatingSpace() {
        List<Arguments> out = new ArrayList<>();
        for (Rating r : List.of(new Rating("6.6A-5step", "UFC-3-535-01", 10), new Rating("6.6A-3step", "UFC-3-535-01", 10),
                new Rating("20A-5step", "MIL-HDBK-1023/4", 30))) {
            for (double load : new double[] {0.0, 0.3, 0.6, 1.0}) {
                for (double failed : new double[] {0.0, 0.15, 0.30}) {
                    for (double input : new double[] {-0.10, 0.0, 0.10}) {
                        for (double led : new double[] {0.0, 0.5}) {
                            out.add(Arguments.of(r.steps(), r.tolerances(), r.kva(), load, failed, input, led));
                        }
                    }
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}, load {3}, failed {4}, input {5}, LED {6}")
    @MethodSource("operatingSpace")
    void everyStepIsHeldWithinToleranceAcrossTheOperatingSpace(String steps, String tolerances, double kva, double load,
                                                             double failed, double input, double led) {
        Scenario probe = Scenarios.of("space", steps, tolerances, kva, load, led, failed, input, 50, Fidelity.WAVEFORM,
                Duration.ofSeconds(1), List.of());
        CcrSimulation dry = CcrSimulation.of(probe);
        StepTable table = dry.steps();
        ToleranceTable band = dry.tolerances();
        double reachable = currentAtFullConduction(probe, table);

        List<ScenarioEvent> walk = new ArrayList<>();
        double first = FIRST_DWELL.toNanos() / 1e9;
        double dwell = DWELL.toNanos() / 1e9;
        walk.add(new StepCommand(Duration.ZERO, 1));
        for (int s = 2; s <= table.stepCount(); s++) {
            walk.add(new StepCommand(FIRST_DWELL.plus(DWELL.multipliedBy(s - 2)), s));
        }
        Scenario scenario = Scenarios.of("space", steps, tolerances, kva, load, led, failed, input, 50, Fidelity.WAVEFORM,
                FIRST_DWELL.plus(DWELL.multipliedBy(table.stepCount() - 1)), walk);
        CcrSimulation sim = CcrSimulation.of(scenario);
        List<TraceRow> rows = Scenarios.run(sim);
        for (int s = 1; s <= table.stepCount(); s++) {
            ToleranceBand b = band.band(s);
            double end = first + (s - 1) * dwell;
            List<TraceRow> last = Scenarios.between(rows, end - 0.3, end);
            double lo = last.stream().mapToDouble(TraceRow::plantCurrentRmsA).min().orElseThrow();
            double hi = last.stream().mapToDouble(TraceRow::plantCurrentRmsA).max().orElseThrow();
            if (reachable >= b.hiA()) {
                assertTrue(b.contains(lo) && b.contains(hi), "step " + s + " (" + b.loA() + ".." + b.hiA()
                        + " A) held between " + lo + " and " + hi + " A in its last 0.3 s; full conduction reaches "
                        + reachable + " A");
            } else {
                // without the voltage to reach the top of the band, holding the band is not
                // required of any regulator; overshoot, and silence about it, are never allowed
                assertTrue(hi <= b.hiA(), "step " + s + " beyond the rating must not overshoot, reached " + hi + " A");
                if (s == table.stepCount() && reachable < b.loA() * 0.98) {
                    assertTrue(sim.board().status().activeAlarms().contains(Alarm.I_MIN)
                                    || sim.board().state() instanceof BoardState.Tripped,
                            "step " + s + " cannot be reached (" + reachable + " A at full conduction): the CCR must"
                                    + " raise I_MIN or trip, not pretend; alarms " + sim.board().status().activeAlarms());
                }
            }
        }
    }

    /** The plant's loop current after 1.5 s at full conduction: what no regulator can exceed. */
    private static double currentAtFullConduction(Scenario s, StepTable steps) {
        CircuitModel plant = Plants.waveform(CcrSimulation.plantConfig(s, steps));
        plant.conditions().setMainsDeviation(s.mains().deviation());
        plant.conditions().setFailedLamps((int) StrictMath.round(s.loop().failedFraction() * plant.config().loop().lampCount()));
        PlantHalfCycle h = new PlantHalfCycle();
        for (int k = 0; k < 150; k++) {
            plant.runHalfCycle(true, 0.0, h);
        }
        return h.trueCurrentRms;
    }

    static Stream<Arguments> stepPairs() {
        List<Arguments> out = new ArrayList<>();
        for (int from = 0; from <= 5; from++) {
            for (int to = 1; to <= 5; to++) {
                if (from == to) {
                    continue;
                }
                for (double load : new double[] {0.3, 1.0}) {
                    for (double input : new double[] {-0.10, 0.10}) {
                        for (double led : new double[] {0.0, 0.5}) {
                            out.add(Arguments.of(from, to, load, input, led));
                        }
                    }
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "step {0} to {1}, load {2}, input {3}, LED {4}")
    @MethodSource("stepPairs")
    void aStepChangeNeverOvershootsSixPointSevenAmpsAndSettlesWithinTheLimit(int from, int to, double load, double input,
                                                                          double led) {
        List<ScenarioEvent> events = new ArrayList<>();
        if (from > 0) {
            events.add(new StepCommand(Duration.ZERO, from));
        }
        events.add(new StepCommand(Duration.ofSeconds(3), to));
        Scenario s = Scenarios.of("pair", "6.6A-5step", "UFC-3-535-01", 10, load, led, 0.0, input, 50, Fidelity.WAVEFORM,
                Duration.ofMillis(5000), events);
        CcrSimulation sim = CcrSimulation.of(s);
        List<TraceRow> rows = Scenarios.run(sim);
        ToleranceBand b = sim.tolerances().band(to);
        List<TraceRow> after = Scenarios.between(rows, 3.0, 5.0);
        double max = after.stream().mapToDouble(TraceRow::plantCurrentRmsA).max().orElseThrow();
        assertTrue(max <= OVERSHOOT_LIMIT_A, "peak half-cycle rms " + max + " A after stepping " + from + "→" + to);
        if (from == 0) {
            assertTrue(max <= b.hiA(), "soft start from off to step " + to + " overshot the band: " + max + " A");
        } else {
            double settling = TraceMetrics.settlingSeconds(after, 3.0, TraceRow::plantCurrentRmsA, b.loA(), b.hiA());
            assertTrue(settling <= STEP_SETTLING_S, "step " + from + "→" + to + " settled only "
                    + settling + " s after the command");
        }
    }

    @Test
    void theSummarysSettlingTimeIsTheTraceMetricOverTheStretchUpToItsFirstEvent() throws IOException {
        Scenario s = Scenarios.of("summary", "6.6A-5step", "UFC-3-535-01", 10, 0.6, 0.5, 0.0, 0.0, 50, Fidelity.WAVEFORM,
                Duration.ofSeconds(8), List.of(new StepCommand(Duration.ZERO, 2), new StepCommand(Duration.ofSeconds(3), 5),
                        new ScenarioEvent.LampsShorted(Duration.ofSeconds(5), 0.3)));
        List<TraceRow> rows = new ArrayList<>();
        RunSummary summary = CcrSimulation.of(s).run(rows::add, CcrSimulation.Progress.NONE);
        StepSegment five = summary.segments().stream().filter(g -> g.step() == 5).findFirst().orElseThrow();
        ToleranceBand b = five.band();
        List<TraceRow> beforeTheShort = Scenarios.between(rows, five.startSeconds() + 1e-6, 5.0 + 1e-6);
        double expected = TraceMetrics.settlingSeconds(beforeTheShort, five.startSeconds(), TraceRow::plantCurrentRmsA,
                b.loA(), b.hiA());
        assertTrue(five.settled(), "step 5 settled before the lamps were shorted");
        assertEquals(expected, five.settlingSeconds(), 1e-9);
        assertTrue(five.settlingSeconds() <= STEP_SETTLING_S, "step 5 settled after " + five.settlingSeconds() + " s");
        assertTrue(five.endSeconds() > 5.5, "the stretch runs on past the short, to " + five.endSeconds() + " s");
    }

    @ParameterizedTest(name = "step {0}, load {1}")
    @MethodSource("openCircuitCases")
    void anOpenLoopDeEnergisesTheRegulatorWithinThreeSeconds(int step, double load) {
        Scenario s = Scenarios.of("open", "6.6A-5step", "UFC-3-535-01", 10, load, 0.5, 0.0, 0.0, 50, Fidelity.WAVEFORM,
                Duration.ofSeconds(7), List.of(new StepCommand(Duration.ZERO, step),
                        new ScenarioEvent.LoopOpen(Duration.ofSeconds(3), true)));
        CcrSimulation sim = CcrSimulation.of(s);
        List<TraceRow> rows = Scenarios.run(sim);
        TraceRow firstOff = rows.stream().filter(r -> r.timeSeconds() > 3.0 && r.firingAngleDeg() >= 180.0)
                .findFirst().orElseThrow(() -> new AssertionError("never de-energised after the loop opened"));
        assertTrue(firstOff.timeSeconds() - 3.0 <= OPEN_CIRCUIT_LIMIT_S,
                "de-energised " + (firstOff.timeSeconds() - 3.0) + " s after the loop opened");
        BoardState.Tripped trip = (BoardState.Tripped) sim.board().state();
        assertEquals(ProtectionCause.OPEN_CIRCUIT, trip.cause());
    }

    static Stream<Arguments> openCircuitCases() {
        return Stream.of(1, 3, 5).flatMap(step -> Stream.of(0.3, 1.0).map(load -> Arguments.of(step, load)));
    }

    @Test
    void theFailedLampEstimateMatchesTheLampsFailedOnThePlant() {
        Scenario s = Scenarios.of("lamps", "6.6A-5step", "UFC-3-535-01", 10, 0.6, 0.5, 0.0, 0.0, 50, Fidelity.WAVEFORM,
                Duration.ofSeconds(16), List.of(new StepCommand(Duration.ZERO, 5),
                        new ScenarioEvent.LampsFailed(Duration.ofSeconds(4), 0.10),
                        new ScenarioEvent.LampsFailed(Duration.ofSeconds(8), 0.20),
                        new StepCommand(Duration.ofSeconds(12), 3)));
        List<TraceRow> rows = Scenarios.run(CcrSimulation.of(s));
        for (double t : new double[] {3.9, 7.9, 11.9, 15.9}) {
            TraceRow r = rows.stream().filter(x -> x.timeSeconds() >= t).findFirst().orElseThrow();
            assertTrue(Math.abs(r.lampFailuresEstimated() - r.lampFailuresActual()) <= 1,
                    "at " + t + " s: estimated " + r.lampFailuresEstimated() + " failed lamps, actual " + r.lampFailuresActual());
        }
    }

    @Test
    void theSameScenarioAndSeedGiveABitIdenticalTraceAndAnotherSeedDoesNot() throws IOException {
        Scenario s = io.github.ccrhil.ccr.emulator.scenario.ScenarioReader.defaultScenario();
        String a = traceHash(s);
        String b = traceHash(s);
        Scenario reseeded = new Scenario(s.name(), s.seed() + 1, s.fidelity(), s.ccr(), s.mains(), s.loop(), s.duration(), s.events());
        assertEquals(a, b);
        assertNotEquals(a, traceHash(reseeded));
    }

    @Test
    void theRealTimeRunnerRunsTheSameCodeAndGivesTheSameTraceAsSimulatedTime() throws IOException {
        Scenario s = Scenarios.of("rt", "6.6A-5step", "UFC-3-535-01", 10, 0.6, 0.5, 0.0, 0.0, 50, Fidelity.WAVEFORM,
                Duration.ofMillis(1500), List.of(new StepCommand(Duration.ZERO, 3)));
        ByteArrayOutputStream simulated = new ByteArrayOutputStream();
        ByteArrayOutputStream paced = new ByteArrayOutputStream();
        try (TraceWriter w = TraceWriter.start(simulated, Map.of())) {
            CcrSimulation.of(s).run(w::write, CcrSimulation.Progress.NONE);
        }
        RunSummary summary;
        try (TraceWriter w = TraceWriter.start(paced, Map.of())) {
            summary = CcrSimulation.of(s).runRealTime(w::write, CcrSimulation.Progress.NONE);
        }
        assertEquals(simulated.toString(), paced.toString());
        assertEquals(150, summary.halfCycles());
        assertTrue(summary.wallClock().toMillis() >= 1400, "paced run took only " + summary.wallClock());
    }

    @Test
    void theAveragedPlantHoldsTheSameStepCurrentsAsTheWaveformPlant() {
        for (Fidelity f : Fidelity.values()) {
            List<ScenarioEvent> walk = new ArrayList<>();
            for (int st = 1; st <= 5; st++) {
                walk.add(new StepCommand(Duration.ofSeconds(2L * (st - 1)), st));
            }
            Scenario s = Scenarios.of("fid", "6.6A-5step", "UFC-3-535-01", 10, 0.6, 0.5, 0.1, 0.0, 50, f,
                    Duration.ofSeconds(10), walk);
            CcrSimulation sim = CcrSimulation.of(s);
            List<TraceRow> rows = Scenarios.run(sim);
            for (int st = 1; st <= 5; st++) {
                double mean = Scenarios.between(rows, 2.0 * st - 0.3, 2.0 * st).stream()
                        .mapToDouble(TraceRow::plantCurrentRmsA).average().orElseThrow();
                assertTrue(sim.tolerances().band(st).contains(mean), f + " plant, step " + st + ": " + mean + " A");
            }
        }
    }

    private static String traceHash(Scenario s) throws IOException {
        TraceWriter w = TraceWriter.start(new ByteArrayOutputStream(), Map.of("seed", Long.toString(s.seed())));
        CcrSimulation.of(s).run(w::write, CcrSimulation.Progress.NONE);
        w.close();
        return w.sha256();
    }
}
