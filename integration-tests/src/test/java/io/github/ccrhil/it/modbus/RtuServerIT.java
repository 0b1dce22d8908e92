package io.github.ccrhil.it.modbus;

import io.github.ccrhil.modbus.server.ServerCounters;

import io.github.ccrhil.modbus.serial.ModbusRtuServer;
import io.github.ccrhil.modbus.server.ModbusServerCore;

import static org.junit.jupiter.api.Assertions.*;

import io.github.ccrhil.it.TestDevice;
import io.github.ccrhil.modbus.client.LinkTimeoutException;
import io.github.ccrhil.modbus.client.ModbusExceptionResponse;
import io.github.ccrhil.modbus.pdu.Crc16;
import io.github.ccrhil.modbus.pdu.ExceptionCode;
import io.github.ccrhil.modbus.pdu.ModbusRequest;
import io.github.ccrhil.modbus.pdu.PduCodec;
import io.github.ccrhil.modbus.serial.J2modClient;
import io.github.ccrhil.modbus.serial.JsscSerialPort;
import io.github.ccrhil.modbus.serial.LineTiming;
import io.github.ccrhil.modbus.serial.PtyPair;
import io.github.ccrhil.modbus.serial.SerialSettings;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** RTU over a socat pty pair: our server on ttyA, clients and raw frames on ttyB. */
@Timeout(60)
class RtuServerIT {

    private PtyPair pty;
    private TestDevice device;
    private ModbusRtuServer server;

    @BeforeEach
    void start() throws Exception {
        pty = PtyPair.start();
        device = new TestDevice();
        server = new ModbusRtuServer(new ModbusServerCore(device),
                JsscSerialPort.open(SerialSettings.of8N1(pty.a().toString(), 115200), null), 1);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        pty.close();
    }



    @Test
    void badCrcTruncatedOversizedAndUnknownFramesAreDroppedOrRefusedAndCounted() throws Exception {
        try (JsscSerialPort raw = JsscSerialPort.open(SerialSettings.of8N1(pty.b().toString(), 115200), null)) {
            byte[] write = Crc16.rtuFrame(1, PduCodec.encodeRequest(new ModbusRequest.WriteSingleRegister(0, 3)));
            byte[] badCrc = write.clone();
            badCrc[badCrc.length - 1] ^= 0x01;
            raw.writeFrame(badCrc);
            Thread.sleep(60);
            raw.writeFrame(java.util.Arrays.copyOf(write, 5)); // truncated
            Thread.sleep(60);
            byte[] oversized = new byte[300];
            oversized[0] = 1;
            oversized[1] = 0x10;
            oversized[6] = (byte) 0xFA; // 250 data bytes: a 259-byte frame
            raw.writeFrame(oversized);
            Thread.sleep(60);
            assertEquals(0, drain(raw, 100), "dropped frames get no answer");
            // A function the server does not implement, with a valid CRC: exception 01.
            raw.writeFrame(Crc16.rtuFrame(1, new byte[] {0x08, 0, 0, 0x12, 0x34}));
            byte[] answer = readFrame(raw, 5);
            assertArrayEquals(Crc16.rtuFrame(1, new byte[] {(byte) 0x88, 0x01}), answer);
        }
        ServerCounters.Snapshot c = server.counters().snapshot();
        assertEquals(1, c.crcErrors());
        assertEquals(1, c.truncatedFrames());
        assertEquals(1, c.oversizedFrames());
        assertEquals(0, device.holding[0], "no dropped frame may change state");
        try (J2modClient m = J2modClient.rtu(SerialSettings.of8N1(pty.b().toString(), 115200), null, Duration.ofSeconds(1))) {
            m.writeSingleRegister(1, 0, 2);
            assertEquals(2, device.holding[0], "the server still serves after bad input");
        }
    }

    @Test
    void lineTimingEmulationMakesATransactionTakeItsLineTime() throws Exception {
        server.close();
        server = null;
        SerialSettings serverSide = SerialSettings.of8N1(pty.a().toString(), 9600);
        LineTiming timing = LineTiming.of(serverSide);
        server = new ModbusRtuServer(new ModbusServerCore(device), JsscSerialPort.open(serverSide, timing), 1);
        try (J2modClient m = J2modClient.rtu(SerialSettings.of8N1(pty.b().toString(), 9600), timing, Duration.ofSeconds(1))) {
            m.readHoldingRegisters(1, 0, 4); // warm up
            long t0 = System.nanoTime();
            int n = 10;
            for (int i = 0; i < n; i++) {
                m.readHoldingRegisters(1, 0, 4);
            }
            double perTransaction = (System.nanoTime() - t0) / (double) n;
            double lineTime = 1e9 / timing.maxTransactionsPerSecond(8, 13);
            // Not a performance assertion: a lower bound that holds only if the emulation works at all.
            assertTrue(perTransaction >= 0.98 * lineTime,
                    "transaction took " + perTransaction / 1e6 + " ms, line time is " + lineTime / 1e6 + " ms");
        }
    }

    private static int drain(JsscSerialPort port, long millis) throws Exception {
        byte[] b = new byte[512];
        int total = 0;
        int n;
        while ((n = port.read(b, 0, b.length, millis * 1_000_000L)) > 0) {
            total += n;
        }
        return total;
    }

    private static byte[] readFrame(JsscSerialPort port, int length) throws Exception {
        byte[] b = new byte[length];
        int got = 0;
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (got < length && System.nanoTime() < deadline) {
            got += port.read(b, got, length - got, 100_000_000L);
        }
        return java.util.Arrays.copyOf(b, got);
    }
}
