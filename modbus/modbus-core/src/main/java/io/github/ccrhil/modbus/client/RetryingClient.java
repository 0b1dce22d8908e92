package io.github.ccrhil.modbus.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;

/**
 * A {@link ModbusClient} that repeats a transaction the link lost, a bounded number of times, and
 * reports each repeat. Only link faults are repeated (a timeout, a broken or mismatched answer, a
 * lost connection): a Modbus exception is the device's answer and an interrupt is the caller's
 * wish, so neither is. Every Modbus read and write function sets, never increments, so sending a
 * request again whose answer was lost leaves the device as sending it once would.
 *
 * <p>When the attempts are used up the last fault is thrown, its message naming the attempts, so
 * a verdict made INCONCLUSIVE by it says why.
 */
public final class RetryingClient implements ModbusClient {

    /** One repeated transaction: what was asked, which attempt failed, and why. */
    public record Retry(String transaction, int attempt, String fault) {
    }

    @FunctionalInterface
    private interface Call<T> {
        T run() throws LinkException;
    }

    private static final int KEPT = 1_000;

    private final ModbusClient inner;
    private final int attempts;
    private final List<Retry> retries = new ArrayList<>();
    private final List<Retry> lost = new ArrayList<>();
    private long retryCount;
    private long exhausted;

    /**
     * @param attempts how many times a transaction is tried at most, 1..10
     */
    public RetryingClient(ModbusClient inner, int attempts) {
        this.inner = Objects.requireNonNull(inner, "inner");
        if (attempts < 1 || attempts > 10) {
            throw new IllegalArgumentException("attempts must be 1..10, was " + attempts);
        }
        this.attempts = attempts;
    }

    public int attempts() {
        return attempts;
    }

    /** Transactions repeated so far. */
    public synchronized long retryCount() {
        return retryCount;
    }

    /** Transactions that failed on every attempt. */
    public synchronized long exhausted() {
        return exhausted;
    }

    /** The first {@value #KEPT} repeats, in order. */
    public synchronized List<Retry> retries() {
        return List.copyOf(retries);
    }

    /** The first {@value #KEPT} transactions that failed on every attempt, each with its last attempt and fault. */
    public synchronized List<Retry> lost() {
        return List.copyOf(lost);
    }

    private <T> T call(String what, Call<T> call) throws LinkException {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.run();
            } catch (ModbusExceptionResponse | LinkInterruptedException e) {
                throw e;
            } catch (LinkException e) {
                if (Thread.currentThread().isInterrupted()) {
                    InterruptedException cause = new InterruptedException(what + " interrupted after attempt " + attempt);
                    cause.addSuppressed(e);
                    throw new LinkInterruptedException(cause.getMessage(), cause);
                }
                synchronized (this) {
                    if (attempt >= attempts) {
                        exhausted++;
                        if (lost.size() < KEPT) {
                            lost.add(new Retry(what, attempt, e.getMessage()));
                        }
                        throw new LinkException(e.getMessage() + " (" + what + ", " + attempts + " attempts)", e);
                    }
                    retryCount++;
                    if (retries.size() < KEPT) {
                        retries.add(new Retry(what, attempt, e.getMessage()));
                    }
                }
            }
        }
    }

    @Override
    public boolean[] readCoils(int unitId, int address, int quantity) throws LinkException {
        return call("read coils " + address, () -> inner.readCoils(unitId, address, quantity));
    }

    @Override
    public boolean[] readDiscreteInputs(int unitId, int address, int quantity) throws LinkException {
        return call("read discrete inputs " + address, () -> inner.readDiscreteInputs(unitId, address, quantity));
    }

    @Override
    public int[] readHoldingRegisters(int unitId, int address, int quantity) throws LinkException {
        return call("read holding registers " + address, () -> inner.readHoldingRegisters(unitId, address, quantity));
    }

    @Override
    public int[] readInputRegisters(int unitId, int address, int quantity) throws LinkException {
        return call("read input registers " + address, () -> inner.readInputRegisters(unitId, address, quantity));
    }

    @Override
    public void writeSingleCoil(int unitId, int address, boolean value) throws LinkException {
        call("write coil " + address, () -> {
            inner.writeSingleCoil(unitId, address, value);
            return null;
        });
    }

    @Override
    public void writeSingleRegister(int unitId, int address, int value) throws LinkException {
        call("write register " + address, () -> {
            inner.writeSingleRegister(unitId, address, value);
            return null;
        });
    }

    @Override
    public void writeMultipleCoils(int unitId, int address, boolean[] values) throws LinkException {
        call("write coils " + address, () -> {
            inner.writeMultipleCoils(unitId, address, values);
            return null;
        });
    }

    @Override
    public void writeMultipleRegisters(int unitId, int address, int[] values) throws LinkException {
        call("write registers " + address, () -> {
            inner.writeMultipleRegisters(unitId, address, values);
            return null;
        });
    }

    @Override
    public int[] readWriteMultipleRegisters(int unitId, int readAddress, int readQuantity, int writeAddress, int[] values)
            throws LinkException {
        return call("read/write registers " + readAddress + "/" + writeAddress,
                () -> inner.readWriteMultipleRegisters(unitId, readAddress, readQuantity, writeAddress, values));
    }

    @Override
    public SortedMap<Integer, String> readDeviceIdentification(int unitId, int readCode) throws LinkException {
        return call("read device identification", () -> inner.readDeviceIdentification(unitId, readCode));
    }

    /** The line under the client: raw bytes are put on it once, never repeated. */
    @Override
    public java.util.Optional<RawLine> rawLine() {
        return inner.rawLine();
    }

    @Override
    public void close() {
        inner.close();
    }
}
