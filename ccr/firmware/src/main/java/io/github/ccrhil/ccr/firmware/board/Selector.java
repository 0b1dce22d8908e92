package io.github.ccrhil.ccr.firmware.board;

/** The key switch on the regulator (as on the Hella CCR961): Remote / Off / Local. */
public enum Selector {
    /** Steps come from the remote control system; local keys do nothing. */
    REMOTE,
    /** Nothing energises, whatever is commanded. */
    OFF,
    /** Steps come from the local panel; every remote write is refused and changes nothing. */
    LOCAL
}
