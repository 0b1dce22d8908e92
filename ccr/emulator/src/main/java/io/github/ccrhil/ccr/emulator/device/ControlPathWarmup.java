package io.github.ccrhil.ccr.emulator.device;

import io.github.ccrhil.ccr.emulator.profile.CcrProfiles;
import io.github.ccrhil.ccr.firmware.board.BoardConfig;
import io.github.ccrhil.ccr.firmware.board.ControlBoard;
import io.github.ccrhil.ccr.plant.CircuitModel;
import io.github.ccrhil.evidence.time.SimulatedClock;
import io.github.ccrhil.modbus.client.LinkException;
import io.github.ccrhil.modbus.profile.Profile;
import io.github.ccrhil.modbus.tcp.ModbusTcpClient;
import io.github.ccrhil.modbus.tcp.ModbusTcpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Warms the whole control path before a served CCR or power stage opens its port, so that
 * nothing the loop needs is loaded, initialised or compiled for the first time on the first
 * command (the first switch-on of a fresh server used to stall it for about 0.45 s on a loaded
 * host, long enough to miss the power stage's link timeout).
 *
 * <p>Everything here is a throwaway copy, never the instance that will serve: a control board on
 * its own simulated clock, a power stage on a plant of its own, both served on ephemeral loopback
 * ports, the board reaching the plant through a {@link ModbusHardwarePort} over a real
 * {@link ModbusTcpClient}, and a Modbus master commanding steps and reading the register map
 * through the {@link CcrModbusDevice} — board, port, link codec, server, register image and
 * plant, on the paths the first command takes (off → soft start → regulating at each step →
 * off). The RTU codec is not exercised here (its framing code is small); a serial power stage
 * gets the rest warmed all the same.
 */
public final class ControlPathWarmup {

    /**
     * What the warm-up did.
     *
     * @param halfCycles control periods run through the link
     * @param stepCommands step commands sent through the register map
     * @param took wall-clock time it took
     */
    public record Report(long halfCycles, int stepCommands, Duration took) {
        @Override
        public String toString() {
            return "warmed the control path: " + halfCycles + " half-cycles over a loopback link, " + stepCommands
                    + " step commands, in " + took.toMillis() + " ms";
        }
    }

    private static final int[] STEPS = {5, 0, 3, 1, 0, 2, 4, 0};

    private ControlPathWarmup() {
    }

    /**
     * Runs the throwaway control path through every step once, then on for {@code budget} after
     * setting up, or until {@code maxHalfCycles}.
     *
     * @param boardConfig the board configuration of the real instance (same code paths)
     * @param plant a throwaway plant of the same model as the real one
     */
    public static Report run(BoardConfig boardConfig, CircuitModel plant, Duration budget, long maxHalfCycles)
            throws IOException {
        return run(boardConfig, plant, budget, maxHalfCycles, System::nanoTime);
    }

    static Report run(BoardConfig boardConfig, CircuitModel plant, Duration budget, long maxHalfCycles, LongSupplier nanoTime)
            throws IOException {
        long start = nanoTime.getAsLong();
        SimulatedClock clock = new SimulatedClock();
        ControlBoard board = new ControlBoard(boardConfig, clock);
        Object lock = new Object();
        PowerStageDevice stage = new PowerStageDevice(plant, null);
        CcrModbusDevice device = new CcrModbusDevice(board, lock);
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        Profile map = CcrProfiles.referenceCcr();
        int stepAddress = map.require("command_step").address();
        long halfCycles = 0;
        int commands = 0;
        try (ModbusTcpServer stageServer = new ModbusTcpServer(stage.serverCore(), loopback, 2);
             ModbusTcpServer ccrServer = new ModbusTcpServer(device.serverCore(), loopback, 1);
             ModbusTcpClient stageLink = new ModbusTcpClient(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                     stageServer.port()), Duration.ofSeconds(2));
             ModbusTcpClient master = new ModbusTcpClient(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                     ccrServer.port()), Duration.ofSeconds(2))) {
            ModbusHardwarePort port = new ModbusHardwarePort(stageLink, 2, clock);
            // the budget counts from here: setting up is class loading, which is part of the point,
            // and on a loaded host it alone can take seconds; every step is visited at least once
            long deadline = nanoTime.getAsLong() + budget.toNanos();
            int perStep = (int) StrictMath.max(50, StrictMath.min(400, maxHalfCycles / STEPS.length));
            long atLeast = StrictMath.min(maxHalfCycles, (long) perStep * STEPS.length);
            while (halfCycles < maxHalfCycles && (halfCycles < atLeast || nanoTime.getAsLong() < deadline)) {
                if (halfCycles % perStep == 0) {
                    master.writeSingleRegister(1, stepAddress, STEPS[commands % STEPS.length]);
                    master.readInputRegisters(1, 0, 18);
                    master.readInputRegisters(1, 20, 22);
                    master.readInputRegisters(1, 50, 32);
                    master.readHoldingRegisters(1, stepAddress, 1);
                    commands++;
                }
                synchronized (lock) {
                    board.controlStep(port);
                }
                halfCycles++;
            }
        } catch (LinkException e) {
            throw new IOException("control-path warm-up over loopback failed: " + e.getMessage(), e);
        }
        return new Report(halfCycles, commands, Duration.ofNanos(nanoTime.getAsLong() - start));
    }
}
