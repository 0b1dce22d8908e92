package io.github.ccrhil.it.modbus;

import io.github.ccrhil.modbus.server.ServerCounters;

import io.github.ccrhil.modbus.server.ModbusServerCore;
import io.github.ccrhil.modbus.tcp.ModbusTcpServer;

import static org.junit.jupiter.api.Assertions.*;

import io.github.ccrhil.it.TestDevice;
import io.github.ccrhil.modbus.tcp.ModbusTcpClient;
import io.github.ccrhil.modbus.client.LinkTimeoutException;
import io.github.ccrhil.modbus.client.ModbusExceptionResponse;
import io.github.ccrhil.modbus.pdu.ExceptionCode;
import io.github.ccrhil.modbus.pdu.MbapHeader;
import io.github.ccrhil.modbus.pdu.ModbusRequest;
import io.github.ccrhil.modbus.pdu.PduCodec;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.SortedMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class TcpServerIT {

    private TestDevice device;
    private ModbusTcpServer server;
    private ModbusTcpClient client;

    @BeforeEach
    void start() throws IOException {
        device = new TestDevice();
        server = new ModbusTcpServer(new ModbusServerCore(device), new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
        client = new ModbusTcpClient(server.address(), Duration.ofSeconds(2));
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }







    @Test
    void anUnsupportedFunctionIsIllegalFunction() throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            byte[] answer = exchange(s, MbapHeader.frame(7, 1, new byte[] {0x07}));
            assertArrayEquals(new byte[] {(byte) 0x87, 0x01}, java.util.Arrays.copyOfRange(answer, 7, 9));
        }
    }

    @Test
    void transactionIdIsEchoed() throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            byte[] answer = exchange(s, MbapHeader.frame(0xBEEF, 1, PduCodec.encodeRequest(new ModbusRequest.ReadHoldingRegisters(0, 1))));
            assertEquals(0xBEEF, MbapHeader.decode(answer, 0).transactionId());
        }
    }

    @Test
    void malformedFramesAreDroppedCountedAndTheServerStillServes() throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            OutputStream out = s.getOutputStream();
            // wrong protocol id: dropped, connection kept
            byte[] f = MbapHeader.frame(1, 1, PduCodec.encodeRequest(new ModbusRequest.WriteSingleRegister(0, 4)));
            f[3] = 5;
            out.write(f);
            // another unit: ignored
            out.write(MbapHeader.frame(2, 9, PduCodec.encodeRequest(new ModbusRequest.WriteSingleRegister(0, 4))));
            byte[] answer = exchange(s, MbapHeader.frame(3, 1, PduCodec.encodeRequest(new ModbusRequest.ReadHoldingRegisters(0, 1))));
            assertEquals(3, MbapHeader.decode(answer, 0).transactionId());
        }
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            // oversized: a length announcing a 300-byte PDU; the server closes this connection
            s.getOutputStream().write(new byte[] {0, 1, 0, 0, 0x01, 0x2D, 1, 0x10});
            assertEquals(-1, s.getInputStream().read());
        }
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            // truncated: header promises 6 bytes, peer hangs up after 2
            s.getOutputStream().write(new byte[] {0, 1, 0, 0, 0, 6, 1, 3, 0});
            s.shutdownOutput();
            assertEquals(-1, s.getInputStream().read());
        }
        ServerCounters.Snapshot c = awaitDropped(3);
        assertEquals(1, c.malformedFrames());
        assertEquals(1, c.oversizedFrames());
        assertEquals(1, c.truncatedFrames());
        assertEquals(1, c.otherUnit());
        assertEquals(0, device.holding[0], "no dropped frame may change state");
        assertArrayEquals(new int[] {0}, client.readHoldingRegisters(1, 0, 1));
    }

    @Test
    void aSilentServerTimesOutWithinTheWatchdogInsteadOfBlocking() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             ModbusTcpClient m = new ModbusTcpClient(new InetSocketAddress(InetAddress.getLoopbackAddress(), silent.getLocalPort()),
                     Duration.ofMillis(300))) {
            long t0 = System.nanoTime();
            assertThrows(LinkTimeoutException.class, () -> m.readHoldingRegisters(1, 0, 1));
            assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "a transaction must never block for long");
        }
    }

    @Test
    void aConnectionFloodIsCappedAndCountedAndServiceContinues() throws Exception {
        // Without reclaiming idle connections (the defaults reclaim one idle for 1 s, which a
        // slow host could reach while this test opens its sockets; ModbusTcpServerLimitsTest
        // covers reclaiming).
        server.close();
        server = new ModbusTcpServer(new ModbusServerCore(device), new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1,
                io.github.ccrhil.modbus.tcp.ConnectionLimits.defaults().withReclaimIdleAfter(java.util.Optional.empty()));
        client.close();
        client = new ModbusTcpClient(server.address(), Duration.ofSeconds(2));
        java.util.List<Socket> held = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < ModbusTcpServer.MAX_CONNECTIONS; i++) {
                Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port());
                exchange(s, MbapHeader.frame(i, 1, PduCodec.encodeRequest(new ModbusRequest.ReadHoldingRegisters(0, 1))));
                held.add(s);
            }
            try (Socket extra = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
                extra.setSoTimeout(3000);
                assertEquals(-1, extra.getInputStream().read(), "the connection over the limit is closed");
            }
            assertEquals(1, server.counters().snapshot().connectionsRefused());
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        int[] read = null;
        while (read == null) {
            try {
                read = client.readHoldingRegisters(1, 0, 1);
            } catch (io.github.ccrhil.modbus.client.LinkException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
        }
        assertArrayEquals(new int[] {0}, read, "served again once connections closed");
    }

    private ServerCounters.Snapshot awaitDropped(long n) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        ServerCounters.Snapshot c;
        while ((c = server.counters().snapshot()).droppedFrames() < n && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        return c;
    }

    private static byte[] exchange(Socket s, byte[] frame) throws IOException {
        s.setSoTimeout(3000);
        s.getOutputStream().write(frame);
        DataInputStream in = new DataInputStream(s.getInputStream());
        byte[] header = new byte[7];
        in.readFully(header);
        byte[] rest = new byte[MbapHeader.decode(header, 0).length() - 1];
        in.readFully(rest);
        byte[] all = new byte[7 + rest.length];
        System.arraycopy(header, 0, all, 0, 7);
        System.arraycopy(rest, 0, all, 7, rest.length);
        return all;
    }
}
