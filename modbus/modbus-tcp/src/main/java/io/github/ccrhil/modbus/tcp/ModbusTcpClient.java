package io.github.ccrhil.modbus.tcp;

import io.github.ccrhil.modbus.client.LinkException;
import io.github.ccrhil.modbus.client.LinkInterruptedException;
import io.github.ccrhil.modbus.client.LinkProtocolException;
import io.github.ccrhil.modbus.client.LinkTimeoutException;
import io.github.ccrhil.modbus.client.ModbusExceptionResponse;
import io.github.ccrhil.modbus.client.ModbusClient;
import io.github.ccrhil.modbus.pdu.FunctionCode;
import io.github.ccrhil.modbus.pdu.MbapHeader;
import io.github.ccrhil.modbus.pdu.ModbusRequest;
import io.github.ccrhil.modbus.pdu.PduCodec;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Modbus/TCP {@link ModbusClient} on our own PDU codec, one transaction at a time in the
 * caller's thread. Every transaction has a deadline (the socket timeout is the time left), so a
 * dead server never blocks the caller longer than the timeout. The answer's transaction id,
 * protocol id, unit id, function code and shape are checked; a timeout, a mismatch or a broken
 * frame closes the connection (a TCP stream cannot be resynchronised) and the next call
 * reconnects. A Modbus exception answer keeps the connection.
 */
public final class ModbusTcpClient implements ModbusClient {

    private final InetSocketAddress server;
    private final Duration timeout;
    private Socket socket;
    private DataInputStream in;
    private OutputStream out;
    private int transactionId;

    /**
     * @param server address of the Modbus/TCP server
     * @param timeout whole-transaction timeout (connect, send, answer), positive
     */
    public ModbusTcpClient(InetSocketAddress server, Duration timeout) {
        this.server = Objects.requireNonNull(server, "server");
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        this.timeout = timeout;
    }

    public ModbusTcpClient(String host, int port, Duration timeout) {
        this(new InetSocketAddress(host, checkPort(port)), timeout);
    }

