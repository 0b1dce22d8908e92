package io.github.ccrhil.modbus.pdu;

import java.util.Arrays;

/**
 * A decoded request PDU. Addresses are 0-based protocol addresses (0..65535); quantities are
 * already validated against the protocol limits by {@link PduCodec#decodeRequest}.
 */
public sealed interface ModbusRequest {

    /** Function code, 1..127. */
    int functionCode();

    /** FC 01. @param address first coil 0..65535 @param quantity 1..2000 */
    record ReadCoils(int address, int quantity) implements ModbusRequest {
        public int functionCode() { return FunctionCode.READ_COILS; }
    }

    /** FC 02. @param address first input 0..65535 @param quantity 1..2000 */
    record ReadDiscreteInputs(int address, int quantity) implements ModbusRequest {
        public int functionCode() { return FunctionCode.READ_DISCRETE_INPUTS; }
    }

    /** FC 03. @param address first register 0..65535 @param quantity 1..125 */
    record ReadHoldingRegisters(int address, int quantity) implements ModbusRequest {
        public int functionCode() { return FunctionCode.READ_HOLDING_REGISTERS; }
    }

    /** FC 04. @param address first register 0..65535 @param quantity 1..125 */
    record ReadInputRegisters(int address, int quantity) implements ModbusRequest {
        public int functionCode() { return FunctionCode.READ_INPUT_REGISTERS; }
    }

    /** FC 05. @param address coil 0..65535 @param value on (wire 0xFF00) or off (0x0000) */
    record WriteSingleCoil(int address, boolean value) implements ModbusRequest {
        public int functionCode() { return FunctionCode.WRITE_SINGLE_COIL; }
    }

    /** FC 06. @param address register 0..65535 @param value 0..65535 */
    record WriteSingleRegister(int address, int value) implements ModbusRequest {
        public int functionCode() { return FunctionCode.WRITE_SINGLE_REGISTER; }
    }

    /** FC 15. @param address first coil @param values 1..1968 coil states */
    record WriteMultipleCoils(int address, boolean[] values) implements ModbusRequest {
        public WriteMultipleCoils { values = values.clone(); }
        public boolean[] values() { return values.clone(); }
        public int functionCode() { return FunctionCode.WRITE_MULTIPLE_COILS; }
        @Override public boolean equals(Object o) {
            return o instanceof WriteMultipleCoils w && w.address == address && Arrays.equals(w.values, values);
        }
        @Override public int hashCode() { return 31 * address + Arrays.hashCode(values); }
        @Override public String toString() { return "WriteMultipleCoils[address=" + address + ", values=" + Arrays.toString(values) + "]"; }
    }

    /** FC 16. @param address first register @param values 1..123 words, each 0..65535 */
    record WriteMultipleRegisters(int address, int[] values) implements ModbusRequest {
        public WriteMultipleRegisters { values = values.clone(); }
        public int[] values() { return values.clone(); }
        public int functionCode() { return FunctionCode.WRITE_MULTIPLE_REGISTERS; }
        @Override public boolean equals(Object o) {
            return o instanceof WriteMultipleRegisters w && w.address == address && Arrays.equals(w.values, values);
        }
        @Override public int hashCode() { return 31 * address + Arrays.hashCode(values); }
        @Override public String toString() { return "WriteMultipleRegisters[address=" + address + ", values=" + Arrays.toString(values) + "]"; }
    }

    /**
     * FC 23: the write is performed before the read (Modbus spec §6.17).
     *
     * @param readAddress first register to read @param readQuantity 1..125
     * @param writeAddress first register to write @param values 1..121 words
     */
    record ReadWriteMultipleRegisters(int readAddress, int readQuantity, int writeAddress, int[] values)
            implements ModbusRequest {
        public ReadWriteMultipleRegisters { values = values.clone(); }
        public int[] values() { return values.clone(); }
        public int functionCode() { return FunctionCode.READ_WRITE_MULTIPLE_REGISTERS; }
        @Override public boolean equals(Object o) {
            return o instanceof ReadWriteMultipleRegisters w && w.readAddress == readAddress
                    && w.readQuantity == readQuantity && w.writeAddress == writeAddress && Arrays.equals(w.values, values);
        }
        @Override public int hashCode() { return Arrays.hashCode(new int[] {readAddress, readQuantity, writeAddress, Arrays.hashCode(values)}); }
        @Override public String toString() {
            return "ReadWriteMultipleRegisters[read=" + readAddress + "+" + readQuantity + ", write=" + writeAddress + " " + Arrays.toString(values) + "]";
        }
    }

    /**
     * FC 43 / MEI 14.
     *
     * @param readCode 1 basic stream, 2 regular stream, 3 extended stream, 4 one object
     * @param objectId first object to return (or the one object for readCode 4), 0..255
     */
    record ReadDeviceIdentification(int readCode, int objectId) implements ModbusRequest {
        public int functionCode() { return FunctionCode.ENCAPSULATED_INTERFACE; }
    }
}
