package io.github.ccrhil.hil.sim;

import io.github.ccrhil.firmware.control.ToleranceBand;

/**
 * One stretch of a run during which the regulator held the same step, as the plant measured it.
 *
 * @param step the active step
 * @param startSeconds when the step became active
 * @param endSeconds when it stopped being active (or the run ended)
 * @param band the step's tolerance band
 * @param maxCurrentA the largest half-cycle rms loop current in the stretch (plant truth), A
 * @param settledAtSeconds from this moment on the current stayed inside the band to the end of
 *     the stretch; NaN if it never settled
 * @param finalCurrentA mean plant rms current over the last half second of the stretch, A
 */
public record StepSegment(int step, double startSeconds, double endSeconds, ToleranceBand band,
                          double maxCurrentA, double settledAtSeconds, double finalCurrentA) {

    /** Time from the step becoming active to settling inside the band; NaN if it never did. */
    public double settlingSeconds() {
        return settledAtSeconds - startSeconds;
    }

    public boolean settled() {
        return !Double.isNaN(settledAtSeconds);
    }
}
