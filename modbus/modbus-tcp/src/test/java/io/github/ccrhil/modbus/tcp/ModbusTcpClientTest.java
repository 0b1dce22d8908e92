package io.github.ccrhil.modbus.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.modbus.client.LinkException;
import io.github.ccrhil.modbus.client.LinkInterruptedException;
import io.github.ccrhil.modbus.client.LinkProtocolException;
import io.github.ccrhil.modbus.client.LinkTimeoutException;
import io.github.ccrhil.modbus.client.ModbusExceptionResponse;
import io.github.ccrhil.modbus.pdu.ExceptionCode;
import io.github.ccrhil.modbus.pdu.MbapHeader;
import io.github.ccrhil.modbus.server.DeviceIdentity;
import io.github.ccrhil.modbus.server.ModbusServerCore;
import io.github.ccrhil.modbus.server.ModbusServiceException;
import io.github.ccrhil.modbus.server.RequestHandler;
import java.io.DataInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The TCP client against our own Modbus/TCP server on loopback. */
class ModbusTcpClientTest {

    static final int UNIT = 7;

    /** Ten holding registers and ten coils; nothing else. */
    static final class TenOfEach implements RequestHandler {
        final int[] registers = new int[10];
        final boolean[] coils = new boolean[10];

        private static void range(int address, int quantity) throws ModbusServiceException {
            if (address + quantity > 10) {
                throw ModbusServiceException.illegalAddress(address + "+" + quantity + " beyond 10");
            }
        }

        @Override
        public int[] readHoldingRegisters(int address, int quantity) throws ModbusServiceException {
            range(address, quantity);
            return java.util.Arrays.copyOfRange(registers, address, address + quantity);
        }

        @Override
        public void writeRegisters(int address, int[] values) throws ModbusServiceException {
            range(address, values.length);
            System.arraycopy(values, 0, registers, address, values.length);
        }

        @Override
        public boolean[] readCoils(int address, int quantity) throws ModbusServiceException {
            range(address, quantity);
            return java.util.Arrays.copyOfRange(coils, address, address + quantity);
        }

        @Override
        public void writeCoils(int address, boolean[] values) throws ModbusServiceException {
            range(address, values.length);
            System.arraycopy(values, 0, coils, address, values.length);
        }

        @Override
        public DeviceIdentity identity() {
            return new DeviceIdentity(Map.of(0, "ccr-hil", 1, "TEN", 2, "1.0", 4, "ten of each"));
        }
    }

    TenOfEach device;
    ModbusTcpServer server;
    ModbusTcpClient client;

    @BeforeEach
    void start() throws Exception {
        device = new TenOfEach();
        server = new ModbusTcpServer(new ModbusServerCore(device), new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), UNIT);
        client = new ModbusTcpClient("127.0.0.1", server.port(), Duration.ofMillis(500));
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void registersAndCoilsWrittenAreReadBack() throws Exception {
        client.writeSingleRegister(UNIT, 2, 0xBEEF);
        client.writeMultipleRegisters(UNIT, 3, new int[] {1, 65535});
        assertArrayEquals(new int[] {0, 0xBEEF, 1, 65535}, client.readHoldingRegisters(UNIT, 1, 4));
        client.writeSingleCoil(UNIT, 9, true);
        client.writeMultipleCoils(UNIT, 0, new boolean[] {true, false, true});
        assertArrayEquals(new boolean[] {true, false, true, false, false, false, false, false, false, true},
                client.readCoils(UNIT, 0, 10));
        assertArrayEquals(new int[] {42, 0, 0xBEEF}, client.readWriteMultipleRegisters(UNIT, 0, 3, 0, new int[] {42}),
                "FC 23 writes before it reads");
    }

    @Test
    void deviceIdentificationObjectsAreRead() throws Exception {
        SortedMap<Integer, String> id = client.readDeviceIdentification(UNIT, 2);
        assertEquals("ccr-hil", id.get(0));
        assertEquals("ten of each", id.get(4));
    }

