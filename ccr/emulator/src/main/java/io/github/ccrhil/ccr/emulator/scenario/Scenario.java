package io.github.ccrhil.ccr.emulator.scenario;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * One simulated run of a CCR: the equipment rating, the supply, the series loop, and what
 * happens when. Scenarios are data (YAML); the same scenario and seed always give the same trace.
 *
 * @param name short identifier, used in file names
 * @param seed seeds every random source of the run (sensor noise); recorded in the trace header
 * @param fidelity waveform-level or averaged plant
 * @param ccr the regulator's rating and step/tolerance tables
 * @param mains the supply
 * @param loop the series circuit
 * @param duration how long to run, simulated time
 * @param events what happens when, in time order
 */
public record Scenario(
        String name,
        long seed,
        Fidelity fidelity,
        CcrRating ccr,
        Mains mains,
        Loop loop,
        Duration duration,
        List<ScenarioEvent> events) {

    public Scenario {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(fidelity, "fidelity");
        Objects.requireNonNull(ccr, "ccr");
        Objects.requireNonNull(mains, "mains");
        Objects.requireNonNull(loop, "loop");
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("duration must be positive");
        }
        events = events.stream().sorted(Comparator.comparing(ScenarioEvent::at)).toList();
    }

    public enum Fidelity { WAVEFORM, AVERAGED }

    /**
     * @param ratedPowerVa regulator rating, VA
     * @param stepTable a catalogue name ("6.6A-5step", "6.6A-3step", "20A-5step") or "custom"
     * @param customSteps the step currents (A) when {@code stepTable} is "custom", else empty
     * @param toleranceTable a tolerance-table name ("UFC-3-535-01", "MIL-HDBK-1023/4") or
     *     "±x%" for a symmetric band around each custom step
     */
    public record CcrRating(double ratedPowerVa, String stepTable, List<Double> customSteps, String toleranceTable) {
        public CcrRating {
            customSteps = List.copyOf(customSteps);
        }
    }

    /**
     * @param voltageRms nominal input voltage, V
     * @param frequencyHz 50 or 60
     * @param deviation initial deviation from nominal, per unit (−0.10..+0.10 is the rated range)
     */
    public record Mains(double voltageRms, double frequencyHz, double deviation) { }

    /**
     * @param loadFraction connected load as a share of the rating, 0 (short circuit) to 1
     * @param cableLengthM primary cable length, m
     * @param ledFraction share of LED lamps (rest halogen)
     * @param failedFraction share of lamps failed (open secondary) from the start
     */
    public record Loop(double loadFraction, double cableLengthM, double ledFraction, double failedFraction) { }
}
