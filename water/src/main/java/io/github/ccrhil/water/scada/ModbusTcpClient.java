package io.github.ccrhil.water.scada;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * The supervisory server's own small Modbus TCP client (one transaction at a time). Every
 * transaction has a socket timeout (so a dead PLC never blocks a scan, unlike j2mod issue #83),
 * and the response's transaction id, unit id and function code are checked (j2mod issue #165);
 * any mismatch or timeout closes the connection so it never stays half-synchronised.
 */
public final class ModbusTcpClient implements AutoCloseable {
    private final String host;
    private final int port;
    private final int unitId;
    private final int timeoutMillis;
    private Socket socket;
    private DataInputStream in;
    private OutputStream out;
    private int transactionId;

    public ModbusTcpClient(String host, int port, int unitId, Duration timeout) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, was " + port);
        }
        if (unitId < 0 || unitId > 255) {
            throw new IllegalArgumentException("unit id must be 0..255, was " + unitId);
        }
        this.host = host;
        this.port = port;
        this.unitId = unitId;
        this.timeoutMillis = (int) Math.max(1, timeout.toMillis());
    }

    public synchronized boolean isConnected() {
        return socket != null && !socket.isClosed();
    }

    private void ensureConnected() throws LinkException {
        if (isConnected()) {
            return;
        }
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.setSoTimeout(timeoutMillis);
            s.connect(new InetSocketAddress(host, port), timeoutMillis);
            socket = s;
            in = new DataInputStream(s.getInputStream());
            out = s.getOutputStream();
        } catch (IOException e) {
            try {
                s.close();
            } catch (IOException ignored) {
                // nothing more to do
            }
            throw new LinkException("cannot connect to " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /** Sends a PDU (function code + data) and returns the response data after the function code. */
    public synchronized byte[] transact(byte[] pdu) throws LinkException {
        ensureConnected();
        int tid = transactionId = (transactionId + 1) & 0xFFFF;
        byte[] frame = new byte[7 + pdu.length];
        frame[0] = (byte) (tid >> 8);
        frame[1] = (byte) tid;
        frame[4] = (byte) ((pdu.length + 1) >> 8);
        frame[5] = (byte) (pdu.length + 1);
        frame[6] = (byte) unitId;
        System.arraycopy(pdu, 0, frame, 7, pdu.length);
        try {
            out.write(frame);
            out.flush();
            byte[] header = new byte[7];
            in.readFully(header);
            int rtid = ((header[0] & 0xFF) << 8) | (header[1] & 0xFF);
            int protocol = ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
            int length = ((header[4] & 0xFF) << 8) | (header[5] & 0xFF);
            int runit = header[6] & 0xFF;
            if (rtid != tid || protocol != 0 || runit != unitId || length < 2 || length > 254) {
                throw new LinkException(String.format("mismatched response from %s:%d (tid %d/%d, unit %d/%d, length %d)",
                        host, port, rtid, tid, runit, unitId, length));
            }
            byte[] body = new byte[length - 1];
            in.readFully(body);
            int fc = body[0] & 0xFF;
            if (fc == ((pdu[0] & 0xFF) | 0x80)) {
                throw new ModbusExceptionResponse(pdu[0] & 0xFF, body.length > 1 ? body[1] & 0xFF : 0);
            }
            if (fc != (pdu[0] & 0xFF)) {
                throw new LinkException("response function " + fc + " does not match request " + (pdu[0] & 0xFF));
            }
            byte[] data = new byte[body.length - 1];
            System.arraycopy(body, 1, data, 0, data.length);
            return data;
        } catch (ModbusExceptionResponse e) {
            throw e; // the link itself is fine
        } catch (LinkException e) {
            close();
            throw e;
        } catch (SocketTimeoutException e) {
            close();
            throw new LinkException("timeout after " + timeoutMillis + " ms from " + host + ":" + port, e);
        } catch (EOFException e) {
            close();
            throw new LinkException("connection closed by " + host + ":" + port, e);
        } catch (IOException e) {
            close();
            throw new LinkException("I/O error with " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /** FC03 (holding) or FC04 (input): unsigned 16-bit values. */
    public int[] readRegisters(boolean holding, int address, int count) throws LinkException {
        if (count < 1 || count > 125) {
            throw new IllegalArgumentException("register count must be 1..125, was " + count);
        }
        byte[] data = transact(new byte[] {(byte) (holding ? 3 : 4), (byte) (address >> 8), (byte) address,
            (byte) (count >> 8), (byte) count});
        if (data.length != 1 + 2 * count || (data[0] & 0xFF) != 2 * count) {
            close();
            throw new LinkException("register response of " + data.length + " bytes for " + count + " registers");
        }
        int[] v = new int[count];
        for (int i = 0; i < count; i++) {
            v[i] = ((data[1 + 2 * i] & 0xFF) << 8) | (data[2 + 2 * i] & 0xFF);
        }
        return v;
    }

    /** FC01 (coils) or FC02 (discrete inputs). */
    public boolean[] readBits(boolean coils, int address, int count) throws LinkException {
        if (count < 1 || count > 2000) {
            throw new IllegalArgumentException("bit count must be 1..2000, was " + count);
        }
        byte[] data = transact(new byte[] {(byte) (coils ? 1 : 2), (byte) (address >> 8), (byte) address,
            (byte) (count >> 8), (byte) count});
        int bytes = (count + 7) / 8;
        if (data.length != 1 + bytes || (data[0] & 0xFF) != bytes) {
            close();
            throw new LinkException("bit response of " + data.length + " bytes for " + count + " bits");
        }
        boolean[] v = new boolean[count];
        for (int i = 0; i < count; i++) {
            v[i] = (data[1 + i / 8] & (1 << (i % 8))) != 0;
        }
        return v;
    }

    /** FC06. */
    public void writeRegister(int address, int value) throws LinkException {
        transact(new byte[] {6, (byte) (address >> 8), (byte) address, (byte) (value >> 8), (byte) value});
    }

    /** FC05. */
    public void writeCoil(int address, boolean on) throws LinkException {
        transact(new byte[] {5, (byte) (address >> 8), (byte) address, (byte) (on ? 0xFF : 0), 0});
    }

    @Override
    public synchronized void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            socket = null;
        }
    }
}
