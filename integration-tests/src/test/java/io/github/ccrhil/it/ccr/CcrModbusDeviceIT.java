package io.github.ccrhil.it.ccr;

import io.github.ccrhil.ccr.emulator.device.CcrModbusDevice;

import static org.junit.jupiter.api.Assertions.*;

import io.github.ccrhil.ccr.firmware.board.Command;
import io.github.ccrhil.ccr.firmware.board.Selector;
import io.github.ccrhil.it.BoardRig;
import io.github.ccrhil.modbus.tcp.ModbusTcpClient;
import io.github.ccrhil.modbus.client.ModbusExceptionResponse;
import io.github.ccrhil.modbus.pdu.ExceptionCode;
import io.github.ccrhil.modbus.profile.ProfileClient;
import io.github.ccrhil.modbus.tcp.ModbusTcpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.SortedMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The reference profile bound to the real control board, over loopback TCP. */
@Timeout(60)
class CcrModbusDeviceIT {

    private BoardRig rig;
    private CcrModbusDevice device;
    private ModbusTcpServer server;
    private ModbusTcpClient client;
    private ProfileClient ccr;

    @BeforeEach
    void start() throws Exception {
        rig = new BoardRig();
        device = new CcrModbusDevice(rig.board, rig.lock);
        server = new ModbusTcpServer(device.serverCore(), new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
        client = new ModbusTcpClient(server.address(), Duration.ofSeconds(2));
        ccr = new ProfileClient(client, device.profile());
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private ExceptionCode refused(org.junit.jupiter.api.function.Executable e) {
        return assertThrows(ModbusExceptionResponse.class, e).code();
    }

    @Test
    void aCommandedStepIsRegulatedAndReadBackAsMeasuredCurrent() throws Exception {
        ccr.write("command_step", 3);
        rig.run(Duration.ofSeconds(3));
        assertEquals(3.0, ccr.readNumber("actual_step"));
        assertEquals(2.0, ccr.readNumber("operating_state"), "regulating");
        assertEquals(4.1, ccr.readNumber("output_current"), 0.12, "UFC 3-535-01 step 3 band 3.98..4.22");
        assertEquals(Boolean.TRUE, ccr.read("output_energised"));
        assertEquals(Boolean.TRUE, ccr.read("remote_mode"));
        assertTrue(ccr.readNumber("switch_on_count") >= 1);
    }

    @Test
    void inLocalEveryRemoteWriteIsRefusedWithIllegalFunctionAndChangesNothing() throws Exception {
        synchronized (rig.lock) {
            rig.board.command(new Command.SetSelector(Selector.LOCAL));
        }
        assertEquals(ExceptionCode.ILLEGAL_FUNCTION, refused(() -> ccr.write("command_step", 2)));
        assertEquals(ExceptionCode.ILLEGAL_FUNCTION, refused(() -> ccr.write("event_select", 1)));
        assertEquals(ExceptionCode.ILLEGAL_FUNCTION, refused(() -> ccr.write("reset", true)));
        assertEquals(ExceptionCode.ILLEGAL_FUNCTION, refused(() -> ccr.write("configuration_unlock", CcrModbusDevice.UNLOCK_CODE)));
        assertEquals(0.0, ccr.readNumber("command_step"));
        assertEquals(0.0, ccr.readNumber("event_select"));
        assertEquals(Boolean.FALSE, ccr.read("configuration_unlocked"));
        assertEquals(2.0, ccr.readNumber("selector"), "local");
    }

    @Test
    void configurationIsWriteProtectedUntilUnlockedAndCheckedByTheBoard() throws Exception {
        assertEquals(ExceptionCode.ILLEGAL_FUNCTION, refused(() -> ccr.write("open_circuit_trip_delay", 2.5)));
        assertEquals(2.0, ccr.readNumber("open_circuit_trip_delay"), 1e-9);
        ccr.write("configuration_unlock", CcrModbusDevice.UNLOCK_CODE);
        assertEquals(Boolean.TRUE, ccr.read("configuration_unlocked"));
        ccr.write("open_circuit_trip_delay", 2.5);
        assertEquals(Duration.ofMillis(2500), rig.board.settings().openCircuitTripDelay().value());
        // above the profile's maximum (3 s deadline): 03 from the register image
        assertEquals(ExceptionCode.ILLEGAL_DATA_VALUE, refused(() -> ccr.writeRaw("open_circuit_trip_delay", 5000)));
        // level 2 below level 1: the board's own validation says no: 03
        assertEquals(ExceptionCode.ILLEGAL_DATA_VALUE, refused(() -> ccr.write("lamp_failure_level_2", 1.0)));
        assertEquals(10.0, rig.board.settings().lampFailureLevel2().value(), 1e-9);
        ccr.write("failsafe_step", 2);
        ccr.write("failsafe_mode", 1);
        assertEquals(1.0, ccr.readNumber("failsafe_mode"));
        assertEquals(2.0, ccr.readNumber("failsafe_step"));
        ccr.write("configuration_unlock", 0);
        assertEquals(ExceptionCode.ILLEGAL_FUNCTION, refused(() -> ccr.write("failsafe_mode", 0)));
    }

    @Test
    void anUnmappedAddressAndAnOutOfRangeStepGetTheirCodes() throws Exception {
        assertEquals(ExceptionCode.ILLEGAL_DATA_ADDRESS, refused(() -> client.readHoldingRegisters(1, 2, 1)));
        assertEquals(ExceptionCode.ILLEGAL_DATA_VALUE, refused(() -> client.writeSingleRegister(1, 0, 6)));
    }

    @Test
    void deviceIdentificationNamesEveryComponentOfTheDesignatedEquipment() throws Exception {
        SortedMap<Integer, String> id = client.readDeviceIdentification(1, 3);
        assertEquals("ccr-hil", id.get(0));
        assertTrue(id.get(0x80).startsWith("control board"), id.toString());
        assertEquals(rig.board.equipment().controlBoard().revision(), id.get(0x81));
        assertTrue(id.get(0x83).startsWith("operation/monitoring display panel"), id.toString());
        assertTrue(id.get(0x86).startsWith("current-control software"), id.toString());
        assertEquals(rig.board.equipment().currentControlSoftware().revision(), id.get(0x87));
        assertEquals(rig.board.equipment().currentControlSoftware().sha256(), id.get(0x88));
    }

    @Test
    void theEventLogIsReadableEntryByEntry() throws Exception {
        ccr.write("command_step", 2);
        rig.run(Duration.ofMillis(200));
        long count = (long) ccr.readNumber("event_count");
        assertTrue(count >= 2, "power-up and the accepted command at least");
        assertEquals((double) count, ccr.readNumber("event_sequence"), "entry 0 is the newest");
        ccr.write("event_select", (int) count - 1);
        assertEquals(1.0, ccr.readNumber("event_sequence"), "the oldest retained entry");
        assertEquals(1.0, ccr.readNumber("event_kind"), "state_changed at power-up");
        assertTrue(((String) ccr.read("event_detail")).startsWith("power-up"), String.valueOf(ccr.read("event_detail")));
        assertEquals(java.time.Instant.parse("2000-01-01T00:00:00Z").getEpochSecond(), (long) ccr.readNumber("event_time"),
                "power-up at the simulated epoch");
    }

    @Test
    void aTripIsResetRemotely() throws Exception {
        ccr.write("command_step", 5);
        rig.run(Duration.ofSeconds(2));
        rig.plant.conditions().setLoopOpen(true);
        rig.run(Duration.ofSeconds(4));
        assertEquals(5.0, ccr.readNumber("operating_state"), "tripped");
        assertEquals(1.0, ccr.readNumber("trip_cause"), "open circuit");
        assertEquals(Boolean.TRUE, ccr.read("alarm_open_circuit"));
        rig.plant.conditions().setLoopOpen(false);
        ccr.write("reset", true);
        rig.run(Duration.ofSeconds(3));
        assertEquals(2.0, ccr.readNumber("operating_state"), "regulating again");
        assertEquals(1.0, ccr.readNumber("trip_count"));
    }
}
