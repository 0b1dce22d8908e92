package io.github.ccrhil.modbus.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.modbus.client.LinkException;
import io.github.ccrhil.modbus.server.ModbusServerCore;
import io.github.ccrhil.modbus.server.RolePolicy;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Modbus/TCP Security under connection exhaustion (IEC 62443-4-2 CR 7): a TLS handshake must be
 * done within the frame timeout as a whole, so a client that trickles its hello a byte at a time
 * (slowloris) cannot hold a connection; and a TLS connection counts against the connection limit
 * from the moment it is accepted, handshake done or not.
 */
@Timeout(60)
class TlsConnectionLimitsTest {

    static final int UNIT = 7;
    static TestPki site;
    static TlsSettings serverTls;
    static TlsSettings engineer;

    final List<Socket> held = new ArrayList<>();
    ModbusTcpServer server;

    @BeforeAll
    static void pki() throws Exception {
        site = new TestPki("site CA");
        serverTls = TestPki.settings(site.identity("ccr-1", Optional.empty()), site);
        engineer = TestPki.settings(site.identity("engineer", Optional.of("engineer")), site);
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket s : held) {
            s.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private ModbusTcpServer serve(ConnectionLimits limits) throws IOException {
        return ModbusTcpServer.secure(new ModbusServerCore(new ModbusTcpClientTest.TenOfEach()),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), UNIT, limits, serverTls, RolePolicy.operatorAndEngineer());
    }

    /** The first TLS record a client sends: its ClientHello, as the JDK builds it. */
    static byte[] clientHello(TlsSettings tls) throws IOException {
        SSLEngine e = tls.context().createSSLEngine("ccr-1", TlsSettings.SECURE_PORT);
        e.setUseClientMode(true);
        ByteBuffer out = ByteBuffer.allocate(e.getSession().getPacketBufferSize());
        e.wrap(ByteBuffer.allocate(0), out);
        out.flip();
        byte[] b = new byte[out.remaining()];
        out.get(b);
        return b;
    }

    @Test
    void aClientTricklingItsHelloAByteEvery200msIsClosedAtTheHandshakeDeadline() throws Exception {
        server = serve(ConnectionLimits.defaults().withFrameTimeout(Duration.ofSeconds(1)));
        byte[] hello = clientHello(engineer);
        assertTrue(hello.length > 100, "a ClientHello of " + hello.length + " bytes");
        Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port());
        held.add(s);
        OutputStream out = s.getOutputStream();
        out.write(hello, 0, 10);
        out.flush();
        // one more byte of the hello every 200 ms: each read of the server's is answered well within its 1 s, so only a
        // deadline on the handshake as a whole ends this; the hello would be complete only after about 20 s more
        s.setSoTimeout(200);
        long t0 = System.nanoTime();
        boolean closed = false;
        int next = 10;
        while (!closed && System.nanoTime() - t0 < Duration.ofSeconds(15).toNanos() && next < hello.length) {
            try {
                closed = s.getInputStream().read() < 0;
            } catch (SocketTimeoutException e) {
                try {
                    out.write(hello[next++]);
                    out.flush();
                } catch (IOException gone) {
                    closed = true;
                }
            } catch (IOException e) {
                closed = true;
            }
        }
        double after = (System.nanoTime() - t0) / 1e9;
        assertTrue(next < hello.length, "the test trickled more slowly than the hello needs");
        assertTrue(closed, "a trickled handshake still held after " + after + " s (frame timeout 1 s)");
        // the server's thread counts it once the closed socket ends its handshake: wait for that, with a deadline
        long c0 = System.nanoTime();
        while (server.counters().snapshot().tlsHandshakesFailed() == 0 && System.nanoTime() - c0 < Duration.ofSeconds(10).toNanos()) {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
        var n = server.counters().snapshot();
        assertEquals(1, n.tlsHandshakesFailed(), "counted as a failed handshake: " + n);
        assertEquals(1, n.connectionsTimedOut(), "counted as timed out: " + n);
        System.out.printf("trickled handshake closed after %.2f s (frame timeout 1 s)%n", after);
    }

    @Test
    void connectionsThatNeverStartTheHandshakeCountAgainstTheLimit() throws Exception {
        // no reclaim, long deadlines: only the limit decides
        server = serve(ConnectionLimits.defaults().withMaxConnections(2).withReclaimIdleAfter(Optional.empty())
                .withFrameTimeout(Duration.ofSeconds(30)));
        for (int i = 0; i < 2; i++) {
            held.add(new Socket(InetAddress.getLoopbackAddress(), server.port()));
        }
        awaitConnections(2);
        try (ModbusTcpClient c = new ModbusTcpClient(server.address(), Duration.ofSeconds(10), engineer)) {
            assertThrows(LinkException.class, () -> c.readHoldingRegisters(UNIT, 0, 1), "a third connection over the limit of 2");
        }
        assertTrue(server.counters().snapshot().connectionsRefused() >= 1, "the refusal counted");
        for (Socket s : held) {
            s.close();
        }
        held.clear();
        awaitConnections(0);
        try (ModbusTcpClient c = new ModbusTcpClient(server.address(), Duration.ofSeconds(10), engineer)) {
            assertArrayEquals(new int[] {0}, c.readHoldingRegisters(UNIT, 0, 1), "served once the raw sockets closed");
        }
    }

    @Test
    void completedSessionsLeftIdleCountAgainstTheLimitAndTheIdlestIsReclaimedForANewClient() throws Exception {
        server = serve(ConnectionLimits.defaults().withMaxConnections(2).withReclaimIdleAfter(Optional.of(Duration.ofMillis(300))));
        List<ModbusTcpClient> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                ModbusTcpClient c = new ModbusTcpClient(server.address(), Duration.ofSeconds(10), engineer);
                idle.add(c);
                c.readHoldingRegisters(UNIT, 0, 1); // a session, then silence
            }
            assertEquals(2, server.connectionCount());
            // the master comes: the idlest session (idle 300 ms or more by then) gives way
            long t0 = System.nanoTime();
            int[] answer = null;
            while (answer == null && System.nanoTime() - t0 < Duration.ofSeconds(20).toNanos()) {
                try (ModbusTcpClient master = new ModbusTcpClient(server.address(), Duration.ofSeconds(10), engineer)) {
                    answer = master.readHoldingRegisters(UNIT, 0, 1);
                } catch (LinkException e) {
                    // refused while no session had been idle 300 ms yet: try again
                }
            }
            assertArrayEquals(new int[] {0}, answer, "the master served");
            assertTrue(server.counters().snapshot().connectionsReclaimed() >= 1, "an idle session reclaimed");
        } finally {
            idle.forEach(ModbusTcpClient::close);
        }
    }

    private void awaitConnections(int n) {
        long t0 = System.nanoTime();
        while (server.connectionCount() != n && System.nanoTime() - t0 < Duration.ofSeconds(20).toNanos()) {
            Thread.onSpinWait();
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
        assertEquals(n, server.connectionCount(), "connections held by the server");
    }
}
