package io.github.ccrhil.it.modbus;

import io.github.ccrhil.modbus.serial.ModbusRtuServer;

import io.github.ccrhil.modbus.server.ModbusServerCore;
import io.github.ccrhil.modbus.tcp.ModbusTcpServer;

import static org.junit.jupiter.api.Assertions.*;

import io.github.ccrhil.it.TestDevice;
import io.github.ccrhil.modbus.serial.J2modClient;
import io.github.ccrhil.modbus.serial.JsscSerialPort;
import io.github.ccrhil.modbus.serial.PtyPair;
import io.github.ccrhil.modbus.serial.SerialSettings;
import io.github.ccrhil.modbus.tcp.ModbusTcpClient;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Seeded random garbage at both servers. The device is in LOCAL, so that even a random frame
 * that happens to be a valid write cannot change anything: afterwards the state is unchanged,
 * the server answers a valid request, and every frame is accounted for.
 */
@Timeout(60)
class BadInputIT {

    private static final long SEED = 0x5EED_CC12L;

    @Test
    void randomBytesNeverStopTheTcpServerNorChangeState() throws Exception {
        TestDevice device = new TestDevice();
        device.holding[3] = 33;
        device.local = true;
        SplittableRandom random = new SplittableRandom(SEED);
        try (ModbusTcpServer server = new ModbusTcpServer(new ModbusServerCore(device),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1)) {
            for (int connection = 0; connection < 40; connection++) {
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
                    OutputStream out = s.getOutputStream();
                    byte[] junk = new byte[random.nextInt(1, 600)];
                    for (int i = 0; i < junk.length; i++) {
                        junk[i] = (byte) random.nextInt(256);
                    }
                    if (random.nextBoolean() && junk.length > 7) {
                        junk[2] = 0; // protocol id 0, so some frames get past the header
                        junk[3] = 0;
                        junk[4] = 0;
                        junk[5] = (byte) random.nextInt(2, 40);
                    }
                    out.write(junk);
                    out.flush();
                } catch (java.net.SocketException e) {
                    // the server may close a connection on a bad header: that is allowed
                }
            }
            try (ModbusTcpClient m = new ModbusTcpClient(server.address(), Duration.ofSeconds(2))) {
                assertArrayEquals(new int[] {0, 0, 0, 33}, m.readHoldingRegisters(1, 0, 4));
            }
        }
        assertEquals(33, device.holding[3]);
        for (int i = 0; i < device.holding.length; i++) {
            assertEquals(i == 3 ? 33 : 0, device.holding[i], "register " + i);
        }
    }

    @Test
    void randomBytesOnTheLineNeverStopTheRtuServerNorChangeState() throws Exception {
        TestDevice device = new TestDevice();
        device.holding[3] = 33;
        device.local = true;
        SplittableRandom random = new SplittableRandom(SEED);
        try (PtyPair pty = PtyPair.start();
             ModbusRtuServer server = new ModbusRtuServer(new ModbusServerCore(device),
                     JsscSerialPort.open(SerialSettings.of8N1(pty.a().toString(), 115200), null), 1)) {
            try (JsscSerialPort raw = JsscSerialPort.open(SerialSettings.of8N1(pty.b().toString(), 115200), null)) {
                for (int burst = 0; burst < 30; burst++) {
                    byte[] junk = new byte[random.nextInt(1, 400)];
                    for (int i = 0; i < junk.length; i++) {
                        junk[i] = (byte) random.nextInt(256);
                    }
                    junk[0] = 1; // addressed to our unit, so the parser works on it
                    raw.writeFrame(junk);
                    Thread.sleep(random.nextInt(0, 30));
                }
                Thread.sleep(100);
                raw.purgeInput();
            }
            try (J2modClient m = J2modClient.rtu(SerialSettings.of8N1(pty.b().toString(), 115200), null, Duration.ofSeconds(1))) {
                assertArrayEquals(new int[] {0, 0, 0, 33}, m.readHoldingRegisters(1, 0, 4));
            }
            assertTrue(server.counters().snapshot().droppedFrames() > 0, "garbage was seen and counted");
        }
        for (int i = 0; i < device.holding.length; i++) {
            assertEquals(i == 3 ? 33 : 0, device.holding[i], "register " + i);
        }
    }
}
