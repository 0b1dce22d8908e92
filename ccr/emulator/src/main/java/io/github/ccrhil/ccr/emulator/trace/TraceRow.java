package io.github.ccrhil.ccr.emulator.trace;

/**
 * One mains half-cycle of a run, before any judgement: what the firmware measured and decided,
 * beside what the plant itself says happened (the independent measurement).
 *
 * @param timeSeconds simulated time at the end of the half-cycle, s
 * @param state the control board's state name
 * @param step the active brightness step (0 = off)
 * @param referenceA the current reference the regulator was following, A
 * @param bandLowA lower edge of the active step's tolerance band, A (0 when off)
 * @param bandHighA upper edge of the active step's tolerance band, A (0 when off)
 * @param firmwareCurrentRmsA the firmware's true-RMS current, A
 * @param firmwareVoltageRmsV the firmware's rms output voltage, V
 * @param firmwarePowerW the firmware's real power, W
 * @param powerFactor the firmware's power factor
 * @param firingAngleDeg the firing angle commanded for the next half-cycle, degrees
 * @param plantCurrentRmsA the plant's own rms loop current, A
 * @param plantPeakCurrentA the plant's own peak loop current, A
 * @param plantVoltageRmsV the plant's own rms output voltage, V
 * @param lampFailuresEstimated the firmware's failed-lamp estimate
 * @param lampFailuresActual failed lamps actually injected in the plant
 * @param insulationMohm insulation resistance read by the monitor, MΩ (capped for printing)
 * @param mainsDeviation the supply's deviation from nominal, per unit
 */
public record TraceRow(
        double timeSeconds,
        String state,
        int step,
        double referenceA,
        double bandLowA,
        double bandHighA,
        double firmwareCurrentRmsA,
        double firmwareVoltageRmsV,
        double firmwarePowerW,
        double powerFactor,
        double firingAngleDeg,
        double plantCurrentRmsA,
        double plantPeakCurrentA,
        double plantVoltageRmsV,
        int lampFailuresEstimated,
        int lampFailuresActual,
        double insulationMohm,
        double mainsDeviation) {

    public static final String HEADER = "t_s,state,step,i_ref_A,band_lo_A,band_hi_A,i_rms_A,v_rms_V,p_W,pf,"
            + "alpha_deg,plant_i_rms_A,plant_i_peak_A,plant_v_rms_V,lamps_failed_est,lamps_failed_actual,"
            + "insulation_Mohm,mains_dev_pu";
}
