package io.github.ccrhil.it;

import io.github.ccrhil.ccr.firmware.board.ControlBoard;
import io.github.ccrhil.ccr.firmware.control.StepTable;
import io.github.ccrhil.ccr.firmware.control.StepTables;
import io.github.ccrhil.ccr.firmware.control.ToleranceTables;
import io.github.ccrhil.ccr.emulator.device.CcrModbusDevice;
import io.github.ccrhil.ccr.emulator.device.FirmwareLoop;
import io.github.ccrhil.ccr.emulator.sim.CcrSimulation;
import io.github.ccrhil.ccr.emulator.sim.InProcessHardwarePort;
import io.github.ccrhil.evidence.time.SimulatedClock;
import io.github.ccrhil.ccr.plant.LoopConfig;
import io.github.ccrhil.ccr.plant.PlantConfig;
import io.github.ccrhil.ccr.plant.Plants;
import java.time.Duration;

/**
 * The reference CCR as a DUT outside the verifier, for tests that reach it over a link: the
 * 6.6 A five-step regulator on an averaged plant (80 % load, 50 % LED), its board, and its
 * Modbus device, all guarded by one lock. Serve {@link #device} and {@link #startFirmware()}.
 */
public final class ServedReferenceCcr {

    public final StepTable steps = StepTables.SIX_SIX_FIVE_STEP;
    public final SimulatedClock clock = new SimulatedClock();
    public final InProcessHardwarePort port;
    public final ControlBoard board;
    public final Object lock = new Object();
    public final CcrModbusDevice device;

    public ServedReferenceCcr() {
        LoopConfig loop = LoopConfig.forLoad(10_000, 6.6, 0.8, 0.5, 4000, 50);
        port = new InProcessHardwarePort(
                Plants.averaged(new PlantConfig(400, 50, 10_000, 6.6, loop, 200, 1, CcrSimulation.SENSOR_NOISE, 7)), clock);
        board = new ControlBoard(CcrSimulation.boardConfig(steps, ToleranceTables.byName("UFC-3-535-01", steps), 50, 400), clock);
        device = new CcrModbusDevice(board, lock);
    }

    /** The firmware's regulation loop in real time, 10 ms a period, until closed. */
    public FirmwareLoop startFirmware() {
        return new FirmwareLoop(board, port, lock, Duration.ofMillis(10), true, Long.MAX_VALUE).start();
    }
}
