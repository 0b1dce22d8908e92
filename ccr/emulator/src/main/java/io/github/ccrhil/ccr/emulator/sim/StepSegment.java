package io.github.ccrhil.ccr.emulator.sim;

import io.github.ccrhil.ccr.firmware.control.ToleranceBand;

/**
 * One stretch of a run during which the regulator held the same step, as the plant measured it.
 *
 * @param step the active step
 * @param startSeconds when the step became active
 * @param endSeconds when it stopped being active (or the run ended)
 * @param band the step's tolerance band
 * @param maxCurrentA the largest half-cycle rms loop current in the stretch (plant truth), A
 * @param settledAtSeconds when the current entered the band and stayed in it up to the first
 *     scenario event in the stretch, or to its end when there was none (the settling of
 *     {@link io.github.ccrhil.ccr.emulator.trace.TraceMetrics}); NaN if it was outside the band then
 * @param excursions half-cycles outside the band after that first scenario event (faults, supply steps)
 * @param finalCurrentA median plant rms current over the last half second of the stretch, A
 *     (a median, so that a ride-through's few empty half-cycles do not move it)
 */
public record StepSegment(int step, double startSeconds, double endSeconds, ToleranceBand band,
                          double maxCurrentA, double settledAtSeconds, int excursions, double finalCurrentA) {

    /** Time from the step becoming active to settling inside the band; NaN if it never did. */
    public double settlingSeconds() {
        return settledAtSeconds - startSeconds;
    }

    public boolean settled() {
        return !Double.isNaN(settledAtSeconds);
    }
}
