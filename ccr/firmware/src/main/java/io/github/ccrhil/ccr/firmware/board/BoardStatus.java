package io.github.ccrhil.ccr.firmware.board;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * Snapshot of the control board for the panel and the remote register map.
 *
 * @param at clock reading of the snapshot
 * @param state state machine state
 * @param selector key switch
 * @param commandedStep step last commanded (remote or panel), 0 = off
 * @param activeStep step whose current is the regulation target now (after selector, failsafe
 *     and state), 0 when de-energised
 * @param targetCurrentA nominal current of the active step, A
 * @param referenceA ramped regulation reference, A
 * @param conductionDemand regulator output u ∈ [0, 1]
 * @param latest measurements of the last half-cycle
 * @param smoothed measurements averaged over the display window
 * @param activeAlarms alarms whose condition holds, in {@link Alarm} order
 * @param unacknowledgedAlarms alarms raised and not yet acknowledged, in {@link Alarm} order
 * @param counters operating counters
 * @param hoursPerStep regulating time per step (1..n), in step order
 * @param failsafe control-link loss behaviour
 * @param linkLost true while the remote link is considered lost
 * @param stepTableName name of the step table
 * @param toleranceTableName name of the tolerance table
 * @param lastEventSequence sequence of the newest event
 */
public record BoardStatus(Instant at, BoardState state, Selector selector, int commandedStep, int activeStep,
                          double targetCurrentA, double referenceA, double conductionDemand, Measurements latest,
                          Measurements smoothed, Set<Alarm> activeAlarms, Set<Alarm> unacknowledgedAlarms,
                          Counters counters, Map<Integer, Duration> hoursPerStep, FailsafeMode failsafe,
                          boolean linkLost, String stepTableName, String toleranceTableName, long lastEventSequence) {
}
