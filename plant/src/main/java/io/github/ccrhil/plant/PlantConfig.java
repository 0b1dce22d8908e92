package io.github.ccrhil.plant;

/**
 * Everything needed to build a plant. All values SI.
 *
 * @param mainsVoltageRms nominal CCR input voltage, V (e.g. 400)
 * @param mainsFrequencyHz 50 or 60
 * @param ratedPowerVa CCR rating, VA (e.g. 10,000)
 * @param ratedCurrentA nominal top-step loop current, A (6.6 or 20)
 * @param loop the series circuit
 * @param samplesPerCycle sensor samples per mains cycle (≥ 200 for the waveform model)
 * @param stepsPerSample integration steps between samples (≥ 1)
 * @param measurementNoise standard deviation of sensor noise as a fraction of the reading's
 *     full scale (0 for none)
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
}
