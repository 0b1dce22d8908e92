package io.github.ccrhil.ccr.verify.accept.dut;

import io.github.ccrhil.ccr.verify.limits.StepTable;
import io.github.ccrhil.ccr.emulator.trace.TraceRow;
import io.github.ccrhil.ccr.plant.PlantHalfCycle;
import java.io.IOException;
import java.time.Duration;

/**
 * A DUT on its bench for one run, as the procedures drive it: its remote interface, the rig that
 * injects faults, the bench operator's key switch and panel keys, the control link, and time.
 * {@link EmulatedCcr} is the emulated CCR in simulated time; {@link LinkedDut} a DUT at the
 * end of a Modbus link in wall-clock time, with an operator as its rig.
 */
public interface Dut {

    /** Receives every trace row. */
    @FunctionalInterface
    interface RowSink {
        void accept(TraceRow row) throws IOException;
    }

    /** Receives every half-cycle's plant samples (a disturbance recorder), where there is a plant. */
    @FunctionalInterface
    interface SampleSink {
        void accept(PlantHalfCycle half) throws IOException;
    }

    /** Seconds since the run began (simulated or wall-clock). */
    double now();

    /** Lets {@code length} of time pass, writing trace rows. */
    void advance(Duration length, RowSink sink) throws IOException, DutException;

    RemoteInterface remote();

    /**
     * The output current as the run's measurement shows it now: the independent meter where the
     * bench has one, else the DUT's own report.
     */
    default double measuredCurrentA() throws DutException {
        return remote().read().currentA();
    }

    /** The plan's step table (the verifier's, not the DUT's). */
    StepTable steps();

    /** Lamps in the loop, −1 when unknown. */
    int lampCount();

    /** Where the plant's samples go, when there is a plant to sample. */
    default void sampleSink(SampleSink sink) {
    }

    Rig rig();

    /** The key switch on the regulator (physical: local). */
    void keySwitch(KeySwitch s) throws DutException;

    /** A step key on the local panel. */
    RemoteInterface.Outcome panelStep(int step) throws DutException;

    /** Cuts (false) or restores (true) the control link: the verifier stops or resumes talking. */
    void link(boolean up);

    /** How faults reach the loop. Every change takes effect from now on. */
    interface Rig {
        /** Lamps for a share of the loop, rounded. */
        int lamps(double fraction);

        void shortLamps(int count) throws DutException;

        void failLamps(int count) throws DutException;

        void openLoop(boolean open) throws DutException;

        void shortOutput(boolean shorted) throws DutException;

        void earthFaultOhms(double ohms) throws DutException;

        /** A shorted thyristor: full conduction whenever the contactor is closed. */
        void gateFault(boolean on) throws DutException;

        void interruptSupply(Duration length) throws DutException;

        /** The supply's deviation from nominal, per unit. */
        void supplyDeviation(double perUnit) throws DutException;

        double baseDeviation();
    }
}
