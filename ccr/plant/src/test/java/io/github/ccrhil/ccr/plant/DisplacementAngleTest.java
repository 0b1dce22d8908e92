package io.github.ccrhil.ccr.plant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The power stage meter's displacement angle φ<sub>1</sub>: what it is on known waveforms, that the
 * waveform plant's sampled value and the averaged plant's analytic one agree on a linear loop, and
 * that each open secondary adds its saturated magnetising reactance to the loop's X = R·tan φ<sub>1</sub>.
 */
class DisplacementAngleTest {

    private static final double OMEGA = 2 * Math.PI * 50;

    @Test
    void aCurrentLaggingItsVoltageBy30DegreesReads30DegreesAndHarmonicsDoNotMoveIt() {
        int n = 100;
        double dt = 0.01 / n;
        double[] i = new double[n];
        double[] v = new double[n];
        double lag = Math.toRadians(30);
        for (int j = 0; j < n; j++) {
            double t = j * dt;
            v[j] = 300 * Math.sin(OMEGA * t) + 40 * Math.sin(3 * OMEGA * t + 0.7);
            i[j] = 9 * Math.sin(OMEGA * t - lag) + 2 * Math.sin(5 * OMEGA * t - 1.1);
        }
        assertEquals(lag, PlantHalfCycle.displacementAngle(i, v, n, dt, OMEGA), 1e-9);
        assertTrue(Double.isNaN(PlantHalfCycle.displacementAngle(new double[n], v, n, dt, OMEGA)));
    }

    private static PlantConfig config() {
        LoopConfig loop = LoopConfig.typical(60, 100, 0.5, 2000);
        return PlantConfig.reference(60 * 110 * 1.2, 6.6, loop);
    }

    /** Mean loop reactance (W/I²)·tan φ1 over 40 half-cycles after 80 to settle, Ω. */
    private static double[] reactanceAndPeak(CircuitModel plant, int failed, double firingAngle) {
        plant.conditions().setFailedLamps(failed);
        PlantHalfCycle h = new PlantHalfCycle();
        double x = 0;
        double peak = 0;
        for (int j = 0; j < 120; j++) {
            plant.runHalfCycle(true, firingAngle, h);
            if (j >= 80) {
                x += h.truePowerW / (h.trueCurrentRms * h.trueCurrentRms) * Math.tan(h.displacementAngleRad);
                peak += h.truePeakCurrent;
            }
        }
        return new double[] {x / 40, peak / 40};
    }

    @ParameterizedTest(name = "firing angle {0} rad")
    @CsvSource({"0.2", "1.0", "1.8"})
    void onAHealthyLoopBothPlantsReadTheLoopsLeakageAndCableReactance(double firingAngle) {
        PlantConfig pc = config();
        LoopConfig loop = pc.loop();
        double expected = OMEGA * (loop.cableInductanceH() + loop.lampCount() * loop.isolationTransformer().leakageInductanceH());
        double averaged = reactanceAndPeak(Plants.averaged(pc, LampDynamics.FROZEN_RATED), 0, firingAngle)[0];
        double waveform = reactanceAndPeak(Plants.waveform(pc, LampDynamics.FROZEN_RATED), 0, firingAngle)[0];
        assertEquals(expected, averaged, 1e-9 * expected);
        // the sampled meter: 100 samples per half-cycle of a phase-controlled waveform, whose voltage
        // steps at the firing instant somewhere between two samples: within the 3 % the firmware's
        // estimate allows for X0 (2.2 % measured here at 1.0 rad)
        assertEquals(expected, waveform, 0.03 * expected, "waveform " + waveform + " Ω");
    }

