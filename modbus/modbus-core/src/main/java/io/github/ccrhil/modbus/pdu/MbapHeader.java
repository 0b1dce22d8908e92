package io.github.ccrhil.modbus.pdu;

/**
 * The Modbus/TCP application header (7 bytes).
 *
 * @param transactionId 0..65535, echoed by the server
 * @param protocolId 0 for Modbus
 * @param length bytes that follow: unit id + PDU, 2..254
 * @param unitId 0..255
 */
public record MbapHeader(int transactionId, int protocolId, int length, int unitId) {

    public static final int SIZE = 7;
    /** Largest TCP ADU: header + 253-byte PDU. */
    public static final int MAX_ADU = SIZE + FunctionCode.MAX_PDU;

    public static MbapHeader decode(byte[] b, int offset) {
        return new MbapHeader(
                ((b[offset] & 0xFF) << 8) | (b[offset + 1] & 0xFF),
                ((b[offset + 2] & 0xFF) << 8) | (b[offset + 3] & 0xFF),
                ((b[offset + 4] & 0xFF) << 8) | (b[offset + 5] & 0xFF),
                b[offset + 6] & 0xFF);
    }

    /** Length of the PDU that follows the header. */
    public int pduLength() {
        return length - 1;
    }

    /** Null if the header can be acted upon, else why not (one line). */
    public String problem() {
        if (length < 2) {
            return "MBAP length " + length + " leaves no PDU";
        }
        if (length - 1 > FunctionCode.MAX_PDU) {
            return "MBAP length " + length + " announces a PDU over " + FunctionCode.MAX_PDU + " bytes";
        }
        if (protocolId != 0) {
            return "MBAP protocol id " + protocolId + " is not Modbus (0)";
        }
        return null;
    }

    /** A whole TCP ADU: header + PDU. */
    public static byte[] frame(int transactionId, int unitId, byte[] pdu) {
        byte[] out = new byte[SIZE + pdu.length];
        int length = pdu.length + 1;
        out[0] = (byte) (transactionId >> 8);
        out[1] = (byte) transactionId;
        out[4] = (byte) (length >> 8);
        out[5] = (byte) length;
        out[6] = (byte) unitId;
        System.arraycopy(pdu, 0, out, SIZE, pdu.length);
        return out;
    }
}
