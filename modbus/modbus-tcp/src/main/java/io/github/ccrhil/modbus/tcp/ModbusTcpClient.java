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
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLSocket;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The Modbus/TCP {@link ModbusClient}, on our own PDU codec, one transaction at a time in the
 * caller's thread. Every caller uses this one: the CCR verifier's link, {@code ccr-hil client},
 * the water supervisory server's scanner.
 *
 * <ul>
 *   <li><b>One deadline per transaction</b> (connect, send, whole answer): the answer is read
 *       from a non-blocking channel, waiting in a {@link Selector} for at most the time left, so
 *       a silent server and a server that trickles its answer a byte at a time are both cut at
 *       the deadline.</li>
 *   <li><b>Interrupts</b>: a caller interrupted before or during a transaction gets a
 *       {@link LinkInterruptedException} at once, its interrupt flag still set. A blocked
 *       {@code Socket} read cannot be interrupted in Java; a selector's wait can (the interrupt
 *       wakes it), so no watchdog thread is needed to cut the connection, and nothing but the
 *       caller's thread touches the connection during a transaction.</li>
 *   <li><b>Checks</b>: the answer's transaction id, protocol id, unit id (any unit may answer a
 *       request sent to unit 0), function code and shape. A timeout, an interrupt, a mismatch or
 *       a broken frame closes the connection (a TCP stream cannot be resynchronised) and the
 *       next call reconnects. A Modbus exception answer keeps the connection.</li>
 *   <li><b>Allocation-light</b>: the request is framed into, and the answer read from, buffers
 *       reused for every transaction; a read allocates only the array it returns.</li>
 * </ul>
 * {@link #close()} may be called from another thread: a running transaction ends at once with a
 * {@link LinkException}, and the client refuses further calls.
 *
 * <p><b>Modbus/TCP Security</b> (with {@link TlsSettings}): the connection is a TLS 1.2/1.3
 * socket presenting this client's certificate, the handshake within the transaction's deadline.
 * A TLS socket's read cannot wait in a selector, so it waits in slices of at most
 * {@value #TLS_SLICE_MS} ms, checking the deadline, interrupts and {@link #close()} between them.
 */
public final class ModbusTcpClient implements ModbusClient {

    private final InetSocketAddress server;
    private final Duration timeout;
    private final long timeoutNanos;
    private final String description;
    /** Request ADU, framed in place: MBAP header then PDU. */
    private final byte[] request = new byte[MbapHeader.MAX_ADU];
    private final ByteBuffer requestBuffer = ByteBuffer.wrap(request);
    /** Answer ADU as read: MBAP header then PDU. */
    private final byte[] answer = new byte[MbapHeader.MAX_ADU];
    private final ByteBuffer answerBuffer = ByteBuffer.wrap(answer);
    /** Opened with the first connection, kept across reconnects; volatile for {@link #close()}'s wake-up. */
    private volatile Selector selector;
    private SocketChannel channel;
    private SelectionKey key;
    private int transactionId;
    private volatile boolean closed;
    /** Null for plain Modbus/TCP. */
    private final TlsSettings tls;
    private SSLSocket secure;
    private static final int TLS_SLICE_MS = 50;

    /**
     * @param server address of the Modbus/TCP server
     * @param timeout whole-transaction timeout (connect, send, answer), positive
     */
    public ModbusTcpClient(InetSocketAddress server, Duration timeout) {
        this(server, timeout, null);
    }

    /**
     * A Modbus/TCP Security client.
     *
     * @param server address of the server ({@link TlsSettings#SECURE_PORT} is the standard port)
     * @param timeout whole-transaction timeout (connect, TLS handshake, send, answer), positive
     * @param tls this client's certificate and the CAs the server's must chain to; null: plain TCP
     */
    public ModbusTcpClient(InetSocketAddress server, Duration timeout, TlsSettings tls) {
        this.tls = tls;
        this.server = Objects.requireNonNull(server, "server");
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        this.timeout = timeout;
        this.timeoutNanos = timeout.toNanos();
        this.description = server.getHostString() + ":" + server.getPort();
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

    public Duration timeout() {
        return timeout;
    }

    public synchronized boolean isConnected() {
        if (tls != null) {
            return secure != null && !secure.isClosed();
        }
        return channel != null && channel.isConnected();
    }

    private String describe() {
        return description;
    }

    private LinkTimeoutException noAnswer(int got, int expected) {
        return new LinkTimeoutException(got == 0
                ? "no answer from " + describe() + " within " + timeout.toMillis() + " ms"
                : "no complete answer from " + describe() + " within " + timeout.toMillis() + " ms (" + got + " of "
                        + (expected > 0 ? expected : MbapHeader.SIZE) + " bytes)");
    }

    /**
     * Waits in the selector for the key's interest, at most until the deadline.
     *
     * @throws LinkTimeoutException the deadline passed ({@code got}, {@code expected}: answer bytes, for the message)
     * @throws LinkInterruptedException the caller was interrupted (flag kept)
     */
    private void await(long deadline, int got, int expected) throws LinkException, IOException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw noAnswer(got, expected);
        }
        selector.select(Math.max(1, (left + 999_999) / 1_000_000));
        selector.selectedKeys().clear();
        checkInterruptOrClose();
    }

    private void checkInterruptOrClose() throws LinkException {
        if (Thread.currentThread().isInterrupted()) {
            throw new LinkInterruptedException("interrupted during a transaction with " + describe(), null);
        }
        if (closed) {
            throw new LinkException("client for " + describe() + " closed during a transaction");
        }
    }

    private void connect(long deadline) throws LinkException, IOException {
        if (tls != null) {
            connectSecure(deadline);
            return;
        }
        if (channel != null) {
            return;
        }
        if (selector == null) {
            selector = Selector.open();
        }
        InetSocketAddress target = server.isUnresolved() ? new InetSocketAddress(server.getHostString(), server.getPort()) : server;
        if (target.isUnresolved()) {
            throw new LinkException("cannot connect to " + describe() + ": host not found");
        }
        SocketChannel c = SocketChannel.open();
        channel = c;
        c.configureBlocking(false);
        c.setOption(StandardSocketOptions.TCP_NODELAY, true);
        key = c.register(selector, SelectionKey.OP_CONNECT);
        try {
            boolean done = c.connect(target);
            while (!done) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new LinkTimeoutException("no connection to " + describe() + " within " + timeout.toMillis() + " ms");
                }
                selector.select(Math.max(1, (left + 999_999) / 1_000_000));
                selector.selectedKeys().clear();
                checkInterruptOrClose();
                done = c.finishConnect();
            }
        } catch (UnresolvedAddressException e) {
            throw new LinkException("cannot connect to " + describe() + ": host not found", e);
        } catch (IOException e) {
            throw new LinkException("cannot connect to " + describe() + ": " + e.getMessage(), e);
        }
        key.interestOps(SelectionKey.OP_READ);
    }

    private void connectSecure(long deadline) throws LinkException {
        if (secure != null) {
            return;
        }
        InetSocketAddress target = server.isUnresolved() ? new InetSocketAddress(server.getHostString(), server.getPort()) : server;
        if (target.isUnresolved()) {
            throw new LinkException("cannot connect to " + describe() + ": host not found");
        }
        SSLSocket s = null;
        try {
            s = (SSLSocket) tls.context().getSocketFactory().createSocket();
            s.setEnabledProtocols(tls.protocolArray());
            s.setTcpNoDelay(true);
            s.connect(target, millisLeft(deadline));
            s.setSoTimeout(millisLeft(deadline));
            s.startHandshake();
            secure = s;
        } catch (java.net.SocketTimeoutException e) {
            closeQuietly(s);
            throw new LinkTimeoutException("no TLS connection to " + describe() + " within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            closeQuietly(s);
            throw new LinkException("TLS connection to " + describe() + " refused: " + e.getMessage(), e);
        }
    }

    private int millisLeft(long deadline) throws LinkTimeoutException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new LinkTimeoutException("no connection to " + describe() + " within " + timeout.toMillis() + " ms");
        }
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (left + 999_999) / 1_000_000));
    }

    private static void closeQuietly(java.io.Closeable c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
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
        if (requestPdu.length < 1 || requestPdu.length > FunctionCode.MAX_PDU) {
            throw new IllegalArgumentException("request PDU must be 1.." + FunctionCode.MAX_PDU + " bytes, was " + requestPdu.length);
        }
        System.arraycopy(requestPdu, 0, request, MbapHeader.SIZE, requestPdu.length);
        int length = exchange(unitId, requestPdu.length);
        return java.util.Arrays.copyOfRange(answer, MbapHeader.SIZE, MbapHeader.SIZE + length);
    }

    /** One transaction on a request already encoded at {@code request[7..]}: leaves the answer PDU at {@code answer[7..]}. */
    private synchronized int transact(int unitId, ModbusRequest modbusRequest) throws LinkException {
        int length = PduCodec.encodeRequest(modbusRequest, request, MbapHeader.SIZE);
        return exchange(unitId, length);
    }

    /**
     * Frames the PDU at {@code request[7..7+pduLength)}, sends it and reads the answer into
     * {@code answer}; returns the answer PDU's length. The caller holds the lock.
     */
    private int exchange(int unitId, int pduLength) throws LinkException {
        if (unitId < 0 || unitId > 255) {
            throw new IllegalArgumentException("unit id must be 0..255, was " + unitId);
        }
        if (closed) {
            throw new LinkException("client for " + describe() + " is closed");
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new LinkInterruptedException("interrupted before a transaction with " + describe(), null);
        }
        long deadline = System.nanoTime() + timeoutNanos;
        int tid = transactionId = (transactionId + 1) & 0xFFFF;
        int fc = request[MbapHeader.SIZE] & 0xFF;
        ByteBuffer in = answerBuffer;
        in.clear().limit(MbapHeader.SIZE);
        try {
            connect(deadline);
            frame(tid, unitId, pduLength);
            send(deadline);
            fill(in, deadline, 0);
            MbapHeader h = MbapHeader.decode(answer, 0);
            String problem = h.problem();
            if (problem != null) {
                throw new LinkProtocolException("answer from " + describe() + ": " + problem);
            }
            if (h.transactionId() != tid) {
                throw new LinkProtocolException("answer from " + describe() + " carries transaction id " + h.transactionId()
                        + ", the request had " + tid);
            }
            if (h.unitId() != unitId && unitId != 0) {
                throw new LinkProtocolException("answer from unit " + h.unitId() + ", asked unit " + unitId + " at " + describe());
            }
            int expected = MbapHeader.SIZE + h.pduLength();
            in.limit(expected);
            fill(in, deadline, expected);
            int answerFc = answer[MbapHeader.SIZE] & 0xFF;
            if (answerFc == (fc | 0x80)) {
                if (h.pduLength() != 2) {
                    throw new LinkProtocolException("exception answer of " + h.pduLength() + " bytes from " + describe());
                }
                throw new ModbusExceptionResponse(fc, answer[MbapHeader.SIZE + 1] & 0xFF);
            }
            if (answerFc != fc) {
                throw new LinkProtocolException("answer function " + answerFc + " to request function " + fc + " from " + describe());
            }
            return h.pduLength();
        } catch (ModbusExceptionResponse e) {
            throw e;
        } catch (LinkException e) {
            disconnect();
            throw e;
        } catch (IOException e) {
            disconnect();
            if (closed) {
                throw new LinkException("client for " + describe() + " closed during a transaction", e);
            }
            throw new LinkException(in.position() > 0
                    ? "connection to " + describe() + " broken after " + in.position() + " bytes of the answer: " + e.getMessage()
                    : "I/O error with " + describe() + ": " + e.getMessage(), e);
        }
    }

    private void frame(int tid, int unitId, int pduLength) {
        int length = pduLength + 1;
        request[0] = (byte) (tid >> 8);
        request[1] = (byte) tid;
        request[2] = 0;
        request[3] = 0;
        request[4] = (byte) (length >> 8);
        request[5] = (byte) length;
        request[6] = (byte) unitId;
    }

    private void send(long deadline) throws LinkException, IOException {
        ByteBuffer out = requestBuffer;
        out.clear().limit(MbapHeader.SIZE + (((request[4] & 0xFF) << 8) | (request[5] & 0xFF)) - 1);
        if (secure != null) {
            secure.getOutputStream().write(request, 0, out.limit()); // TLS buffers one record: no long block
            secure.getOutputStream().flush();
            return;
        }
        channel.write(out);
        if (!out.hasRemaining()) {
            return;
        }
        key.interestOps(SelectionKey.OP_WRITE);
        try {
            while (out.hasRemaining()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new LinkTimeoutException("could not send to " + describe() + " within " + timeout.toMillis() + " ms");
                }
                selector.select(Math.max(1, (left + 999_999) / 1_000_000));
                selector.selectedKeys().clear();
                checkInterruptOrClose();
                channel.write(out);
            }
        } finally {
            if (key.isValid()) {
                key.interestOps(SelectionKey.OP_READ);
            }
        }
    }

    /**
     * Reads until the buffer's limit, waiting at most until the deadline.
     *
     * @param expected the whole answer's length once known (0 while reading the header), for the message
     */
    private void fill(ByteBuffer in, long deadline, int expected) throws LinkException, IOException {
        if (secure != null) {
            fillSecure(in, deadline, expected);
            return;
        }
        while (in.hasRemaining()) {
            int n = channel.read(in);
            if (n < 0) {
                throw new LinkException(in.position() == 0
                        ? "connection closed by " + describe() + " without an answer"
                        : "connection closed by " + describe() + " after " + in.position() + " bytes of the answer");
            }
            if (n == 0) {
                await(deadline, in.position(), expected);
            }
        }
    }

    private void fillSecure(ByteBuffer in, long deadline, int expected) throws LinkException, IOException {
        java.io.InputStream stream = secure.getInputStream();
        while (in.hasRemaining()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw noAnswer(in.position(), expected);
            }
            secure.setSoTimeout((int) Math.max(1, Math.min(TLS_SLICE_MS, (left + 999_999) / 1_000_000)));
            int n;
            try {
                n = stream.read(in.array(), in.position(), in.remaining());
            } catch (java.net.SocketTimeoutException e) {
                checkInterruptOrClose();
                continue;
            }
            if (n < 0) {
                throw new LinkException(in.position() == 0
                        ? "connection closed by " + describe() + " without an answer"
                        : "connection closed by " + describe() + " after " + in.position() + " bytes of the answer");
            }
            in.position(in.position() + n);
        }
    }

    private LinkProtocolException shape(String what) {
        disconnect();
        return new LinkProtocolException(what + " from " + describe());
    }

    private static final int PDU = MbapHeader.SIZE;

    /** The bits of a read answer of {@code length} bytes now in {@code answer}. */
    private boolean[] bits(int length, int quantity) throws LinkProtocolException {
        int bytes = (quantity + 7) / 8;
        if (length != 2 + bytes || (answer[PDU + 1] & 0xFF) != bytes) {
            throw shape("bit answer of " + length + " bytes for " + quantity + " bits");
        }
        boolean[] v = new boolean[quantity];
        for (int i = 0; i < quantity; i++) {
            v[i] = (answer[PDU + 2 + i / 8] & (1 << (i % 8))) != 0;
        }
        return v;
    }

    /** The registers of a read answer of {@code length} bytes now in {@code answer}. */
    private int[] words(int length, int quantity) throws LinkProtocolException {
        if (length != 2 + 2 * quantity || (answer[PDU + 1] & 0xFF) != 2 * quantity) {
            throw shape("register answer of " + length + " bytes for " + quantity + " registers");
        }
        int[] v = new int[quantity];
        for (int i = 0, p = PDU + 2; i < quantity; i++, p += 2) {
            v[i] = ((answer[p] & 0xFF) << 8) | (answer[p + 1] & 0xFF);
        }
        return v;
    }

    /** Checks that a write answer of {@code length} bytes now in {@code answer} echoes the request. */
    private void echo(int length, int address, int valueOrQuantity) throws LinkProtocolException {
        if (length != 5) {
            throw shape("write answer of " + length + " bytes");
        }
        int a = ((answer[PDU + 1] & 0xFF) << 8) | (answer[PDU + 2] & 0xFF);
        int v = ((answer[PDU + 3] & 0xFF) << 8) | (answer[PDU + 4] & 0xFF);
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
    public synchronized boolean[] readCoils(int unitId, int address, int quantity) throws LinkException {
        quantity(quantity, FunctionCode.MAX_READ_BITS, "coil count");
        return bits(transact(unitId, new ModbusRequest.ReadCoils(address, quantity)), quantity);
    }

    @Override
    public synchronized boolean[] readDiscreteInputs(int unitId, int address, int quantity) throws LinkException {
        quantity(quantity, FunctionCode.MAX_READ_BITS, "discrete input count");
        return bits(transact(unitId, new ModbusRequest.ReadDiscreteInputs(address, quantity)), quantity);
    }

    @Override
    public synchronized int[] readHoldingRegisters(int unitId, int address, int quantity) throws LinkException {
        quantity(quantity, FunctionCode.MAX_READ_REGISTERS, "register count");
        return words(transact(unitId, new ModbusRequest.ReadHoldingRegisters(address, quantity)), quantity);
    }

    @Override
    public synchronized int[] readInputRegisters(int unitId, int address, int quantity) throws LinkException {
        quantity(quantity, FunctionCode.MAX_READ_REGISTERS, "register count");
        return words(transact(unitId, new ModbusRequest.ReadInputRegisters(address, quantity)), quantity);
    }

    @Override
    public synchronized void writeSingleCoil(int unitId, int address, boolean value) throws LinkException {
        echo(transact(unitId, new ModbusRequest.WriteSingleCoil(address, value)), address, value ? 0xFF00 : 0);
    }

    @Override
    public synchronized void writeSingleRegister(int unitId, int address, int value) throws LinkException {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException("register value must be 0..65535, was " + value);
        }
        echo(transact(unitId, new ModbusRequest.WriteSingleRegister(address, value)), address, value);
    }

    @Override
    public synchronized void writeMultipleCoils(int unitId, int address, boolean[] values) throws LinkException {
        quantity(values.length, FunctionCode.MAX_WRITE_COILS, "coil count");
        echo(transact(unitId, new ModbusRequest.WriteMultipleCoils(address, values)), address, values.length);
    }

    @Override
    public synchronized void writeMultipleRegisters(int unitId, int address, int[] values) throws LinkException {
        quantity(values.length, FunctionCode.MAX_WRITE_REGISTERS, "register count");
        for (int v : values) {
            if (v < 0 || v > 0xFFFF) {
                throw new IllegalArgumentException("register value " + v + " outside 0..65535");
            }
        }
        echo(transact(unitId, new ModbusRequest.WriteMultipleRegisters(address, values)), address, values.length);
    }

    @Override
    public synchronized int[] readWriteMultipleRegisters(int unitId, int readAddress, int readQuantity, int writeAddress, int[] values)
            throws LinkException {
        quantity(readQuantity, FunctionCode.MAX_READ_REGISTERS, "read register count");
        quantity(values.length, FunctionCode.MAX_READ_WRITE_WRITE_REGISTERS, "write register count");
        for (int v : values) {
            if (v < 0 || v > 0xFFFF) {
                throw new IllegalArgumentException("register value " + v + " outside 0..65535");
            }
        }
        return words(transact(unitId, new ModbusRequest.ReadWriteMultipleRegisters(readAddress, readQuantity, writeAddress, values)),
                readQuantity);
    }

    /**
     * FC 43/14: follows "more follows" from object 0 to the end of the category, one transaction
     * per answer; an answer that does not advance is a protocol fault.
     */
    @Override
    public synchronized SortedMap<Integer, String> readDeviceIdentification(int unitId, int readCode) throws LinkException {
        if (readCode < 1 || readCode > 3) {
            throw new IllegalArgumentException("read device id code must be 1..3, was " + readCode);
        }
        SortedMap<Integer, String> objects = new TreeMap<>();
        int next = 0;
        for (int round = 0; round < 256; round++) {
            int length = transact(unitId, new ModbusRequest.ReadDeviceIdentification(readCode, next));
            if (length < 7 || (answer[PDU + 1] & 0xFF) != FunctionCode.MEI_READ_DEVICE_IDENTIFICATION) {
                throw shape("device identification answer of " + length + " bytes");
            }
            boolean more = (answer[PDU + 4] & 0xFF) == 0xFF;
            int nextId = answer[PDU + 5] & 0xFF;
            int count = answer[PDU + 6] & 0xFF;
            int p = 7;
            for (int i = 0; i < count; i++) {
                if (p + 2 > length || p + 2 + (answer[PDU + p + 1] & 0xFF) > length) {
                    throw shape("device identification object " + i + " runs past the answer");
                }
                int id = answer[PDU + p] & 0xFF;
                int len = answer[PDU + p + 1] & 0xFF;
                objects.put(id, new String(answer, PDU + p + 2, len, StandardCharsets.US_ASCII));
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

    /** Drops the connection (after a fault); the next transaction reconnects. Caller holds the lock. */
    private void disconnect() {
        SSLSocket t = secure;
        secure = null;
        closeQuietly(t);
        SocketChannel c = channel;
        channel = null;
        key = null;
        if (c != null) {
            try {
                c.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        if (selector != null) {
            try {
                selector.selectNow(); // flushes the cancelled key, so the next connection registers afresh
            } catch (IOException e) {
                // the next select reports it
            }
            selector.selectedKeys().clear();
        }
    }

    /**
     * Closes the connection and the client; further calls throw {@link LinkException}. Safe from
     * another thread: a transaction running there ends at once.
     */
    @Override
    public void close() {
        closed = true;
        Selector s = selector;
        if (s != null) {
            s.wakeup();
        }
        synchronized (this) {
            disconnect();
            if (selector != null) {
                try {
                    selector.close();
                } catch (IOException e) {
                    // closing anyway
                }
            }
        }
    }
}
