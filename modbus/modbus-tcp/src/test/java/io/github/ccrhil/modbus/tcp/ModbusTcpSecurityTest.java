package io.github.ccrhil.modbus.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.modbus.client.LinkException;
import io.github.ccrhil.modbus.client.ModbusExceptionResponse;
import io.github.ccrhil.modbus.pdu.ExceptionCode;
import io.github.ccrhil.modbus.server.ModbusServerCore;
import io.github.ccrhil.modbus.server.RolePolicy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Modbus/TCP Security: mutual TLS, and the client's role from its certificate mapped to the
 * function codes and addresses it may use.
 */
@Timeout(60)
class ModbusTcpSecurityTest {

    static final int UNIT = 7;
    static TestPki site;

    ModbusTcpClientTest.TenOfEach device;
    ModbusTcpServer server;

    @BeforeEach
    void start() throws Exception {
        if (site == null) {
            site = new TestPki("site CA");
        }
        device = new ModbusTcpClientTest.TenOfEach();
        device.registers[4] = 1234;
        // engineers may write only registers 0..4 (the configuration block)
        RolePolicy roles = new RolePolicy(Map.of(
                "operator", RolePolicy.Rights.readOnly(),
                "engineer", new RolePolicy.Rights(Set.of(3, 6, 16), List.of(new RolePolicy.AddressBlock(0, 4)))),
                RolePolicy.Rights.none());
        server = ModbusTcpServer.secure(new ModbusServerCore(device), new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                UNIT, ConnectionLimits.defaults(), TestPki.settings(site.identity("ccr-1", Optional.empty()), site), roles);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ModbusTcpClient client(TlsSettings tls) {
        return new ModbusTcpClient(server.address(), Duration.ofSeconds(5), tls);
    }

    private ModbusTcpClient withRole(String role) throws Exception {
        return client(TestPki.settings(site.identity("client-" + role, Optional.of(role)), site));
    }

    @Test
    void anEngineerWritesAndReadsWithinItsRegisters() throws Exception {
        try (ModbusTcpClient engineer = withRole("engineer")) {
            engineer.writeSingleRegister(UNIT, 2, 0xBEEF);
            assertArrayEquals(new int[] {0, 0, 0xBEEF, 0, 1234}, engineer.readHoldingRegisters(UNIT, 0, 5));
            assertTrue(engineer.isConnected());
        }
        assertTrue(server.isSecure());
    }

    @Test
    void anEngineerWriteOutsideItsRegistersAndAFunctionOutsideItsRoleAreRefusedIllegalFunction() throws Exception {
        try (ModbusTcpClient engineer = withRole("engineer")) {
            assertEquals(ExceptionCode.ILLEGAL_FUNCTION,
                    assertThrows(ModbusExceptionResponse.class, () -> engineer.writeSingleRegister(UNIT, 5, 1)).code());
            assertEquals(ExceptionCode.ILLEGAL_FUNCTION,
                    assertThrows(ModbusExceptionResponse.class, () -> engineer.writeSingleCoil(UNIT, 0, true)).code());
        }
        assertEquals(0, device.registers[5]);
        assertEquals(false, device.coils[0]);
        assertEquals(2, server.counters().snapshot().requestsNotAuthorised());
    }

    @Test
    void anOperatorReadsButEveryWriteIsRefusedAndChangesNothing() throws Exception {
        try (ModbusTcpClient operator = withRole("operator")) {
            assertArrayEquals(new int[] {1234}, operator.readHoldingRegisters(UNIT, 4, 1));
            assertEquals(ExceptionCode.ILLEGAL_FUNCTION,
                    assertThrows(ModbusExceptionResponse.class, () -> operator.writeSingleRegister(UNIT, 4, 1)).code());
            assertEquals(ExceptionCode.ILLEGAL_FUNCTION,
                    assertThrows(ModbusExceptionResponse.class, () -> operator.writeMultipleRegisters(UNIT, 0, new int[] {1, 2})).code());
            assertArrayEquals(new int[] {0, 0, 0, 0, 1234}, operator.readHoldingRegisters(UNIT, 0, 5), "nothing changed");
        }
    }

    @Test
    void aCertificateWithoutARoleOrWithAnUnknownRoleGetsNothing() throws Exception {
        try (ModbusTcpClient nobody = client(TestPki.settings(site.identity("no-role", Optional.empty()), site));
             ModbusTcpClient stranger = withRole("visitor")) {
            assertEquals(ExceptionCode.ILLEGAL_FUNCTION,
                    assertThrows(ModbusExceptionResponse.class, () -> nobody.readHoldingRegisters(UNIT, 0, 1)).code());
            assertEquals(ExceptionCode.ILLEGAL_FUNCTION,
                    assertThrows(ModbusExceptionResponse.class, () -> stranger.readHoldingRegisters(UNIT, 0, 1)).code());
        }
    }

    @Test
    void aClientWithoutACertificateIsRefusedAtTheHandshake() throws Exception {
        try (ModbusTcpClient anonymous = client(TestPki.noCertificate(site))) {
            assertThrows(LinkException.class, () -> anonymous.readHoldingRegisters(UNIT, 0, 1));
        }
        awaitHandshakeFailures(1);
        assertEquals(0, server.counters().snapshot().requests(), "nothing reached the device");
    }

    @Test
    void aClientWithACertificateFromAnUnknownCaIsRefusedAtTheHandshake() throws Exception {
        TestPki rogue = new TestPki("rogue CA");
        // it trusts our server's CA, but its own certificate is from a CA the server does not trust
        try (ModbusTcpClient impostor = client(TlsSettings.mutual(rogue.identity("impostor", Optional.of("engineer")),
                TestPki.PASSWORD, site.trustStore()))) {
            assertThrows(LinkException.class, () -> impostor.writeSingleRegister(UNIT, 0, 1));
        }
        awaitHandshakeFailures(1);
        assertEquals(0, device.registers[0]);
    }

    @Test
    void aPlainModbusTcpClientGetsNothingFromASecureServer() throws Exception {
        try (ModbusTcpClient plain = new ModbusTcpClient(server.address(), Duration.ofMillis(2500))) {
            assertThrows(LinkException.class, () -> plain.readHoldingRegisters(UNIT, 0, 1));
        }
        awaitHandshakeFailures(1);
    }

    @Test
    void tls12AloneIsAccepted() throws Exception {
        TlsSettings engineer = TestPki.settings(site.identity("old-master", Optional.of("engineer")), site);
        try (ModbusTcpClient old = client(new TlsSettings(engineer.context(), List.of("TLSv1.2")))) {
            assertArrayEquals(new int[] {1234}, old.readHoldingRegisters(UNIT, 4, 1));
        }
        assertThrows(IllegalArgumentException.class, () -> new TlsSettings(engineer.context(), List.of("TLSv1.1")));
    }

    @Test
    void theRoleIsAUtf8StringInsideTheExtensionsOctetString() {
        byte[] ext = {0x04, 0x0A, 0x0C, 0x08, 'e', 'n', 'g', 'i', 'n', 'e', 'e', 'r'};
        assertEquals("engineer", new String(ClientRole.derValue(ClientRole.derValue(ext, 0x04), 0x0C)));
        assertEquals(null, ClientRole.derValue(new byte[] {0x04, 0x05, 0x0C}, 0x04), "a length that lies");
        assertEquals(null, ClientRole.derValue(new byte[] {0x13, 0x01, 'x'}, 0x0C), "a PrintableString is not the role");
        assertEquals(null, ClientRole.derValue(new byte[] {0x04, (byte) 0x84, 1, 1, 1, 1}, 0x04), "oversized length");
    }

    private void awaitHandshakeFailures(long n) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (server.counters().snapshot().tlsHandshakesFailed() < n) {
            assertTrue(System.nanoTime() < deadline, "handshake failures: " + server.counters().snapshot());
            LockSupport.parkNanos(10_000_000);
        }
    }
}
