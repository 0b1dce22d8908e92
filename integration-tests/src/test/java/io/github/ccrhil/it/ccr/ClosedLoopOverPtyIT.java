package io.github.ccrhil.it.ccr;

import io.github.ccrhil.ccr.emulator.device.FirmwareLoop;
import io.github.ccrhil.ccr.emulator.device.ModbusHardwarePort;
import io.github.ccrhil.ccr.emulator.device.PowerStageDevice;

import static org.junit.jupiter.api.Assertions.*;

import io.github.ccrhil.ccr.firmware.board.BoardConfig;
import io.github.ccrhil.ccr.firmware.board.Command;
import io.github.ccrhil.ccr.firmware.board.ControlBoard;
import io.github.ccrhil.ccr.firmware.board.Origin;
import io.github.ccrhil.ccr.firmware.control.StepTables;
import io.github.ccrhil.ccr.plant.Plants;
import io.github.ccrhil.evidence.time.SimulatedClock;
import io.github.ccrhil.it.BoardRig;
import io.github.ccrhil.modbus.serial.J2modClient;
import io.github.ccrhil.modbus.serial.JsscSerialPort;
import io.github.ccrhil.modbus.serial.ModbusRtuServer;
import io.github.ccrhil.modbus.serial.PtyPair;
import io.github.ccrhil.modbus.serial.SerialSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The loop itself in the loop: the plant as a Modbus RTU device on one end of a pty pair, the
 * firmware's control loop on the other, regulating over the link. The verdict uses the plant's
 * own trace (its noise-free truth), not what the firmware says about itself.
 */
@Timeout(90)
class ClosedLoopOverPtyIT {

    private static final int BAUD = 115200;

    private record Row(long index, double trueCurrentRms) {
    }

    private void holdsStepThree(boolean realTime, Duration length) throws Exception {
        List<Row> trace = Collections.synchronizedList(new ArrayList<>());
        PowerStageDevice stage = new PowerStageDevice(Plants.averaged(BoardRig.plantConfig(3L)),
                (i, c, a, h) -> trace.add(new Row(i, h.trueCurrentRms)));
        SimulatedClock clock = new SimulatedClock();
        ControlBoard board = new ControlBoard(BoardConfig.defaults(StepTables.SIX_SIX_FIVE_STEP), clock);
        Object lock = new Object();
        board.command(new Command.SelectStep(3, Origin.REMOTE));
        try (PtyPair pty = PtyPair.start();
             ModbusRtuServer plantSide = new ModbusRtuServer(stage.serverCore(),
                     JsscSerialPort.open(SerialSettings.of8N1(pty.a().toString(), BAUD), null), 2);
             J2modClient client = J2modClient.rtu(SerialSettings.of8N1(pty.b().toString(), BAUD), null, Duration.ofMillis(500))) {
            ModbusHardwarePort port = new ModbusHardwarePort(client, 2, clock);
            long halfCycles = StrictMath.round(length.toNanos() / 1e9 * 2 * BoardRig.MAINS_HZ);
            try (FirmwareLoop loop = new FirmwareLoop(board, port, lock, Duration.ofMillis(10), realTime, halfCycles).start()) {
                assertTrue(loop.await(length.multipliedBy(4).plusSeconds(10)), "the loop finished");
                assertEquals(halfCycles, loop.periods());
            }
            assertEquals(halfCycles, port.transactions());
            assertEquals(0, plantSide.counters().snapshot().droppedFrames(), "no frame lost on the link");
        }
        assertEquals(halfCycles(length), trace.size(), "the plant ran one half-cycle per transaction");
        // after 1.5 s of settling (soft start from off included), every half-cycle in the UFC band
        long settled = StrictMath.round(1.5 * 2 * BoardRig.MAINS_HZ);
        double min = Double.MAX_VALUE;
        double max = 0;
        for (Row r : trace) {
            if (r.index() >= settled) {
                min = StrictMath.min(min, r.trueCurrentRms());
                max = StrictMath.max(max, r.trueCurrentRms());
            }
        }
        assertTrue(min >= 3.98 && max <= 4.22, "step 3 held in 3.98..4.22 A by the plant's own trace: " + min + ".." + max);
        assertEquals("REGULATING", board.status().state().label());
    }

    private static long halfCycles(Duration d) {
        return StrictMath.round(d.toNanos() / 1e9 * 2 * BoardRig.MAINS_HZ);
    }

    @Test
    void firmwareHoldsTheStepOverARealLinkInRealTimeAt100Hz() throws Exception {
        holdsStepThree(true, Duration.ofSeconds(3));
    }

    @Test
    void theSameFirmwareRunsLockStepAsFastAsTheLinkAnswers() throws Exception {
        holdsStepThree(false, Duration.ofSeconds(4));
    }
}
