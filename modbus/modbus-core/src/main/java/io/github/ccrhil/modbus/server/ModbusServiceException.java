package io.github.ccrhil.modbus.server;

import io.github.ccrhil.modbus.pdu.ExceptionCode;

/** A device refuses a request; the server answers with {@link #code()}. State must be unchanged. */
public final class ModbusServiceException extends Exception {

    private final ExceptionCode code;

    public ModbusServiceException(ExceptionCode code, String message) {
        super(message);
        this.code = code;
    }

    public ExceptionCode code() {
        return code;
    }

    public static ModbusServiceException illegalFunction(String message) {
        return new ModbusServiceException(ExceptionCode.ILLEGAL_FUNCTION, message);
    }

    public static ModbusServiceException illegalAddress(String message) {
        return new ModbusServiceException(ExceptionCode.ILLEGAL_DATA_ADDRESS, message);
    }

    public static ModbusServiceException illegalValue(String message) {
        return new ModbusServiceException(ExceptionCode.ILLEGAL_DATA_VALUE, message);
    }
}
