package io.github.ccrhil.it.interop;

import static org.junit.jupiter.api.Assertions.*;

import io.github.ccrhil.it.Peers;
import io.github.ccrhil.modbus.client.ModbusClient;
import io.github.ccrhil.modbus.client.ModbusExceptionResponse;
import io.github.ccrhil.modbus.pdu.ExceptionCode;
import io.github.ccrhil.modbus.serial.J2modClient;
import io.github.ccrhil.modbus.serial.PtyPair;
import io.github.ccrhil.modbus.serial.SerialSettings;
import io.github.ccrhil.modbus.tcp.FreePorts;
import io.github.ccrhil.modbus.tcp.ModbusTcpClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The other direction: our clients (ModbusTcpClient over TCP; j2mod's RTU over jssc, with our checks) against a libmodbus server. */
@Timeout(60)
class OurClientAgainstLibmodbusIT {

    private static Process start(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()));
        String line = r.readLine();
        if (!"ready".equals(line)) {
            p.destroyForcibly();
            fail("libmodbus server did not start: " + line);
        }
        return p;
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(2, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
        }
    }

    private static void exercise(ModbusClient m) throws Exception {
        assertArrayEquals(new int[] {0, 1, 2, 3}, m.readHoldingRegisters(1, 0, 4));
        assertArrayEquals(new int[] {1000, 1001}, m.readInputRegisters(1, 0, 2));
        m.writeSingleRegister(1, 2, 4242);
        m.writeMultipleCoils(1, 0, new boolean[] {true, false, true});
        assertArrayEquals(new boolean[] {true, false, true}, m.readCoils(1, 0, 3));
        assertArrayEquals(new int[] {7, 4242}, m.readWriteMultipleRegisters(1, 1, 2, 1, new int[] {7}));
        ModbusExceptionResponse e = assertThrows(ModbusExceptionResponse.class, () -> m.readHoldingRegisters(1, 99, 2));
        assertEquals(ExceptionCode.ILLEGAL_DATA_ADDRESS, e.code());
    }

    @Test
    void overTcp() throws Exception {
        String server = Peers.buildC("libmodbus_server").toString();
        int port = FreePorts.one();
        Process p = start(List.of(server, "tcp", String.valueOf(port)));
        try (ModbusTcpClient m = new ModbusTcpClient(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), Duration.ofSeconds(2))) {
            exercise(m);
        } finally {
            stop(p);
        }
    }

    @Test
    void overAPty() throws Exception {
        String server = Peers.buildC("libmodbus_server").toString();
        try (PtyPair pty = PtyPair.start()) {
            Process p = start(List.of(server, "rtu", pty.a().toString(), "115200"));
            try (J2modClient m = J2modClient.rtu(SerialSettings.of8N1(pty.b().toString(), 115200), null, Duration.ofSeconds(1))) {
                exercise(m);
            } finally {
                stop(p);
            }
        }
    }
}
