package io.github.ccrhil.water.plant.plc;

import io.github.ccrhil.modbus.profile.Profile;
import io.github.ccrhil.water.plant.FieldIo;
import java.time.Duration;
import java.util.Map;

/** A PLC's logic: its register map, start values, one scan, and the check of network writes. */
public interface PlcProgram {

    /** The register map this program serves. */
    Profile points();

    /** Writes start values of set-points and commands. */
    void initialise(PlcMemory memory);

    /**
     * One scan: read the field, decide, drive the field, publish measurements.
     *
     * @param now elapsed simulated time since the PLC started
     */
    void scan(FieldIo io, PlcMemory memory, Duration now);

    /**
     * Cross-point check of a network write whose values are each already within their point's own
     * range (for instance LL &lt; L &lt; H &lt; HH). {@code pending} maps point names to the values
     * about to be written (several for one FC16 write). Returns null to accept, or why the write is refused.
     */
    /**
     * Called once, at the scan that finds the supervisory link silent: no Modbus request has reached
     * the PLC for its supervisor timeout ({@link Plc#supervisorTimeout()}). A program puts back what
     * an operator may only leave set while someone watches (manual dosing goes back to automatic
     * control); its interlocks hold either way.
     */
    default void supervisorSilent(PlcMemory memory) {
    }

    default String veto(PlcMemory memory, Map<String, Double> pending) {
        return null;
    }
}
