package io.github.ccrhil.it.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.ccr.verify.accept.dut.LinkedDutSessions;
import io.github.ccrhil.it.ServedReferenceCcr;
import io.github.ccrhil.modbus.client.LinkException;
import io.github.ccrhil.modbus.client.ModbusClient;
import io.github.ccrhil.modbus.server.RolePolicy;
import io.github.ccrhil.modbus.tcp.ConnectionLimits;
import io.github.ccrhil.modbus.tcp.ModbusTcpServer;
import io.github.ccrhil.modbus.tcp.TestPki;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The verifier's link to a DUT that speaks Modbus/TCP Security ({@code accept --dut tls:host:port
 * --tls-key --tls-trust}): with the verifier's certificate it reads the DUT; from a CA the DUT does
 * not trust it is refused at the handshake; without TLS settings it is a one-line input error.
 */
@Timeout(60)
class VerifierOverModbusTcpSecurityIT {

    @Test
    void theVerifierReachesATlsDutWithItsCertificateAndIsRefusedWithoutOne() throws Exception {
        TestPki site = new TestPki("site CA");
        TestPki stranger = new TestPki("unknown CA");
        ServedReferenceCcr ccr = new ServedReferenceCcr();
        int unit = ccr.device.profile().unitId();
        try (ModbusTcpServer server = ModbusTcpServer.secure(ccr.device.serverCore(),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), unit, ConnectionLimits.defaults(),
                TestPki.settings(site.identity("ccr-1", Optional.empty()), site), RolePolicy.operatorAndEngineer())) {
            String address = "tls:127.0.0.1:" + server.port();
            try (ModbusClient verifier = LinkedDutSessions.client(address, Duration.ofSeconds(5),
                    TestPki.settings(site.identity("verifier", Optional.of("engineer")), site))) {
                assertFalse(verifier.readDeviceIdentification(unit, 1).isEmpty(), "the DUT's identification over TLS");
            }
            try (ModbusClient outsider = LinkedDutSessions.client(address, Duration.ofSeconds(3),
                    TestPki.settings(stranger.identity("verifier", Optional.of("engineer")), site))) {
                assertThrows(LinkException.class, () -> outsider.readDeviceIdentification(unit, 1));
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> LinkedDutSessions.client(address, Duration.ofSeconds(1), null));
            assertTrue(e.getMessage().contains("--tls-key and --tls-trust"), e.getMessage());
        }
    }
}
