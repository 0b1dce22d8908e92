package io.github.ccrhil.modbus.pdu;

import java.util.Arrays;
import java.util.List;

/** A response PDU a server sends. */
public sealed interface ModbusResponse {

    /** Function code as sent (for an exception, with bit 7 set). */
    int wireFunctionCode();

    /** FC 01/02 answer. @param values the bits read, 1..2000 */
    record ReadBits(int functionCode, boolean[] values) implements ModbusResponse {
        public ReadBits { values = values.clone(); }
        public boolean[] values() { return values.clone(); }
        public int wireFunctionCode() { return functionCode; }
        @Override public boolean equals(Object o) {
            return o instanceof ReadBits r && r.functionCode == functionCode && Arrays.equals(r.values, values);
        }
        @Override public int hashCode() { return 31 * functionCode + Arrays.hashCode(values); }
    }

    /** FC 03/04/23 answer. @param values words 0..65535, 1..125 of them */
    record ReadRegisters(int functionCode, int[] values) implements ModbusResponse {
        public ReadRegisters { values = values.clone(); }
        public int[] values() { return values.clone(); }
        public int wireFunctionCode() { return functionCode; }
        @Override public boolean equals(Object o) {
            return o instanceof ReadRegisters r && r.functionCode == functionCode && Arrays.equals(r.values, values);
        }
        @Override public int hashCode() { return 31 * functionCode + Arrays.hashCode(values); }
    }

    /** FC 05/06 echo and FC 15/16 confirmation: two 16-bit fields after the function code. */
    record WriteEcho(int functionCode, int address, int valueOrQuantity) implements ModbusResponse {
        public int wireFunctionCode() { return functionCode; }
    }

    /**
     * FC 43/14 answer.
     *
     * @param readCode echoed 1..4
     * @param conformityLevel 0x83 (basic, regular, extended; stream and individual access)
     * @param moreFollows whether another request (from {@code nextObjectId}) is needed
     * @param objects the objects in this answer, ids ascending
     */
    record DeviceIdentification(int readCode, int conformityLevel, boolean moreFollows, int nextObjectId,
                                List<DeviceObject> objects) implements ModbusResponse {
        public DeviceIdentification { objects = List.copyOf(objects); }
        public int wireFunctionCode() { return FunctionCode.ENCAPSULATED_INTERFACE; }
    }

    /** One device-identification object. @param id 0..255 @param value ASCII, at most 245 bytes */
    record DeviceObject(int id, String value) {
    }

    /** Exception response. @param functionCode the request's function code, 1..127 */
    record ExceptionResponse(int functionCode, ExceptionCode code) implements ModbusResponse {
        public int wireFunctionCode() { return functionCode | 0x80; }
    }
}
