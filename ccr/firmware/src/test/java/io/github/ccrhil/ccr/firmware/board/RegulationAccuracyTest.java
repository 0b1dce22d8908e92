package io.github.ccrhil.ccr.firmware.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.ccr.firmware.control.StepTable;
import io.github.ccrhil.ccr.firmware.control.StepTables;
import io.github.ccrhil.ccr.firmware.control.ToleranceBand;
import io.github.ccrhil.ccr.firmware.control.ToleranceTable;
import io.github.ccrhil.ccr.firmware.control.ToleranceTables;
import io.github.ccrhil.ccr.firmware.fake.FakeRlPlant;
import io.github.ccrhil.ccr.firmware.fake.Rig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Regulation accuracy and step response of the whole board on the R-L fake plant. */
class RegulationAccuracyTest {

    static List<Arguments> tablesLoadsInputs() {
        List<Arguments> a = new ArrayList<>();
        String[][] combos = {
            {"6.6A-5step", ToleranceTables.UFC}, {"6.6A-3step", ToleranceTables.UFC},
            {"6.6A-5step", ToleranceTables.MIL}, {"6.6A-3step", ToleranceTables.MIL}, {"20A-5step", ToleranceTables.MIL}};
        for (String[] c : combos) {
            for (double load : new double[] {0.0, 0.5, 1.0}) {
                for (double input : new double[] {0.9, 1.1}) {
                    a.add(Arguments.of(c[0], c[1], load, input));
                }
            }
        }
        return a;
    }

    @ParameterizedTest(name = "{0} {1} load {2} input {3}")
    @MethodSource("tablesLoadsInputs")
    void steadyStateIsWithinToleranceOnEveryStep(String tableName, String tolName, double load, double input) {
        StepTable steps = StepTables.byName(tableName);
        ToleranceTable tol = ToleranceTables.byName(tolName, steps);
        FakeRlPlant plant = FakeRlPlant.forRated(steps.ratedCurrentA());
        plant.load = load;
        plant.inputFactor = input;
        Rig rig = new Rig(BoardConfig.defaults(steps).withTolerances(tol), plant);
        for (int s = 1; s <= steps.stepCount(); s++) {
            rig.remoteStep(s);
            rig.run(Duration.ofMillis(1500));
            rig.clearTrace();
            rig.run(Duration.ofMillis(500));
            ToleranceBand band = tol.band(s);
            for (double i : rig.trace) {
                assertTrue(band.contains(i), "step " + s + ": " + i + " A outside " + band);
            }
            assertInstanceOf(BoardState.Regulating.class, rig.board.state());
            assertTrue(rig.board.status().activeAlarms().isEmpty(), "alarms " + rig.board.status().activeAlarms());
        }
    }

    static List<Arguments> loadsInputsPorts() {
        List<Arguments> a = new ArrayList<>();
        for (double load : new double[] {0.0, 0.2, 0.5, 0.8, 1.0}) {
            for (double input : new double[] {0.9, 1.0, 1.1}) {
                for (boolean immediate : new boolean[] {false, true}) {
                    a.add(Arguments.of(load, input, immediate));
                }
            }
        }
        return a;
    }

    /** Step-to-step settling limit, s (ccr.md, default). */
    static final double STEP_SETTLING_S = 1.0;
    /** Settling limit after switching on from off, s (default: no source states one). */
    static final double SOFT_START_SETTLING_S = 2.0;

    @ParameterizedTest(name = "load {0} input {1} immediate port {2}")
    @MethodSource("loadsInputsPorts")
    void stepChangeNeverExceedsSixPointSevenAmpsAndSettlesWithinOneSecond(double load, double input, boolean immediate) {
        StepTable steps = StepTables.SIX_SIX_FIVE_STEP;
        ToleranceTable tol = ToleranceTables.byName(ToleranceTables.UFC, steps);
        FakeRlPlant plant = new FakeRlPlant();
        plant.load = load;
        plant.inputFactor = input;
        plant.immediate = immediate;
        BoardConfig config = BoardConfig.defaults(steps);
        config = config.withTuning(config.tuning().withMeasurementDelay(immediate ? 1 : 2));
        Rig rig = new Rig(config, plant);
        int[] sequence = {5, 1, 5, 2, 4, 3, 5, 0, 3, 1, 4};
        int previous = 0;
        for (int s : sequence) {
            // ccr.md: step-to-step settling ≤ 1.0 s (default); switching on from off is a soft
            // start, for which only "without overshoot" is stated: it gets its own default limit.
            double limit = previous == 0 ? SOFT_START_SETTLING_S : STEP_SETTLING_S;
            previous = s;
            rig.clearTrace();
            rig.remoteStep(s);
            rig.run(Duration.ofMillis(1500));
            assertTrue(rig.maxTrace() <= 6.7, "step " + s + ": " + rig.maxTrace() + " A above 6.7 A");
            if (s == 0) {
                continue;
            }
            int lastOut = -1;
            for (int k = 0; k < rig.trace.size(); k++) {
                if (!tol.band(s).contains(rig.trace.get(k))) {
                    lastOut = k;
                }
            }
            double settle = (lastOut + 1) * 0.010;
            assertTrue(settle <= limit, "step " + s + " settled only after " + settle + " s (limit " + limit + " s)");
        }
    }

    @ParameterizedTest(name = "input {0}")
    @MethodSource("inputs")
    void softStartFromOffReachesEveryStepWithoutOvershoot(double input) {
        StepTable steps = StepTables.SIX_SIX_FIVE_STEP;
        for (int s = 1; s <= steps.stepCount(); s++) {
            FakeRlPlant plant = new FakeRlPlant();
            plant.inputFactor = input;
            Rig rig = new Rig(BoardConfig.defaults(steps), plant);
            rig.remoteStep(s);
            rig.run(Duration.ofSeconds(2));
            double hi = ToleranceTables.byName(ToleranceTables.UFC, steps).band(s).hiA();
            assertTrue(rig.maxTrace() <= hi, "soft start to step " + s + " peaked at " + rig.maxTrace() + " A > " + hi);
            assertEquals(s, rig.board.status().activeStep());
        }
    }

    static List<Double> inputs() {
        return List.of(0.9, 1.0, 1.1);
    }
}
