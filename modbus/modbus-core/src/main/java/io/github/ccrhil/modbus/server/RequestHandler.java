package io.github.ccrhil.modbus.server;

/**
 * What a Modbus server device does with a valid request. Implement the tables the device has;
 * the rest answer 01. Every method either succeeds completely or throws and changes nothing.
 * The server calls one method at a time (never concurrently).
 */
public interface RequestHandler {

    default boolean[] readCoils(int address, int quantity) throws ModbusServiceException {
        throw ModbusServiceException.illegalFunction("no coils");
    }

    default boolean[] readDiscreteInputs(int address, int quantity) throws ModbusServiceException {
        throw ModbusServiceException.illegalFunction("no discrete inputs");
    }

    default int[] readHoldingRegisters(int address, int quantity) throws ModbusServiceException {
        throw ModbusServiceException.illegalFunction("no holding registers");
    }

    default int[] readInputRegisters(int address, int quantity) throws ModbusServiceException {
        throw ModbusServiceException.illegalFunction("no input registers");
    }

    /** FC 05 (one value) and FC 15. */
    default void writeCoils(int address, boolean[] values) throws ModbusServiceException {
        throw ModbusServiceException.illegalFunction("no writable coils");
    }

    /** FC 06 (one value) and FC 16. */
    default void writeRegisters(int address, int[] values) throws ModbusServiceException {
        throw ModbusServiceException.illegalFunction("no writable registers");
    }

    /** FC 23: write first, then read, as one transaction. */
    default int[] readWriteRegisters(int writeAddress, int[] values, int readAddress, int readQuantity)
            throws ModbusServiceException {
        // Check the read range before writing so that a bad read address changes nothing.
        readHoldingRegisters(readAddress, readQuantity);
        writeRegisters(writeAddress, values);
        return readHoldingRegisters(readAddress, readQuantity);
    }

    /** FC 43/14 objects, or {@code null} when the device has none (the server answers 01). */
    default DeviceIdentity identity() {
        return null;
    }
}
