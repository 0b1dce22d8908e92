package io.github.ccrhil.it.modbus;

import io.github.ccrhil.modbus.serial.JsscSerialPort;
import io.github.ccrhil.modbus.serial.SerialSettings;

import static org.junit.jupiter.api.Assertions.*;

import io.github.ccrhil.modbus.serial.PtyPair;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The serial port's reception on real pseudo-terminals (socat pairs), in both reception modes. */
@Timeout(60)
class JsscSerialPortIT {

    private PtyPair pty;
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @BeforeEach
    void start() throws Exception {
        pty = PtyPair.start();
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
        pty.close();
    }

    private JsscSerialPort open(java.nio.file.Path tty, JsscSerialPort.Reception reception) throws IOException {
        return JsscSerialPort.open(SerialSettings.of8N1(tty.toString(), 115200), null, reception);
    }

    @Test
    void onAPseudoTerminalTheReaderBlocksInTheKernel() throws Exception {
        try (JsscSerialPort a = JsscSerialPort.open(SerialSettings.of8N1(pty.a().toString(), 115200), null)) {
            assertEquals(JsscSerialPort.Reception.BLOCKING, a.reception());
        }
    }

    @ParameterizedTest
    @EnumSource(JsscSerialPort.Reception.class)
    void aFrameSentAtTheFarEndIsReadWhole(JsscSerialPort.Reception reception) throws Exception {
        try (JsscSerialPort a = open(pty.a(), reception); JsscSerialPort b = open(pty.b(), reception)) {
            byte[] frame = {1, 3, 0, 0, 0, 4, 0x44, 0x09};
            b.writeFrame(frame);
            assertArrayEquals(frame, readExactly(a, frame.length, 2_000_000_000L));
            assertEquals(0, a.available(), "nothing more than the frame arrived");
        }
    }

    @ParameterizedTest
    @EnumSource(JsscSerialPort.Reception.class)
    void aReadWithNothingToReadReturnsNothingAfterItsTimeout(JsscSerialPort.Reception reception) throws Exception {
        try (JsscSerialPort a = open(pty.a(), reception)) {
            long start = System.nanoTime();
            assertEquals(0, a.read(new byte[16], 0, 16, 50_000_000L));
            assertTrue(System.nanoTime() - start >= 50_000_000L, "returned before its timeout");
        }
    }

    @Test
    void closingThePortWakesAReaderBlockedOnIt() throws Exception {
        JsscSerialPort a = open(pty.a(), JsscSerialPort.Reception.BLOCKING);
        CompletableFuture<Long> blocked = new CompletableFuture<>();
        Future<Exception> reader = pool.submit(() -> {
            blocked.complete(System.nanoTime());
            try {
                a.read(new byte[16], 0, 16, TimeUnit.SECONDS.toNanos(30));
                return null;
            } catch (IOException e) {
                return e;
            }
        });
        blocked.get(5, TimeUnit.SECONDS);
        Thread.sleep(100); // the reader is now waiting inside read
        a.close();
        Exception e = reader.get(1, TimeUnit.SECONDS); // within a VTIME slice of 0.1 s, with margin
        assertNotNull(e, "the blocked read returned normally although the port was closed");
    }

    @Test
    void anInterruptedReaderGetsAnInterruptedIoExceptionAndKeepsItsInterruptFlag() throws Exception {
        try (JsscSerialPort a = open(pty.a(), JsscSerialPort.Reception.BLOCKING)) {
            CompletableFuture<Thread> readerThread = new CompletableFuture<>();
            Future<String> reader = pool.submit(() -> {
                readerThread.complete(Thread.currentThread());
                try {
                    a.read(new byte[16], 0, 16, TimeUnit.SECONDS.toNanos(30));
                    return "returned";
                } catch (InterruptedIOException e) {
                    return Thread.currentThread().isInterrupted() ? "interrupted, flag kept" : "interrupted, flag lost";
                }
            });
            Thread t = readerThread.get(5, TimeUnit.SECONDS);
            Thread.sleep(100);
            t.interrupt();
            assertEquals("interrupted, flag kept", reader.get(1, TimeUnit.SECONDS));
            byte[] frame = {9, 8, 7};
            try (JsscSerialPort b = open(pty.b(), JsscSerialPort.Reception.POLLING)) {
                b.writeFrame(frame);
                assertArrayEquals(frame, readExactly(a, 3, 2_000_000_000L), "the port still works after an interrupted read");
            }
        }
    }

    @Test
    void aBurstLargerThanTheKernelsBufferArrivesWholeAndInOrder() throws Exception {
        byte[] burst = new byte[40_123];
        new SplittableRandom(42).nextBytes(burst);
        try (JsscSerialPort a = open(pty.a(), JsscSerialPort.Reception.BLOCKING);
             JsscSerialPort b = open(pty.b(), JsscSerialPort.Reception.BLOCKING)) {
            Future<Void> writer = pool.submit(() -> {
                for (int i = 0; i < burst.length; i += 1000) {
                    b.writeFrame(Arrays.copyOfRange(burst, i, Math.min(burst.length, i + 1000)));
                }
                return null;
            });
            Thread.sleep(500); // let the kernel's buffer fill while nobody reads
            byte[] got = readExactly(a, burst.length, 10_000_000_000L);
            writer.get(10, TimeUnit.SECONDS);
            assertArrayEquals(burst, got);
        }
    }

    @Test
    void whenTheFarEndOfTheLineGoesAwayAReadFailsInsteadOfHanging() throws Exception {
        try (JsscSerialPort a = open(pty.a(), JsscSerialPort.Reception.BLOCKING)) {
            pty.close(); // socat exits: the pty's other side is gone
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            IOException failure = null;
            while (failure == null && System.nanoTime() < deadline) {
                try {
                    a.read(new byte[16], 0, 16, 100_000_000L);
                } catch (IOException e) {
                    failure = e;
                }
            }
            assertNotNull(failure, "reads kept returning nothing after the line went away");
            assertTrue(failure.getMessage().contains(pty.a().toString()), failure.getMessage());
        }
    }

    @Test
    void anUnknownReceptionPropertyIsAClearError() {
        String old = System.getProperty("ccrhil.serial.reception");
        System.setProperty("ccrhil.serial.reception", "interrupts");
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> JsscSerialPort.open(SerialSettings.of8N1(pty.a().toString(), 115200), null));
            assertTrue(e.getMessage().contains("blocking or polling"), e.getMessage());
        } finally {
            if (old == null) {
                System.clearProperty("ccrhil.serial.reception");
            } else {
                System.setProperty("ccrhil.serial.reception", old);
            }
        }
    }

    private static byte[] readExactly(JsscSerialPort port, int length, long timeoutNanos) throws IOException {
        byte[] out = new byte[length];
        int got = 0;
        long deadline = System.nanoTime() + timeoutNanos;
        while (got < length && System.nanoTime() < deadline) {
            got += port.read(out, got, length - got, deadline - System.nanoTime());
        }
        assertEquals(length, got, "bytes received before the deadline");
        return out;
    }
}
