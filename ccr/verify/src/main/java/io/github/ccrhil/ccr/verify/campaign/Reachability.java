package io.github.ccrhil.ccr.verify.campaign;

import io.github.ccrhil.ccr.emulator.scenario.Scenario;
import io.github.ccrhil.ccr.emulator.sim.CcrSimulation;
import io.github.ccrhil.ccr.plant.CircuitModel;
import io.github.ccrhil.ccr.plant.PlantHalfCycle;
import io.github.ccrhil.ccr.plant.Plants;
import java.util.HashMap;
import java.util.Map;

/**
 * The largest loop current the regulator could drive under given conditions: the emulated plant
 * run at full conduction. A step whose band lies above it is beyond the rating, and is not held
 * against the settling requirement (only against overshoot). Found by driving the plant, not
 * assumed. Memoised per condition; not thread-safe (one per run).
 */
public interface Reachability {

    /** Loop current at full conduction with this input deviation and these failed lamps, A rms. */
    double fullConductionA(double mainsDeviation, int failedLamps);

    /** For tests of the property functions: every current is reachable. */
    Reachability UNLIMITED = (d, f) -> Double.POSITIVE_INFINITY;

    /** Drives a fresh plant of the scenario's own fidelity at full conduction for 1.5 s. */
    static Reachability ofPlant(Scenario scenario) {
        Map<String, Double> memo = new HashMap<>();
        return (deviation, failed) -> memo.computeIfAbsent(deviation + "/" + failed, key -> {
            var config = CcrSimulation.plantConfig(scenario);
            CircuitModel plant = scenario.fidelity() == Scenario.Fidelity.WAVEFORM
                    ? Plants.waveform(config) : Plants.averaged(config);
            plant.conditions().setMainsDeviation(deviation);
            plant.conditions().setFailedLamps(failed);
            PlantHalfCycle h = new PlantHalfCycle();
            int halfCycles = (int) StrictMath.round(1.5 * 2 * scenario.mains().frequencyHz());
            for (int k = 0; k < halfCycles; k++) {
                plant.runHalfCycle(true, 0.0, h);
            }
            return h.trueCurrentRms;
        });
    }
}
