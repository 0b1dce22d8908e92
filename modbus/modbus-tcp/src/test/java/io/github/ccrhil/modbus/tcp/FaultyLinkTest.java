package io.github.ccrhil.modbus.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.modbus.client.LinkException;
import io.github.ccrhil.modbus.link.FaultInjector;
import io.github.ccrhil.modbus.link.LinkFaults;
import io.github.ccrhil.modbus.client.RetryingClient;
import io.github.ccrhil.modbus.server.ModbusServerCore;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fault-injecting link between a master and our Modbus/TCP server, and the master's bounded retries across it. */
class FaultyLinkTest {

    static final int UNIT = 7;

    /** The ten-of-each device of the client test. */
    ModbusTcpClientTest.TenOfEach device;
    ModbusTcpServer server;

    @BeforeEach
    void start() throws Exception {
        device = new ModbusTcpClientTest.TenOfEach();
        server = new ModbusTcpServer(new ModbusServerCore(device), new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                UNIT);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private InetSocketAddress serverAddress() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port());
    }

    @Test
    void aLinkWithoutFaultsPassesEveryFrameUnchanged() throws Exception {
        try (FaultyLink link = new FaultyLink(serverAddress(), LinkFaults.NONE, 1);
             ModbusTcpClient client = new ModbusTcpClient(link.address(), Duration.ofSeconds(2))) {
            client.writeMultipleRegisters(UNIT, 0, new int[] {1, 2, 3});
            assertArrayEquals(new int[] {1, 2, 3}, client.readHoldingRegisters(UNIT, 0, 3));
            assertEquals(new FaultInjector.Counts(4, 0, 0, 0, 0), link.counts());
        }
    }

    @Test
    void aDroppedAnswerEndsTheTransactionAtItsDeadlineAndEachRetryIsBoundedAndReported() {
        LinkFaults dropAll = new LinkFaults(0, 1, 0, Duration.ZERO, 0);
        RetryingClient.Retry first = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try (FaultyLink link = new FaultyLink(serverAddress(), dropAll, 2);
                 RetryingClient client = new RetryingClient(new ModbusTcpClient(link.address(), Duration.ofMillis(200)), 3)) {
                LinkException e = assertThrows(LinkException.class, () -> client.readHoldingRegisters(UNIT, 0, 1));
                assertTrue(e.getMessage().contains("3 attempts"), e.getMessage());
                assertEquals(2, client.retryCount(), "two repeats after the first attempt");
                assertEquals(1, client.exhausted());
                assertEquals(3, link.counts().droppedFrames(), "each attempt's request was dropped");
                return client.retries().get(0);
            }
        });
        assertEquals(1, first.attempt());
    }

    @Test
    void throughAHostileLinkEveryTransactionEndsWithinItsAttemptsAndTheFaultsAreCounted() {
        int transactions = 200;
        Duration timeout = Duration.ofMillis(250);
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            device.registers[4] = 0x1234;
            try (FaultyLink link = new FaultyLink(serverAddress(), LinkFaults.HOSTILE, 15);
                 RetryingClient client = new RetryingClient(new ModbusTcpClient(link.address(), timeout), 3)) {
                int answered = 0;
                int failed = 0;
                for (int i = 0; i < transactions; i++) {
                    try {
                        client.readHoldingRegisters(UNIT, 4, 1);
                        answered++;
                    } catch (io.github.ccrhil.modbus.client.ModbusExceptionResponse e) {
                        answered++; // a corrupted request the device refused: an answer
                    } catch (LinkException e) {
                        failed++;
                        assertTrue(e.getMessage().contains("attempts"), e.getMessage());
                    }
                }
                FaultInjector.Counts counts = link.counts();
                assertEquals(transactions, answered + failed);
                assertTrue(counts.corruptedBytes() > 0, counts.toString());
                assertTrue(client.retryCount() > 0, "1 % of bytes corrupted must cost some retries");
                assertEquals(client.retryCount(), client.retries().size(), "every retry is reported");
                assertEquals(failed, client.exhausted());
                assertEquals(0x1234, device.registers[4], "reads never write");
            }
        });
    }

    @Test
    void beforeAModbusTcpSecurityServerTheLinkCutsTlsRecordsAndACorruptedOneEndsTheSessionWithinItsDeadline() throws Exception {
        TestPki site = new TestPki("site CA");
        TlsSettings client = TestPki.settings(site.identity("engineer-1", java.util.Optional.of("engineer")), site);
        try (ModbusTcpServer secure = ModbusTcpServer.secure(new ModbusServerCore(device), new InetSocketAddress(
                InetAddress.getLoopbackAddress(), 0), UNIT, ConnectionLimits.defaults(), TestPki.settings(site.identity("ccr-1",
                java.util.Optional.empty()), site), io.github.ccrhil.modbus.server.RolePolicy.operatorAndEngineer())) {
            InetSocketAddress target = new InetSocketAddress(InetAddress.getLoopbackAddress(), secure.port());
            // no faults: the handshake and the records pass unchanged, record by record
            try (FaultyLink link = new FaultyLink(target, LinkFaults.NONE, 1, FaultyLink.Framing.TLS_RECORD);
                 ModbusTcpClient c = new ModbusTcpClient(link.address(), Duration.ofSeconds(10), client)) {
                c.writeMultipleRegisters(UNIT, 0, new int[] {4, 5, 6});
                assertArrayEquals(new int[] {4, 5, 6}, c.readHoldingRegisters(UNIT, 0, 3));
                assertTrue(link.counts().frames() >= 6, "handshake records and the application records: " + link.counts());
                assertEquals(0, link.counts().faults());
            }
            // every byte corrupted, requests too: the record's MAC (or the handshake) catches it, no session survives, and
            // every attempt ends within its deadline; nothing reached the device
            LinkFaults corruptAll = new LinkFaults(1.0, 0, 0, Duration.ZERO, 0);
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                try (FaultyLink link = new FaultyLink(target, corruptAll, 2, FaultyLink.Framing.TLS_RECORD);
                     RetryingClient c = new RetryingClient(new ModbusTcpClient(link.address(), Duration.ofSeconds(5), client), 3)) {
                    LinkException e = assertThrows(LinkException.class, () -> c.writeSingleRegister(UNIT, 0, 99));
                    assertTrue(e.getMessage().contains("3 attempts"), e.getMessage());
                    assertTrue(link.counts().corruptedBytes() > 0, link.counts().toString());
                }
            });
            assertEquals(4, device.registers[0], "a corrupted session wrote nothing");
        }
    }
}
