package io.github.ccrhil.ccr.plant;

/**
 * Caller-owned buffer for one half-cycle of plant output: what the CCR's sensors see (with
 * seeded measurement noise) and the plant's own truth (noise-free, computed from the circuit
 * state), which is the independent measurement a verifier compares against.
 */
public final class PlantHalfCycle {

    public static final int CAPACITY = 2_000;

    /** Sensor view: instantaneous loop current, A. */
    public final double[] current = new double[CAPACITY];
    /** Sensor view: instantaneous CCR output voltage, V. */
    public final double[] voltage = new double[CAPACITY];
    /** Number of valid samples in {@link #current} and {@link #voltage}. */
    public int count;
    public double sampleIntervalSeconds;
    /** Simulated time at the start of this half-cycle, s. */
    public double startSeconds;
    public double mainsFrequencyHz;
    /** Rms input voltage at the CCR terminals over this half-cycle, V. */
    public double inputVoltageRms;
    /** What the loop insulation monitor reads, Ω (infinite for a perfect loop). */
    public double insulationResistanceOhms;
    /**
     * Capacitance of the loop to earth, F. It does not enter the loop-current model (see
     * {@link Plants}); an insulation monitor that injects a test voltage sees it as the time
     * constant of its reading.
     */
    public double capacitanceToEarthF;

    /** Truth: rms loop current over the half-cycle, A. */
    public double trueCurrentRms;
    /** Truth: largest |i| in the half-cycle, A. */
    public double truePeakCurrent;
    /** Truth: rms output voltage, V. */
    public double trueVoltageRms;
    /** Truth: mean output power, W. */
    public double truePowerW;
    /** Truth: conduction angle actually achieved, rad (0 when nothing conducted). */
    public double conductionAngleRad;
}
