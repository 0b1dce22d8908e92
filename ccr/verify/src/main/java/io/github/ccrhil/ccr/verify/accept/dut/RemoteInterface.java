package io.github.ccrhil.ccr.verify.accept.dut;

import io.github.ccrhil.evidence.ComponentIdentity;
import java.util.List;
import java.util.Set;

/**
 * The DUT's remote interface as a verifier (or an ALCMS) sees it: in-process calls for the
 * emulated DUT in simulated time, or the register profile over Modbus. Every call returns or
 * throws {@link DutException} within a bounded time.
 */
public interface RemoteInterface extends AutoCloseable {

    /** Commands a brightness step; the answer says whether the DUT accepted it. */
    Outcome selectStep(int step) throws DutException;

    /** Reads what the DUT reports about itself (also proves the link alive: a poll). */
    Readout read() throws DutException;

    /** Keeps the control link alive with the lightest request the interface has (a poll). */
    default void keepAlive() throws DutException {
        read();
    }

    /**
     * Resets a protection trip, as the panel's reset key does, where the interface offers it; the
     * answer says whether the DUT took it.
     */
    default Outcome reset() throws DutException {
        return new Outcome(false, "this remote interface has no reset");
    }

    /** Acknowledges the alarms raised so far, where the interface offers it. */
    default Outcome acknowledgeAlarms() throws DutException {
        return new Outcome(false, "this remote interface has no alarm acknowledgement");
    }

    /**
     * The interface as Modbus (client, profile and, over TCP, the DUT's address), for the security
     * procedures; empty where the DUT is driven in process and has no Modbus interface to test.
     */
    default java.util.Optional<ModbusAccess> modbus() {
        return java.util.Optional.empty();
    }

    /** The components the DUT reports, in its order. */
    List<ComponentIdentity> identity() throws DutException;

    /** A short description for the run log, e.g. "in-process" or "modbus tcp:127.0.0.1:40211". */
    String describe();

    @Override
    void close();

    record Outcome(boolean accepted, String detail) { }

    /**
     * What the DUT says about itself.
     *
     * @param state operating state name
     * @param activeStep active step
     * @param currentA its own output-current reading, A
     * @param failedLamps its failed-lamp count (−1 unknown)
     * @param alarms active alarm names
     * @param remote true when its key switch is at REMOTE
     */
    record Readout(String state, int activeStep, double currentA, int failedLamps, Set<String> alarms, boolean remote) { }
}
