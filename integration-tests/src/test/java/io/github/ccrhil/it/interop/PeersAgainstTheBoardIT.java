package io.github.ccrhil.it.interop;

import static org.junit.jupiter.api.Assertions.*;

import io.github.ccrhil.ccr.emulator.device.CcrModbusDevice;
import io.github.ccrhil.ccr.emulator.device.FirmwareLoop;
import io.github.ccrhil.ccr.firmware.board.Command;
import io.github.ccrhil.ccr.firmware.board.Selector;
import io.github.ccrhil.it.BoardRig;
import io.github.ccrhil.it.Peers;
import io.github.ccrhil.modbus.serial.JsscSerialPort;
import io.github.ccrhil.modbus.serial.ModbusRtuServer;
import io.github.ccrhil.modbus.serial.PtyPair;
import io.github.ccrhil.modbus.serial.SerialSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * mbpoll, a third-party client, against the real control board regulating the plant in real
 * time, over a pty at 19200 8E1 (the Modbus default framing): the commanded step takes effect
 * on the measured current, and in LOCAL the write is refused with "Illegal function".
 */
@Timeout(60)
class PeersAgainstTheBoardIT {

    private static final Pattern VALUE = Pattern.compile("\\[(\\d+)\\]:\\s+(-?\\d+)");
    /**
     * How long mbpoll waits for each answer, seconds: its longest (10; its default is 1). The
     * harness's patience, not a limit on the board: this test checks what the board answers, not
     * how soon. At load 30 on two cores the board's server (a thread of this JVM) was seen answering
     * later than 1 s, and mbpoll gave up ("Connection timed out").
     */
    private static final String ANSWER_TIMEOUT_S = "10";

    /** mbpoll with the options, the device, then the values to write (if any: a value after "="). */
    private static Peers.Result mbpoll(PtyPair pty, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("mbpoll", "-m", "rtu", "-b", "19200", "-P", "even", "-a", "1", "-0", "-1", "-o", ANSWER_TIMEOUT_S));
        List<String> values = new ArrayList<>();
        for (String a : args) {
            if (a.startsWith("=")) {
                values.add(a.substring(1));
            } else {
                cmd.add(a);
            }
        }
        cmd.add(pty.b().toString());
        cmd.addAll(values);
        return Peers.run(cmd, 30);
    }

    private static int value(Peers.Result r) {
        Matcher m = VALUE.matcher(r.output());
        assertTrue(m.find(), "no value in mbpoll output: " + r.output());
        return Integer.parseInt(m.group(2));
    }

    @Test
    void mbpollCommandsAStepOnTheRealBoardAndIsRefusedInLocal() throws Exception {
        Peers.require("mbpoll");
        BoardRig rig = new BoardRig();
        CcrModbusDevice device = new CcrModbusDevice(rig.board, rig.lock);
        try (PtyPair pty = PtyPair.start();
             ModbusRtuServer server = new ModbusRtuServer(device.serverCore(),
                     JsscSerialPort.open(SerialSettings.of8E1(pty.a().toString(), 19200), null), 1);
             FirmwareLoop loop = new FirmwareLoop(rig.board, rig.port, rig.lock, Duration.ofMillis(10), true, Long.MAX_VALUE).start()) {
            assertTrue(value(mbpoll(pty, "-t", "3", "-r", "3")) < 100, "de-energised at power-up (sensor noise only)");
            Peers.Result w = mbpoll(pty, "-t", "4", "-r", "0", "=4");
            assertEquals(0, w.exit(), w.output());
            // the soft start takes about a second on a quiet host; poll until the band or a deadline
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            int milliamps = value(mbpoll(pty, "-t", "3", "-r", "3"));
            while (!(milliamps >= 5070 && milliamps <= 5330) && System.nanoTime() < deadline) {
                milliamps = value(mbpoll(pty, "-t", "3", "-r", "3"));
            }
            assertTrue(milliamps >= 5070 && milliamps <= 5330, "step 4 (5.2 A) measured " + milliamps + " mA");
            synchronized (rig.lock) {
                rig.board.command(new Command.SetSelector(Selector.LOCAL));
            }
            Peers.Result local = mbpoll(pty, "-t", "4", "-r", "0", "=1");
            assertTrue(local.output().contains("Illegal function"), local.output());
            assertEquals(4, value(mbpoll(pty, "-t", "4", "-r", "0")), "the refused write changed nothing");
        }
    }
}
