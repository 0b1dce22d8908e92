package io.github.ccrhil.ccr.firmware.board;

import java.util.Map;

/**
 * Operating counters.
 *
 * @param tripsByCause trips per cause, every cause listed in enum order
 * @param energisations transitions from de-energised to soft start
 * @param surgeHolds surge holds entered
 * @param fastCuts half-cycles on which the dynamic-response cut acted
 * @param mainsLosses mains losses longer than the ride-through
 * @param linkLosses control-link losses
 * @param eventsDropped events dropped from the full event log
 * @param missedSamples half-cycles whose measurements were missed (late, stale or corrupted) and ridden through
 * @param heartbeats remote heartbeats accepted (counted here, never written to the event log,
 *        which they would flood: one per poll interval)
 */
public record Counters(Map<ProtectionCause, Long> tripsByCause, long energisations, long surgeHolds, long fastCuts,
                       long mainsLosses, long linkLosses, long eventsDropped, long missedSamples, long heartbeats) {

    public Counters {
        // enum order, so that reports and registers list the causes deterministically
        java.util.LinkedHashMap<ProtectionCause, Long> ordered = new java.util.LinkedHashMap<>();
        for (ProtectionCause c : ProtectionCause.values()) {
            ordered.put(c, tripsByCause.getOrDefault(c, 0L));
        }
        tripsByCause = java.util.Collections.unmodifiableMap(ordered);
    }

    public long trips(ProtectionCause cause) {
        return tripsByCause.getOrDefault(cause, 0L);
    }
}
