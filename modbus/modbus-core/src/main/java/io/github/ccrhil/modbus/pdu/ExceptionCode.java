package io.github.ccrhil.modbus.pdu;

/** Modbus exception codes a server answers with (Modbus Application Protocol v1.1b3 §7). */
public enum ExceptionCode {
    /** 01: function not supported, or the server is in the wrong state to process it (LOCAL, write-protected). */
    ILLEGAL_FUNCTION(0x01),
    /** 02: an address (or address + quantity) outside the server's map. */
    ILLEGAL_DATA_ADDRESS(0x02),
    /** 03: a quantity, byte count or value the server cannot accept. */
    ILLEGAL_DATA_VALUE(0x03),
    /** 04: the server failed while processing the request. */
    SERVER_DEVICE_FAILURE(0x04);

    private final int code;

    ExceptionCode(int code) {
        this.code = code;
    }

    /** The code as sent on the wire, 1..4. */
    public int code() {
        return code;
    }

    /** The enum for a wire code, or {@code null} if the code is not one of ours. */
    public static ExceptionCode of(int code) {
        for (ExceptionCode c : values()) {
            if (c.code == code) {
                return c;
            }
        }
        return null;
    }
}
