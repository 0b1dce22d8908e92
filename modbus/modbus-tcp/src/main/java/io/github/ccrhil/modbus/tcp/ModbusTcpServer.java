package io.github.ccrhil.modbus.tcp;

import io.github.ccrhil.modbus.server.ModbusServerCore;
import io.github.ccrhil.modbus.server.ServerCounters;

import io.github.ccrhil.modbus.pdu.FunctionCode;
import io.github.ccrhil.modbus.pdu.MbapHeader;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Modbus/TCP server: one thread accepts, one thread per connection reads MBAP frames and answers
 * them through a shared {@link ModbusServerCore}. Requests for another unit id are ignored and
 * counted; units 0 and 255 (both used by TCP clients to mean "the device at this address") are
 * always served. A header announcing an
 * oversized PDU closes the connection, since the stream cannot be resynchronised; a wrong
 * protocol id drops that frame. Nothing a peer sends can stop the server.
 */
public final class ModbusTcpServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ModbusTcpServer.class.getName());

    /** Connections served at once; more are closed at once and counted (a connection flood cannot exhaust threads). */
    public static final int MAX_CONNECTIONS = 32;

    private final ModbusServerCore core;
    private final int unitId;
    private final ServerSocket serverSocket;
    private final Thread acceptor;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private volatile boolean online = true;

    /**
     * Binds and starts serving.
     *
     * @param bind address to listen on; port 0 picks a free port (see {@link #port()})
     * @param unitId the unit id this server answers, 1..247
     */
    public ModbusTcpServer(ModbusServerCore core, InetSocketAddress bind, int unitId) throws IOException {
        if (unitId < 1 || unitId > 247) {
            throw new IllegalArgumentException("unit id must be 1..247, was " + unitId);
        }
        this.core = core;
        this.unitId = unitId;
        this.serverSocket = new ServerSocket();
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
        return core.counters();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = serverSocket.accept();
                if (!online) {
                    s.close();
                    continue;
                }
                if (connections.size() >= MAX_CONNECTIONS) {
                    core.counters().countConnectionsRefused();
                    s.close();
                    continue;
                }
                s.setTcpNoDelay(true);
                connections.add(s);
                Thread t = new Thread(() -> serve(s), "modbus-tcp-" + s.getRemoteSocketAddress());
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (!closed) {
                    LOG.log(Level.WARNING, "accept failed: " + e);
                }
            }
        }
    }

    private void serve(Socket socket) {
        ServerCounters c = core.counters();
        byte[] header = new byte[MbapHeader.SIZE];
        byte[] pduBuffer = new byte[FunctionCode.MAX_PDU];
        try (socket) {
            DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(socket.getInputStream()));
            OutputStream out = socket.getOutputStream();
            while (!closed && online) {
                try {
                    in.readFully(header);
                } catch (EOFException e) {
                    return; // the peer closed between frames: normal
                }
                MbapHeader h = MbapHeader.decode(header, 0);
                if (h.length() < 2 || h.pduLength() > FunctionCode.MAX_PDU) {
                    if (h.length() < 2) {
                        c.countMalformedFrames();
                    } else {
                        c.countOversizedFrames();
                    }
                    LOG.fine(() -> "closing " + socket.getRemoteSocketAddress() + ": " + h.problem());
                    return;
                }
                int n = h.pduLength();
                try {
                    in.readFully(pduBuffer, 0, n);
                } catch (EOFException e) {
                    c.countTruncatedFrames();
                    return;
                }
                if (h.protocolId() != 0) {
                    c.countMalformedFrames();
                    continue;
                }
                if (h.unitId() != unitId && h.unitId() != 0xFF && h.unitId() != 0) {
                    c.countOtherUnit();
                    continue;
                }
                byte[] pdu = java.util.Arrays.copyOf(pduBuffer, n);
                byte[] answer = core.process(pdu);
                out.write(MbapHeader.frame(h.transactionId(), h.unitId(), answer));
                out.flush();
            }
        } catch (SocketException e) {
            // connection reset or server closing
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "connection " + socket.getRemoteSocketAddress() + " ended: " + e);
        } finally {
            connections.remove(socket);
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
            for (Socket s : connections) {
                try {
                    s.close();
                } catch (IOException e) {
                    LOG.fine("close: " + e);
                }
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
        for (Socket s : connections) {
            try {
                s.close();
            } catch (IOException e) {
                LOG.fine("close: " + e);
            }
        }
        try {
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
