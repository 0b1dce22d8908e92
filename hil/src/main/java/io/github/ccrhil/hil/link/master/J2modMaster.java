package io.github.ccrhil.hil.link.master;

import com.ghgande.j2mod.modbus.ModbusException;
import com.ghgande.j2mod.modbus.ModbusIOException;
import com.ghgande.j2mod.modbus.ModbusSlaveException;
import com.ghgande.j2mod.modbus.io.ModbusSerialTransaction;
import com.ghgande.j2mod.modbus.io.ModbusTCPTransaction;
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
import com.ghgande.j2mod.modbus.net.TCPMasterConnection;
import com.ghgande.j2mod.modbus.procimg.Register;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.util.BitVector;
import io.github.ccrhil.hil.link.serial.JsscSerialConnection;
import io.github.ccrhil.hil.link.serial.LineTiming;
import io.github.ccrhil.hil.link.serial.SerialSettings;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link ModbusMaster} on j2mod's transports: Modbus/TCP through {@code TCPMasterConnection}, RTU
 * through {@link JsscSerialConnection}. Around j2mod's known weaknesses:
 * <ul>
 *   <li>every transaction runs on a worker under a watchdog; when the watchdog fires, the
 *       connection is closed (which unblocks a stuck read, j2mod #83), the worker abandoned, and
 *       the next call reconnects;</li>
 *   <li>transaction and unit ids of every answer are checked here (j2mod #165); j2mod's own
 *       retries are off, so one call is exactly one transaction.</li>
 * </ul>
 */
public final class J2modMaster implements ModbusMaster {

    private interface Endpoint {
        ModbusTransaction transaction() throws Exception;

        void close();

        String describe();
    }

    private final Endpoint endpoint;
    private final Duration timeout;
    private final boolean tcp;
    private ExecutorService worker;
    private boolean closed;

    private J2modMaster(Endpoint endpoint, Duration timeout, boolean tcp) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        this.endpoint = endpoint;
        this.timeout = timeout;
        this.tcp = tcp;
        this.worker = newWorker();
    }

    /** A Modbus/TCP master; connects lazily on the first transaction. */
    public static J2modMaster tcp(InetSocketAddress server, Duration timeout) {
        int millis = (int) Math.max(1, timeout.toMillis());
        Endpoint e = new Endpoint() {
            private TCPMasterConnection connection;

            @Override
            public synchronized ModbusTransaction transaction() throws Exception {
                if (connection == null || !connection.isConnected()) {
                    connection = new TCPMasterConnection(server.getAddress());
                    connection.setPort(server.getPort());
                    connection.setTimeout(millis);
                    connection.connect();
                }
                ModbusTCPTransaction t = new ModbusTCPTransaction(connection);
                t.setReconnecting(false);
                return t;
            }

            @Override
            public synchronized void close() {
                if (connection != null) {
                    connection.close();
                    connection = null;
                }
            }

            @Override
            public String describe() {
                return "tcp://" + server.getHostString() + ":" + server.getPort();
            }
        };
        return new J2modMaster(e, timeout, true);
    }

    /**
     * An RTU master over jssc.
     *
     * @param timing line timing to emulate, or {@code null}
     */
    public static J2modMaster rtu(SerialSettings settings, LineTiming timing, Duration timeout) {
        int millis = (int) Math.max(1, timeout.toMillis());
        Endpoint e = new Endpoint() {
            private JsscSerialConnection connection;

            @Override
            public synchronized ModbusTransaction transaction() throws Exception {
                if (connection == null || !connection.isOpen()) {
                    connection = new JsscSerialConnection(settings, timing);
                    connection.setTimeout(millis);
                    connection.open();
                }
                ModbusSerialTransaction t = new ModbusSerialTransaction(connection);
                t.setTransDelayMS(0);
                return t;
            }

            @Override
            public synchronized void close() {
                if (connection != null) {
                    connection.close();
                    connection = null;
                }
            }

            @Override
            public String describe() {
                return "rtu:" + settings.portName() + "@" + settings.baudRate();
            }
        };
        return new J2modMaster(e, timeout, false);
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "modbus-master-worker");
            t.setDaemon(true);
            return t;
        });
    }

    private synchronized ModbusResponse run(int unitId, ModbusRequest request) throws LinkException {
        if (closed) {
            throw new LinkException("master for " + endpoint.describe() + " is closed");
        }
        if (unitId < 0 || unitId > 255) {
            throw new IllegalArgumentException("unit id must be 0..255, was " + unitId);
        }
        request.setUnitID(unitId);
        Future<ModbusResponse> future = worker.submit(() -> {
            ModbusTransaction t = endpoint.transaction();
            t.setRetries(0);
            t.setCheckingValidity(false);
            t.setRequest(request);
            t.execute();
            return t.getResponse();
        });
        ModbusResponse response;
        try {
            response = future.get(timeout.toNanos() + 250_000_000L, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            resetLink();
            throw new LinkTimeoutException("no answer from " + endpoint.describe() + " unit " + unitId
                    + " to function " + request.getFunctionCode() + " within " + timeout.toMillis() + " ms (watchdog)");
        } catch (InterruptedException e) {
            future.cancel(true);
            resetLink();
            Thread.currentThread().interrupt();
            throw new LinkInterruptedException("interrupted during a transaction with " + endpoint.describe(), e);
        } catch (ExecutionException e) {
            throw translate(e.getCause(), unitId, request);
        }
        if (response == null) {
            resetLink();
            throw new LinkTimeoutException("no answer from " + endpoint.describe() + " unit " + unitId);
        }
        if (response instanceof ExceptionResponse ex) {
            throw new ModbusExceptionResponse(request.getFunctionCode(), ex.getExceptionCode());
        }
        if (tcp && response.getTransactionID() != request.getTransactionID()) {
            resetLink();
            throw new LinkProtocolException("answer carries transaction id " + response.getTransactionID()
                    + ", request had " + request.getTransactionID());
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
        worker.shutdownNow();
        worker = newWorker();
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
        endpoint.close();
        worker.shutdownNow();
    }
}
