package io.github.ccrhil.it.modbus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.ccrhil.it.TestDevice;
import io.github.ccrhil.modbus.client.LinkTimeoutException;
import io.github.ccrhil.modbus.client.ModbusExceptionResponse;
import io.github.ccrhil.modbus.client.ModbusMaster;
import io.github.ccrhil.modbus.pdu.ExceptionCode;
import io.github.ccrhil.modbus.server.ServerCounters;
import java.time.Duration;
import java.util.SortedMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

/**
 * What every client and server pair of our one Modbus stack must do, whatever the transport:
 * one suite, subclassed per transport (TCP on loopback, RTU on a socat pty pair), instead of
 * parallel copies. Transport-specific behaviour (MBAP framing, CRC, line timing, connection
 * limits) stays in the transport's own test.
 */
@Timeout(60)
abstract class ClientServerContract {

    protected TestDevice device;
    private ModbusMaster master;

    /** Starts a server for unit 1 over {@code device}. */
    protected abstract void startServer(TestDevice device) throws Exception;

    /** A master (client) on this transport, talking to the server just started. */
    protected abstract ModbusMaster openMaster(Duration timeout) throws Exception;

    protected abstract ServerCounters.Snapshot counters();

    protected abstract void stopServer();

    @BeforeEach
    void startPair() throws Exception {
        device = new TestDevice();
        startServer(device);
        master = openMaster(Duration.ofSeconds(2));
    }

    @AfterEach
    void stopPair() {
        if (master != null) {
            master.close();
        }
        stopServer();
    }

    private static ModbusExceptionResponse refused(Executable e) {
        return assertThrows(ModbusExceptionResponse.class, e);
    }

    @Test
    void aWrittenStepIsReadBackAndTakesEffectOnTheMeasuredValue() throws Exception {
        master.writeSingleRegister(1, 0, 3);
        assertArrayEquals(new int[] {3}, master.readHoldingRegisters(1, 0, 1));
        assertEquals(3000, master.readInputRegisters(1, 0, 1)[0]);
        master.writeMultipleRegisters(1, 1, new int[] {11, 12});
        assertArrayEquals(new int[] {3, 11, 12}, master.readHoldingRegisters(1, 0, 3));
    }

    @Test
    void coilsAndDiscreteInputsRoundTrip() throws Exception {
        device.discretes[2] = true;
        master.writeSingleCoil(1, 1, true);
        master.writeMultipleCoils(1, 4, new boolean[] {true, false, true});
        assertArrayEquals(new boolean[] {false, true, false, false, true, false, true}, master.readCoils(1, 0, 7));
        assertArrayEquals(new boolean[] {false, false, true}, master.readDiscreteInputs(1, 0, 3));
    }

    @Test
    void readWriteMultipleWritesBeforeItReads() throws Exception {
        int[] read = master.readWriteMultipleRegisters(1, 0, 3, 1, new int[] {42, 43});
        assertArrayEquals(new int[] {0, 42, 43}, read);
    }

    @Test
    void deviceIdentificationNamesEveryObject() throws Exception {
        SortedMap<Integer, String> id = master.readDeviceIdentification(1, 3);
        assertEquals("ccr-hil", id.get(0));
        assertEquals("TEST-DEV", id.get(1));
        assertEquals("board rev B", id.get(0x80));
    }

    @Test
    void badAddressValueAndStateGetTheirExceptionCodesAndChangeNothing() throws Exception {
        assertEquals(ExceptionCode.ILLEGAL_DATA_ADDRESS, refused(() -> master.readHoldingRegisters(1, 8, 5)).code());
        assertEquals(ExceptionCode.ILLEGAL_DATA_VALUE, refused(() -> master.writeSingleRegister(1, 0, 9)).code());
        device.local = true;
        assertEquals(ExceptionCode.ILLEGAL_FUNCTION, refused(() -> master.writeSingleRegister(1, 0, 2)).code());
        assertEquals(0, device.holding[0]);
        assertEquals(3, counters().exceptionResponses());
    }

    @Test
    void anotherUnitIdGetsNoAnswerAndTheMasterTimesOutThenRecovers() throws Exception {
        try (ModbusMaster m = openMaster(Duration.ofMillis(200))) {
            assertThrows(LinkTimeoutException.class, () -> m.readHoldingRegisters(2, 0, 1));
            assertArrayEquals(new int[] {0}, m.readHoldingRegisters(1, 0, 1), "the link recovers after a timeout");
        }
        assertEquals(1, counters().otherUnit());
    }
}
