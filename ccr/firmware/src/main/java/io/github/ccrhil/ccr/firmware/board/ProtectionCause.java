package io.github.ccrhil.ccr.firmware.board;

/** Why the board tripped. */
public enum ProtectionCause {
    /** Loop open: current far below the reference while conduction is demanded. */
    OPEN_CIRCUIT,
    /** Above the lower overcurrent level (default 105 % of the top step) for its delay. */
    OVERCURRENT_LOW,
    /** Above the upper overcurrent level (default 125 % of the top step) for its delay. */
    OVERCURRENT_HIGH,
    /** The power stage or its sensors could not be reached. */
    HARDWARE_FAULT
}
