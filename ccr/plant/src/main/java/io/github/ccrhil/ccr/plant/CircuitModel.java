package io.github.ccrhil.ccr.plant;

/**
 * The emulated hardware: mains supply, thyristor power stage with output transformer, and the
 * series lighting loop. Advanced one mains half-cycle at a time by whoever owns simulated time;
 * it never reads a wall clock.
 *
 * <p>Two fidelities implement it: a waveform-level model (≥ 200 samples per mains cycle,
 * fixed-step integration of the loop current) and an averaged model for long runs.
 */
public interface CircuitModel {

    /**
     * Runs the next mains half-cycle.
     *
     * @param contactorClosed the CCR's main contactor; open means no output at all
     * @param firingAngleRad thyristor firing delay from the voltage zero crossing, 0..π
     * @param out receives the sensor samples and the plant's own truth for this half-cycle
     */
    void runHalfCycle(boolean contactorClosed, double firingAngleRad, PlantHalfCycle out);

    /** Simulated seconds elapsed since the model was built. */
    double elapsedSeconds();

    /** Fault and condition injection; changes take effect at the next half-cycle. */
    PlantConditions conditions();

    /** The configuration this model was built from. */
    PlantConfig config();
}
