package io.github.ccrhil.modbus.client;

import io.github.ccrhil.modbus.pdu.ExceptionCode;

/** The server answered with a Modbus exception. */
public class ModbusExceptionResponse extends LinkException {

    private final int functionCode;
    private final int exceptionCode;

    public ModbusExceptionResponse(int functionCode, int exceptionCode) {
        super("server answered function " + functionCode + " with exception " + exceptionCode
                + (ExceptionCode.of(exceptionCode) == null ? "" : " (" + ExceptionCode.of(exceptionCode) + ")"));
        this.functionCode = functionCode;
        this.exceptionCode = exceptionCode;
    }

    public int functionCode() {
        return functionCode;
    }

    /** Wire code, 1..255. */
    public int exceptionCode() {
        return exceptionCode;
    }

    /** The code as an enum, or {@code null} for codes beyond 04. */
    public ExceptionCode code() {
        return ExceptionCode.of(exceptionCode);
    }
}
