package io.github.ccrhil.modbus.link;

import io.github.ccrhil.modbus.pdu.Crc16;
import io.github.ccrhil.modbus.pdu.MbapHeader;
import java.util.SplittableRandom;

/**
 * Seeded malformed, random and mutated Modbus/TCP frames, the kinds other stacks failed on:
 * non-zero protocol ids, MBAP lengths that lie (short, long, zero, 65535), half headers, random
 * function codes (0x80..0xFF included), random unit ids, oversized PDUs, and valid reads with
 * bytes flipped; and the same kinds as Modbus RTU frames ({@link #nextRtu(int)}), most with a
 * right CRC so that they get past the checksum. The same seed gives the same frames.
 *
 * <p>{@link #withoutWrites()} turns every write function code (05, 06, 15, 16, 22, 23) the dice
 * would send into an unknown one (the same code with bit 6 set), so that a soak that must change
 * no state sends nothing a device may rightly obey. For fuzzing rigs and soaks; not for traffic.
 */
public final class MalformedFrames {

    private final SplittableRandom random;
    private final boolean writes;
    private int transaction;

    public MalformedFrames(long seed) {
        this(new SplittableRandom(seed), true);
    }

    private MalformedFrames(SplittableRandom random, boolean writes) {
        this.random = random;
        this.writes = writes;
    }

    /** The same frames, except that no write function code is ever sent. */
    public MalformedFrames withoutWrites() {
        return new MalformedFrames(random.split(), false);
    }

    /** Whether {@code function} asks a device to change something. */
    public static boolean isWrite(int function) {
        return switch (function & 0xFF) {
            case 0x05, 0x06, 0x0F, 0x10, 0x16, 0x17 -> true;
            default -> false;
        };
    }

    private void noWriteAt(byte[] frame, int at) {
        if (!writes && at < frame.length && isWrite(frame[at])) {
            frame[at] ^= 0x40;
        }
    }

    /** The next Modbus/TCP frame (MBAP header and PDU, or worse). */
    public byte[] next(int unitId) {
        byte[] f = nextMbap(unitId);
        noWriteAt(f, MbapHeader.SIZE);
        return f;
    }

    /**
     * The next Modbus RTU frame: random bytes, a random PDU with its CRC, a read for a random
     * unit or range, a read with bytes flipped (CRC kept or recomputed), an exception-shaped
     * function, a frame cut short, or an oversized one.
     */
    public byte[] nextRtu(int unitId) {
        int kind = random.nextInt(8);
        byte[] f;
        switch (kind) {
            case 0 -> { // random bytes
                f = new byte[1 + random.nextInt(300)];
                random.nextBytes(f);
            }
            case 1 -> { // random function code and body, right CRC
                byte[] pdu = new byte[1 + random.nextInt(253)];
                random.nextBytes(pdu);
                noWriteAt(pdu, 0);
                f = Crc16.rtuFrame(unitId, pdu);
            }
            case 2 -> f = Crc16.rtuFrame(random.nextInt(256), readPdu(random.nextInt(0x10000), 1 + random.nextInt(130)));
            case 3 -> { // bytes flipped, the CRC left as it was
                f = Crc16.rtuFrame(unitId, readPdu(0, 4));
                int flips = 1 + random.nextInt(3);
                for (int i = 0; i < flips; i++) {
                    f[random.nextInt(f.length)] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 4 -> { // bytes flipped, the CRC made right again
                byte[] pdu = readPdu(0, 4);
                pdu[1 + random.nextInt(pdu.length - 1)] ^= (byte) (1 << random.nextInt(8));
                f = Crc16.rtuFrame(unitId, pdu);
            }
            case 5 -> { // function byte with the high bit set
                byte[] pdu = readPdu(0, 4);
                pdu[0] = (byte) (0x80 | random.nextInt(128));
                f = Crc16.rtuFrame(unitId, pdu);
            }
            case 6 -> { // a frame cut short
                byte[] whole = Crc16.rtuFrame(unitId, readPdu(0, 4));
                f = java.util.Arrays.copyOf(whole, 1 + random.nextInt(whole.length - 1));
            }
            default -> { // oversized: more than 256 bytes with a CRC
                byte[] pdu = new byte[254 + random.nextInt(200)];
                random.nextBytes(pdu);
                pdu[0] = 0x03;
                f = Crc16.rtuFrame(unitId, pdu);
            }
        }
        noWriteAt(f, 1);
        return f;
    }

    private static byte[] readPdu(int address, int quantity) {
        return new byte[] {0x03, (byte) (address >> 8), (byte) address, (byte) (quantity >> 8), (byte) quantity};
    }

    private byte[] nextMbap(int unitId) {
        int kind = random.nextInt(8);
        int tid = transaction++ & 0xFFFF;
        switch (kind) {
            case 0: { // random bytes, any length up to 300
                byte[] b = new byte[1 + random.nextInt(300)];
                random.nextBytes(b);
                return b;
            }
            case 1: { // valid header, random function code and body
                byte[] pdu = new byte[1 + random.nextInt(253)];
                random.nextBytes(pdu);
                return MbapHeader.frame(tid, unitId, pdu);
            }
            case 2: { // protocol id not 0
                byte[] f = read(tid, unitId);
                f[2] = (byte) (1 + random.nextInt(255));
                return f;
            }
            case 3: { // a length field that lies
                byte[] f = read(tid, unitId);
                int[] lies = {0, 1, 2, 3, 7, 255, 256, 0xFFFF, random.nextInt(0x10000)};
                int length = lies[random.nextInt(lies.length)];
                f[4] = (byte) (length >> 8);
                f[5] = (byte) length;
                return f;
            }
            case 4: { // a valid read of a random range, random unit id
                byte[] f = read(tid, random.nextInt(256));
                f[8] = (byte) random.nextInt(256);
                f[9] = (byte) random.nextInt(256);
                f[11] = (byte) random.nextInt(256);
                return f;
            }
            case 5: { // a read with 1..4 bytes flipped past the header
                byte[] f = read(tid, unitId);
                int flips = 1 + random.nextInt(4);
                for (int i = 0; i < flips; i++) {
                    int at = 7 + random.nextInt(f.length - 7);
                    f[at] ^= (byte) (1 << random.nextInt(8));
                }
                return f;
            }
            case 6: { // function byte with the high bit set
                byte[] f = read(tid, unitId);
                f[7] = (byte) (0x80 | random.nextInt(128));
                return f;
            }
            default: { // an oversized PDU announced and sent
                byte[] pdu = new byte[254 + random.nextInt(300)];
                random.nextBytes(pdu);
                pdu[0] = 0x10;
                byte[] f = new byte[MbapHeader.SIZE + pdu.length];
                f[0] = (byte) (tid >> 8);
                f[1] = (byte) tid;
                int length = pdu.length + 1;
                f[4] = (byte) (length >> 8);
                f[5] = (byte) length;
                f[6] = (byte) unitId;
                System.arraycopy(pdu, 0, f, MbapHeader.SIZE, pdu.length);
                return f;
            }
        }
    }

    /** FC 03, 4 registers from 0. */
    private static byte[] read(int tid, int unitId) {
        return MbapHeader.frame(tid, unitId, new byte[] {0x03, 0, 0, 0, 4});
    }
}
