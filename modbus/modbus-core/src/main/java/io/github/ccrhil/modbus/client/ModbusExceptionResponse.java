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

    /** The code as an enum, or {@code null} for a code that is not one of ours. */
    public ExceptionCode code() {
        return ExceptionCode.of(exceptionCode);
    }

    /**
     * Whether a gateway answered instead of the device (0x0A: no path to the unit; 0x0B: the unit
     * did not answer): the device said nothing, so for the caller this is a link fault, not a refusal.
     */
    public boolean fromGateway() {
        return exceptionCode == ExceptionCode.GATEWAY_PATH_UNAVAILABLE.code()
                || exceptionCode == ExceptionCode.GATEWAY_TARGET_FAILED_TO_RESPOND.code();
    }
}
