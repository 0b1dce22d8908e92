package io.github.ccrhil.ccr.firmware.board;

import java.time.Instant;
import java.util.Objects;

/** The control board's state machine. */
public sealed interface BoardState {

    /** True when the contactor is closed (the output may carry current). */
    boolean energised();

    /** Short upper-case label for panels and registers. */
    String label();

    /** De-energised, ready. */
    record Off() implements BoardState {
        public boolean energised() {
            return false;
        }

        public String label() {
            return "OFF";
        }
    }

    /** Soft start: the reference ramps from 0 A to the step's current. */
    record Starting(Instant since) implements BoardState {
        public Starting {
            Objects.requireNonNull(since, "since");
        }

        public boolean energised() {
            return true;
        }

        public String label() {
            return "STARTING";
        }
    }

    /** The reference has reached the target; regulating (step changes ramp within this state). */
    record Regulating(Instant since) implements BoardState {
        public Regulating {
            Objects.requireNonNull(since, "since");
        }

        public boolean energised() {
            return true;
        }

        public String label() {
            return "REGULATING";
        }
    }

    /**
     * IEC 61822 §5.3.10: after a surge the current is held below 2.0 A rms (here: no conduction)
     * until {@code until}, then soft start back to the step.
     */
    record SurgeHold(Instant since, Instant until) implements BoardState {
        public SurgeHold {
            Objects.requireNonNull(since, "since");
            Objects.requireNonNull(until, "until");
        }

        public boolean energised() {
            return true;
        }

        public String label() {
            return "SURGE_HOLD";
        }
    }

    /** Mains lost for longer than the ride-through; restarts with soft start when it returns. */
    record MainsLoss(Instant since) implements BoardState {
        public MainsLoss {
            Objects.requireNonNull(since, "since");
        }

        public boolean energised() {
            return true;
        }

        public String label() {
            return "MAINS_LOSS";
        }
    }

    /** A protection tripped; a Reset command (from a permitted origin) clears it. */
    record Tripped(ProtectionCause cause, Instant at) implements BoardState {
        public Tripped {
            Objects.requireNonNull(cause, "cause");
            Objects.requireNonNull(at, "at");
        }

        public boolean energised() {
            return false;
        }

        public String label() {
            return "TRIPPED";
        }
    }

    /** Repeated trips; only a Reset from the local panel clears it. */
    record LockedOut(ProtectionCause cause, Instant at) implements BoardState {
        public LockedOut {
            Objects.requireNonNull(cause, "cause");
            Objects.requireNonNull(at, "at");
        }

        public boolean energised() {
            return false;
        }

        public String label() {
            return "LOCKED_OUT";
        }
    }
}
