package io.github.ccrhil.ccr.verify.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.ccr.emulator.scenario.Scenario;
import io.github.ccrhil.ccr.emulator.scenario.ScenarioEvent;
import io.github.ccrhil.ccr.emulator.trace.TraceRow;
import io.github.ccrhil.evidence.Limit;
import io.github.ccrhil.evidence.Outcome;
import io.github.ccrhil.evidence.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Every property can fail: each is shown a hand-made trace that breaks it (and one that keeps
 * it), 6.6 A 5-step regulator, 50 Hz, UFC bands.
 */
class PropertyChecksTest {

    private static final double HC = 0.01;
    private static final double[][] BANDS = {{0, 0}, {2.72, 2.88}, {3.30, 3.50}, {3.98, 4.22}, {5.04, 5.36}, {6.40, 6.70}};

    /** A trace builder: one row per half-cycle. */
    private static final class Trace {
        final List<TraceRow> rows = new ArrayList<>();

        /** {@code n} half-cycles in {@code state} on {@code step}, current by time since the stretch began. */
        Trace add(int n, String state, int step, DoubleUnaryOperator current) {
            return add(n, state, step, current, -1, 0);
        }

        Trace add(int n, String state, int step, DoubleUnaryOperator current, int estimated, int actual) {
            double t0 = rows.size() * HC;
            for (int k = 0; k < n; k++) {
                double t = (rows.size() + 1) * HC;
                double[] b = BANDS[step];
                rows.add(new TraceRow(t, state, step, 0, b[0], b[1], 0, 0, 0, 0, 0,
                        current.applyAsDouble(t - t0), 0, 0, estimated, actual, 1e3, 0));
            }
            return this;
        }
    }

    private static RunContext context(Duration duration, ScenarioEvent... events) {
        Scenario s = new Scenario("t", 1, Scenario.Fidelity.AVERAGED,
                new Scenario.CcrRating(10_000, "6.6A-5step", List.of(), "UFC-3-535-01"),
                new Scenario.Mains(400, 50, 0), new Scenario.Loop(0.6, 1000, 0, 0), duration, List.of(events));
        RunContext real = RunContext.of(s);
        return new RunContext(s, real.steps(), 100, real.limits(), Reachability.UNLIMITED);
    }

    private static ScenarioEvent.StepCommand step(double at, int step) {
        return new ScenarioEvent.StepCommand(Duration.ofMillis(Math.round(at * 1000)), step);
    }

    private static DoubleUnaryOperator constant(double a) {
        return t -> a;
    }

    @Test
    void aStepChangeStillOutsideTheBandAfterOneSecondFailsSettling() {
        RunContext c = context(Duration.ofSeconds(6), step(0, 2), step(3, 5));
        List<TraceRow> slow = new Trace().add(300, "REGULATING", 2, constant(3.4))
                .add(300, "REGULATING", 5, t -> t < 1.2 ? 6.0 : 6.6).rows;
        List<TraceRow> quick = new Trace().add(300, "REGULATING", 2, constant(3.4))
                .add(300, "REGULATING", 5, t -> t < 0.5 ? 6.0 : 6.6).rows;
        assertEquals(Outcome.FAIL, PropertyChecks.settling(c, slow).outcome());
        assertEquals(Outcome.PASS, PropertyChecks.settling(c, quick).outcome());
    }

    @Test
    void aSettlingVerdictIsEvidenceWithItsRequirementAndTheNumberAgainstItsLimit() {
        RunContext c = context(Duration.ofSeconds(6), step(0, 2), step(3, 5));
        // outside step 5's band until the half-cycle ending 1.20 s after the change
        List<TraceRow> slow = new Trace().add(300, "REGULATING", 2, constant(3.4))
                .add(300, "REGULATING", 5, t -> t < 1.205 ? 6.0 : 6.6).rows;
        Verdict v = PropertyChecks.settling(c, slow);
        assertEquals(PropertyChecks.SETTLING, v.testId());
        assertEquals(PropertyVerdicts.PROCEDURE, v.procedure());
        assertEquals(PropertyVerdicts.PLANT_TRACE, v.measurement());
        assertEquals(false, v.selfReported());
        assertEquals(PropertyChecks.requirement(PropertyChecks.SETTLING).clause(), v.clause());
        assertEquals(1, v.checks().size());
        assertEquals(Outcome.FAIL, v.checks().get(0).outcome());
        assertEquals("≤ 1.000 s", v.checks().get(0).limit());
        assertEquals("1.200 s", v.checks().get(0).measured());
    }

