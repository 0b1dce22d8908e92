package io.github.ccrhil.modbus.pdu;

/** The Modbus RTU CRC-16 (polynomial 0xA001 reflected, initial 0xFFFF), sent low byte first. */
public final class Crc16 {

    private static final int[] TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int c = i;
            for (int k = 0; k < 8; k++) {
                c = (c & 1) != 0 ? (c >>> 1) ^ 0xA001 : c >>> 1;
            }
            TABLE[i] = c;
        }
    }

    private Crc16() {
    }

    /** CRC of {@code length} bytes from {@code offset}, 0..65535. */
    public static int compute(byte[] data, int offset, int length) {
        int crc = 0xFFFF;
        for (int i = offset; i < offset + length; i++) {
            crc = (crc >>> 8) ^ TABLE[(crc ^ data[i]) & 0xFF];
        }
        return crc;
    }

    /** Whether the last two bytes of the frame are the CRC of the bytes before them. */
    public static boolean check(byte[] frame, int offset, int length) {
        if (length < 3) {
            return false;
        }
        int crc = compute(frame, offset, length - 2);
        return (frame[offset + length - 2] & 0xFF) == (crc & 0xFF)
                && (frame[offset + length - 1] & 0xFF) == (crc >>> 8);
    }

    /** An RTU ADU: unit id, PDU, CRC (low byte first). */
    public static byte[] rtuFrame(int unitId, byte[] pdu) {
        byte[] out = new byte[pdu.length + 3];
        out[0] = (byte) unitId;
        System.arraycopy(pdu, 0, out, 1, pdu.length);
        int crc = compute(out, 0, pdu.length + 1);
        out[pdu.length + 1] = (byte) crc;
        out[pdu.length + 2] = (byte) (crc >>> 8);
        return out;
    }
}
