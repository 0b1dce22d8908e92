package io.github.ccrhil.water.plant.plc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.water.plant.PlantConfig;
import io.github.ccrhil.water.plant.Tags;
import io.github.ccrhil.water.plant.WaterPlant;
import io.github.ccrhil.water.plant.site.WaterSite;
import io.github.ccrhil.water.plant.sim.PeriodicRunner;
import io.github.ccrhil.evidence.time.SimulatedClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The PLC programs on the plant, in simulated time (time scale 60: one simulated second is one process minute). */
class PlcLogicTest {
    final WaterSite site = new WaterSite(PlantConfig.typical(60), Duration.ofMillis(100));
    final PeriodicRunner runner = site.register(new PeriodicRunner(new SimulatedClock(PeriodicRunner.WATER_EPOCH)));
    final WaterPlant plant = site.plant();

    PlcMemory mem(String plc) {
        return site.plc(plc).memory();
    }

    void processMinutes(double minutes) {
        runner.runFor(Duration.ofMillis((long) (minutes * 1000)));
    }

    @Test
    void coagulantDoseIsFedForwardFromRawTurbidityAndCappedAtItsMaximum() {
        processMinutes(1);
        assertEquals(8.0 + 0.5 * 5.0, plant.read(Tags.COAG_DOSE), 1e-9);
        double flow = plant.read(Tags.INTAKE_FLOW);
        assertEquals(10.5 * flow / 1000.0, mem(WaterSite.COAGULATION).get(CoagulationProgram.PUMP_RATE), 0.01,
                "pump mass rate follows flow");
        plant.setRawWater(400, 7.2);
        processMinutes(1);
        assertEquals(80.0, plant.read(Tags.COAG_DOSE), 1e-9, "capped at DOSE.MAX");
        mem(WaterSite.COAGULATION).set(CoagulationProgram.DOSING_ENABLE, false);
        processMinutes(1);
        assertEquals(0.0, plant.read(Tags.COAG_DOSE));
    }

    @Test
    void aManualChlorineDoseEndsWhenTheSupervisoryServerHasBeenSilentForItsTimeout() {
        Plc chlor = site.plc(WaterSite.CHLORINATION);
        assertEquals(Plc.DEFAULT_SUPERVISOR_TIMEOUT, chlor.supervisorTimeout());
        chlor.contact();
        mem(WaterSite.CHLORINATION).set(ChlorinationProgram.DOSE_MANUAL, 4.0);
        mem(WaterSite.CHLORINATION).set(ChlorinationProgram.AUTO, false);
        runner.runFor(Duration.ofMillis(4800)); // no request since: 4.8 s of PLC time
        assertFalse(mem(WaterSite.CHLORINATION).bit(ChlorinationProgram.AUTO), "still manual before the timeout");
        assertEquals(4.0, plant.read(Tags.CL_DOSE), 1e-9);
        assertFalse(chlor.supervisorSilent());
        runner.runFor(Duration.ofMillis(400));
        assertTrue(chlor.supervisorSilent());
        assertTrue(mem(WaterSite.CHLORINATION).bit(ChlorinationProgram.AUTO), "back in automatic once the server is silent 5 s");
        assertTrue(plant.read(Tags.CL_DOSE) < 4.0, "the PI trim doses again: " + plant.read(Tags.CL_DOSE));
        // contact again: the operator may set manual once more, and it holds while requests arrive
        mem(WaterSite.CHLORINATION).set(ChlorinationProgram.AUTO, false);
        for (int i = 0; i < 20; i++) {
            chlor.contact();
            runner.runFor(Duration.ofMillis(500));
        }
        assertFalse(mem(WaterSite.CHLORINATION).bit(ChlorinationProgram.AUTO), "manual holds while the server talks to the PLC");
        assertFalse(chlor.supervisorSilent());
    }

    @Test
    void aPlcWithoutASupervisorTimeoutFollowsItsLastCommandForever() {
        Plc chlor = site.plc(WaterSite.CHLORINATION);
        chlor.supervisorTimeout(null);
        mem(WaterSite.CHLORINATION).set(ChlorinationProgram.DOSE_MANUAL, 4.0);
        mem(WaterSite.CHLORINATION).set(ChlorinationProgram.AUTO, false);
        runner.runFor(Duration.ofSeconds(30));
        assertFalse(mem(WaterSite.CHLORINATION).bit(ChlorinationProgram.AUTO));
    }

