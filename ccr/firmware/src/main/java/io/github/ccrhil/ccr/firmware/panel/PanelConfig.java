package io.github.ccrhil.ccr.firmware.panel;

import java.time.Duration;
import java.util.Objects;

/**
 * Panel configuration.
 *
 * @param password settings password (compared in constant time)
 * @param autoLock settings lock again this long after the last unlock or settings action
 */
public record PanelConfig(String password, Duration autoLock) {

    public PanelConfig {
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(autoLock, "autoLock");
        if (password.isEmpty()) {
            throw new IllegalArgumentException("panel password must not be empty");
        }
        if (autoLock.isNegative() || autoLock.isZero()) {
            throw new IllegalArgumentException("auto-lock must be positive, was " + autoLock);
        }
    }

    /** Default: password "0000" (to be changed on commissioning), auto-lock after 5 min. */
    public static PanelConfig defaults() {
        return new PanelConfig("0000", Duration.ofMinutes(5));
    }
}
