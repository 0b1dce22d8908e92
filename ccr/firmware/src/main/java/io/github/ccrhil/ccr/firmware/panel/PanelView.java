package io.github.ccrhil.ccr.firmware.panel;

import io.github.ccrhil.ccr.firmware.board.Alarm;
import io.github.ccrhil.ccr.firmware.board.Selector;
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
 */
public record PanelView(int activeStep, int commandedStep, int stepCount, double currentA, double voltageV,
                        double apparentPowerVA, double realPowerW, int failedLamps, double insulationMegohms,
                        Set<Alarm> alarms, Selector selector, String state, int unacknowledgedAlarmCount,
                        boolean settingsLocked, boolean linkLost) {

    public PanelView {
        alarms = alarms.isEmpty() ? Set.of() : java.util.Collections.unmodifiableSet(java.util.EnumSet.copyOf(alarms));
    }
}
