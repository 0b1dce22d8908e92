package io.github.ccrhil.ccr.firmware.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.ccr.firmware.hardware.GateCommand;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ControlPartsTest {

    @Test
    void trueRmsOfASampledSineIsPeakOverRootTwo() {
        int n = 1000;
        double[] x = new double[n];
        double[] v = new double[n];
        for (int k = 0; k < n; k++) {
            x[k] = 10 * StrictMath.sin(StrictMath.PI * (k + 0.5) / n);
            v[k] = 2 * x[k];
        }
        assertEquals(10 / StrictMath.sqrt(2), TrueRms.rms(x, n), 1e-9);
        assertEquals(2 * 50.0, TrueRms.meanPower(v, x, n), 1e-9);
        assertEquals(10.0, TrueRms.peak(x, n), 1e-3);
        assertEquals(0.0, TrueRms.rms(x, 0));
        assertThrows(IllegalArgumentException.class, () -> TrueRms.rms(x, n + 1));
    }

    @Test
    void firingAngleMapInvertsTheResistiveRmsFraction() {
        for (double u = 0.05; u < 1.0; u += 0.05) {
            assertEquals(u, FiringAngleMap.fraction(FiringAngleMap.alpha(u)), 1e-3);
        }
        assertEquals(StrictMath.PI, FiringAngleMap.alpha(0.0));
        assertEquals(0.0, FiringAngleMap.alpha(1.0));
    }

    @Test
    void rampMovesAtTheSetRateAndSoftStartsFromZero() {
        SetpointRamp r = new SetpointRamp(20.0, Duration.ofMillis(10));
        assertEquals(0.2, r.advance(6.6), 1e-12);
        assertEquals(0.4, r.advance(6.6), 1e-12);
        for (int k = 0; k < 100; k++) {
            r.advance(6.6);
        }
        assertTrue(r.reached(6.6));
        assertEquals(6.4, r.advance(2.8), 1e-12);
        r.softStart();
        assertEquals(0.0, r.reference());
        assertThrows(IllegalArgumentException.class, () -> new SetpointRamp(0.0, Duration.ofMillis(10)));
    }

    @Test
    void catalogueStepTablesHoldTheStandardCurrents() {
        assertEquals(List.of(2.8, 3.4, 4.1, 5.2, 6.6), StepTables.byName("6.6A-5step").nominalCurrentsA());
        assertEquals(List.of(4.8, 5.5, 6.6), StepTables.byName("6.6A-3step").nominalCurrentsA());
        assertEquals(List.of(8.5, 10.3, 12.4, 15.8, 20.0), StepTables.byName("20A-5step").nominalCurrentsA());
        assertEquals(0.0, StepTables.SIX_SIX_FIVE_STEP.nominalCurrentA(0));
    }

    @Test
    void stepTablesMustBeStrictlyIncreasingWithAtMostEightSteps() {
        assertThrows(IllegalArgumentException.class, () -> StepTables.custom("x", 6.6, 3.0, 3.0));
        assertThrows(IllegalArgumentException.class, () -> StepTables.custom("x", 6.6, 4.0, 3.0));
        assertThrows(IllegalArgumentException.class, () -> StepTables.custom("x", 6.6, 1, 2, 3, 4, 5, 6, 6.1, 6.2, 6.3));
        assertThrows(IllegalArgumentException.class, () -> StepTables.custom("x", 6.6, 7.0));
        assertEquals(8, StepTables.custom("adb8", 6.6, 1, 2, 3, 4, 5, 6, 6.2, 6.6).stepCount());
    }

    @Test
    void toleranceTablesMatchTheStandards() {
        ToleranceTable ufc = ToleranceTables.byName("UFC-3-535-01", StepTables.SIX_SIX_FIVE_STEP);
        assertEquals(new ToleranceBand(6.40, 6.70), ufc.band(5));
        assertEquals(new ToleranceBand(2.72, 2.88), ufc.band(1));
        ToleranceTable mil = ToleranceTables.byName("MIL-HDBK-1023/4", StepTables.SIX_SIX_THREE_STEP);
        assertEquals(new ToleranceBand(6.40, 6.80), mil.band(3));
        ToleranceTable mil20 = ToleranceTables.byName("MIL-HDBK-1023/4", StepTables.TWENTY_FIVE_STEP);
        assertEquals(new ToleranceBand(15.41, 16.20), mil20.band(4));
        assertFalse(mil.source().isDefault());
    }

    @Test
    void unknownToleranceTableNameListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ToleranceTables.byName("FAA", StepTables.SIX_SIX_FIVE_STEP));
        assertTrue(e.getMessage().contains("UFC-3-535-01") && e.getMessage().contains("MIL-HDBK-1023/4"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> ToleranceTables.byName("UFC-3-535-01", StepTables.TWENTY_FIVE_STEP), "UFC has no 20 A table");
        IllegalArgumentException s = assertThrows(IllegalArgumentException.class, () -> StepTables.byName("9A"));
        assertTrue(s.getMessage().contains("6.6A-5step"));
    }

    @Test
    void customPercentToleranceIsSymmetricAndMarkedDefault() {
        ToleranceTable t = ToleranceTables.percent(StepTables.SIX_SIX_FIVE_STEP, 3.0);
        assertEquals(6.6 * 0.97, t.band(5).loA(), 1e-12);
        assertEquals(6.6 * 1.03, t.band(5).hiA(), 1e-12);
        assertTrue(t.source().isDefault());
    }

    @Test
    void fastCutActsOnTheFirstHalfCycleAboveTheMarginAndDoesNotCutTwice() {
        CurrentControlSoftware ccs = new CurrentControlSoftware(ControlTuning.defaults(6.6).withMeasurementDelay(1));
        // settle the demand against a linear plant with 8 A per unit demand
        double i = 0;
        for (int k = 0; k < 300; k++) {
            ccs.regulate(6.6, i);
            i = 8.0 * ccs.demand();
        }
        double u = ccs.demand();
        assertEquals(6.6 / 8.0, u, 1e-3);
        // load change: gain jumps to 10 A per unit
        ccs.regulate(6.6, 10.0 * u);
        assertTrue(ccs.lastCallCut());
        assertEquals(6.6 / 10.0, ccs.demand(), 1e-6, "cut to ref / new gain");
        assertEquals(ccs.demand(), ccs.regulator().lastIntegral(), 1e-12, "integrator back-calculated");
        ccs.regulate(6.6, 10.0 * ccs.demand());
        assertFalse(ccs.lastCallCut());
        assertEquals(6.6 / 10.0, ccs.demand(), 1e-3);
    }

    @Test
    void aHalfCycleAboveTheStepsBandTopIsCutAtOnceEvenInsideTheFastCutMargin() {
        CurrentControlSoftware ccs = new CurrentControlSoftware(ControlTuning.defaults(6.6).withMeasurementDelay(1));
        double i = 0;
        for (int k = 0; k < 300; k++) {
            ccs.regulate(6.6, 6.70, i);
            i = 8.0 * ccs.demand();
        }
        double u = ccs.demand();
        // a few lamps shorted: 2 % more current, inside the 5 % margin but above the 6.70 A band top
        ccs.regulate(6.6, 6.70, 8.16 * u);
        assertTrue(ccs.lastCallCut());
        assertEquals(6.6, 8.16 * ccs.demand(), 1e-6, "back to the reference on the new load at once");
        // ramping down from a higher step the current is meant to be above the new band: no cut
        CurrentControlSoftware down = new CurrentControlSoftware(ControlTuning.defaults(6.6).withMeasurementDelay(1));
        for (int k = 0; k < 300; k++) {
            down.regulate(6.6, 6.70, 8.0 * down.demand());
        }
        down.regulate(2.8, 2.88, 8.0 * down.demand());
        assertFalse(down.lastCallCut());
    }

    @Test
    void aSupplyThatJumpsUpScalesTheDemandDownByTheRatioAtOnceButASagOrItsReturnDoesNot() {
        // a plant whose current is 8 A per unit demand at 400 V and rises with the supply
        CurrentControlSoftware ccs = new CurrentControlSoftware(ControlTuning.defaults(6.6).withMeasurementDelay(1));
        double i = 0;
        for (int k = 0; k < 300; k++) {
            ccs.regulate(6.6, 6.70, i, 0.0, 400.0);
            i = 8.0 * ccs.demand();
        }
        double u = ccs.demand();
        assertEquals(6.6 / 8.0, u, 1e-3);
        // +9 % in the half-cycle just measured: the current has not shown it yet (6.6 A in band)
        ccs.regulate(6.6, 6.70, 8.0 * u, 0.0, 436.0);
        assertFalse(ccs.lastCallCut());
        assertEquals(u * 400.0 / 436.0, ccs.demand(), 1e-4, "demand scaled by the supply's ratio, not left to the PI");
        assertEquals(ccs.demand(), ccs.regulator().lastIntegral(), 1e-12, "integrator back-calculated");

        // a sag and the supply's return from it: no scaling (the return follows an unsteady supply)
        CurrentControlSoftware sag = new CurrentControlSoftware(ControlTuning.defaults(6.6).withMeasurementDelay(1));
        for (int k = 0; k < 300; k++) {
            sag.regulate(6.6, 6.70, 8.0 * sag.demand(), 0.0, 400.0);
        }
        double before = sag.demand();
        sag.regulate(6.6, 6.70, 8.0 * before, 0.0, 360.0);
        assertEquals(before, sag.demand(), 0.02, "a falling supply is left to the PI");
        double during = sag.demand();
        sag.regulate(6.6, 6.70, 8.0 * during * 0.9, 0.0, 400.0);
        assertTrue(sag.demand() >= during, "the return after one low half-cycle is not a jump from a steady supply");
    }

    @Test
    void theHalfCyclesFiredThroughASupplyGapRunBelowTheHeldDemandAndTheReturnCannotRaiseIt() {
        // a plant of 8 A per unit demand, regulated at 6.6 A on a steady 400 V supply
        CurrentControlSoftware ccs = new CurrentControlSoftware(ControlTuning.defaults(6.6));
        double[] fired = new double[3];
        for (int k = 0; k < 300; k++) {
            ccs.regulate(6.6, 6.70, 8.0 * fired[2], 0.0, 400.0);
            fired[2] = fired[1];
            fired[1] = ccs.demand();
        }
        double held = ccs.demand();
        assertEquals(6.6 / 8.0, held, 1e-3);
        GateCommand last = new GateCommand(true, FiringAngleMap.alpha(held));
        // a 10 ms gap at 60 Hz: two half-cycles ridden through; what they fire reaches the loop after the return
        for (int k = 0; k < 2; k++) {
            GateCommand c = ccs.rideThrough(last);
            assertEquals(FiringAngleMap.alpha(0.95 * held), c.firingAngleRad(), 1e-12, "fired at 95 % of the held demand");
            assertEquals(0.95 * held, ccs.regulator().lastIntegral(), 1e-12, "integrator set to it");
            last = c;
        }
        // the supply is back; LED drivers starved by the gap draw 10 % less for a while: the demand
        // may come back up to the held one, never above it, for the 10 periods of the hold
        for (int k = 0; k < CurrentControlSoftware.SUPPLY_RETURN_HOLD_PERIODS; k++) {
            ccs.regulate(6.6, 6.70, 0.9 * 6.6, 0.0, 400.0);
            assertTrue(ccs.demand() <= held + 1e-12, "period " + k + ": " + ccs.demand() + " above the held " + held);
        }
        ccs.regulate(6.6, 6.70, 0.9 * 6.6, 0.0, 400.0);
        assertTrue(ccs.demand() > held, "after the hold the regulator raises the demand on a lasting deficit");

        // a soft start forgets the hold
        ccs.softStart();
        assertSame(GateCommand.OFF, ccs.rideThrough(GateCommand.OFF), "nothing regulated: the last command stands");
    }

    @Test
    void aPartlyInterruptedHalfCycleDoesNotRaiseTheDemand() {
        CurrentControlSoftware ccs = new CurrentControlSoftware(ControlTuning.defaults(6.6).withMeasurementDelay(1));
        for (int k = 0; k < 300; k++) {
            ccs.regulate(6.6, 6.70, 8.0 * ccs.demand(), 0.0, 400.0);
        }
        double held = ccs.demand();
        // half of the half-cycle without supply: input rms 283 V (above a mains-loss level), current 4.7 A
        ccs.regulate(6.6, 6.70, 4.7, 0.0, 283.0);
        assertTrue(ccs.demand() <= held + 1e-12, "a dip's low current is not a demand to raise");
        // back at 400 V, still reading the dip's low current (the measurement delay)
        ccs.regulate(6.6, 6.70, 4.7, 0.0, 400.0);
        assertTrue(ccs.demand() <= held + 1e-12);
    }

    @Test
    void aCutFromBeforeTheLoadAngleStartsFromTheDemandOfTheLoadAngle() {
        CurrentControlSoftware ccs = new CurrentControlSoftware(ControlTuning.defaults(6.6).withMeasurementDelay(1));
        for (int k = 0; k < 300; k++) {
            ccs.regulate(6.6, 6.70, 6.0, 0.76); // beyond the rating: full conduction, 6.0 A
        }
        assertEquals(1.0, ccs.demand(), 1e-9);
        // lamps shorted: 7.0 A at pf 0.71 (load angle 44.8°); firing at 0° conducted from 44.8°
        ccs.regulate(6.6, 6.70, 7.0, 0.71);
        double fromLoadAngle = FiringAngleMap.fraction(StrictMath.acos(0.71)) * 6.6 / 7.0;
        assertEquals(fromLoadAngle, ccs.demand(), 1e-9);
        assertTrue(FiringAngleMap.alpha(ccs.demand()) > StrictMath.acos(0.71), "fires after the load angle");
    }

    @Test
    void lampsShortedOnALoopBeyondItsRatingFoldTheDemandBackOnThePredictedCurrentOnce() {
        // sequence-12-81110's readings: beyond the rating at full conduction (5.63 A, pf 0.78), then
        // 25 % of the lamps shorted: 6.56 A (inside the band, pf 0.733), 6.68 A (still fired at full
        // conduction), while the LED drivers carry the current on
        CurrentControlSoftware ccs = new CurrentControlSoftware(ControlTuning.defaults(6.6));
        for (int k = 0; k < 300; k++) {
            ccs.regulate(6.6, 6.70, 5.63, 0.78, 424.0);
        }
        assertEquals(1.0, ccs.demand(), 1e-9, "full conduction: the loop cannot reach 6.6 A");
        ccs.regulate(6.6, 6.70, 6.56, 0.733, 424.0);
        assertTrue(ccs.lastCallCut(), "a load step from full conduction heading above the band is cut at once");
        double rise = 0.5 * (6.56 - 5.63) / 4;
        double predicted = 6.56 + ControlTuning.defaults(6.6).approachHorizonPeriods() * rise;
        double loadAngle = StrictMath.acos(0.733);
        assertEquals(FiringAngleMap.fraction(loadAngle) * 6.6 / predicted, ccs.demand(), 1e-9,
                "cut from the load angle's demand on the predicted current");
        assertTrue(FiringAngleMap.alpha(ccs.demand()) > loadAngle + StrictMath.toRadians(5),
                "fired well after the load angle: a real cut, not full conduction again");
        double folded = ccs.demand();
        ccs.regulate(6.6, 6.70, 6.68, 0.725, 424.0);
        assertFalse(ccs.lastCallCut(), "the reading in flight (fired at full conduction) does not cut twice");
        assertTrue(ccs.demand() <= folded + 1e-12, "nor raises the demand while the current still rises");

        // the first law (approach horizon 0) has no prediction, and the reading is inside the band
        CurrentControlSoftware first = new CurrentControlSoftware(ControlTuning.defaults(6.6).withApproachHorizon(0));
        for (int k = 0; k < 300; k++) {
            first.regulate(6.6, 6.70, 5.63, 0.78, 424.0);
        }
        first.regulate(6.6, 6.70, 6.56, 0.733, 424.0);
        assertFalse(first.lastCallCut());

        // a regulated loop inside its rating whose current rises 5 % is above the band: the ordinary
        // cut on the measured current, as before
        CurrentControlSoftware inside = new CurrentControlSoftware(ControlTuning.defaults(6.6).withMeasurementDelay(1));
        for (int k = 0; k < 300; k++) {
            inside.regulate(6.6, 6.70, 8.0 * inside.demand(), 0.9, 400.0);
        }
        double u = inside.demand();
        inside.regulate(6.6, 6.70, 8.4 * u, 0.9, 400.0);
        assertTrue(inside.lastCallCut());
        assertEquals(6.6 / 8.4, inside.demand(), 1e-4, "cut to the reference on the measured current");
    }

    @Test
    void onADarkLoopTheDemandReachesFullConductionWellInsideTheOpenCircuitTripDelay() {
        CurrentControlSoftware ccs = new CurrentControlSoftware(ControlTuning.defaults(6.6));
        ccs.softStart();
        for (int k = 0; k < 110; k++) {
            ccs.regulate(6.6, 6.70, 0.03); // open transformer secondaries, unsaturated: no current yet
        }
        assertEquals(1.0, ccs.demand(), 1e-9, "full conduction after 110 periods (1.1 s at 50 Hz; the trip waits 2 s)");
    }

    @Test
    void softwareReportsItsIdentity() {
        assertFalse(CurrentControlSoftware.VERSION.isBlank());
        assertFalse(CurrentControlSoftware.NAME.isBlank());
    }
}
