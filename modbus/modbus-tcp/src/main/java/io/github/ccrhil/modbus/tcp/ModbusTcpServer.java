package io.github.ccrhil.modbus.tcp;

import io.github.ccrhil.modbus.server.ModbusServerCore;
import io.github.ccrhil.modbus.server.ServerCounters;

import io.github.ccrhil.modbus.pdu.FunctionCode;
import io.github.ccrhil.modbus.pdu.MbapHeader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Optional;
import java.util.Set;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLSocket;
import io.github.ccrhil.modbus.pdu.ExceptionCode;
import io.github.ccrhil.modbus.pdu.PduCodec;
import io.github.ccrhil.modbus.pdu.PduDecodeException;
import io.github.ccrhil.modbus.server.RolePolicy;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Modbus/TCP server: one thread accepts, one thread per connection reads MBAP frames and answers
 * them through a shared {@link ModbusServerCore}. Nothing a peer sends can stop the server.
 *
 * <p><b>Unit ids.</b> Over TCP the device is addressed by its IP address, so the unit id is
 * checked only to tell this device from the ones behind a gateway: requests for this server's
 * unit id, for 255 (what the Modbus/TCP guide tells clients to use for "the device at this
 * address") and for 0 are all served, and answered with the unit id they carried. Unit 0 is not
 * a broadcast over TCP (the connection has one peer, and a broadcast has no answer): it is served
 * and answered like 255. Any other unit id is ignored and counted ({@code otherUnit}).
 *
 * <p><b>Framing.</b> A header announcing an oversized or empty PDU closes the connection, since
 * the stream cannot be resynchronised; a wrong protocol id drops that frame (the spec says to
 * discard it) and the connection is served on.
 *
 * <p><b>Resources</b> ({@link ConnectionLimits}): an allowlist of client addresses, a connection
 * limit (at the limit a new client takes the place of the connection idle longest, when one has
 * been idle long enough; otherwise it is refused), an idle timeout, a deadline for each started
 * frame, and a per-connection request rate. Each refusal, timeout, reclaim and throttled request
 * is counted in {@link ServerCounters}.
 *
 * <p><b>Modbus/TCP Security</b> (optional, {@link TlsSettings}): TLS 1.2/1.3 with a client
 * certificate required; a client without one, or with one from a CA not trusted, is refused at
 * the handshake. The client's role is read from its certificate ({@link RolePolicy#ROLE_OID}),
 * and a request outside the role's rights is answered 01 (illegal function) without reaching the
 * device. The handshake is the session's first frame: it must be complete within the frame
 * timeout as a whole (a client that trickles its hello a byte at a time cannot hold the
 * connection; the socket under TLS is closed at the deadline), and a connection counts against
 * the connection limit from the moment it is accepted, handshake done or not.
 *
 * <p><b>As a gateway</b> ({@link #gateway}): one port in front of several devices, each request
 * handed with its unit id to a {@link UnitRouter}, which answers for the device at that unit (or
 * with the gateway's own exception 0A/0B); no unit id is filtered here.
 */
public final class ModbusTcpServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ModbusTcpServer.class.getName());

    /** Connections served at once by a server built without {@link ConnectionLimits}. */
    public static final int MAX_CONNECTIONS = ConnectionLimits.DEFAULT_MAX_CONNECTIONS;

    /** One served connection and when it last completed a request. */
    private static final class Connection {
        final Socket socket;
        volatile long lastRequestNanos;

        Connection(Socket socket, long now) {
            this.socket = socket;
            this.lastRequestNanos = now;
        }
    }

    /** What a Modbus/TCP gateway does with a request for a unit behind it ({@link #gateway}). */
    @FunctionalInterface
    public interface UnitRouter {
        /**
         * The answer PDU to {@code pdu} addressed to {@code unitId}: the device's, or the gateway's own
         * exception (0A no path to that unit, 0B the unit did not answer); empty to send nothing.
         */
        Optional<byte[]> route(int unitId, byte[] pdu);
    }

    /** Null for a gateway. */
    private final ModbusServerCore core;
    private final ServerCounters counters;
    /** Null for a single device (its {@link #core}, at {@link #unitId}). */
    private final UnitRouter router;
    private final int unitId;
    private final ConnectionLimits limits;
    private final TlsSettings tls;
    private final RolePolicy roles;
    private final ServerSocket serverSocket;
    private final Thread acceptor;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    /** Over TLS: closes a connection whose handshake is not done by the frame deadline. */
    private final java.util.concurrent.ScheduledExecutorService handshakeDeadlines;
    private volatile boolean closed;
    private volatile boolean online = true;

    /**
     * Binds and starts serving with {@link ConnectionLimits#defaults()}.
     *
     * @param bind address to listen on; port 0 picks a free port (see {@link #port()})
     * @param unitId the unit id this server answers, 1..247
     */
    public ModbusTcpServer(ModbusServerCore core, InetSocketAddress bind, int unitId) throws IOException {
        this(core, bind, unitId, ConnectionLimits.defaults());
    }

    /**
     * Binds and starts serving.
     *
     * @param bind address to listen on; port 0 picks a free port (see {@link #port()})
     * @param unitId the unit id this server answers, 1..247
     * @param limits what clients are granted
     */
    public ModbusTcpServer(ModbusServerCore core, InetSocketAddress bind, int unitId, ConnectionLimits limits) throws IOException {
        this(core, bind, unitId, limits, null, null);
    }

    /**
     * Binds and starts serving Modbus/TCP Security (clients must present a certificate).
     *
     * @param bind address to listen on ({@link TlsSettings#SECURE_PORT} is the standard port)
     * @param tls this server's key and the CAs its clients' certificates must chain to
     * @param roles what each client role may do
     */
    public static ModbusTcpServer secure(ModbusServerCore core, InetSocketAddress bind, int unitId, ConnectionLimits limits,
                                         TlsSettings tls, RolePolicy roles) throws IOException {
        return new ModbusTcpServer(core, bind, unitId, limits, java.util.Objects.requireNonNull(tls, "tls"),
                java.util.Objects.requireNonNull(roles, "roles"));
    }

    /**
     * Binds and starts serving as a Modbus/TCP gateway: every request, whatever its unit id, goes to
     * {@code router} with that id; the connection-level events are counted in {@code counters}.
     */
    public static ModbusTcpServer gateway(UnitRouter router, ServerCounters counters, InetSocketAddress bind, ConnectionLimits limits)
            throws IOException {
        return new ModbusTcpServer(null, java.util.Objects.requireNonNull(counters, "counters"),
                java.util.Objects.requireNonNull(router, "router"), bind, 1, limits, null, null);
    }

    private ModbusTcpServer(ModbusServerCore core, InetSocketAddress bind, int unitId, ConnectionLimits limits,
                            TlsSettings tls, RolePolicy roles) throws IOException {
        this(java.util.Objects.requireNonNull(core, "core"), core.counters(), null, bind, unitId, limits, tls, roles);
    }

    private ModbusTcpServer(ModbusServerCore core, ServerCounters counters, UnitRouter router, InetSocketAddress bind, int unitId,
                            ConnectionLimits limits, TlsSettings tls, RolePolicy roles) throws IOException {
        if (unitId < 1 || unitId > 247) {
            throw new IllegalArgumentException("unit id must be 1..247, was " + unitId);
        }
        this.core = core;
        this.counters = counters;
        this.router = router;
        this.unitId = unitId;
        this.limits = java.util.Objects.requireNonNull(limits, "limits");
        this.tls = tls;
        this.roles = roles;
        // over TLS too the port is a plain one: each accepted socket is counted, then TLS is layered over it in its own
        // thread, so that the handshake's deadline can close the socket under it
        this.serverSocket = new ServerSocket();
        if (tls == null) {
            this.handshakeDeadlines = null;
        } else {
            java.util.concurrent.ScheduledThreadPoolExecutor deadlines = new java.util.concurrent.ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "modbus-tls-handshake-deadline");
                t.setDaemon(true);
                return t;
            });
            deadlines.setRemoveOnCancelPolicy(true);
            this.handshakeDeadlines = deadlines;
        }
        serverSocket.setReuseAddress(true);
        serverSocket.bind(bind, 50);
        this.acceptor = new Thread(this::acceptLoop, "modbus-tcp-accept-" + port());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The port actually bound. */
    public int port() {
        return serverSocket.getLocalPort();
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) serverSocket.getLocalSocketAddress();
    }

    public ServerCounters counters() {
        return counters;
    }

    public ConnectionLimits limits() {
        return limits;
    }

    /** Whether this server speaks Modbus/TCP Security. */
    public boolean isSecure() {
        return tls != null;
    }

    /** Connections being served now. */
    public int connectionCount() {
        return connections.size();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = serverSocket.accept();
                if (!online) {
                    s.close();
                    continue;
                }
                if (!limits.allows(s.getInetAddress())) {
                    counters.countConnectionsNotAllowed();
                    LOG.fine(() -> "not allowed: " + s.getRemoteSocketAddress());
                    s.close();
                    continue;
                }
                if (connections.size() >= limits.maxConnections() && !reclaimIdlest()) {
                    counters.countConnectionsRefused();
                    s.close();
                    continue;
                }
                s.setTcpNoDelay(true);
                Connection c = new Connection(s, System.nanoTime());
                connections.add(c);
                Thread t = new Thread(() -> serve(c), "modbus-tcp-" + s.getRemoteSocketAddress());
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (!closed) {
                    LOG.log(Level.WARNING, "accept failed: " + e);
                }
            }
        }
    }

    /** Closes the connection idle longest, if it has been idle long enough; whether one was closed. */
    private boolean reclaimIdlest() {
        if (limits.reclaimIdleAfter().isEmpty()) {
            return false;
        }
        long now = System.nanoTime();
        Connection idlest = null;
        for (Connection c : connections) {
            if (idlest == null || c.lastRequestNanos - idlest.lastRequestNanos < 0) {
                idlest = c;
            }
        }
        if (idlest == null || now - idlest.lastRequestNanos < limits.reclaimIdleAfter().get().toNanos()) {
            return false;
        }
        connections.remove(idlest);
        counters.countConnectionsReclaimed();
        closeQuietly(idlest.socket);
        return true;
    }

    private void serve(Connection connection) {
        Socket plain = connection.socket;
        ServerCounters c = counters;
        byte[] header = new byte[MbapHeader.SIZE];
        byte[] pduBuffer = new byte[FunctionCode.MAX_PDU];
        RequestRate rate = new RequestRate(limits.maxRequestsPerSecond(), System::nanoTime);
        Socket socket = plain;
        try (plain) {
            Optional<String> role = Optional.empty();
            if (tls != null) {
                SSLSocket secure = (SSLSocket) tls.context().getSocketFactory().createSocket(plain, (InputStream) null, true);
                socket = secure;
                secure.setUseClientMode(false);
                secure.setNeedClientAuth(true);
                secure.setEnabledProtocols(tls.protocolArray());
                java.util.concurrent.atomic.AtomicBoolean late = new java.util.concurrent.atomic.AtomicBoolean();
                java.util.concurrent.ScheduledFuture<?> deadline;
                try {
                    deadline = handshakeDeadlines.schedule(() -> {
                        late.set(true);
                        closeQuietly(plain);
                    }, limits.frameTimeout().toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    return; // the server is closing
                }
                try {
                    secure.setSoTimeout(millis(limits.frameTimeout().toNanos()));
                    secure.startHandshake();
                    role = ClientRole.of((X509Certificate) secure.getSession().getPeerCertificates()[0]);
                } catch (IOException e) {
                    c.countTlsHandshakesFailed();
                    if (late.get()) {
                        c.countConnectionsTimedOut();
                    }
                    LOG.fine(() -> "TLS handshake with " + plain.getRemoteSocketAddress() + " failed"
                            + (late.get() ? " (not done within " + limits.frameTimeout() + ")" : "") + ": " + e);
                    return;
                } finally {
                    deadline.cancel(false);
                }
                if (late.get()) {
                    c.countTlsHandshakesFailed();
                    c.countConnectionsTimedOut();
                    return;
                }
            }
            final Socket io = socket;
            InputStream in = new java.io.BufferedInputStream(io.getInputStream());
            OutputStream out = io.getOutputStream();
            while (!closed && online) {
                io.setSoTimeout(millis(limits.idleTimeout().toNanos()));
                int first;
                try {
                    first = in.read();
                } catch (SocketTimeoutException e) {
                    c.countConnectionsTimedOut();
                    LOG.fine(() -> "closing idle " + io.getRemoteSocketAddress());
                    return;
                }
                if (first < 0) {
                    return; // the peer closed between frames: normal
                }
                long frameDeadline = System.nanoTime() + limits.frameTimeout().toNanos();
                header[0] = (byte) first;
                try {
                    readFully(io, in, header, 1, MbapHeader.SIZE - 1, frameDeadline);
                    MbapHeader h = MbapHeader.decode(header, 0);
                    if (h.length() < 2 || h.pduLength() > FunctionCode.MAX_PDU) {
                        if (h.length() < 2) {
                            c.countMalformedFrames();
                        } else {
                            c.countOversizedFrames();
                        }
                        LOG.fine(() -> "closing " + io.getRemoteSocketAddress() + ": " + h.problem());
                        return;
                    }
                    int n = h.pduLength();
                    readFully(io, in, pduBuffer, 0, n, frameDeadline);
                    if (h.protocolId() != 0) {
                        c.countMalformedFrames();
                        continue;
                    }
                    if (router == null && h.unitId() != unitId && h.unitId() != 0xFF && h.unitId() != 0) {
                        c.countOtherUnit();
                        continue;
                    }
                    if (rate.take(() -> closed || !online)) {
                        c.countRequestsThrottled();
                    }
                    connection.lastRequestNanos = System.nanoTime();
                    byte[] pdu = java.util.Arrays.copyOf(pduBuffer, n);
                    Optional<byte[]> answer = !authorised(role, pdu) ? Optional.of(notAuthorised(pdu))
                            : router != null ? router.route(h.unitId(), pdu) : core.process(pdu);
                    if (answer.isPresent()) {
                        out.write(MbapHeader.frame(h.transactionId(), h.unitId(), answer.get()));
                        out.flush();
                    }
                } catch (EOFException e) {
                    c.countTruncatedFrames();
                    return;
                } catch (SocketTimeoutException e) {
                    c.countTruncatedFrames();
                    c.countConnectionsTimedOut();
                    LOG.fine(() -> "closing " + io.getRemoteSocketAddress() + ": frame not complete within " + limits.frameTimeout());
                    return;
                }
            }
        } catch (SocketException e) {
            // connection reset, reclaimed, or server closing
        } catch (javax.net.ssl.SSLException e) {
            // a TLS record the session cannot take (garbage under the session, a lying record length): hostile input, counted
            c.countMalformedFrames();
            LOG.fine(() -> "TLS session with " + plain.getRemoteSocketAddress() + " ended: " + e);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "connection " + plain.getRemoteSocketAddress() + " ended: " + e);
        } finally {
            connections.remove(connection);
        }
    }

    /** Whether the role may have this PDU served; a PDU that does not decode goes to the core, which answers it. */
    private boolean authorised(Optional<String> role, byte[] pdu) {
        if (roles == null || pdu.length == 0 || (pdu[0] & 0x80) != 0) {
            return true;
        }
        try {
            return roles.permits(role, PduCodec.decodeRequest(pdu, 0, pdu.length));
        } catch (PduDecodeException e) {
            return true;
        }
    }

    private byte[] notAuthorised(byte[] pdu) {
        counters.countRequestsNotAuthorised();
        LOG.fine(() -> "function " + (pdu[0] & 0x7F) + " outside the client's role");
        return new byte[] {(byte) (pdu[0] | 0x80), (byte) ExceptionCode.ILLEGAL_FUNCTION.code()};
    }

    private static int millis(long nanos) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (nanos + 999_999) / 1_000_000));
    }

    /** Reads exactly {@code len} bytes before the deadline. */
    private static void readFully(Socket socket, InputStream in, byte[] b, int off, int len, long deadline) throws IOException {
        int done = 0;
        while (done < len) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new SocketTimeoutException("frame deadline");
            }
            socket.setSoTimeout(millis(left));
            int n = in.read(b, off + done, len - done);
            if (n < 0) {
                throw new EOFException();
            }
            done += n;
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            LOG.fine("close: " + e);
        }
    }

    /**
     * Simulates a pulled network cable (for simulators and link-fault tests): offline, every
     * connection is dropped and new ones are closed as soon as they are accepted; the port stays
     * bound so that going online again serves at the same address.
     */
    public void setOnline(boolean online) {
        this.online = online;
        if (!online) {
            for (Connection c : connections) {
                closeQuietly(c.socket);
            }
        }
    }

    public boolean isOnline() {
        return online;
    }

    @Override
    public void close() {
        closed = true;
        try {
            serverSocket.close();
        } catch (IOException e) {
            LOG.fine("close: " + e);
        }
        for (Connection c : connections) {
            closeQuietly(c.socket);
        }
        if (handshakeDeadlines != null) {
            handshakeDeadlines.shutdownNow();
        }
        try {
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
