package io.github.ccrhil.water.scada.server;

import java.util.Set;

/**
 * Which role may write which point. Operators run the plant (residual set-point, modes,
 * enables, backwash requests, trip resets, manual doses); every other writable point — control
 * thresholds, gains, limits — needs an engineer.
 */
public final class CommandAuthority {
    private static final Set<String> OPERATOR_POINTS = Set.of("cl_sp", "auto", "dosing_enable", "pump_enable",
            "trip_reset", "dose_manual");

    private CommandAuthority() {
    }

    public static Role required(String plc, String point) {
        if (OPERATOR_POINTS.contains(point) || point.matches("bw\\d+_request")) {
            return Role.OPERATOR;
        }
        return Role.ENGINEER;
    }
}
