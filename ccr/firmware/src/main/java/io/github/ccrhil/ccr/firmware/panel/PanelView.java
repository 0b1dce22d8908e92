package io.github.ccrhil.ccr.firmware.panel;

import io.github.ccrhil.ccr.firmware.board.Alarm;
import io.github.ccrhil.ccr.firmware.board.ProtectionCause;
import io.github.ccrhil.ccr.firmware.board.Selector;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the operation/monitoring display panel shows.
 *
 * @param activeStep step in force (0 = off)
 * @param commandedStep step last commanded
 * @param stepCount steps of the regulator
 * @param currentA output current (smoothed), A rms
 * @param voltageV output voltage (smoothed), V rms
 * @param apparentPowerVA output VA (smoothed)
 * @param realPowerW output W (smoothed)
 * @param failedLamps estimated failed lamps, −1 unknown
 * @param insulationMegohms loop insulation resistance, MΩ (infinite when no leakage)
 * @param alarms active alarms in fixed order
 * @param selector key switch position
 * @param state board state label
 * @param unacknowledgedAlarmCount alarms raised and not acknowledged
 * @param settingsLocked true unless unlocked by password and not yet auto-locked
 * @param linkLost remote control link lost
 * @param powerFactor output W / VA (smoothed), 0 when de-energised
 * @param tripCause why the board tripped or locked out; empty in every other state
 * @param unacknowledgedAlarms alarms raised and not acknowledged (active or returned to normal), in fixed order
 */
public record PanelView(int activeStep, int commandedStep, int stepCount, double currentA, double voltageV,
                        double apparentPowerVA, double realPowerW, int failedLamps, double insulationMegohms,
                        Set<Alarm> alarms, Selector selector, String state, int unacknowledgedAlarmCount,
                        boolean settingsLocked, boolean linkLost, double powerFactor,
                        Optional<ProtectionCause> tripCause, Set<Alarm> unacknowledgedAlarms) {

    public PanelView {
        alarms = copy(alarms);
        Objects.requireNonNull(tripCause, "tripCause");
        unacknowledgedAlarms = copy(unacknowledgedAlarms);
    }

    private static Set<Alarm> copy(Set<Alarm> s) {
        return s.isEmpty() ? Set.of() : java.util.Collections.unmodifiableSet(java.util.EnumSet.copyOf(s));
    }
}
