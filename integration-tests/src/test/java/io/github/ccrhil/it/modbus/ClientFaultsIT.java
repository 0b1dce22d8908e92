package io.github.ccrhil.it.modbus;

import io.github.ccrhil.modbus.client.LinkTimeoutException;

import io.github.ccrhil.modbus.client.LinkCrcException;
import io.github.ccrhil.modbus.client.LinkException;
import io.github.ccrhil.modbus.client.LinkInterruptedException;
import io.github.ccrhil.modbus.client.LinkProtocolException;
import io.github.ccrhil.modbus.serial.J2modClient;
import io.github.ccrhil.modbus.tcp.ModbusTcpClient;

import static org.junit.jupiter.api.Assertions.*;

import io.github.ccrhil.modbus.pdu.Crc16;
import io.github.ccrhil.modbus.pdu.MbapHeader;
import io.github.ccrhil.modbus.serial.JsscSerialPort;
import io.github.ccrhil.modbus.serial.PtyPair;
import io.github.ccrhil.modbus.serial.SerialSettings;
import java.io.DataInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Answers that do not belong to the request reach the caller as typed link exceptions. */
@Timeout(60)
class ClientFaultsIT {

    private static final byte[] ANSWER_PDU = {0x03, 2, 0, 42};

    /** A fake TCP server answering one FC 03 request with a doctored frame. */
    private static Exception tcpFault(UnaryOperator<byte[]> doctor) throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             ModbusTcpClient m = new ModbusTcpClient(new InetSocketAddress(InetAddress.getLoopbackAddress(), ss.getLocalPort()),
                     Duration.ofMillis(800))) {
            Future<?> fake = pool.submit(() -> {
                try (Socket s = ss.accept()) {
                    DataInputStream in = new DataInputStream(s.getInputStream());
                    byte[] req = new byte[12];
                    in.readFully(req);
                    MbapHeader h = MbapHeader.decode(req, 0);
                    s.getOutputStream().write(doctor.apply(MbapHeader.frame(h.transactionId(), h.unitId(), ANSWER_PDU)));
                    Thread.sleep(1500);
                }
                return null;
            });
            Exception e = assertThrows(LinkException.class, () -> m.readHoldingRegisters(1, 0, 1));
            fake.cancel(true);
            return e;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aTcpAnswerWithAnotherTransactionIdIsAProtocolFault() throws Exception {
        Exception e = tcpFault(f -> {
            f[1] ^= 0x40;
            return f;
        });
        assertInstanceOf(LinkProtocolException.class, e, e.toString());
    }

    @Test
    void aTcpAnswerFromAnotherUnitIsAProtocolFault() throws Exception {
        Exception e = tcpFault(f -> {
            f[6] = 9;
            return f;
        });
        assertInstanceOf(LinkProtocolException.class, e, e.toString());
        assertTrue(e.getMessage().contains("unit 9"), e.getMessage());
    }

    /** A fake RTU server on a pty answering one request with a doctored frame. */
    private static Exception rtuFault(UnaryOperator<byte[]> doctor) throws Exception {
        try (PtyPair pty = PtyPair.start();
             JsscSerialPort fake = JsscSerialPort.open(SerialSettings.of8N1(pty.a().toString(), 115200), null);
             J2modClient m = J2modClient.rtu(SerialSettings.of8N1(pty.b().toString(), 115200), null, Duration.ofMillis(500))) {
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                pool.submit(() -> {
                    byte[] req = new byte[8];
                    int got = 0;
                    long deadline = System.nanoTime() + 3_000_000_000L;
                    while (got < 8 && System.nanoTime() < deadline) {
                        got += fake.read(req, got, 8 - got, 100_000_000L);
                    }
                    fake.writeFrame(doctor.apply(Crc16.rtuFrame(1, ANSWER_PDU)));
                    return null;
                });
                return assertThrows(LinkException.class, () -> m.readHoldingRegisters(1, 0, 1));
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void anRtuAnswerWithABadCrcIsACrcFault() throws Exception {
        Exception e = rtuFault(f -> {
            f[f.length - 1] ^= 0x11;
            return f;
        });
        assertInstanceOf(LinkCrcException.class, e, e.toString());
    }

    @Test
    void anRtuAnswerFromAnotherUnitIsRefused() throws Exception {
        Exception e = rtuFault(f -> Crc16.rtuFrame(7, ANSWER_PDU));
        assertInstanceOf(LinkProtocolException.class, e, e.toString());
    }

    @Test
    void anInterruptedCallerGetsATypedExceptionAndKeepsItsInterruptFlag() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             ModbusTcpClient m = new ModbusTcpClient(new InetSocketAddress(InetAddress.getLoopbackAddress(), silent.getLocalPort()),
                     Duration.ofSeconds(5))) {
            Thread.currentThread().interrupt();
            assertThrows(LinkInterruptedException.class, () -> m.readHoldingRegisters(1, 0, 1));
            assertTrue(Thread.interrupted(), "interrupt flag restored (and cleared here)");
        }
    }

    /**
     * A server that trickles its answer one byte every 200 ms, so that no single read times out:
     * only the transaction's own deadline can end it.
     */
    @Test
    void aTransactionThatOutlivesItsTimeIsCutAtItsDeadline() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             ModbusTcpClient m = new ModbusTcpClient(new InetSocketAddress(InetAddress.getLoopbackAddress(), ss.getLocalPort()),
                     Duration.ofMillis(500))) {
            pool.submit(() -> {
                try (Socket s = ss.accept()) {
                    DataInputStream in = new DataInputStream(s.getInputStream());
                    byte[] req = new byte[12];
                    in.readFully(req);
                    MbapHeader h = MbapHeader.decode(req, 0);
                    byte[] answer = MbapHeader.frame(h.transactionId(), h.unitId(), new byte[] {0x03, (byte) 200});
                    answer[5] = (byte) 202; // announces 200 register bytes that will never all come
                    for (byte b : answer) {
                        s.getOutputStream().write(b);
                        s.getOutputStream().flush();
                        Thread.sleep(200);
                    }
                    while (true) {
                        s.getOutputStream().write(0);
                        s.getOutputStream().flush();
                        Thread.sleep(200);
                    }
                }
            });
            long start = System.nanoTime();
            LinkTimeoutException e = assertThrows(LinkTimeoutException.class, () -> m.readHoldingRegisters(1, 0, 100));
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(e.getMessage().contains("no complete answer") && e.getMessage().contains("within 500 ms"), e.getMessage());
            assertTrue(tookMillis < 5_000, "the deadline let the transaction run " + tookMillis + " ms");
            assertTrue(tookMillis >= 500, "cut after " + tookMillis + " ms, before its 500 ms");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aCallerInterruptedWhileWaitingForAnAnswerGetsATypedExceptionPromptly() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             ModbusTcpClient m = new ModbusTcpClient(new InetSocketAddress(InetAddress.getLoopbackAddress(), silent.getLocalPort()),
                     Duration.ofSeconds(20))) {
            Thread caller = Thread.currentThread();
            Thread interrupter = new Thread(() -> {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException ignored) {
                    return;
                }
                caller.interrupt();
            });
            interrupter.start();
            long start = System.nanoTime();
            assertThrows(LinkInterruptedException.class, () -> m.readHoldingRegisters(1, 0, 1));
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(Thread.interrupted(), "interrupt flag restored (and cleared here)");
            assertTrue(tookMillis < 5_000, "the interrupted call took " + tookMillis + " ms to return");
            interrupter.join();
        }
    }
}
