package io.github.ccrhil.it.modbus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.it.Peers;
import io.github.ccrhil.it.TestDevice;
import io.github.ccrhil.modbus.client.LinkException;
import io.github.ccrhil.modbus.client.ModbusExceptionResponse;
import io.github.ccrhil.modbus.client.RetryingClient;
import io.github.ccrhil.modbus.link.FaultInjector;
import io.github.ccrhil.modbus.link.LinkFaults;
import io.github.ccrhil.modbus.serial.J2modClient;
import io.github.ccrhil.modbus.serial.JsscSerialPort;
import io.github.ccrhil.modbus.serial.ModbusRtuServer;
import io.github.ccrhil.modbus.serial.PtyFaultyLink;
import io.github.ccrhil.modbus.serial.PtyPair;
import io.github.ccrhil.modbus.serial.SerialSettings;
import io.github.ccrhil.modbus.server.ModbusServerCore;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fault-injecting serial link between two socat pty pairs: our RTU server on one, the master
 * on the other. Without faults it passes every frame; through a hostile line (1 % of bytes
 * corrupted both ways, frames dropped and delayed, the line cut) every transaction ends within
 * its attempts, every repeat is reported, and no corrupted frame is taken for a value: the CRC
 * catches it.
 */
class PtyFaultyLinkIT {

    static final int UNIT = 7;

    TestDevice device;
    PtyPair deviceLine;
    PtyPair masterLine;
    ModbusRtuServer server;

    @BeforeEach
    void start() throws Exception {
        Peers.require("socat");
        device = new TestDevice();
        deviceLine = PtyPair.start(Duration.ofSeconds(10));
        masterLine = PtyPair.start(Duration.ofSeconds(10));
        server = new ModbusRtuServer(new ModbusServerCore(device), port(deviceLine.a().toString()), UNIT);
    }

    @AfterEach
    void stop() {
        server.close();
        masterLine.close();
        deviceLine.close();
    }

    private static JsscSerialPort port(String name) throws java.io.IOException {
        return JsscSerialPort.open(SerialSettings.of8N1(name, 19200), null);
    }

    private PtyFaultyLink link(LinkFaults faults, long seed) throws java.io.IOException {
        return new PtyFaultyLink(port(masterLine.a().toString()), port(deviceLine.b().toString()), faults, seed);
    }

    private J2modClient master(Duration timeout) {
        return J2modClient.rtu(SerialSettings.of8N1(masterLine.b().toString(), 19200), null, timeout);
    }

    @Test
    void aLineWithoutFaultsPassesEveryFrameUnchanged() throws Exception {
        try (PtyFaultyLink link = link(LinkFaults.NONE, 1); J2modClient client = master(Duration.ofSeconds(2))) {
            client.writeMultipleRegisters(UNIT, 0, new int[] {1, 2, 3});
            assertArrayEquals(new int[] {1, 2, 3}, client.readHoldingRegisters(UNIT, 0, 3));
            assertEquals(new FaultInjector.Counts(4, 0, 0, 0, 0), link.counts());
        }
    }

    @Test
    void aDroppedFrameEndsTheTransactionAtItsDeadlineAndEachRetryIsBoundedAndReported() {
        LinkFaults dropAll = new LinkFaults(0, 1, 0, Duration.ZERO, 0);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (PtyFaultyLink link = link(dropAll, 2);
                 RetryingClient client = new RetryingClient(master(Duration.ofMillis(300)), 3)) {
                LinkException e = assertThrows(LinkException.class, () -> client.readHoldingRegisters(UNIT, 0, 1));
                assertTrue(e.getMessage().contains("3 attempts"), e.getMessage());
                assertEquals(2, client.retryCount(), "two repeats after the first attempt");
                assertEquals(1, client.lost().size(), "the lost transaction is reported");
                assertEquals(3, link.counts().droppedFrames(), "each attempt's request was dropped");
            }
        });
    }

    @Test
    void throughAHostileLineEveryTransactionEndsWithinItsAttemptsAndNoCorruptedFrameIsTakenForAValue() {
        int transactions = 150;
        assertTimeoutPreemptively(Duration.ofSeconds(150), () -> {
            device.holding[4] = 0x1234;
            try (PtyFaultyLink link = link(LinkFaults.HOSTILE, 15);
                 RetryingClient client = new RetryingClient(master(Duration.ofMillis(300)), 3)) {
                int answered = 0;
                int failed = 0;
                for (int i = 0; i < transactions; i++) {
                    try {
                        assertEquals(0x1234, client.readHoldingRegisters(UNIT, 4, 1)[0], "a value that arrived is the device's");
                        answered++;
                    } catch (ModbusExceptionResponse e) {
                        throw new AssertionError("a corrupted request must fail its CRC, not reach the device: " + e);
                    } catch (LinkException e) {
                        failed++;
                        assertTrue(e.getMessage().contains("attempts"), e.getMessage());
                    }
                }
                FaultInjector.Counts counts = link.counts();
                System.out.println("pty link: " + counts + ", " + client.retryCount() + " repeats, " + failed + " lost");
                assertEquals(transactions, answered + failed);
                assertTrue(counts.corruptedBytes() > 0, counts.toString());
                assertTrue(client.retryCount() > 0, "1 % of bytes corrupted must cost some retries");
                assertEquals(client.retryCount(), client.retries().size(), "every retry is reported");
                assertEquals(failed, client.exhausted());
                assertEquals(0x1234, device.holding[4], "reads never write");
            }
        });
    }
}
