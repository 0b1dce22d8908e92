package io.github.ccrhil.it;

import io.github.ccrhil.ccr.firmware.board.BoardConfig;
import io.github.ccrhil.ccr.firmware.board.ControlBoard;
import io.github.ccrhil.ccr.firmware.control.StepTables;
import io.github.ccrhil.ccr.firmware.hardware.HardwarePort;
import io.github.ccrhil.ccr.emulator.sim.InProcessHardwarePort;
import io.github.ccrhil.evidence.time.SimulatedClock;
import io.github.ccrhil.ccr.plant.CircuitModel;
import io.github.ccrhil.ccr.plant.LoopConfig;
import io.github.ccrhil.ccr.plant.PlantConfig;
import io.github.ccrhil.ccr.plant.Plants;
import java.time.Duration;

/** A 6.6 A 5-step board on an averaged 10 kVA plant in simulated time, for link tests. */
public final class BoardRig {

    public static final double MAINS_HZ = 50.0;

    public final SimulatedClock clock = new SimulatedClock();
    public final Object lock = new Object();
    public final ControlBoard board;
    public final CircuitModel plant;
    public final HardwarePort port;

    public BoardRig() {
        this(1L);
    }

    public BoardRig(long seed) {
        plant = Plants.averaged(plantConfig(seed));
        board = new ControlBoard(BoardConfig.defaults(StepTables.SIX_SIX_FIVE_STEP), clock);
        port = new InProcessHardwarePort(plant, clock);
    }

    public static PlantConfig plantConfig(long seed) {
        return new PlantConfig(400.0, MAINS_HZ, 10_000.0, 6.6,
                LoopConfig.forLoad(10_000.0, 6.6, 0.8, 0.0, 2_000.0, MAINS_HZ), 200, 1, 0.002, seed);
    }

    /** Runs the control loop in simulated time for {@code d}, one half-cycle at a time, under the lock. */
    public void run(Duration d) {
        long n = StrictMath.round(d.toNanos() / 1e9 * 2 * MAINS_HZ);
        for (long i = 0; i < n; i++) {
            synchronized (lock) {
                board.controlStep(port);
            }
        }
    }
}
