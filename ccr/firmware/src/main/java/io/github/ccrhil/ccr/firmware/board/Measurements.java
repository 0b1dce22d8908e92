package io.github.ccrhil.ccr.firmware.board;

/**
 * What the board measured over one half-cycle (or averaged over several for display).
 *
 * @param currentRmsA true-rms loop current, A
 * @param voltageRmsV true-rms output voltage, V
 * @param apparentPowerVA Irms · Vrms, VA
 * @param realPowerW mean of v·i, W
 * @param powerFactor W / VA (0 when VA is 0)
 * @param peakCurrentA max |i|, A
 * @param inputVoltageRmsV mains voltage at the CCR input, V
 * @param mainsFrequencyHz mains frequency, Hz
 * @param insulationResistanceOhms loop-to-earth insulation, Ω
 * @param estimatedFailedLamps failed-lamp estimate, −1 when unknown or not configured
 */
public record Measurements(double currentRmsA, double voltageRmsV, double apparentPowerVA, double realPowerW,
                           double powerFactor, double peakCurrentA, double inputVoltageRmsV, double mainsFrequencyHz,
                           double insulationResistanceOhms, int estimatedFailedLamps) {

    public static final Measurements NONE =
            new Measurements(0, 0, 0, 0, 0, 0, 0, 0, Double.POSITIVE_INFINITY, -1);

    public Measurements withFailedLamps(int k) {
        return new Measurements(currentRmsA, voltageRmsV, apparentPowerVA, realPowerW, powerFactor, peakCurrentA,
                inputVoltageRmsV, mainsFrequencyHz, insulationResistanceOhms, k);
    }
}