    @Test
    void anExceptionAnswerIsTypedAndKeepsTheConnection() throws Exception {
        ModbusExceptionResponse e = assertThrows(ModbusExceptionResponse.class, () -> client.readHoldingRegisters(UNIT, 9, 2));
        assertEquals(ExceptionCode.ILLEGAL_DATA_ADDRESS, e.code());
        assertTrue(client.isConnected(), "an exception answer is a healthy link");
        ModbusExceptionResponse none = assertThrows(ModbusExceptionResponse.class, () -> client.readInputRegisters(UNIT, 0, 1));
        assertEquals(ExceptionCode.ILLEGAL_FUNCTION, none.code(), "a table the device does not have");
        assertEquals(0, client.readHoldingRegisters(UNIT, 0, 1)[0]);
    }

    @Test
    void aRequestForAnotherUnitTimesOutWithinTheTimeoutAndTheNextCallReconnects() throws Exception {
        long t0 = System.nanoTime();
        assertThrows(LinkTimeoutException.class, () -> client.readHoldingRegisters(UNIT + 1, 0, 1));
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertTrue(took.compareTo(Duration.ofMillis(450)) >= 0 && took.compareTo(Duration.ofSeconds(5)) < 0,
                "gave up after the 500 ms timeout, took " + took);
        assertEquals(1, server.counters().snapshot().otherUnit(), "the server ignored and counted it");
        assertEquals(0, client.readHoldingRegisters(UNIT, 0, 1)[0]);
    }

