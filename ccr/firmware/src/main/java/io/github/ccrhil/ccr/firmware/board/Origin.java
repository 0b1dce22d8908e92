package io.github.ccrhil.ccr.firmware.board;

/** Where a command comes from. */
public enum Origin {
    /** The remote control system (ALCMS) over the serial/fieldbus link. */
    REMOTE,
    /** The operation/monitoring display panel on the regulator. */
    LOCAL_PANEL
}
