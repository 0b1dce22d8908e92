package io.github.ccrhil.ccr.firmware.board;

import java.util.Objects;

/** The answer to a {@link Command}. */
public sealed interface CommandOutcome {

    CommandOutcome ACCEPTED = new Accepted();

    boolean accepted();

    record Accepted() implements CommandOutcome {
        public boolean accepted() {
            return true;
        }
    }

    /** Refused; nothing changed. */
    record Refused(String reason) implements CommandOutcome {
        public Refused {
            Objects.requireNonNull(reason, "reason");
        }

        public boolean accepted() {
            return false;
        }
    }
}
