package io.github.ccrhil.ccr.panelweb;

import io.github.ccrhil.ccr.firmware.panel.DisplayPanel;
import java.util.Objects;
import java.util.function.Function;

/**
 * The panel of whichever regulator is running now: an acceptance run builds a fresh emulated CCR
 * for each test run, and the page follows it. Before the first run, calls fail as busy.
 */
public final class FollowingPanelAccess implements PanelAccess {

    private volatile PanelAccess current;

    /** From now on, calls go to {@code access}. */
    public void follow(PanelAccess access) {
        current = Objects.requireNonNull(access, "access");
    }

    @Override
    public <T> T call(Function<DisplayPanel, T> action) {
        PanelAccess a = current;
        if (a == null) {
            throw new PanelBusyException("no regulator is running yet");
        }
        return a.call(action);
    }
}