    @Test
    void leavingRegulationDuringAnUndisturbedStepChangeFailsSettling() {
        RunContext c = context(Duration.ofSeconds(6), step(0, 2), step(3, 5));
        List<TraceRow> rows = new Trace().add(300, "REGULATING", 2, constant(3.4))
                .add(50, "REGULATING", 5, constant(6.6)).add(250, "SURGE_HOLD", 5, constant(0)).rows;
        assertEquals(Outcome.FAIL, PropertyChecks.settling(c, rows).outcome());
    }

    @Test
    void twoHalfCyclesAboveSixPointSevenAmpsFailTheOvershootLimitButOneAfterALoadChangeIsAllowed() {
        RunContext plain = context(Duration.ofSeconds(2), step(0, 5));
        List<TraceRow> two = new Trace().add(100, "REGULATING", 5, constant(6.6)).add(2, "REGULATING", 5, constant(6.8))
                .add(98, "REGULATING", 5, constant(6.6)).rows;
        assertEquals(Outcome.FAIL, PropertyChecks.overshoot(plain, two).outcome());

        RunContext loadChange = context(Duration.ofSeconds(2), step(0, 5),
                new ScenarioEvent.LampsShorted(Duration.ofMillis(1000), 0.2));
        List<TraceRow> one = new Trace().add(100, "REGULATING", 5, constant(6.6)).add(1, "REGULATING", 5, constant(6.9))
                .add(99, "REGULATING", 5, constant(6.6)).rows;
        assertEquals(Outcome.PASS, PropertyChecks.overshoot(loadChange, one).outcome());
        assertEquals(Outcome.FAIL, PropertyChecks.overshoot(plain, one).outcome(),
                "without a load change not even one half-cycle is allowed");
    }

    @Test
    void aSupplyStepEarnsOneHalfCycleAndAnOutputShortTheSurgeHalfCycleAndTheHalfWaveInProgress() {
        RunContext supplyStep = context(Duration.ofSeconds(2), step(0, 5),
                new ScenarioEvent.MainsDeviation(Duration.ofMillis(1000), 0.1));
        List<TraceRow> one = new Trace().add(100, "REGULATING", 5, constant(6.6)).add(1, "REGULATING", 5, constant(7.3))
                .add(99, "REGULATING", 5, constant(6.6)).rows;
        List<TraceRow> two = new Trace().add(100, "REGULATING", 5, constant(6.6)).add(2, "REGULATING", 5, constant(7.3))
                .add(98, "REGULATING", 5, constant(6.6)).rows;
        List<TraceRow> three = new Trace().add(100, "REGULATING", 5, constant(6.6)).add(3, "REGULATING", 5, constant(50))
                .add(97, "SURGE_HOLD", 5, constant(0)).rows;
        Verdict allowed = PropertyChecks.overshoot(supplyStep, one);
        assertEquals(Outcome.PASS, allowed.outcome());
        assertTrue(allowed.checks().stream().anyMatch(k -> k.limitName().equals("overcurrent after a sudden supply change")
                && k.defaultLimit()), "the allowance is a limit of its own, marked as a default: " + allowed.checks());
        assertEquals(Outcome.FAIL, PropertyChecks.overshoot(supplyStep, two).outcome());

        RunContext interruption = context(Duration.ofSeconds(2), step(0, 5),
                new ScenarioEvent.MainsInterruption(Duration.ofMillis(990), Duration.ofMillis(10)));
        assertEquals(Outcome.PASS, PropertyChecks.overshoot(interruption, one).outcome(), "the supply's return");

        RunContext outputShort = context(Duration.ofSeconds(2), step(0, 5),
                new ScenarioEvent.OutputShort(Duration.ofMillis(1000), true));
        List<TraceRow> surge = new Trace().add(100, "REGULATING", 5, constant(6.6)).add(2, "REGULATING", 5, constant(50))
                .add(98, "SURGE_HOLD", 5, constant(0)).rows;
        assertEquals(Outcome.PASS, PropertyChecks.overshoot(outputShort, surge).outcome());
        assertEquals(Outcome.FAIL, PropertyChecks.overshoot(outputShort, three).outcome());
        RunContext shortRemoved = context(Duration.ofSeconds(2), step(0, 5),
                new ScenarioEvent.OutputShort(Duration.ofMillis(1000), false));
        assertEquals(Outcome.FAIL, PropertyChecks.overshoot(shortRemoved, two).outcome(),
                "removing a short is a load change: one half-cycle");
    }

