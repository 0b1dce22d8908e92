package io.github.ccrhil.ccr.verify.accept.procedure;

import java.util.SplittableRandom;

/**
 * Seeded malformed, random and mutated Modbus/TCP frames, of the kinds other stacks failed on
 * (IEC 62443-4-2 CR 3.5; freemodbus #62, modbus-esp8266 #387, pymodbus #317): random bytes, a
 * valid header with a random PDU, a protocol id not 0, an MBAP length that lies (0, 1, 2, 255,
 * 256, 65535, random), reads of random ranges and unit ids, reads with bits flipped past the
 * header, function bytes 0x80..0xFF, and oversized PDUs announced and sent. The same seed gives
 * the same frames ({@value #GENERATOR}).
 *
 * <p>No frame is a request a correct DUT must obey: wherever a frame boundary would carry a write
 * or diagnostic function code (05, 06, 08, 15, 16, 21, 22, 23), whatever its unit id or protocol
 * id, that byte is changed to an unassigned user code (0x41..0x48), so a changed register or step
 * under this traffic is the DUT's fault. (Writes are the authority procedure's.)
 */
public final class HostileFrames {

    /** The generator's name and version, recorded with the seed so the frames can be made again. */
    public static final String GENERATOR = "ccr-hil hostile-frames/1";

    private static final int HEADER = 7;
    private final SplittableRandom random;
    private final int unitId;
    private int transaction;

    public HostileFrames(long seed, int unitId) {
        this.random = new SplittableRandom(seed);
        this.unitId = unitId;
    }

    /** The next frame (its bytes are the caller's). */
    public byte[] next() {
        int tid = transaction++ & 0xFFFF;
        int kind = random.nextInt(16);
        byte[] f;
        if (kind == 0) { // random bytes, 1..300
            f = new byte[1 + random.nextInt(300)];
            random.nextBytes(f);
        } else if (kind <= 3) { // valid header, random function code and body
            byte[] pdu = new byte[1 + random.nextInt(253)];
            random.nextBytes(pdu);
            f = frame(tid, unitId, pdu);
        } else if (kind <= 5) { // protocol id not 0
            f = read(tid, unitId);
            f[2] = (byte) (1 + random.nextInt(255));
            f[3] = (byte) random.nextInt(256);
        } else if (kind == 6) { // a length that lies
            f = read(tid, unitId);
            int[] lies = {0, 1, 2, 3, 7, 255, 256, 0xFFFF, random.nextInt(0x10000)};
            int length = lies[random.nextInt(lies.length)];
            f[4] = (byte) (length >> 8);
            f[5] = (byte) length;
        } else if (kind <= 9) { // a read of a random range (any read function), random unit id now and then
            int[] reads = {0x01, 0x02, 0x03, 0x04};
            f = frame(tid, random.nextInt(4) == 0 ? random.nextInt(256) : unitId, new byte[] {
                    (byte) reads[random.nextInt(4)], (byte) random.nextInt(256), (byte) random.nextInt(256),
                    (byte) random.nextInt(256), (byte) random.nextInt(256)});
        } else if (kind <= 12) { // a read with 1..4 bits flipped past the header
            f = read(tid, unitId);
            int flips = 1 + random.nextInt(4);
            for (int i = 0; i < flips; i++) {
                int at = HEADER + random.nextInt(f.length - HEADER);
                f[at] ^= (byte) (1 << random.nextInt(8));
            }
        } else if (kind <= 14) { // function byte with the high bit set
            f = read(tid, unitId);
            f[HEADER] = (byte) (0x80 | random.nextInt(128));
        } else { // an oversized PDU announced and sent
            byte[] pdu = new byte[254 + random.nextInt(300)];
            random.nextBytes(pdu);
            pdu[0] = 0x10;
            f = new byte[HEADER + pdu.length];
            f[0] = (byte) (tid >> 8);
            f[1] = (byte) tid;
            int length = pdu.length + 1;
            f[4] = (byte) (length >> 8);
            f[5] = (byte) length;
            f[6] = (byte) unitId;
            System.arraycopy(pdu, 0, f, HEADER, pdu.length);
        }
        neutralise(f);
        return f;
    }

    /**
     * Whether a frame leaves the stream in step: it is one or more whole MBAP frames with lengths
     * the protocol allows (2..254). A frame that is not is sent last on its connection.
     */
    public static boolean keepsStreamInStep(byte[] f) {
        int o = 0;
        while (o < f.length) {
            if (o + HEADER > f.length) {
                return false;
            }
            int length = ((f[o + 4] & 0xFF) << 8) | (f[o + 5] & 0xFF);
            if (length < 2 || length > 254 || o + 6 + length > f.length) {
                return false;
            }
            o += 6 + length;
        }
        return true;
    }

    /** Function codes a correct server acts on by changing something. */
    static boolean writesOrDiagnoses(int fc) {
        return fc == 0x05 || fc == 0x06 || fc == 0x08 || fc == 0x0F || fc == 0x10 || fc == 0x15 || fc == 0x16 || fc == 0x17;
    }

    /** Changes every write or diagnostic function byte at a frame boundary to an unassigned code. */
    static void neutralise(byte[] f) {
        int o = 0;
        while (o + HEADER < f.length) {
            int fc = f[o + HEADER] & 0xFF;
            if (writesOrDiagnoses(fc)) {
                f[o + HEADER] = (byte) (0x41 + (fc & 0x07));
            }
            int length = ((f[o + 4] & 0xFF) << 8) | (f[o + 5] & 0xFF);
            if (length < 2) {
                return;
            }
            o += 6 + length;
        }
    }

    private static byte[] frame(int tid, int unit, byte[] pdu) {
        byte[] f = new byte[HEADER + pdu.length];
        f[0] = (byte) (tid >> 8);
        f[1] = (byte) tid;
        f[4] = (byte) ((pdu.length + 1) >> 8);
        f[5] = (byte) (pdu.length + 1);
        f[6] = (byte) unit;
        System.arraycopy(pdu, 0, f, HEADER, pdu.length);
        return f;
    }

    /** FC 03, 4 registers from 0. */
    private static byte[] read(int tid, int unit) {
        return frame(tid, unit, new byte[] {0x03, 0, 0, 0, 4});
    }
}
