package io.github.ccrhil.ccr.firmware.board;

/** Kinds of entries in the {@link EventLog}. */
public enum EventKind {
    STATE_CHANGED,
    PROTECTION_TRIPPED,
    ALARM_RAISED,
    ALARM_CLEARED,
    ALARMS_ACKNOWLEDGED,
    COMMAND_ACCEPTED,
    COMMAND_REFUSED,
    FAILSAFE_APPLIED,
    HARDWARE_FAULT,
    /** A half-cycle's measurements were missed (late, stale or corrupted): firing angle held. */
    SAMPLE_MISSED,
    /** Measurements arrived again after one or more missed half-cycles. */
    SAMPLES_RESUMED
}