    @Test
    void anOvercurrentInTheThirdHalfCycleAfterASupplyStepIsTheStepsButOneFurtherOnIsNot() {
        // the step falls in the half-cycle 0.98-0.99 s; the overcurrent row ends at 1.01 s, 2.5
        // half-cycles later: fired on the rms of 0.98-0.99 s, which held only half of the step
        List<TraceRow> one = new Trace().add(100, "REGULATING", 5, constant(6.6)).add(1, "REGULATING", 5, constant(6.82))
                .add(99, "REGULATING", 5, constant(6.6)).rows;
        RunContext inTheWindow = context(Duration.ofSeconds(2), step(0, 5),
                new ScenarioEvent.MainsDeviation(Duration.ofMillis(985), 0.03));
        Verdict v = PropertyChecks.overshoot(inTheWindow, one);
        assertEquals(Outcome.PASS, v.outcome(), v.reason());
        assertTrue(v.checks().stream().anyMatch(k -> k.what().contains("at most 3 half-cycles before")), v.checks().toString());
        RunContext interruption = context(Duration.ofSeconds(2), step(0, 5),
                new ScenarioEvent.MainsInterruption(Duration.ofMillis(975), Duration.ofMillis(10)));
        assertEquals(Outcome.PASS, PropertyChecks.overshoot(interruption, one).outcome(), "the supply's return at 0.985 s");

        RunContext tooEarly = context(Duration.ofSeconds(2), step(0, 5),
                new ScenarioEvent.MainsDeviation(Duration.ofMillis(975), 0.03));
        assertEquals(Outcome.FAIL, PropertyChecks.overshoot(tooEarly, one).outcome(),
                "3.5 half-cycles after the step: the regulator had the step's rms in full and fired on it");
        assertEquals(3.0, PropertyLimits.ALLOWANCE_WINDOW.value());
        assertTrue(PropertyLimits.ALLOWANCE_WINDOW.provenance().isDefault(), "the window is a reading, marked as one");
    }

    @Test
    void aTwentyAmpRegulatorsOvershootLimitIsTheTopOfItsTopStepsBandNotAFigureInsideIt() {
        Limit l = PropertyLimits.defaultsFor(20.0).overshootA();
        assertEquals(20.50, l.value(), 1e-9, "MIL-HDBK-1023/4: 19.50-20.50 A on the 20 A step");
        assertTrue(l.provenance().isDefault() && l.provenance().source().contains("MIL-HDBK-1023/4"), l.toString());
        assertEquals(6.7, PropertyLimits.defaultsFor(6.6).overshootA().value(), 1e-9);
        assertFalse(PropertyLimits.defaultsFor(6.6).overshootA().provenance().isDefault());
    }

