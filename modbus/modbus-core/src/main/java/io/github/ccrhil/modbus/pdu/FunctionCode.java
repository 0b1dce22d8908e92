package io.github.ccrhil.modbus.pdu;

/** The function codes this layer implements. */
public final class FunctionCode {
    public static final int READ_COILS = 0x01;
    public static final int READ_DISCRETE_INPUTS = 0x02;
    public static final int READ_HOLDING_REGISTERS = 0x03;
    public static final int READ_INPUT_REGISTERS = 0x04;
    public static final int WRITE_SINGLE_COIL = 0x05;
    public static final int WRITE_SINGLE_REGISTER = 0x06;
    public static final int WRITE_MULTIPLE_COILS = 0x0F;
    public static final int WRITE_MULTIPLE_REGISTERS = 0x10;
    public static final int READ_WRITE_MULTIPLE_REGISTERS = 0x17;
    public static final int ENCAPSULATED_INTERFACE = 0x2B;
    /** MEI type of FC 43 for Read Device Identification. */
    public static final int MEI_READ_DEVICE_IDENTIFICATION = 0x0E;

    /** Largest PDU (function code + data), bytes. */
    public static final int MAX_PDU = 253;
    /** Most registers one read may return (FC 03/04, read half of FC 23). */
    public static final int MAX_READ_REGISTERS = 125;
    /** Most registers one FC 16 may write. */
    public static final int MAX_WRITE_REGISTERS = 123;
    /** Most registers the write half of FC 23 may carry. */
    public static final int MAX_READ_WRITE_WRITE_REGISTERS = 121;
    /** Most bits one FC 01/02 may return. */
    public static final int MAX_READ_BITS = 2000;
    /** Most coils one FC 15 may write. */
    public static final int MAX_WRITE_COILS = 1968;

    private FunctionCode() {
    }
}