    @Test
    void anAnswerWithTheWrongTransactionIdIsAProtocolFault() throws Exception {
        try (ServerSocket liar = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try (Socket s = liar.accept()) {
                    DataInputStream in = new DataInputStream(s.getInputStream());
                    byte[] request = new byte[12];
                    in.readFully(request);
                    MbapHeader h = MbapHeader.decode(request, 0);
                    s.getOutputStream().write(MbapHeader.frame(h.transactionId() + 1, h.unitId(), new byte[] {3, 2, 0, 5}));
                    s.getOutputStream().flush();
                    in.read(); // hold the connection until the client closes it
                } catch (java.io.IOException e) {
                    // test ends
                }
            });
            t.setDaemon(true);
            t.start();
            try (ModbusTcpClient m = new ModbusTcpClient("127.0.0.1", liar.getLocalPort(), Duration.ofSeconds(2))) {
                LinkProtocolException e = assertThrows(LinkProtocolException.class, () -> m.readHoldingRegisters(UNIT, 0, 1));
                assertTrue(e.getMessage().contains("transaction id"), e.getMessage());
                assertTrue(!m.isConnected(), "a mismatched answer closes the connection");
            }
        }
    }

    @Test
    void aServerTakenOfflineIsALinkFaultAndTheClientReconnectsWhenItIsBack() throws Exception {
        assertEquals(0, client.readHoldingRegisters(UNIT, 0, 1)[0]);
        server.setOnline(false);
        assertThrows(LinkException.class, () -> client.readHoldingRegisters(UNIT, 0, 1), "connection dropped");
        assertThrows(LinkException.class, () -> client.readHoldingRegisters(UNIT, 0, 1), "new connections closed at once");
        server.setOnline(true);
        assertEquals(0, client.readHoldingRegisters(UNIT, 0, 1)[0], "served again at the same address");
    }

    /** Waits until the condition holds, failing after the deadline. */
    private static void awaitCondition(String what, BooleanSupplier condition, Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("not within " + deadline + ": " + what);
            }
            LockSupport.parkNanos(1_000_000);
        }
    }

    /** Runs {@code action} in a new thread once {@code when} holds. */
    private static Thread once(BooleanSupplier when, Runnable action) {
        Thread t = new Thread(() -> {
            awaitCondition("the stimulus condition", when, Duration.ofSeconds(30));
            action.run();
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Test
    void aCallerInterruptedWhileWaitingGetsATypedExceptionPromptlyAndTheNextCallReconnects() throws Exception {
        try (ModbusTcpClient m = new ModbusTcpClient("127.0.0.1", server.port(), Duration.ofSeconds(20))) {
            Thread caller = Thread.currentThread();
            Thread interrupter = once(() -> server.counters().snapshot().otherUnit() == 1, caller::interrupt);
            long t0 = System.nanoTime();
            assertThrows(LinkInterruptedException.class, () -> m.readHoldingRegisters(UNIT + 1, 0, 1),
                    "the server ignores another unit, so only the interrupt ends the wait");
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            assertTrue(Thread.interrupted(), "interrupt flag kept (and cleared here)");
            assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, "the interrupted call took " + took + " of its 20 s timeout");
            assertTrue(!m.isConnected(), "the interrupted transaction's connection is dropped");
            interrupter.join();
            assertEquals(0, m.readHoldingRegisters(UNIT, 0, 1)[0], "the next call reconnects");
        }
    }

    @Test
    void closingFromAnotherThreadEndsARunningTransactionAndRefusesFurtherCalls() throws Exception {
        ModbusTcpClient m = new ModbusTcpClient("127.0.0.1", server.port(), Duration.ofSeconds(20));
        Thread closer = once(() -> server.counters().snapshot().otherUnit() == 1, m::close);
        long t0 = System.nanoTime();
        LinkException e = assertThrows(LinkException.class, () -> m.readHoldingRegisters(UNIT + 1, 0, 1));
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, "the closed call took " + took + " of its 20 s timeout");
        closer.join();
        assertThrows(LinkException.class, () -> m.readHoldingRegisters(UNIT, 0, 1), "a closed client stays closed");
    }

    @Test
    void aRequestToUnitZeroAcceptsTheAnswerOfTheUnitBehindTheAddress() throws Exception {
        try (ServerSocket gateway = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try (Socket s = gateway.accept()) {
                    DataInputStream in = new DataInputStream(s.getInputStream());
                    byte[] request = new byte[12];
                    in.readFully(request);
                    MbapHeader h = MbapHeader.decode(request, 0);
                    s.getOutputStream().write(MbapHeader.frame(h.transactionId(), UNIT, new byte[] {3, 2, 0, 5}));
                    s.getOutputStream().flush();
                    in.read(); // hold the connection until the client closes it
                } catch (java.io.IOException e) {
                    // test ends
                }
            });
            t.setDaemon(true);
            t.start();
            try (ModbusTcpClient m = new ModbusTcpClient("127.0.0.1", gateway.getLocalPort(), Duration.ofSeconds(2))) {
                assertArrayEquals(new int[] {5}, m.readHoldingRegisters(0, 0, 1));
            }
        }
    }

    @Test
    void theLargestReadsAndWritesFitOneTransaction() throws Exception {
        try (ModbusTcpServer wide = new ModbusTcpServer(new ModbusServerCore(new RequestHandler() {
                    final int[] registers = new int[200];

                    @Override
                    public int[] readHoldingRegisters(int address, int quantity) {
                        return java.util.Arrays.copyOfRange(registers, address, address + quantity);
                    }

                    @Override
                    public void writeRegisters(int address, int[] values) {
                        System.arraycopy(values, 0, registers, address, values.length);
                    }
                }), new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), UNIT);
             ModbusTcpClient m = new ModbusTcpClient("127.0.0.1", wide.port(), Duration.ofSeconds(2))) {
            int[] values = new int[123];
            for (int i = 0; i < values.length; i++) {
                values[i] = 65535 - i;
            }
            m.writeMultipleRegisters(UNIT, 0, values);
            int[] back = m.readHoldingRegisters(UNIT, 0, 125);
            assertArrayEquals(values, java.util.Arrays.copyOf(back, 123));
            assertEquals(0, back[124]);
        }
    }

    @Test
    void noServerIsALinkFault() throws Exception {
        int port = FreePorts.one();
        try (ModbusTcpClient m = new ModbusTcpClient("127.0.0.1", port, Duration.ofMillis(500))) {
            assertThrows(LinkException.class, () -> m.readCoils(UNIT, 0, 1));
        }
    }
}
