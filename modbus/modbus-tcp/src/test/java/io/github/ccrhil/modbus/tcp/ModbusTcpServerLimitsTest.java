package io.github.ccrhil.modbus.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.modbus.client.LinkException;
import io.github.ccrhil.modbus.pdu.MbapHeader;
import io.github.ccrhil.modbus.pdu.ModbusRequest;
import io.github.ccrhil.modbus.pdu.PduCodec;
import io.github.ccrhil.modbus.server.ModbusServerCore;
import io.github.ccrhil.modbus.server.ServerCounters;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The server's resource limits (IEC 62443-4-2 CR 7) and framing policy: idle and half-open
 * connections cannot lock the legitimate master out, and every refusal is counted.
 */
@Timeout(60)
class ModbusTcpServerLimitsTest {

    static final int UNIT = 7;
    static final InetSocketAddress ANY_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    final ModbusTcpClientTest.TenOfEach device = new ModbusTcpClientTest.TenOfEach();
    final List<Socket> held = new ArrayList<>();
    ModbusTcpServer server;

    @AfterEach
    void stop() throws IOException {
        for (Socket s : held) {
            s.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** 61 sockets, every other one having sent half an MBAP header, as in the report. */
    private void holdIdleAndHalfOpenSockets(int n) throws IOException {
        byte[] halfHeader = java.util.Arrays.copyOf(
                MbapHeader.frame(1, UNIT, PduCodec.encodeRequest(new ModbusRequest.ReadHoldingRegisters(0, 1))), 3);
        for (int i = 0; i < n; i++) {
            Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port());
            held.add(s);
            if (i % 2 == 1) {
                s.getOutputStream().write(halfHeader);
                s.getOutputStream().flush();
            }
        }
    }

    private static void await(BooleanSupplier condition, Duration within, String what) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "not within " + within + ": " + what);
            LockSupport.parkNanos(5_000_000);
        }
    }

    /** Polls until a read succeeds or the deadline passes; returns how long service took to come. */
    private static Duration firstAnswer(InetSocketAddress at, Duration within) {
        long t0 = System.nanoTime();
        long deadline = t0 + within.toNanos();
        try (ModbusTcpClient master = new ModbusTcpClient(at, Duration.ofMillis(500))) {
            while (true) {
                try {
                    master.readHoldingRegisters(UNIT, 0, 1);
                    return Duration.ofNanos(System.nanoTime() - t0);
                } catch (LinkException e) {
                    if (System.nanoTime() > deadline) {
                        return null;
                    }
                    LockSupport.parkNanos(50_000_000);
                }
            }
        }
    }

    @Test
    void withoutIdleLimitsSixtyOneIdleSocketsLockTheMasterOut() throws Exception {
        // The reported defect, reproduced with the limits the server used to have.
        ConnectionLimits old = ConnectionLimits.defaults().withReclaimIdleAfter(Optional.empty())
                .withIdleTimeout(Duration.ofDays(1)).withFrameTimeout(Duration.ofDays(1));
        server = new ModbusTcpServer(new ModbusServerCore(device), ANY_PORT, UNIT, old);
        holdIdleAndHalfOpenSockets(61);
        await(() -> server.counters().snapshot().connectionsRefused() >= 61 - 32, Duration.ofSeconds(10), "extra sockets refused");
        assertEquals(null, firstAnswer(server.address(), Duration.ofSeconds(2)), "locked out");
    }

    @Test
    void withTheDefaultsTheMasterIsServedDespiteSixtyOneIdleAndHalfOpenSockets() throws Exception {
        server = new ModbusTcpServer(new ModbusServerCore(device), ANY_PORT, UNIT);
        holdIdleAndHalfOpenSockets(61);
        Duration served = firstAnswer(server.address(), Duration.ofSeconds(10));
        assertTrue(served != null, "the master must be served");
        // the idle sockets were reclaimed (>= 1 s idle) or, the half-open ones, timed out
        ServerCounters.Snapshot c = server.counters().snapshot();
        assertTrue(c.connectionsReclaimed() + c.connectionsTimedOut() >= 1, c.toString());
        System.out.printf("61 idle and half-open sockets: master served after %d ms; refused %d, reclaimed %d, timed out %d%n",
                served.toMillis(), c.connectionsRefused(), c.connectionsReclaimed(), c.connectionsTimedOut());
    }

    @Test
    void aHalfSentHeaderIsClosedAfterTheFrameTimeout() throws Exception {
        server = new ModbusTcpServer(new ModbusServerCore(device), ANY_PORT, UNIT,
                ConnectionLimits.defaults().withFrameTimeout(Duration.ofMillis(300)));
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            s.getOutputStream().write(new byte[] {0, 1, 0});
            s.setSoTimeout(10_000);
            assertEquals(-1, s.getInputStream().read(), "closed by the server");
        }
        ServerCounters.Snapshot c = server.counters().snapshot();
        assertEquals(1, c.connectionsTimedOut());
        assertEquals(1, c.truncatedFrames());
    }

    @Test
    void anIdleConnectionIsClosedAfterTheIdleTimeout() throws Exception {
        server = new ModbusTcpServer(new ModbusServerCore(device), ANY_PORT, UNIT,
                ConnectionLimits.defaults().withIdleTimeout(Duration.ofMillis(300)));
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            s.setSoTimeout(10_000);
            assertEquals(-1, s.getInputStream().read(), "closed by the server");
        }
        assertEquals(1, server.counters().snapshot().connectionsTimedOut());
    }

    @Test
    void aClientOffTheAllowlistIsClosedAtOnceAndCounted() throws Exception {
        server = new ModbusTcpServer(new ModbusServerCore(device), ANY_PORT, UNIT,
                ConnectionLimits.defaults().withAllowedClients(List.of(AddressRange.parse("10.0.0.0/8"))));
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            s.setSoTimeout(10_000);
            assertEquals(-1, s.getInputStream().read());
        }
        assertEquals(1, server.counters().snapshot().connectionsNotAllowed());
        assertEquals(0, server.counters().snapshot().requests());
    }

    @Test
    void aClientOnTheAllowlistIsServed() throws Exception {
        server = new ModbusTcpServer(new ModbusServerCore(device), ANY_PORT, UNIT,
                ConnectionLimits.defaults().withAllowedClients(List.of(AddressRange.parse("192.168.0.0/16"),
                        AddressRange.parse("127.0.0.0/8"))));
        try (ModbusTcpClient master = new ModbusTcpClient(server.address(), Duration.ofSeconds(2))) {
            assertArrayEquals(new int[] {0}, master.readHoldingRegisters(UNIT, 0, 1));
        }
        assertEquals(0, server.counters().snapshot().connectionsNotAllowed());
    }

    @Test
    void aFloodingConnectionIsThrottledButEveryRequestIsAnswered() throws Exception {
        server = new ModbusTcpServer(new ModbusServerCore(device), ANY_PORT, UNIT,
                ConnectionLimits.defaults().withMaxRequestsPerSecond(200));
        try (ModbusTcpClient flooder = new ModbusTcpClient(server.address(), Duration.ofSeconds(5))) {
            for (int i = 0; i < 400; i++) {
                flooder.readHoldingRegisters(UNIT, 0, 1);
            }
        }
        ServerCounters.Snapshot c = server.counters().snapshot();
        assertEquals(400, c.normalResponses());
        assertTrue(c.requestsThrottled() > 0, "a burst of 400 at 200/s must be held back: " + c);
    }

    @Test
    void unitsZeroAnd255AreThisDeviceAndAreAnsweredWithTheUnitTheyCarried() throws Exception {
        server = new ModbusTcpServer(new ModbusServerCore(device), ANY_PORT, UNIT);
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            s.setSoTimeout(5000);
            for (int unit : new int[] {UNIT, 0, 255}) {
                byte[] answer = exchange(s, MbapHeader.frame(unit, unit,
                        PduCodec.encodeRequest(new ModbusRequest.ReadHoldingRegisters(0, 1))));
                assertEquals(unit, answer[6] & 0xFF, "unit id echoed");
                assertEquals(3, answer[7], "a normal answer to 03");
            }
            // another unit id is ignored and counted; the connection goes on
            s.getOutputStream().write(MbapHeader.frame(9, 8, PduCodec.encodeRequest(new ModbusRequest.ReadHoldingRegisters(0, 1))));
            byte[] answer = exchange(s, MbapHeader.frame(10, UNIT, PduCodec.encodeRequest(new ModbusRequest.ReadHoldingRegisters(0, 1))));
            assertEquals(10, ((answer[0] & 0xFF) << 8) | (answer[1] & 0xFF), "only the request for this unit is answered");
        }
        assertEquals(1, server.counters().snapshot().otherUnit());
    }

    @Test
    void aFunctionByteWithTheHighBitSetIsDroppedAndCountedNotAnsweredAsAnException() throws Exception {
        server = new ModbusTcpServer(new ModbusServerCore(device), ANY_PORT, UNIT);
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(MbapHeader.frame(1, UNIT, new byte[] {(byte) 0x83, 0, 0, 0, 1}));
            s.getOutputStream().write(MbapHeader.frame(2, UNIT, new byte[] {(byte) 0x80}));
            byte[] answer = exchange(s, MbapHeader.frame(3, UNIT, PduCodec.encodeRequest(new ModbusRequest.ReadHoldingRegisters(0, 1))));
            assertEquals(3, ((answer[0] & 0xFF) << 8) | (answer[1] & 0xFF), "the first answer is to the valid request");
            assertEquals(3, answer[7]);
            s.setSoTimeout(200);
            assertThrows(SocketTimeoutException.class, () -> s.getInputStream().read(), "nothing more is sent");
        }
        ServerCounters.Snapshot c = server.counters().snapshot();
        assertEquals(2, c.malformedFrames());
        assertEquals(1, c.requests());
    }

    @Test
    void addressRangesMatchByPrefix() throws Exception {
        AddressRange lan = AddressRange.parse("192.168.10.0/24");
        assertTrue(lan.contains(InetAddress.getByName("192.168.10.77")));
        assertFalse(lan.contains(InetAddress.getByName("192.168.11.1")));
        assertTrue(AddressRange.parse("10.1.2.3").contains(InetAddress.getByName("10.1.2.3")));
        assertFalse(AddressRange.parse("10.1.2.3").contains(InetAddress.getByName("10.1.2.4")));
        assertTrue(AddressRange.parse("172.16.0.0/12").contains(InetAddress.getByName("172.31.255.255")));
        assertFalse(AddressRange.parse("172.16.0.0/12").contains(InetAddress.getByName("172.32.0.0")));
        assertFalse(AddressRange.parse("::1/128").contains(InetAddress.getByName("127.0.0.1")));
        assertThrows(IllegalArgumentException.class, () -> AddressRange.parse("plc.example.org"));
        assertThrows(IllegalArgumentException.class, () -> AddressRange.parse("10.0.0.0/33"));
        assertThrows(IllegalArgumentException.class, () -> AddressRange.parse("10.0.0.0/x"));
    }

    private static byte[] exchange(Socket s, byte[] frame) throws IOException {
        s.getOutputStream().write(frame);
        s.getOutputStream().flush();
        DataInputStream in = new DataInputStream(s.getInputStream());
        byte[] header = new byte[MbapHeader.SIZE];
        in.readFully(header);
        int length = ((header[4] & 0xFF) << 8) | (header[5] & 0xFF);
        byte[] rest = new byte[length - 1];
        in.readFully(rest);
        byte[] all = new byte[MbapHeader.SIZE + rest.length];
        System.arraycopy(header, 0, all, 0, MbapHeader.SIZE);
        System.arraycopy(rest, 0, all, MbapHeader.SIZE, rest.length);
        return all;
    }
}
