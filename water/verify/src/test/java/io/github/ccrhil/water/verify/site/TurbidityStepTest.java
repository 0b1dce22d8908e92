package io.github.ccrhil.water.verify.site;

import io.github.ccrhil.water.plant.site.WaterSite;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.water.plant.PlantConfig;
import io.github.ccrhil.water.plant.Tags;
import io.github.ccrhil.water.plant.WaterPlant;
import io.github.ccrhil.water.plant.plc.CoagulationProgram;
import io.github.ccrhil.water.plant.plc.FilterProgram;
import io.github.ccrhil.water.plant.sim.PeriodicRunner;
import io.github.ccrhil.evidence.time.SimulatedClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The plant with its own PLCs answers a raw-water turbidity step with treated water inside water.md's limits. */
class TurbidityStepTest {

    record Worst(double filtered, double tapTurbidity, double tapChlorineMin, double cwChlorineMax,
                 double phMin, double phMax, long washes) {
    }

    /** 6 process hours at 5 degrees, then 42 hours at 50 degrees; time scale 60 (1 s = 1 min). */
    static Worst run(boolean feedForward) {
        WaterSite site = new WaterSite(PlantConfig.typical(60), Duration.ofMillis(100));
        if (!feedForward) {
            site.plc(WaterSite.COAGULATION).memory().set(CoagulationProgram.DOSE_GAIN, 0.0);
        }
        PeriodicRunner runner = site.register(new PeriodicRunner(new SimulatedClock(PeriodicRunner.WATER_EPOCH)));
        runner.runFor(Duration.ofMinutes(6));
        WaterPlant p = site.plant();
        p.setRawWater(50, 7.0);
        double filtered = 0, tapT = 0, tapCl = Double.MAX_VALUE, cwCl = 0, phMin = 14, phMax = 0;
        for (int s = 0; s < 42 * 60; s++) {
            runner.runFor(Duration.ofSeconds(1));
            filtered = Math.max(filtered, p.read(Tags.FILTERED_TURBIDITY));
            tapT = Math.max(tapT, p.read(Tags.RES_TURBIDITY));
            tapCl = Math.min(tapCl, p.read(Tags.RES_CHLORINE));
            cwCl = Math.max(cwCl, p.read(Tags.CW_CHLORINE));
            phMin = Math.min(phMin, p.read(Tags.RES_PH));
            phMax = Math.max(phMax, p.read(Tags.RES_PH));
        }
        long washes = (long) site.plc(WaterSite.FILTERS).memory().get(FilterProgram.WASHES);
        return new Worst(filtered, tapT, tapCl, cwCl, phMin, phMax, washes);
    }

    @Test
    void turbidityStepFrom5To50DegreesKeepsTreatedWaterInsideWaterMdLimits() {
        Worst w = run(true);
        assertTrue(w.filtered() <= QualityLimits.FILTERED_TURBIDITY_MAX.value(), "filtered turbidity " + w.filtered());
        assertTrue(w.tapTurbidity() <= QualityLimits.TAP_TURBIDITY_MAX.value(), "tap turbidity " + w.tapTurbidity());
        assertTrue(w.tapChlorineMin() >= QualityLimits.TAP_CHLORINE_MIN.value(), "tap chlorine " + w.tapChlorineMin());
        assertTrue(w.cwChlorineMax() <= QualityLimits.CHLORINE_TARGET_MAX.value(), "clear-well chlorine " + w.cwChlorineMax());
        assertTrue(w.phMin() >= QualityLimits.PH_MIN.value() && w.phMax() <= QualityLimits.PH_MAX.value(),
                "pH " + w.phMin() + ".." + w.phMax());
        assertTrue(w.washes() >= 1, "the filters were backwashed during the run: " + w.washes());
    }

    @Test
    void withoutTurbidityFeedForwardTheSameStepBreaksTheFilteredWaterLimit() {
        Worst w = run(false);
        assertTrue(w.filtered() > QualityLimits.FILTERED_TURBIDITY_MAX.value(),
                "a fixed dose cannot cope with 50 degrees: filtered " + w.filtered());
    }

    @Test
    void sameScenarioGivesTheSameBits() {
        assertEquals(run(true), run(true));
    }
}