    @Test
    void aSoftStartAboveTheBandTopFails() {
        RunContext c = context(Duration.ofSeconds(3), step(0, 3));
        List<TraceRow> over = new Trace().add(20, "STARTING", 3, t -> 4.0 * t / 0.2)
                .add(280, "REGULATING", 3, t -> t < 0.3 ? 4.3 : 4.1).rows;
        List<TraceRow> clean = new Trace().add(20, "STARTING", 3, t -> 4.0 * t / 0.2)
                .add(280, "REGULATING", 3, constant(4.1)).rows;
        assertEquals(Outcome.FAIL, PropertyChecks.softStart(c, over).outcome());
        assertEquals(Outcome.PASS, PropertyChecks.softStart(c, clean).outcome());
    }

    @Test
    void aHigherStepHoldingLessCurrentThanALowerOneFailsMonotonicity() {
        RunContext c = context(Duration.ofSeconds(6), step(0, 3), step(3, 4));
        List<TraceRow> inverted = new Trace().add(300, "REGULATING", 3, constant(4.1))
                .add(300, "REGULATING", 4, constant(4.0)).rows;
        List<TraceRow> ordered = new Trace().add(300, "REGULATING", 3, constant(4.1))
                .add(300, "REGULATING", 4, constant(5.2)).rows;
        assertEquals(Outcome.FAIL, PropertyChecks.monotone(c, inverted).outcome());
        assertEquals(Outcome.PASS, PropertyChecks.monotone(c, ordered).outcome());
    }

    @Test
    void aLoopStillDrivenThreeSecondsAfterOpeningFailsTheOpenCircuitProperty() {
        RunContext c = context(Duration.ofSeconds(7), step(0, 3), new ScenarioEvent.LoopOpen(Duration.ofSeconds(2), true));
        List<TraceRow> late = new Trace().add(200, "REGULATING", 3, constant(4.1)).add(320, "REGULATING", 3, constant(0))
                .add(180, "TRIPPED", 0, constant(0)).rows;
        List<TraceRow> inTime = new Trace().add(200, "REGULATING", 3, constant(4.1)).add(210, "REGULATING", 3, constant(0))
                .add(290, "TRIPPED", 0, constant(0)).rows;
        assertEquals(Outcome.FAIL, PropertyChecks.openCircuit(c, late).outcome());
        assertEquals(Outcome.PASS, PropertyChecks.openCircuit(c, inTime).outcome());
    }

    @Test
    void aLampEstimateThreeLampsOutFails() {
        RunContext c = context(Duration.ofSeconds(5), step(0, 5));
        List<TraceRow> wrong = new Trace().add(500, "REGULATING", 5, constant(6.6), 13, 10).rows;
        List<TraceRow> right = new Trace().add(500, "REGULATING", 5, constant(6.6), 11, 10).rows;
        assertEquals(Outcome.FAIL, PropertyChecks.lampEstimate(c, wrong).outcome());
        assertEquals(Outcome.PASS, PropertyChecks.lampEstimate(c, right).outcome());
    }

    @Test
    void aLampEstimateThatCannotTellAnywhereIsInconclusiveWithWhereNotPassOrNotApplicable() {
        RunContext c = context(Duration.ofSeconds(5), step(0, 5));
        List<TraceRow> cannotTell = new Trace().add(500, "REGULATING", 5, constant(6.6), -1, 10).rows;
        var v = PropertyChecks.lampEstimate(c, cannotTell);
        assertEquals(Outcome.INCONCLUSIVE, v.outcome(), v.reason());
        assertTrue(v.reason().contains("on step 5") && v.reason().contains("cannot resolve one lamp"), v.reason());
    }