    @Test
    void chlorineOverdoseStopsDosingAndStaysTrippedUntilReset() {
        processMinutes(5);
        assertTrue(plant.read(Tags.CL_DOSE) > 0);
        plant.forceSensor(Tags.CW_CHLORINE, 2.5);
        processMinutes(0.2);
        assertEquals(0.0, plant.read(Tags.CL_DOSE));
        assertTrue(mem(WaterSite.CHLORINATION).bit(ChlorinationProgram.OVERDOSE_TRIP));
        plant.forceSensor(Tags.CW_CHLORINE, null);
        processMinutes(1);
        assertEquals(0.0, plant.read(Tags.CL_DOSE), "latched after the residual fell");
        mem(WaterSite.CHLORINATION).set(ChlorinationProgram.TRIP_RESET, true);
        processMinutes(0.2);
        assertFalse(mem(WaterSite.CHLORINATION).bit(ChlorinationProgram.OVERDOSE_TRIP));
        assertTrue(plant.read(Tags.CL_DOSE) > 0, "dosing again after the reset");
    }

    @Test
    void chlorineTrimBringsTheResidualToANewSetpoint() {
        mem(WaterSite.CHLORINATION).set(ChlorinationProgram.SP, 0.8);
        processMinutes(6 * 60);
        double worst = 0;
        for (int i = 0; i < 60; i++) {
            processMinutes(1);
            worst = Math.max(worst, Math.abs(plant.read(Tags.CW_CHLORINE) - 0.8));
        }
        assertTrue(worst < 0.05, "residual within 0.05 mg/L of 0.8 in the 7th hour, worst " + worst);
    }

    @Test
    void transmissionPumpsStopAtClearWellLowLowEvenInManual() {
        mem(WaterSite.TRANSMISSION).set(TransmissionProgram.AUTO, false);
        plant.write(Tags.txPump(1), 1);
        plant.write(Tags.txPump(2), 1);
        plant.forceSensor(Tags.CW_LEVEL, 0.4);
        processMinutes(0.2);
        assertEquals(0.0, plant.read(Tags.txPump(1)));
        assertEquals(0.0, plant.read(Tags.txPump(2)));
        assertTrue(mem(WaterSite.TRANSMISSION).bit(TransmissionProgram.INTERLOCK_LL));
    }

    @Test
    void intakePumpStopsAtLowLowAndRestartsAboveL() {
        plant.forceSensor(Tags.RW_LEVEL, 0.9);
        processMinutes(0.2);
        assertEquals(0.0, plant.read(Tags.RW_INTAKE_PUMP));
        plant.forceSensor(Tags.RW_LEVEL, 1.5); // between LL and L: stays stopped
        processMinutes(0.2);
        assertEquals(0.0, plant.read(Tags.RW_INTAKE_PUMP));
        plant.forceSensor(Tags.RW_LEVEL, 2.2);
        processMinutes(0.2);
        assertEquals(1.0, plant.read(Tags.RW_INTAKE_PUMP));
    }

    @Test
    void backwashRunsDrainWashRinseOneFilterAtATime() {
        PlcMemory m = mem(WaterSite.FILTERS);
        m.set(FilterProgram.request(2), true);
        m.set(FilterProgram.request(3), true);
        List<String> steps = new ArrayList<>();
        String last = "";
        for (int i = 0; i < 60 * 2; i++) { // two process hours, sampled each process minute
            processMinutes(1);
            String now = (int) m.get(FilterProgram.stepPoint(2)) + "/" + (int) m.get(FilterProgram.stepPoint(3));
            if (!now.equals(last)) {
                steps.add(now);
                last = now;
            }
            assertFalse(m.get(FilterProgram.stepPoint(2)) != 0 && m.get(FilterProgram.stepPoint(3)) != 0,
                    "two filters out of service at once");
        }
        // FLT2: DRAIN(1) WASH(2) RINSE(3) IN_SERVICE(0); then FLT3 the same
        assertEquals(List.of("1/0", "2/0", "3/0", "0/1", "0/2", "0/3", "0/0"), steps);
        assertEquals(2.0, m.get(FilterProgram.WASHES));
        assertTrue(plant.read(Tags.filterHeadLoss(2)) < 0.4, "washed filter back near clean head loss");
    }
}
