package io.github.ccrhil.it.modbus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.ccrhil.it.TestDevice;
import io.github.ccrhil.modbus.client.LinkTimeoutException;
import io.github.ccrhil.modbus.client.ModbusExceptionResponse;
import io.github.ccrhil.modbus.client.ModbusClient;
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
    private ModbusClient client;

    /** Starts a server for unit 1 over {@code device}. */
    protected abstract void startServer(TestDevice device) throws Exception;

    /** A client (client) on this transport, talking to the server just started. */
    protected abstract ModbusClient openClient(Duration timeout) throws Exception;

    protected abstract ServerCounters.Snapshot counters();

    protected abstract void stopServer();

    @BeforeEach
    void startPair() throws Exception {
        device = new TestDevice();
        startServer(device);
        client = openClient(Duration.ofSeconds(2));
    }

    @AfterEach
    void stopPair() {
        if (client != null) {
            client.close();
        }
        stopServer();
    }

    private static ModbusExceptionResponse refused(Executable e) {
        return assertThrows(ModbusExceptionResponse.class, e);
    }

    @Test
    void aWrittenStepIsReadBackAndTakesEffectOnTheMeasuredValue() throws Exception {
        client.writeSingleRegister(1, 0, 3);
        assertArrayEquals(new int[] {3}, client.readHoldingRegisters(1, 0, 1));
        assertEquals(3000, client.readInputRegisters(1, 0, 1)[0]);
        client.writeMultipleRegisters(1, 1, new int[] {11, 12});
        assertArrayEquals(new int[] {3, 11, 12}, client.readHoldingRegisters(1, 0, 3));
    }

    @Test
    void coilsAndDiscreteInputsRoundTrip() throws Exception {
        device.discretes[2] = true;
        client.writeSingleCoil(1, 1, true);
        client.writeMultipleCoils(1, 4, new boolean[] {true, false, true});
        assertArrayEquals(new boolean[] {false, true, false, false, true, false, true}, client.readCoils(1, 0, 7));
        assertArrayEquals(new boolean[] {false, false, true}, client.readDiscreteInputs(1, 0, 3));
    }

    @Test
    void readWriteMultipleWritesBeforeItReads() throws Exception {
        int[] read = client.readWriteMultipleRegisters(1, 0, 3, 1, new int[] {42, 43});
        assertArrayEquals(new int[] {0, 42, 43}, read);
    }

    @Test
    void deviceIdentificationNamesEveryObject() throws Exception {
        SortedMap<Integer, String> id = client.readDeviceIdentification(1, 3);
        assertEquals("ccr-hil", id.get(0));
        assertEquals("TEST-DEV", id.get(1));
        assertEquals("board rev B", id.get(0x80));
    }

    @Test
    void badAddressValueAndStateGetTheirExceptionCodesAndChangeNothing() throws Exception {
        assertEquals(ExceptionCode.ILLEGAL_DATA_ADDRESS, refused(() -> client.readHoldingRegisters(1, 8, 5)).code());
        assertEquals(ExceptionCode.ILLEGAL_DATA_VALUE, refused(() -> client.writeSingleRegister(1, 0, 9)).code());
        device.local = true;
        assertEquals(ExceptionCode.ILLEGAL_FUNCTION, refused(() -> client.writeSingleRegister(1, 0, 2)).code());
        assertEquals(0, device.holding[0]);
        assertEquals(3, counters().exceptionResponses());
    }

    @Test
    void anotherUnitIdGetsNoAnswerAndTheClientTimesOutThenRecovers() throws Exception {
        try (ModbusClient m = openClient(Duration.ofMillis(200))) {
            assertThrows(LinkTimeoutException.class, () -> m.readHoldingRegisters(2, 0, 1));
            assertArrayEquals(new int[] {0}, m.readHoldingRegisters(1, 0, 1), "the link recovers after a timeout");
        }
        assertEquals(1, counters().otherUnit());
    }
}
