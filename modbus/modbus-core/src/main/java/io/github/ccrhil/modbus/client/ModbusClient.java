package io.github.ccrhil.modbus.client;

import java.util.SortedMap;

/**
 * A Modbus client. Addresses are 0-based protocol addresses. Every call is one transaction under
 * a watchdog: it returns, or throws a {@link LinkException} subtype, within the configured timeout.
 * Implementations are safe for use by one thread at a time.
 */
public interface ModbusClient extends AutoCloseable {

    boolean[] readCoils(int unitId, int address, int quantity) throws LinkException;

    boolean[] readDiscreteInputs(int unitId, int address, int quantity) throws LinkException;

    int[] readHoldingRegisters(int unitId, int address, int quantity) throws LinkException;

    int[] readInputRegisters(int unitId, int address, int quantity) throws LinkException;

    void writeSingleCoil(int unitId, int address, boolean value) throws LinkException;

    void writeSingleRegister(int unitId, int address, int value) throws LinkException;

    void writeMultipleCoils(int unitId, int address, boolean[] values) throws LinkException;

    void writeMultipleRegisters(int unitId, int address, int[] values) throws LinkException;

    /** FC 23: writes {@code values} at {@code writeAddress}, then reads. */
    int[] readWriteMultipleRegisters(int unitId, int readAddress, int readQuantity, int writeAddress, int[] values)
            throws LinkException;

    /**
     * FC 43/14, following "more follows" until the category is complete.
     *
     * @param readCode 1 basic, 2 regular, 3 extended
     */
    SortedMap<Integer, String> readDeviceIdentification(int unitId, int readCode) throws LinkException;

    /**
     * The serial line under this client, where bytes can be put as they are between its
     * transactions (an RTU client); empty for Modbus/TCP and for wrappers that cannot pass it on.
     */
    default java.util.Optional<RawLine> rawLine() {
        return java.util.Optional.empty();
    }

    @Override
    void close();
}
