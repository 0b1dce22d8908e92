package io.github.ccrhil.modbus.serial;

import io.github.ccrhil.modbus.client.LinkCrcException;
import io.github.ccrhil.modbus.client.LinkException;
import io.github.ccrhil.modbus.client.LinkInterruptedException;
import io.github.ccrhil.modbus.client.LinkProtocolException;
import io.github.ccrhil.modbus.client.LinkTimeoutException;
import io.github.ccrhil.modbus.client.ModbusExceptionResponse;

import io.github.ccrhil.modbus.client.ModbusClient;
import io.github.ccrhil.modbus.client.RawLine;

import com.ghgande.j2mod.modbus.ModbusException;
import com.ghgande.j2mod.modbus.ModbusIOException;
import com.ghgande.j2mod.modbus.ModbusSlaveException;
import com.ghgande.j2mod.modbus.io.ModbusSerialTransaction;
import com.ghgande.j2mod.modbus.io.ModbusTransaction;
import com.ghgande.j2mod.modbus.msg.ExceptionResponse;
import com.ghgande.j2mod.modbus.msg.ModbusRequest;
import com.ghgande.j2mod.modbus.msg.ModbusResponse;
import com.ghgande.j2mod.modbus.msg.ReadCoilsRequest;
import com.ghgande.j2mod.modbus.msg.ReadCoilsResponse;
import com.ghgande.j2mod.modbus.msg.ReadInputDiscretesRequest;
import com.ghgande.j2mod.modbus.msg.ReadInputDiscretesResponse;
import com.ghgande.j2mod.modbus.msg.ReadInputRegistersRequest;
import com.ghgande.j2mod.modbus.msg.ReadInputRegistersResponse;
import com.ghgande.j2mod.modbus.msg.ReadMEIRequest;
import com.ghgande.j2mod.modbus.msg.ReadMEIResponse;
import com.ghgande.j2mod.modbus.msg.ReadMultipleRegistersRequest;
import com.ghgande.j2mod.modbus.msg.ReadMultipleRegistersResponse;
import com.ghgande.j2mod.modbus.msg.ReadWriteMultipleRequest;
import com.ghgande.j2mod.modbus.msg.ReadWriteMultipleResponse;
import com.ghgande.j2mod.modbus.msg.WriteCoilRequest;
import com.ghgande.j2mod.modbus.msg.WriteMultipleCoilsRequest;
import com.ghgande.j2mod.modbus.msg.WriteMultipleRegistersRequest;
import com.ghgande.j2mod.modbus.msg.WriteSingleRegisterRequest;
import com.ghgande.j2mod.modbus.procimg.Register;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.util.BitVector;
import java.time.Duration;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The Modbus RTU {@link ModbusClient}: j2mod's RTU transaction over our jssc port
 * ({@link JsscSerialConnection}). Modbus/TCP is {@code io.github.ccrhil.modbus.tcp.ModbusTcpClient}
 * (our codec, in modbus-tcp); j2mod is used for RTU only. Around j2mod's known weaknesses:
 * <ul>
 *   <li>every transaction runs under a watchdog: the caller's own thread runs it (no hand-over
 *       to a worker, which cost two thread wake-ups per transaction on the real-time path), and
 *       one shared watchdog thread, ticking every {@value #WATCHDOG_TICK_MILLIS} ms, closes the
 *       connection of a transaction that outlived its time or whose caller was interrupted;
 *       closing unblocks a stuck read (j2mod #83) and the next call reopens the port;</li>
 *   <li>the unit id of every answer is checked here (j2mod #165); j2mod's own retries are off,
 *       so one call is exactly one transaction.</li>
 * </ul>
 */
public final class J2modClient implements ModbusClient, RawLine {

    private interface Endpoint {
        ModbusTransaction transaction() throws Exception;

        /** The open serial port (opened if it was not). */
        JsscSerialPort port() throws Exception;

        SerialSettings settings();

        void close();

        String describe();
    }

    static final long WATCHDOG_TICK_MILLIS = 50;
    private static final String INTERRUPTED = "interrupted";
    /** Grace beyond the transaction timeout before the watchdog cuts the link. */
    private static final long WATCHDOG_GRACE_NANOS = 250_000_000L;

    private final Endpoint endpoint;
    private final Duration timeout;
    private boolean closed;
    /** System.nanoTime after which the running transaction's link is cut; 0 when none runs. */
    private volatile long watchdogDeadline;
    private volatile Thread transactionThread;
    private volatile String watchdogFired;

    private J2modClient(Endpoint endpoint, Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        this.endpoint = endpoint;
        this.timeout = timeout;
        Watchdog.watch(this);
    }

    /** Cuts the links of transactions that outlived their time or whose caller was interrupted. */
    private static final class Watchdog {
        private static final java.util.Set<J2modClient> WATCHED =
                java.util.Collections.synchronizedSet(java.util.Collections.newSetFromMap(new java.util.WeakHashMap<>()));

        static {
            Thread t = new Thread(Watchdog::loop, "modbus-client-watchdog");
            t.setDaemon(true);
            t.start();
        }

        static void watch(J2modClient m) {
            WATCHED.add(m);
        }

        static void forget(J2modClient m) {
            WATCHED.remove(m);
        }

        private static void loop() {
            while (true) {
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(WATCHDOG_TICK_MILLIS));
                J2modClient[] clients;
                synchronized (WATCHED) {
                    clients = WATCHED.toArray(new J2modClient[0]);
                }
                long now = System.nanoTime();
                for (J2modClient m : clients) {
                    m.checkWatchdog(now);
                }
            }
        }
    }

    private void checkWatchdog(long now) {
        long deadline = watchdogDeadline;
        if (deadline == 0) {
            return;
        }
        Thread caller = transactionThread;
        String why = null;
        if (now - deadline > 0) {
            why = "no answer within " + timeout.toMillis() + " ms (watchdog)";
        } else if (caller != null && caller.isInterrupted()) {
            why = INTERRUPTED;
        }
        if (why != null && watchdogFired == null && watchdogDeadline == deadline) {
            watchdogFired = why;
            endpoint.close();
        }
    }

    /**
     * An RTU client over jssc.
     *
     * @param timing line timing to emulate, or {@code null}
     */
    public static J2modClient rtu(SerialSettings settings, LineTiming timing, Duration timeout) {
        int millis = (int) Math.max(1, timeout.toMillis());
        Endpoint e = new Endpoint() {
            private JsscSerialConnection connection;

            private JsscSerialConnection open() throws Exception {
                if (connection == null || !connection.isOpen()) {
                    connection = new JsscSerialConnection(settings, timing);
                    connection.setTimeout(millis);
                    connection.open();
                }
                return connection;
            }

            @Override
            public synchronized ModbusTransaction transaction() throws Exception {
                ModbusSerialTransaction t = new ModbusSerialTransaction(open());
                t.setTransDelayMS(0);
                return t;
            }

            @Override
            public synchronized JsscSerialPort port() throws Exception {
                JsscSerialPort p = open().port();
                if (p == null) {
                    throw new java.io.IOException("serial port " + settings.portName() + " is closed");
                }
                return p;
            }

            @Override
            public SerialSettings settings() {
                return settings;
            }

            @Override
            public synchronized void close() {
                if (connection != null) {
                    connection.retire();
                    connection = null;
                }
            }

            @Override
            public String describe() {
                return "rtu:" + settings.portName() + "@" + settings.baudRate();
            }
        };
        return new J2modClient(e, timeout);
    }

    private synchronized ModbusResponse run(int unitId, ModbusRequest request) throws LinkException {
        if (closed) {
            throw new LinkException("client for " + endpoint.describe() + " is closed");
        }
        if (unitId < 0 || unitId > 255) {
            throw new IllegalArgumentException("unit id must be 0..255, was " + unitId);
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new LinkInterruptedException("interrupted before a transaction with " + endpoint.describe(), null);
        }
        request.setUnitID(unitId);
        ModbusResponse response;
        watchdogFired = null;
        transactionThread = Thread.currentThread();
        watchdogDeadline = System.nanoTime() + timeout.toNanos() + WATCHDOG_GRACE_NANOS;
        try {
            ModbusTransaction t = endpoint.transaction();
            t.setRetries(0);
            t.setCheckingValidity(false);
            t.setRequest(request);
            t.execute();
            response = t.getResponse();
        } catch (Exception e) {
            String fired = watchdogFired;
            if (Thread.currentThread().isInterrupted() || e instanceof InterruptedException || INTERRUPTED.equals(fired)) {
                resetLink();
                Thread.currentThread().interrupt();
                throw new LinkInterruptedException("interrupted during a transaction with " + endpoint.describe(),
                        e instanceof InterruptedException ie ? ie : null);
            }
            if (fired != null) {
                resetLink();
                throw new LinkTimeoutException("no answer from " + endpoint.describe() + " unit " + unitId
                        + " to function " + request.getFunctionCode() + ": " + fired, e);
            }
            throw translate(e, unitId, request);
        } finally {
            watchdogDeadline = 0;
            transactionThread = null;
        }
        if (response == null) {
            resetLink();
            throw new LinkTimeoutException("no answer from " + endpoint.describe() + " unit " + unitId);
        }
        if (response instanceof ExceptionResponse ex) {
            throw new ModbusExceptionResponse(request.getFunctionCode(), ex.getExceptionCode());
        }
        if (unitId != 0 && response.getUnitID() != unitId) {
            resetLink();
            throw new LinkProtocolException("answer from unit " + response.getUnitID() + ", asked unit " + unitId);
        }
        if (response.getFunctionCode() != request.getFunctionCode()) {
            resetLink();
            throw new LinkProtocolException("answer has function " + response.getFunctionCode()
                    + ", request had " + request.getFunctionCode());
        }
        return response;
    }

    @Override
    public String describe() {
        return endpoint.describe();
    }

    @Override
    public int baudRate() {
        return endpoint.settings().baudRate();
    }

    @Override
    public int bitsPerCharacter() {
        return endpoint.settings().bitsPerCharacter();
    }

    /** This client's serial line, for bytes put on it as they are between its transactions. */
    @Override
    public java.util.Optional<RawLine> rawLine() {
        return java.util.Optional.of(this);
    }

    /**
     * Puts bytes on the line as they are (no CRC added), holding the line as a transaction does;
     * what arrives meanwhile is returned and never reaches a later transaction (which also clears
     * its input before it writes).
     */
    @Override
    public synchronized byte[] send(byte[][] parts, Duration pause, Duration quiet, Duration listen) throws LinkException {
        if (closed) {
            throw new LinkException("client for " + endpoint.describe() + " is closed");
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new LinkInterruptedException("interrupted before raw bytes on " + endpoint.describe(), null);
        }
        java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
        try {
            JsscSerialPort port = endpoint.port();
            for (int i = 0; i < parts.length; i++) {
                if (i > 0) {
                    long until = System.nanoTime() + pause.toNanos();
                    long left;
                    while ((left = until - System.nanoTime()) > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(left);
                        if (Thread.currentThread().isInterrupted()) {
                            throw new java.io.InterruptedIOException("interrupted inside a frame");
                        }
                    }
                }
                port.writeFrame(parts[i]);
            }
            long sent = System.nanoTime();
            long hardEnd = sent + listen.toNanos() + quiet.toNanos() + 1_000_000_000L;
            long end = sent + StrictMath.max(listen.toNanos(), quiet.toNanos());
            byte[] buffer = new byte[512];
            long now;
            while ((now = System.nanoTime()) < end && now < hardEnd) {
                int n = port.read(buffer, 0, buffer.length, StrictMath.min(end, hardEnd) - now);
                if (n > 0) {
                    got.write(buffer, 0, n);
                    end = System.nanoTime() + quiet.toNanos(); // an answer has begun: until the line is quiet
                }
            }
        } catch (java.io.InterruptedIOException e) {
            resetLink();
            Thread.currentThread().interrupt();
            throw new LinkInterruptedException("interrupted while raw bytes went on " + endpoint.describe(), null);
        } catch (Exception e) {
            resetLink();
            throw new LinkException("cannot put raw bytes on " + endpoint.describe() + ": " + e.getMessage(), e);
        }
        return got.toByteArray();
    }

    private LinkException translate(Throwable cause, int unitId, ModbusRequest request) {
        if (cause instanceof ModbusSlaveException s) {
            return new ModbusExceptionResponse(request.getFunctionCode(), s.getType());
        }
        resetLink();
        String what = endpoint.describe() + " unit " + unitId + " function " + request.getFunctionCode();
        String message = String.valueOf(cause.getMessage());
        String lower = message.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("crc")) {
            return new LinkCrcException("bad CRC in answer from " + what + ": " + message, cause);
        }
        if (cause instanceof ModbusIOException io && (io.isEOF() || lower.contains("timeout") || lower.contains("timed out")
                || lower.contains("truncated") || lower.contains("cannot read"))) {
            return new LinkTimeoutException("no complete answer from " + what + ": " + message, cause);
        }
        if (cause instanceof java.net.SocketTimeoutException || lower.contains("timed out")) {
            return new LinkTimeoutException("no answer from " + what + ": " + message, cause);
        }
        if (cause instanceof ModbusException) {
            return new LinkException("transaction with " + what + " failed: " + message, cause);
        }
        return new LinkException("cannot reach " + what + ": " + cause, cause);
    }

    private void resetLink() {
        endpoint.close();
    }

    @Override
    public boolean[] readCoils(int unitId, int address, int quantity) throws LinkException {
        ReadCoilsResponse r = (ReadCoilsResponse) run(unitId, new ReadCoilsRequest(address, quantity));
        return bits(r.getCoils(), quantity);
    }

    @Override
    public boolean[] readDiscreteInputs(int unitId, int address, int quantity) throws LinkException {
        ReadInputDiscretesResponse r = (ReadInputDiscretesResponse) run(unitId, new ReadInputDiscretesRequest(address, quantity));
        return bits(r.getDiscretes(), quantity);
    }

    @Override
    public int[] readHoldingRegisters(int unitId, int address, int quantity) throws LinkException {
        ReadMultipleRegistersResponse r = (ReadMultipleRegistersResponse) run(unitId, new ReadMultipleRegistersRequest(address, quantity));
        return words(r.getWordCount(), r::getRegisterValue, quantity);
    }

    @Override
    public int[] readInputRegisters(int unitId, int address, int quantity) throws LinkException {
        ReadInputRegistersResponse r = (ReadInputRegistersResponse) run(unitId, new ReadInputRegistersRequest(address, quantity));
        return words(r.getWordCount(), r::getRegisterValue, quantity);
    }

    @Override
    public void writeSingleCoil(int unitId, int address, boolean value) throws LinkException {
        run(unitId, new WriteCoilRequest(address, value));
    }

    @Override
    public void writeSingleRegister(int unitId, int address, int value) throws LinkException {
        run(unitId, new WriteSingleRegisterRequest(address, new SimpleRegister(value)));
    }

    @Override
    public void writeMultipleCoils(int unitId, int address, boolean[] values) throws LinkException {
        BitVector v = new BitVector(values.length);
        for (int i = 0; i < values.length; i++) {
            v.setBit(i, values[i]);
        }
        run(unitId, new WriteMultipleCoilsRequest(address, v));
    }

    @Override
    public void writeMultipleRegisters(int unitId, int address, int[] values) throws LinkException {
        run(unitId, new WriteMultipleRegistersRequest(address, registers(values)));
    }

    @Override
    public int[] readWriteMultipleRegisters(int unitId, int readAddress, int readQuantity, int writeAddress, int[] values)
            throws LinkException {
        ReadWriteMultipleRequest q = new ReadWriteMultipleRequest(unitId, readAddress, readQuantity, writeAddress, values.length);
        q.setRegisters(registers(values));
        ReadWriteMultipleResponse r = (ReadWriteMultipleResponse) run(unitId, q);
        return words(r.getWordCount(), r::getRegisterValue, readQuantity);
    }

    @Override
    public SortedMap<Integer, String> readDeviceIdentification(int unitId, int readCode) throws LinkException {
        if (readCode < 1 || readCode > 3) {
            throw new IllegalArgumentException("stream read code must be 1..3, was " + readCode);
        }
        SortedMap<Integer, String> out = new TreeMap<>();
        int next = 0;
        for (int round = 0; round < 256; round++) {
            ReadMEIRequest q = new ReadMEIRequest(readCode, next);
            ReadMEIResponse r = (ReadMEIResponse) run(unitId, q);
            String[] fields = r.getFields();
            for (int i = 0; i < r.getFieldCount(); i++) {
                out.put(r.getFieldId(i), fields[i]);
            }
            // j2mod parses "more follows" and "next object id" but keeps them private.
            boolean more = (Boolean) privateField(r, "moreFollows");
            if (!more) {
                return out;
            }
            int nextId = (Integer) privateField(r, "nextFieldId");
            if (nextId <= next) {
                throw new LinkProtocolException("device identification 'more follows' does not advance (" + nextId + ")");
            }
            next = nextId;
        }
        throw new LinkProtocolException("device identification did not end");
    }

    private static Object privateField(ReadMEIResponse r, String name) throws LinkProtocolException {
        try {
            java.lang.reflect.Field f = ReadMEIResponse.class.getDeclaredField(name);
            f.setAccessible(true);
            return f.get(r);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new LinkProtocolException("cannot read '" + name + "' of j2mod's device identification answer: " + e);
        }
    }

    private static Register[] registers(int[] values) {
        Register[] regs = new Register[values.length];
        for (int i = 0; i < values.length; i++) {
            if (values[i] < 0 || values[i] > 0xFFFF) {
                throw new IllegalArgumentException("register value " + values[i] + " outside 0..65535");
            }
            regs[i] = new SimpleRegister(values[i]);
        }
        return regs;
    }

    private static boolean[] bits(BitVector v, int quantity) throws LinkProtocolException {
        if (v.size() < quantity) {
            throw new LinkProtocolException("answer has " + v.size() + " bits, asked " + quantity);
        }
        boolean[] out = new boolean[quantity];
        for (int i = 0; i < quantity; i++) {
            out[i] = v.getBit(i);
        }
        return out;
    }

    private interface WordAt {
        int at(int i);
    }

    private static int[] words(int count, WordAt at, int quantity) throws LinkProtocolException {
        if (count != quantity) {
            throw new LinkProtocolException("answer has " + count + " registers, asked " + quantity);
        }
        int[] out = new int[quantity];
        for (int i = 0; i < quantity; i++) {
            out[i] = at.at(i);
        }
        return out;
    }

    @Override
    public synchronized void close() {
        closed = true;
        Watchdog.forget(this);
        endpoint.close();
    }
}
