package io.github.ccrhil.water.scada;

/** The PLC answered with a Modbus exception (01 illegal function, 02 address, 03 value, 04 failure...). */
public final class ModbusExceptionResponse extends LinkException {
    private final int code;

    public ModbusExceptionResponse(int functionCode, int code) {
        super(String.format("PLC refused function %02X with exception %02X (%s)", functionCode, code, describe(code)));
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static String describe(int code) {
        return switch (code) {
            case 1 -> "illegal function";
            case 2 -> "illegal data address";
            case 3 -> "illegal data value";
            case 4 -> "server device failure";
            case 0x0A -> "gateway path unavailable";
            case 0x0B -> "gateway target device failed to respond";
            default -> "exception";
        };
    }
}
