package io.github.ccrhil.modbus.pdu;

/**
 * A request PDU that a server must answer with an exception response rather than act on.
 * Checked, so that a decoding path cannot forget it.
 */
public final class PduDecodeException extends Exception {

    private final int functionCode;
    private final ExceptionCode exceptionCode;

    public PduDecodeException(int functionCode, ExceptionCode exceptionCode, String message) {
        super(message);
        this.functionCode = functionCode;
        this.exceptionCode = exceptionCode;
    }

    /** The function code of the offending request (0..127). */
    public int functionCode() {
        return functionCode;
    }

    public ExceptionCode exceptionCode() {
        return exceptionCode;
    }
}
