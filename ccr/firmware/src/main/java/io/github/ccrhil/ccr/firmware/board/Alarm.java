package io.github.ccrhil.ccr.firmware.board;

/** Alarms, in the fixed order in which they are reported. */
public enum Alarm {
    LAMP_FAILURE_1,
    LAMP_FAILURE_2,
    EARTH_FAULT_1,
    EARTH_FAULT_2,
    I_MIN,
    I_MAX,
    OPEN_CIRCUIT,
    OVERCURRENT,
    SURGE,
    MAINS_LOSS,
    LINK_LOSS,
    HARDWARE_FAULT,
    LOCKED_OUT
}
