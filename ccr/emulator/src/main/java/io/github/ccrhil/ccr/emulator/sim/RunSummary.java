package io.github.ccrhil.ccr.emulator.sim;

import io.github.ccrhil.ccr.firmware.board.Event;
import java.time.Duration;
import java.util.List;

/**
 * What a run did, for the summary a person reads. Judgement against limits belongs to the
 * acceptance suite; this only states facts.
 *
 * @param scenario the scenario name
 * @param seed the seed the run used
 * @param halfCycles mains half-cycles simulated
 * @param simulated simulated time covered
 * @param wallClock wall-clock time the run took
 * @param finalState the board's state label at the end
 * @param segments every stretch of constant active step, in time order
 * @param trips protection trips recorded in the board's event log
 * @param maxCurrentA largest half-cycle rms loop current of the whole run (plant truth), A
 * @param overruns control periods that ran late (real-time runs only; 0 in simulated time)
 * @param latenessP99 99th percentile of wake-up lateness (real-time runs only)
 * @param worstOverrun the largest overrun (real-time runs only)
 * @param lag how far the run's time fell behind the wall clock by its end (real-time runs only)
 * @param maxLag the lag past which the run is not valid for timing judgements (real-time runs)
 */
public record RunSummary(String scenario, long seed, long halfCycles, Duration simulated, Duration wallClock,
                         String finalState, List<StepSegment> segments, List<Event> trips, double maxCurrentA,
                         long overruns, Duration latenessP99, Duration worstOverrun, Duration lag, Duration maxLag) {

    /**
     * Why this run is not valid for timing judgements: its lag passed the maximum (a simulated-time
     * run never lags); empty when it is valid.
     */
    public java.util.Optional<String> timingInvalid() {
        if (lag.compareTo(maxLag) <= 0) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(String.format(java.util.Locale.ROOT,
                "real-time run fell %.1f ms behind the wall clock (%d overruns, worst %.1f ms), more than the maximum lag "
                        + "%.1f ms: not valid for timing judgements", lag.toNanos() / 1e6, overruns,
                worstOverrun.toNanos() / 1e6, maxLag.toNanos() / 1e6));
    }

    /** Simulated seconds per wall-clock second. */
    public double realTimeFactor() {
        double wall = wallClock.toNanos() / 1e9;
        return wall <= 0 ? Double.POSITIVE_INFINITY : simulated.toNanos() / 1e9 / wall;
    }
}
