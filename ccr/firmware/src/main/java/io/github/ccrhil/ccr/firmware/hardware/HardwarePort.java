package io.github.ccrhil.ccr.firmware.hardware;

/**
 * The control board's only way to the power stage and its sensors.
 *
 * <p>One call per control period (one mains half-cycle): the gate command for the coming
 * half-cycle goes out, and the measurements of the half-cycle just completed come back. This
 * maps onto one Modbus "read/write multiple registers" (FC 23) transaction when the power stage
 * sits at the far end of a link, and onto one call into the emulated plant in-process.
 */
public interface HardwarePort {

    /**
     * Sends {@code command} and fills {@code into} with the most recent completed half-cycle.
     *
     * @throws MissedSample when this half-cycle's measurements came late, stale or corrupted in
     *     transit; the board holds its firing angle and trips only after the configured number of
     *     consecutive misses
     * @throws HardwareFault when the power stage cannot be reached or answers nonsense; the board
     *     treats this as loss of its measurement and de-energises.
     */
    void exchange(GateCommand command, HalfCycleSamples into) throws HardwareFault;
}
