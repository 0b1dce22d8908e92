package io.github.ccrhil.ccr.panelweb;

import io.github.ccrhil.ccr.firmware.panel.DisplayPanel;
import java.util.Objects;
import java.util.function.Function;

/**
 * How the web page reaches the display panel without racing the control loop: the board is
 * single-threaded, so every call runs either under the loop's own lock or on the loop's thread.
 */
public interface PanelAccess {

    /**
     * Runs {@code action} on the panel, serialised with the control loop, and returns its result.
     *
     * @throws PanelBusyException when the loop did not take the call in time; then it never runs
     */
    <T> T call(Function<DisplayPanel, T> action);

    /** For a loop that holds {@code lock} around each control period (serve's firmware loop). */
    static PanelAccess locked(DisplayPanel panel, Object lock) {
        Objects.requireNonNull(panel, "panel");
        Objects.requireNonNull(lock, "lock");
        return new PanelAccess() {
            @Override
            public <T> T call(Function<DisplayPanel, T> action) {
                synchronized (lock) {
                    return action.apply(panel);
                }
            }
        };
    }
}
