package io.github.ccrhil.ccr.plant;

import java.util.Objects;

/**
 * Everything needed to build a plant. All values SI.
 *
 * @param mainsVoltageRms nominal CCR input voltage, V (e.g. 400; &gt; 0)
 * @param mainsFrequencyHz 50 or 60 (any value in 1..1000 is accepted)
 * @param ratedPowerVa CCR rating, VA (e.g. 10,000; &gt; 0)
 * @param ratedCurrentA nominal top-step loop current, A (6.6 or 20; &gt; 0)
 * @param loop the series circuit
 * @param samplesPerCycle sensor samples per mains cycle, even, 2..{@code 2·PlantHalfCycle.CAPACITY}
 *     (≥ 200 for the waveform model)
 * @param stepsPerSample integration steps between samples (1..1000)
 * @param measurementNoise standard deviation of sensor noise as a fraction of the reading's
 *     full scale (0 for none; 0..1)
 * @param seed seeds the sensor noise; the same seed gives the same samples
 */
public record PlantConfig(
        double mainsVoltageRms,
        double mainsFrequencyHz,
        double ratedPowerVa,
        double ratedCurrentA,
        LoopConfig loop,
        int samplesPerCycle,
        int stepsPerSample,
        double measurementNoise,
        long seed) {

    /**
     * Output-transformer ratio design rule: full conduction at this input deviation (−10 %)
     * gives {@link #FULL_CONDUCTION_OUTPUT_PU} of the rated output voltage.
     */
    public static final double DESIGN_LOW_INPUT_PU = 0.90;
    /** 105 % of rated output voltage at full conduction and −10 % input (design headroom). */
    public static final double FULL_CONDUCTION_OUTPUT_PU = 1.05;
    /**
     * Output transformer short-circuit reactance, per unit of the rated output impedance
     * (V<sub>rated</sub>/I<sub>rated</sub>): 5 %, the middle of the 4–6 % usual for small
     * distribution/control transformers — engineering estimate.
     */
    public static final double OUTPUT_LEAKAGE_REACTANCE_PU = 0.05;
    /** Output transformer winding resistance, per unit (1 % copper loss) — engineering estimate. */
    public static final double OUTPUT_WINDING_RESISTANCE_PU = 0.01;
    /** Sensor full scale as a multiple of the rated peak (1.5 × √2 × rated rms). */
    public static final double FULL_SCALE_PU = 1.5;

    public PlantConfig {
        Checks.positive("mainsVoltageRms", mainsVoltageRms);
        Checks.inRange("mainsFrequencyHz", mainsFrequencyHz, 1.0, 1000.0);
        Checks.positive("ratedPowerVa", ratedPowerVa);
        Checks.positive("ratedCurrentA", ratedCurrentA);
        Objects.requireNonNull(loop, "loop");
        Checks.inRange("samplesPerCycle", samplesPerCycle, 2, 2 * PlantHalfCycle.CAPACITY);
        if (samplesPerCycle % 2 != 0) {
            throw new IllegalArgumentException("samplesPerCycle must be even, was " + samplesPerCycle);
        }
        Checks.inRange("stepsPerSample", stepsPerSample, 1, 1000);
        Checks.inRange("measurementNoise", measurementNoise, 0.0, 1.0);
    }

    /**
     * A reference plant: 400 V 50 Hz input, 200 samples per cycle, 1 step per sample, no noise,
     * seed 1.
     */
    public static PlantConfig reference(double ratedPowerVa, double ratedCurrentA, LoopConfig loop) {
        return new PlantConfig(400.0, 50.0, ratedPowerVa, ratedCurrentA, loop, 200, 1, 0.0, 1L);
    }

    /**
     * A 10 kVA 6.6 A reference plant on a loop sized by
     * {@link LoopConfig#forLoad(double, double, double, double, double)} with 5 km of cable.
     */
    public static PlantConfig reference(double loadFraction, double ledFraction) {
        return reference(10_000.0, 6.6, LoopConfig.forLoad(10_000.0, 6.6, loadFraction, ledFraction, 5_000.0));
    }

    public PlantConfig withSampling(int newSamplesPerCycle, int newStepsPerSample) {
        return new PlantConfig(mainsVoltageRms, mainsFrequencyHz, ratedPowerVa, ratedCurrentA, loop,
                newSamplesPerCycle, newStepsPerSample, measurementNoise, seed);
    }

    public PlantConfig withNoise(double newMeasurementNoise, long newSeed) {
        return new PlantConfig(mainsVoltageRms, mainsFrequencyHz, ratedPowerVa, ratedCurrentA, loop,
                samplesPerCycle, stepsPerSample, newMeasurementNoise, newSeed);
    }

    public PlantConfig withLoop(LoopConfig newLoop) {
        return new PlantConfig(mainsVoltageRms, mainsFrequencyHz, ratedPowerVa, ratedCurrentA, newLoop,
                samplesPerCycle, stepsPerSample, measurementNoise, seed);
    }

    /** Rated output voltage, V: ratedPowerVa / ratedCurrentA. */
    public double ratedOutputVoltage() {
        return ratedPowerVa / ratedCurrentA;
    }

    /** Rated output impedance V<sub>rated</sub>/I<sub>rated</sub>, Ω (the per-unit base). */
    public double baseImpedanceOhm() {
        return ratedOutputVoltage() / ratedCurrentA;
    }

    /**
     * Output transformer ratio n (loop side / mains side) so that full conduction at −10 % input
     * gives 105 % of the rated output voltage: n = 1.05·V<sub>rated</sub> / (0.9·V<sub>mains</sub>).
     */
    public double outputTransformerRatio() {
        return FULL_CONDUCTION_OUTPUT_PU * ratedOutputVoltage() / (DESIGN_LOW_INPUT_PU * mainsVoltageRms);
    }

    /** Output transformer leakage inductance referred to the loop side, H. */
    public double outputLeakageInductanceH() {
        return OUTPUT_LEAKAGE_REACTANCE_PU * baseImpedanceOhm() / (2.0 * StrictMath.PI * mainsFrequencyHz);
    }

    /** Output transformer winding resistance referred to the loop side, Ω. */
    public double outputWindingResistanceOhm() {
        return OUTPUT_WINDING_RESISTANCE_PU * baseImpedanceOhm();
    }

    /** Sensor full scale for current, A peak: 1.5 × √2 × rated current. */
    public double currentFullScale() {
        return FULL_SCALE_PU * StrictMath.sqrt(2.0) * ratedCurrentA;
    }

    /** Sensor full scale for voltage, V peak: 1.5 × √2 × rated output voltage. */
    public double voltageFullScale() {
        return FULL_SCALE_PU * StrictMath.sqrt(2.0) * ratedOutputVoltage();
    }
}