    @Test
    void aLampEstimateThatCannotTellInOneSpellIsInconclusiveThoughAnotherSpellWasRightAndAWrongCountStillFails() {
        RunContext c = context(Duration.ofSeconds(10), step(0, 5), step(5, 1));
        List<TraceRow> rightThenCannotTell = new Trace().add(500, "REGULATING", 5, constant(6.6), 10, 10)
                .add(500, "REGULATING", 1, constant(2.8), -1, 10).rows;
        var v = PropertyChecks.lampEstimate(c, rightThenCannotTell);
        assertEquals(Outcome.INCONCLUSIVE, v.outcome(), v.reason());
        assertTrue(v.reason().contains("on step 1") && v.reason().contains("1 other steady spell(s) judged"), v.reason());

        List<TraceRow> wrongThenCannotTell = new Trace().add(500, "REGULATING", 5, constant(6.6), 13, 10)
                .add(500, "REGULATING", 1, constant(2.8), -1, 10).rows;
        assertEquals(Outcome.FAIL, PropertyChecks.lampEstimate(c, wrongThenCannotTell).outcome());
        List<TraceRow> cannotTellThenWrong = new Trace().add(500, "REGULATING", 5, constant(6.6), -1, 10)
                .add(500, "REGULATING", 1, constant(2.8), 7, 10).rows;
        assertEquals(Outcome.FAIL, PropertyChecks.lampEstimate(c, cannotTellThenWrong).outcome());
    }

    @Test
    void aBoardStillRegulatingWhenTheModelSaysTrippedFailsTheStateMachineProperty() {
        RunContext c = context(Duration.ofSeconds(10), step(0, 3), new ScenarioEvent.LoopOpen(Duration.ofSeconds(5), true));
        List<TraceRow> stuck = new Trace().add(1000, "REGULATING", 3, constant(4.1)).rows;
        List<TraceRow> tripped = new Trace().add(700, "REGULATING", 3, constant(4.1)).add(300, "TRIPPED", 0, constant(0)).rows;
        assertEquals(Outcome.FAIL, PropertyChecks.stateMachine(c, stuck).outcome());
        assertEquals(Outcome.PASS, PropertyChecks.stateMachine(c, tripped).outcome());
    }

    @Test
    void oneDifferingRowFailsDeterminism() {
        List<TraceRow> a = new Trace().add(10, "REGULATING", 3, constant(4.1)).rows;
        List<TraceRow> b = new ArrayList<>(a);
        TraceRow r = b.get(5);
        b.set(5, new TraceRow(r.timeSeconds(), r.state(), r.step(), r.referenceA(), r.bandLowA(), r.bandHighA(),
                r.firmwareCurrentRmsA(), r.firmwareVoltageRmsV(), r.firmwarePowerW(), r.powerFactor(), r.firingAngleDeg(),
                StrictMath.nextUp(r.plantCurrentRmsA()), r.plantPeakCurrentA(), r.plantVoltageRmsV(),
                r.lampFailuresEstimated(), r.lampFailuresActual(), r.insulationMohm(), r.mainsDeviation()));
        assertEquals(Outcome.FAIL, PropertyChecks.determinism(a, b).outcome());
        assertEquals(Outcome.PASS, PropertyChecks.determinism(a, List.copyOf(a)).outcome());
    }

    @Test
    void theModelLocksOutOnTheThirdTripAndOnlyALocalResetClearsIt() {
        BoardModel m = new BoardModel();
        m.apply(step(0, 3));
        m.apply(new ScenarioEvent.LoopOpen(Duration.ZERO, true));
        for (int trip = 1; trip <= 3; trip++) {
            m.settle();
            assertEquals(trip < 3 ? BoardModel.State.TRIPPED : BoardModel.State.LOCKED_OUT, m.state(), "after trip " + trip);
            m.apply(new ScenarioEvent.Reset(Duration.ZERO, false));
        }
        assertEquals(BoardModel.State.LOCKED_OUT, m.state(), "a remote reset does not clear a lock-out");
        m.apply(new ScenarioEvent.LoopOpen(Duration.ZERO, false));
        m.apply(new ScenarioEvent.Reset(Duration.ZERO, true));
        m.settle();
        assertEquals(BoardModel.State.REGULATING, m.state());
        assertEquals(3, m.activeStep());
    }
}
