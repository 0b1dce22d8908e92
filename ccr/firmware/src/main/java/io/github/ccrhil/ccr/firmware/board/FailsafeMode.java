package io.github.ccrhil.ccr.firmware.board;

/**
 * What the board does when the remote control link is lost while the selector is REMOTE.
 * {@link Hold} is the default (UFC 3-535-01 §13-16.6: keep the step selected when the failure
 * happened).
 */
public sealed interface FailsafeMode {

    FailsafeMode HOLD = new Hold();
    FailsafeMode OFF = new TurnOff();

    static FailsafeMode fixedStep(int step) {
        return new FixedStep(step);
    }

    /** Keep the step in force. */
    record Hold() implements FailsafeMode {
    }

    /** Go to a fixed step. */
    record FixedStep(int step) implements FailsafeMode {
        public FixedStep {
            if (step < 0) {
                throw new IllegalArgumentException("failsafe step must be ≥ 0, was " + step);
            }
        }
    }

    /** De-energise (step 0). */
    record TurnOff() implements FailsafeMode {
    }
}