    @ParameterizedTest(name = "firing angle {0} rad, {1} open")
    @CsvSource({"0.2, 5", "1.0, 12", "1.8, 18"})
    void eachOpenSecondaryAddsItsSaturatedMagnetisingReactanceOnBothPlants(double firingAngle, int failed) {
        PlantConfig pc = config();
        IsolationTransformer t = pc.loop().isolationTransformer();
        double x0 = reactanceAndPeak(Plants.averaged(pc, LampDynamics.FROZEN_RATED), 0, firingAngle)[0];
        for (CircuitModel plant : new CircuitModel[] {Plants.averaged(pc, LampDynamics.FROZEN_RATED),
                Plants.waveform(pc, LampDynamics.FROZEN_RATED)}) {
            double[] xp = reactanceAndPeak(plant, failed, firingAngle);
            double perUnit = AveragedModel.FUNDAMENTAL_REACTANCE_FACTOR * OMEGA * t.magnetisingInductanceH()
                    * AveragedModel.saturationFactor(xp[1] / t.saturationCurrentA());
            double units = (xp[0] - x0) / perUnit;
            // averaged: by construction; waveform: within the 15 % the firmware's estimate allows
            assertEquals(failed, units, 0.15 * failed + 0.3, plant.getClass().getSimpleName() + " " + units);
        }
    }
    /**
     * The lamp estimate's open case at step 1 (README, issue 12, round 6): on an all-LED loop at full
     * load (91 lamps, 4 km of cable) the reference counted 2 open units for none. The emulated LED
     * driver's resistance follows a 20 ms filter of i², so it ripples within every half-cycle, most
     * under the short current pulses of the lowest step; a resistance that varies within the
     * half-cycle puts a fundamental voltage out of phase with the current, which the meter reads as
     * reactance. A halogen loop (filament time constant 150 ms) at the same step reads its cable and
     * leakage. The firmware's reactive channel allows 3 % of X<sub>0</sub> for the meter and, since
     * round 7, c·R<sub>LED</sub> for the drivers (LampFailureEstimator.ledDriverReactance: c = 2.6 % at
     * 2.8 A, 2.0 % at 6.6 A of the drivers' 408 Ω and 173 Ω here, i.e. 12.3 % and 4.0 % of X<sub>0</sub>
     * on top of the 3 %): the figures here (steady, truth W/I², no sensor noise) are what it allows
     * for, so the LED rows' upper ends lie within it (15.3 % of X<sub>0</sub> at 2.8 A; at 6.6 A the
     * allowance is 7.0 % and the row keeps its tighter 5 %).
     */
    @ParameterizedTest(name = "LED share {0}, fired at {1}°: X within [{2}, {3}] × X0 above X0")
    @CsvSource({
        "1.0, 80.6, 0.08, 0.153",  // all LED, 2.8 A (step 1): +13 % measured
        "1.0, 54.8, 0.00, 0.05",   // all LED, 6.6 A (step 5): +3.2 % (allowed 7.0 %)
        "0.0, 127.4, -0.03, 0.03", // halogen, 2.8 A (step 1): -2.6 %
    })
    void anAllLedLoopAtTheLowestStepReadsMoreReactanceThanItsCableAndLeakage(double led, double firingDeg,
                                                                              double lo, double hi) {
        LoopConfig loop = LoopConfig.forLoad(10000, 6.6, 1.0, led, 4000);
        assertEquals(91, loop.lampCount());
        double x0 = OMEGA * (loop.cableInductanceH() + loop.lampCount() * loop.isolationTransformer().leakageInductanceH());
        CircuitModel plant = Plants.waveform(PlantConfig.reference(10000, 6.6, loop), LampDynamics.THERMAL);
        PlantHalfCycle h = new PlantHalfCycle();
        double x = 0;
        double i = 0;
        for (int j = 0; j < 200; j++) {
            plant.runHalfCycle(true, Math.toRadians(firingDeg), h);
            if (j >= 160) {
                x += h.truePowerW / (h.trueCurrentRms * h.trueCurrentRms) * Math.tan(h.displacementAngleRad) / 40;
                i += h.trueCurrentRms / 40;
            }
        }
        double excess = (x - x0) / x0;
        String what = String.format("%.3f A: X %.2f Ω against X0 %.2f Ω (%+.1f %%)", i, x, x0, 100 * excess);
        assertTrue(excess >= lo && excess <= hi, what);
    }
}
