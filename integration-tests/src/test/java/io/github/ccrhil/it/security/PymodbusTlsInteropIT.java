package io.github.ccrhil.it.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.it.Peers;
import io.github.ccrhil.it.TestDevice;
import io.github.ccrhil.modbus.server.ModbusServerCore;
import io.github.ccrhil.modbus.server.RolePolicy;
import io.github.ccrhil.modbus.tcp.ConnectionLimits;
import io.github.ccrhil.modbus.tcp.ModbusTcpServer;
import io.github.ccrhil.modbus.tcp.TestPki;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Modbus/TCP Security interop: pymodbus's TLS client (Debian python3-pymodbus, OpenSSL underneath)
 * against our secure server; the role in the certificate decides what the client may do.
 */
@Timeout(120)
class PymodbusTlsInteropIT {

    static TestPki site;
    TestDevice device;
    ModbusTcpServer server;
    @TempDir
    Path dir;

    @BeforeAll
    static void pki() throws Exception {
        Peers.requirePymodbus();
        site = new TestPki("site CA");
    }

    @BeforeEach
    void start() throws Exception {
        device = new TestDevice();
        device.holding[4] = 1234;
        server = ModbusTcpServer.secure(new ModbusServerCore(device), new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1,
                ConnectionLimits.defaults(), TestPki.settings(site.identity("ccr-1", Optional.empty()), site),
                RolePolicy.operatorAndEngineer());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Map<String, String> pymodbus(TestPki ca, Optional<String> role, String name, String... tlsVersion) throws Exception {
        Path[] files = ca.writePem(ca.identity(name, role), dir, name);
        Path caFile = site.writeCaPem(dir.resolve("site-ca.crt"));
        List<String> command = new java.util.ArrayList<>(List.of("/usr/bin/python3",
                Peers.repositoryRoot().resolve("src/peers/pymodbus_tls_client.py").toString(),
                "127.0.0.1", String.valueOf(server.port()), "1", caFile.toString(), files[0].toString(), files[1].toString()));
        command.addAll(List.of(tlsVersion));
        Peers.Result r = Peers.run(command, 60);
        assertEquals(0, r.exit(), r.output());
        Map<String, String> seen = new LinkedHashMap<>();
        for (String line : r.output().split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0 && !line.contains(" ")) {
                seen.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        System.out.println("pymodbus TLS " + name + ": " + seen);
        return seen;
    }

    @Test
    void anEngineerCertificateReadsAndWrites() throws Exception {
        Map<String, String> seen = pymodbus(site, Optional.of("engineer"), "engineer");
        assertEquals("ok", seen.get("connect"));
        assertEquals("TLSv1.3", seen.get("tls"));
        assertEquals("1234", seen.get("read4"));
        assertEquals("ok", seen.get("write2"));
        assertEquals(0xBEEF, device.holding[2]);
    }

    @Test
    void anEngineerCertificateOverTls12() throws Exception {
        Map<String, String> seen = pymodbus(site, Optional.of("engineer"), "engineer12", "TLSv1_2");
        assertEquals("TLSv1.2", seen.get("tls"));
        assertEquals("1234", seen.get("read4"));
        assertEquals("ok", seen.get("write2"));
    }

    @Test
    void anOperatorCertificateReadsButItsWriteIsRefusedIllegalFunction() throws Exception {
        Map<String, String> seen = pymodbus(site, Optional.of("operator"), "operator");
        assertEquals("1234", seen.get("read4"));
        assertEquals("exception:1", seen.get("write2"));
        assertEquals(0, device.holding[2]);
    }

    @Test
    void aCertificateFromAnUnknownCaGetsNothing() throws Exception {
        Map<String, String> seen = pymodbus(new TestPki("rogue CA"), Optional.of("engineer"), "impostor");
        // TLS 1.3: the client may finish its side of the handshake before the server refuses it
        assertTrue(!"1234".equals(seen.get("read4")) && !"ok".equals(seen.get("write2")), seen.toString());
        assertEquals(0, device.holding[2]);
        assertEquals(0, server.counters().snapshot().requests());
    }
}
