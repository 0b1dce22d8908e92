package io.github.ccrhil.modbus.pdu;

/** Modbus exception codes a server, or a gateway in front of it, answers with (Modbus Application Protocol v1.1b3 §7). */
public enum ExceptionCode {
    /** 01: function not supported, or the server is in the wrong state to process it (LOCAL, write-protected). */
    ILLEGAL_FUNCTION(0x01),
    /** 02: an address (or address + quantity) outside the server's map. */
    ILLEGAL_DATA_ADDRESS(0x02),
    /** 03: a quantity, byte count or value the server cannot accept. */
    ILLEGAL_DATA_VALUE(0x03),
    /** 04: the server failed while processing the request. */
    SERVER_DEVICE_FAILURE(0x04),
    /**
     * 0A, from a gateway: no path from its input to the output for this request (no device
     * configured at the unit id, or the gateway is misconfigured or overloaded).
     */
    GATEWAY_PATH_UNAVAILABLE(0x0A),
    /** 0B, from a gateway: the device at the unit id did not answer it within the gateway's timeout. */
    GATEWAY_TARGET_FAILED_TO_RESPOND(0x0B);

    private final int code;

    ExceptionCode(int code) {
        this.code = code;
    }

    /** The code as sent on the wire, 1..4, 0x0A or 0x0B. */
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
