package io.github.ccrhil.ccr.verify.accept.dut;

import io.github.ccrhil.ccr.firmware.board.BoardConfig;
import io.github.ccrhil.ccr.firmware.board.BoardStatus;
import io.github.ccrhil.ccr.firmware.board.Command;
import io.github.ccrhil.ccr.firmware.board.CommandOutcome;
import io.github.ccrhil.ccr.firmware.board.ControlBoard;
import io.github.ccrhil.ccr.firmware.board.DesignatedEquipment;
import io.github.ccrhil.ccr.firmware.hardware.GateCommand;
import io.github.ccrhil.ccr.firmware.hardware.HardwarePort;
import java.time.InstantSource;

/**
 * The firmware of an emulated DUT as the harness drives it: the reference {@link ControlBoard},
 * or a variant built around it (the acceptance suite's tests ship deliberately defective ones).
 */
public interface Firmware {

    CommandOutcome command(Command c);

    void controlStep(HardwarePort port);

    BoardStatus status();

    DesignatedEquipment equipment();

    GateCommand pendingCommand();

    /** The board underneath (for binding it to a remote interface such as the Modbus device). */
    ControlBoard board();

    /** Builds a firmware instance from a board configuration and the simulated clock. */
    @FunctionalInterface
    interface Factory {
        Firmware build(BoardConfig config, InstantSource clock);

        /** The reference firmware: the control board as shipped. */
        Factory REFERENCE = (config, clock) -> of(new ControlBoard(config, clock));
    }

    /**
     * The emulated DUT's designated components as a campaign records them: the firmware model and
     * the current-control software it runs, each hashed over its own classes.
     */
    static java.util.List<io.github.ccrhil.evidence.ComponentIdentity> modelIdentity() {
        return java.util.List.of(
                new io.github.ccrhil.evidence.ComponentIdentity("firmware model (io.github.ccrhil.ccr.firmware)", "model",
                        "this build", io.github.ccrhil.evidence.BuildHash.ofPackageTree(HardwarePort.class, "io.github.ccrhil.ccr.firmware")),
                new io.github.ccrhil.evidence.ComponentIdentity("current-control software", "reference", "this build",
                        io.github.ccrhil.ccr.emulator.sim.CcrSimulation.currentControlSoftwareSha256()));
    }

    /** The reference firmware around {@code board}. */
    static Firmware of(ControlBoard board) {
        return new Firmware() {
            @Override
            public CommandOutcome command(Command c) {
                return board.command(c);
            }

            @Override
            public void controlStep(HardwarePort port) {
                board.controlStep(port);
            }

            @Override
            public BoardStatus status() {
                return board.status();
            }

            @Override
            public DesignatedEquipment equipment() {
                return board.equipment();
            }

            @Override
            public GateCommand pendingCommand() {
                return board.pendingCommand();
            }

            @Override
            public ControlBoard board() {
                return board;
            }
        };
    }
}
