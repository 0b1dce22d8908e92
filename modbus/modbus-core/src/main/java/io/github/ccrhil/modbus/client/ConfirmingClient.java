package io.github.ccrhil.modbus.client;

import java.util.Arrays;
import java.util.Objects;
import java.util.SortedMap;

/**
 * A {@link ModbusClient} for a link that may change bytes without anyone noticing: Modbus/TCP
 * carries no checksum of its own (on a sound network TCP's and Ethernet's catch line errors), so
 * an answer with a changed data byte still parses. This client reads everything twice and takes
 * the answer only when both agree; a disagreement is a {@link LinkProtocolException}, which a
 * {@link RetryingClient} around this one repeats. Writes are sent once: their answers are echoes
 * the transport client already checks against the request.
 *
 * <p>Values that change between the two reads (a measurement) disagree now and then on a sound
 * link too; the repeat settles them.
 */
public final class ConfirmingClient implements ModbusClient {

    @FunctionalInterface
    private interface Read<T> {
        T run() throws LinkException;
    }

    private final ModbusClient inner;

    public ConfirmingClient(ModbusClient inner) {
        this.inner = Objects.requireNonNull(inner, "inner");
    }

    private static <T> T twice(String what, Read<T> read, java.util.function.BiPredicate<T, T> same) throws LinkException {
        T first;
        try {
            first = read.run();
        } catch (ModbusExceptionResponse e) {
            try {
                read.run();
            } catch (ModbusExceptionResponse again) {
                if (again.exceptionCode() == e.exceptionCode()) {
                    throw e;
                }
            }
            throw new LinkProtocolException(what + ": an exception answer and a second answer disagree");
        }
        T second;
        try {
            second = read.run();
        } catch (ModbusExceptionResponse e) {
            throw new LinkProtocolException(what + ": an answer and an exception answer disagree");
        }
        if (!same.test(first, second)) {
            throw new LinkProtocolException(what + ": two answers to the same read disagree");
        }
        return first;
    }

    @Override
    public boolean[] readCoils(int unitId, int address, int quantity) throws LinkException {
        return twice("read coils " + address, () -> inner.readCoils(unitId, address, quantity), Arrays::equals);
    }

    @Override
    public boolean[] readDiscreteInputs(int unitId, int address, int quantity) throws LinkException {
        return twice("read discrete inputs " + address, () -> inner.readDiscreteInputs(unitId, address, quantity), Arrays::equals);
    }

    @Override
    public int[] readHoldingRegisters(int unitId, int address, int quantity) throws LinkException {
        return twice("read holding registers " + address, () -> inner.readHoldingRegisters(unitId, address, quantity), Arrays::equals);
    }

    @Override
    public int[] readInputRegisters(int unitId, int address, int quantity) throws LinkException {
        return twice("read input registers " + address, () -> inner.readInputRegisters(unitId, address, quantity), Arrays::equals);
    }

    @Override
    public void writeSingleCoil(int unitId, int address, boolean value) throws LinkException {
        inner.writeSingleCoil(unitId, address, value);
    }

    @Override
    public void writeSingleRegister(int unitId, int address, int value) throws LinkException {
        inner.writeSingleRegister(unitId, address, value);
    }

    @Override
    public void writeMultipleCoils(int unitId, int address, boolean[] values) throws LinkException {
        inner.writeMultipleCoils(unitId, address, values);
    }

    @Override
    public void writeMultipleRegisters(int unitId, int address, int[] values) throws LinkException {
        inner.writeMultipleRegisters(unitId, address, values);
    }

    /** Sent once: it writes, and its read half is only as good as the link. */
    @Override
    public int[] readWriteMultipleRegisters(int unitId, int readAddress, int readQuantity, int writeAddress, int[] values)
            throws LinkException {
        return inner.readWriteMultipleRegisters(unitId, readAddress, readQuantity, writeAddress, values);
    }

    @Override
    public SortedMap<Integer, String> readDeviceIdentification(int unitId, int readCode) throws LinkException {
        return twice("read device identification", () -> inner.readDeviceIdentification(unitId, readCode), Object::equals);
    }

    @Override
    public java.util.Optional<RawLine> rawLine() {
        return inner.rawLine();
    }

    @Override
    public void close() {
        inner.close();
    }
}