    private static int checkPort(int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, was " + port);
        }
        return port;
    }

    public InetSocketAddress server() {
        return server;
    }

    public synchronized boolean isConnected() {
        return socket != null && !socket.isClosed();
    }

    private String describe() {
        return server.getHostString() + ":" + server.getPort();
    }

    private void connect(long deadline) throws LinkException {
        if (isConnected()) {
            return;
        }
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(server, remainingMillis(deadline));
            socket = s;
            in = new DataInputStream(new java.io.BufferedInputStream(s.getInputStream()));
            out = s.getOutputStream();
        } catch (SocketTimeoutException e) {
            closeQuietly(s);
            throw new LinkTimeoutException("no connection to " + describe() + " within " + timeout.toMillis() + " ms", e);
        } catch (IOException e) {
            closeQuietly(s);
            throw new LinkException("cannot connect to " + describe() + ": " + e.getMessage(), e);
        }
    }

    private int remainingMillis(long deadline) throws LinkTimeoutException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new LinkTimeoutException("no answer from " + describe() + " within " + timeout.toMillis() + " ms");
        }
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (left + 999_999) / 1_000_000));
    }

    /**
     * One transaction: sends the request PDU, returns the answer PDU (function code first).
     *
     * @throws ModbusExceptionResponse the server answered with an exception (connection kept)
     * @throws LinkTimeoutException no complete answer within the timeout (connection closed)
     * @throws LinkProtocolException an answer that does not belong to the request (connection closed)
     * @throws LinkInterruptedException the calling thread was interrupted; its flag is set again
     * @throws LinkException any other I/O failure (connection closed)
     */
    public synchronized byte[] transact(int unitId, byte[] requestPdu) throws LinkException {
        if (unitId < 0 || unitId > 255) {
            throw new IllegalArgumentException("unit id must be 0..255, was " + unitId);
        }
        if (Thread.interrupted()) {
            Thread.currentThread().interrupt();
            throw new LinkInterruptedException("interrupted before a transaction with " + describe(), new InterruptedException());
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        connect(deadline);
        int tid = transactionId = (transactionId + 1) & 0xFFFF;
        int fc = requestPdu[0] & 0xFF;
        try {
            out.write(MbapHeader.frame(tid, unitId, requestPdu));
            out.flush();
            byte[] header = new byte[MbapHeader.SIZE];
            socket.setSoTimeout(remainingMillis(deadline));
            in.readFully(header);
            MbapHeader h = MbapHeader.decode(header, 0);
            String problem = h.problem();
            if (problem != null) {
                throw new LinkProtocolException("answer from " + describe() + ": " + problem);
            }
            if (h.transactionId() != tid || h.unitId() != unitId) {
                throw new LinkProtocolException(String.format("answer from %s does not belong to the request"
                        + " (transaction id %d, expected %d; unit id %d, expected %d)",
                        describe(), h.transactionId(), tid, h.unitId(), unitId));
            }
            byte[] pdu = new byte[h.pduLength()];
            socket.setSoTimeout(remainingMillis(deadline));
            in.readFully(pdu);
            int answerFc = pdu[0] & 0xFF;
            if (answerFc == (fc | 0x80)) {
                if (pdu.length != 2) {
                    throw new LinkProtocolException("exception answer of " + pdu.length + " bytes from " + describe());
                }
                throw new ModbusExceptionResponse(fc, pdu[1] & 0xFF);
            }
            if (answerFc != fc) {
                throw new LinkProtocolException("answer function " + answerFc + " to request function " + fc + " from " + describe());
            }
            return pdu;
        } catch (ModbusExceptionResponse e) {
            throw e;
        } catch (LinkException e) {
            close();
            throw e;
        } catch (SocketTimeoutException e) {
            close();
            throw new LinkTimeoutException("no answer from " + describe() + " within " + timeout.toMillis() + " ms", e);
        } catch (EOFException e) {
            close();
            throw new LinkException("connection closed by " + describe(), e);
        } catch (IOException e) {
            close();
            throw new LinkException("I/O error with " + describe() + ": " + e.getMessage(), e);
        }
    }

    private byte[] transact(int unitId, ModbusRequest request) throws LinkException {
        return transact(unitId, PduCodec.encodeRequest(request));
    }

    private LinkProtocolException shape(String what) {
        close();
        return new LinkProtocolException(what + " from " + describe());
    }

    private boolean[] bits(byte[] pdu, int quantity) throws LinkProtocolException {
        int bytes = (quantity + 7) / 8;
        if (pdu.length != 2 + bytes || (pdu[1] & 0xFF) != bytes) {
            throw shape("bit answer of " + pdu.length + " bytes for " + quantity + " bits");
        }
        boolean[] v = new boolean[quantity];
        for (int i = 0; i < quantity; i++) {
            v[i] = (pdu[2 + i / 8] & (1 << (i % 8))) != 0;
        }
        return v;
    }

    private int[] words(byte[] pdu, int quantity) throws LinkProtocolException {
        if (pdu.length != 2 + 2 * quantity || (pdu[1] & 0xFF) != 2 * quantity) {
            throw shape("register answer of " + pdu.length + " bytes for " + quantity + " registers");
        }
        int[] v = new int[quantity];
        for (int i = 0; i < quantity; i++) {
            v[i] = ((pdu[2 + 2 * i] & 0xFF) << 8) | (pdu[3 + 2 * i] & 0xFF);
        }
        return v;
    }

    private void echo(byte[] pdu, int address, int valueOrQuantity) throws LinkProtocolException {
        if (pdu.length != 5) {
            throw shape("write answer of " + pdu.length + " bytes");
        }
        int a = ((pdu[1] & 0xFF) << 8) | (pdu[2] & 0xFF);
        int v = ((pdu[3] & 0xFF) << 8) | (pdu[4] & 0xFF);
        if (a != address || v != valueOrQuantity) {
            throw shape("write answer for address " + a + " value/quantity " + v + " (sent " + address + ", " + valueOrQuantity + ")");
        }
    }

    private static void quantity(int n, int max, String what) {
        if (n < 1 || n > max) {
            throw new IllegalArgumentException(what + " must be 1.." + max + ", was " + n);
        }
    }

    @Override
    public boolean[] readCoils(int unitId, int address, int quantity) throws LinkException {
        quantity(quantity, FunctionCode.MAX_READ_BITS, "coil count");
        return bits(transact(unitId, new ModbusRequest.ReadCoils(address, quantity)), quantity);
    }

    @Override
    public boolean[] readDiscreteInputs(int unitId, int address, int quantity) throws LinkException {
        quantity(quantity, FunctionCode.MAX_READ_BITS, "discrete input count");
        return bits(transact(unitId, new ModbusRequest.ReadDiscreteInputs(address, quantity)), quantity);
    }

    @Override
    public int[] readHoldingRegisters(int unitId, int address, int quantity) throws LinkException {
        quantity(quantity, FunctionCode.MAX_READ_REGISTERS, "register count");
        return words(transact(unitId, new ModbusRequest.ReadHoldingRegisters(address, quantity)), quantity);
    }

    @Override
    public int[] readInputRegisters(int unitId, int address, int quantity) throws LinkException {
        quantity(quantity, FunctionCode.MAX_READ_REGISTERS, "register count");
        return words(transact(unitId, new ModbusRequest.ReadInputRegisters(address, quantity)), quantity);
    }

    @Override
    public void writeSingleCoil(int unitId, int address, boolean value) throws LinkException {
        echo(transact(unitId, new ModbusRequest.WriteSingleCoil(address, value)), address, value ? 0xFF00 : 0);
    }

    @Override
    public void writeSingleRegister(int unitId, int address, int value) throws LinkException {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException("register value must be 0..65535, was " + value);
        }
        echo(transact(unitId, new ModbusRequest.WriteSingleRegister(address, value)), address, value);
    }

    @Override
    public void writeMultipleCoils(int unitId, int address, boolean[] values) throws LinkException {
        quantity(values.length, FunctionCode.MAX_WRITE_COILS, "coil count");
        echo(transact(unitId, new ModbusRequest.WriteMultipleCoils(address, values)), address, values.length);
    }

    @Override
    public void writeMultipleRegisters(int unitId, int address, int[] values) throws LinkException {
        quantity(values.length, FunctionCode.MAX_WRITE_REGISTERS, "register count");
        echo(transact(unitId, new ModbusRequest.WriteMultipleRegisters(address, values)), address, values.length);
    }

    @Override
    public int[] readWriteMultipleRegisters(int unitId, int readAddress, int readQuantity, int writeAddress, int[] values)
            throws LinkException {
        quantity(readQuantity, FunctionCode.MAX_READ_REGISTERS, "read register count");
        quantity(values.length, FunctionCode.MAX_READ_WRITE_WRITE_REGISTERS, "write register count");
        return words(transact(unitId, new ModbusRequest.ReadWriteMultipleRegisters(readAddress, readQuantity, writeAddress, values)),
                readQuantity);
    }

    @Override
    public SortedMap<Integer, String> readDeviceIdentification(int unitId, int readCode) throws LinkException {
        if (readCode < 1 || readCode > 3) {
            throw new IllegalArgumentException("read device id code must be 1..3, was " + readCode);
        }
        SortedMap<Integer, String> objects = new TreeMap<>();
        int next = 0;
        for (int round = 0; round < 256; round++) {
            byte[] pdu = transact(unitId, new ModbusRequest.ReadDeviceIdentification(readCode, next));
            if (pdu.length < 7 || (pdu[1] & 0xFF) != FunctionCode.MEI_READ_DEVICE_IDENTIFICATION) {
                throw shape("device identification answer of " + pdu.length + " bytes");
            }
            boolean more = (pdu[4] & 0xFF) == 0xFF;
            int nextId = pdu[5] & 0xFF;
            int count = pdu[6] & 0xFF;
            int p = 7;
            for (int i = 0; i < count; i++) {
                if (p + 2 > pdu.length || p + 2 + (pdu[p + 1] & 0xFF) > pdu.length) {
                    throw shape("device identification object " + i + " runs past the answer");
                }
                int id = pdu[p] & 0xFF;
                int len = pdu[p + 1] & 0xFF;
                objects.put(id, new String(pdu, p + 2, len, StandardCharsets.US_ASCII));
                p += 2 + len;
            }
            if (!more) {
                return objects;
            }
            if (nextId <= next) {
                throw shape("device identification 'more follows' without progress (next object " + nextId + ")");
            }
            next = nextId;
        }
        throw shape("device identification that never ends");
    }

    @Override
    public synchronized void close() {
        if (socket != null) {
            closeQuietly(socket);
            socket = null;
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
