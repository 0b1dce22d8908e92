package io.github.ccrhil.ccr.firmware.board;

import java.util.Objects;

/** Commands to the control board, from the remote link, the panel or the key switch. */
public sealed interface Command {

    /** Origin of the command; the key switch counts as local. */
    Origin origin();

    /** Select brightness step {@code step} (0 = off, 1..n). */
    record SelectStep(int step, Origin origin) implements Command {
        public SelectStep {
            Objects.requireNonNull(origin, "origin");
        }
    }

    /** Turn the key switch. Physical, always local. */
    record SetSelector(Selector selector) implements Command {
        public SetSelector {
            Objects.requireNonNull(selector, "selector");
        }

        public Origin origin() {
            return Origin.LOCAL_PANEL;
        }
    }

    /** Reset a trip; a lock-out needs origin LOCAL_PANEL. */
    record Reset(Origin origin) implements Command {
        public Reset {
            Objects.requireNonNull(origin, "origin");
        }
    }

    record AcknowledgeAlarms(Origin origin) implements Command {
        public AcknowledgeAlarms {
            Objects.requireNonNull(origin, "origin");
        }
    }

    /** Remote keep-alive: proves the control link is alive. */
    record Heartbeat() implements Command {
        public Origin origin() {
            return Origin.REMOTE;
        }
    }

    /** Replace the protection settings. */
    record ChangeSettings(ProtectionSettings settings, Origin origin) implements Command {
        public ChangeSettings {
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(origin, "origin");
        }
    }

    /** Change what happens on control-link loss. */
    record SetFailsafe(FailsafeMode mode, Origin origin) implements Command {
        public SetFailsafe {
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(origin, "origin");
        }
    }
}
