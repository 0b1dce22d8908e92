package io.github.ccrhil.ccr.firmware.hardware;

/**
 * Caller-owned buffer for the measurements of one mains half-cycle, refilled every control
 * period so that the regulation loop allocates nothing.
 *
 * <p>Sample arrays hold instantaneous values: {@code current} is the series-loop current in A,
 * {@code voltage} the CCR output voltage in V, both taken at {@code sampleIntervalSeconds}.
 * An averaged plant may supply an equivalent two-point set that reproduces the half-cycle's rms
 * values and real power exactly; true-RMS arithmetic over the samples is the same either way.
 */
public final class HalfCycleSamples {

    /** Largest number of samples a half-cycle may carry (4,000 per cycle at 50 Hz). */
    public static final int CAPACITY = 2_000;

    private final double[] current = new double[CAPACITY];
    private final double[] voltage = new double[CAPACITY];
    private int count;
    private double sampleIntervalSeconds;
    private double inputVoltageRms;
    private double mainsFrequencyHz;
    private double insulationResistanceOhms = Double.POSITIVE_INFINITY;
    private double displacementAngleRad = Double.NaN;

    /** Instantaneous loop current samples (A); valid up to {@link #count()}. */
    public double[] current() { return current; }

    /** Instantaneous output voltage samples (V); valid up to {@link #count()}. */
    public double[] voltage() { return voltage; }

    public int count() { return count; }

    public double sampleIntervalSeconds() { return sampleIntervalSeconds; }

    /** Rms input (mains) voltage at the CCR terminals over this half-cycle, V. */
    public double inputVoltageRms() { return inputVoltageRms; }

    public double mainsFrequencyHz() { return mainsFrequencyHz; }

    /** Latest reading of the loop insulation-resistance monitor, Ω (infinite when no leakage). */
    public double insulationResistanceOhms() { return insulationResistanceOhms; }

    /**
     * The power stage meter's displacement angle φ<sub>1</sub> for this half-cycle, rad: how far the
     * fundamental of the loop current lags the fundamental of the output voltage (fundamental
     * reactive power Q<sub>1</sub> = V<sub>1</sub>I<sub>1</sub>·sin φ<sub>1</sub>, IEEE Std 1459-2010). NaN
     * when the power stage does not report it (then the board's reactive channel is idle).
     */
    public double displacementAngleRad() { return displacementAngleRad; }

    /** Sets {@link #displacementAngleRad()} for this half-cycle (NaN: not measured). */
    public void setDisplacementAngle(double radians) {
        this.displacementAngleRad = radians;
    }

    /**
     * Sets the header of the half-cycle; sample values are written straight into
     * {@link #current()} and {@link #voltage()}.
     */
    public void set(int count, double sampleIntervalSeconds, double inputVoltageRms,
                    double mainsFrequencyHz, double insulationResistanceOhms) {
        if (count < 0 || count > CAPACITY) {
            throw new IllegalArgumentException("sample count " + count + " outside 0.." + CAPACITY);
        }
        this.count = count;
        this.sampleIntervalSeconds = sampleIntervalSeconds;
        this.inputVoltageRms = inputVoltageRms;
        this.mainsFrequencyHz = mainsFrequencyHz;
        this.insulationResistanceOhms = insulationResistanceOhms;
        this.displacementAngleRad = Double.NaN;
    }
}
