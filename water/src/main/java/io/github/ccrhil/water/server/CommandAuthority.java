package io.github.ccrhil.water.server;

import java.util.Set;

/**
 * Which role may write which point. Operators run the plant (residual set-point, modes,
 * enables, backwash requests, trip resets, manual doses); every other writable point — control
 * thresholds, gains, limits — needs an engineer.
 */
public final class CommandAuthority {
    private static final Set<String> OPERATOR_POINTS = Set.of("CL.SP", "AUTO", "DOSING.ENABLE", "PUMP.ENABLE",
            "TRIP.RESET", "DOSE.MANUAL");

    private CommandAuthority() {
    }

    public static Role required(String plc, String point) {
        if (OPERATOR_POINTS.contains(point) || point.matches("BW\\d+\\.REQUEST")) {
            return Role.OPERATOR;
        }
        return Role.ENGINEER;
    }
}
