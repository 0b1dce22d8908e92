package io.github.ccrhil.water.plant;

/** The PLC's side of the field wiring: read a sensor, drive an actuator. */
public interface FieldIo {
    /** Current value of a sensor or actuator tag; IllegalArgumentException for an unknown tag. */
    double read(String tag);

    /** Drives an actuator tag; IllegalArgumentException for an unknown tag or a non-finite value. */
    void write(String tag, double value);
}
