package io.github.ccrhil.it.security;

import io.github.ccrhil.modbus.pdu.MbapHeader;
import java.util.SplittableRandom;

/**
 * Seeded malformed, random and mutated Modbus/TCP frames, the kinds other stacks failed on:
 * non-zero protocol ids, MBAP lengths that lie (short, long, zero, 65535), half headers, random
 * function codes (0x80..0xFF included), random unit ids, oversized PDUs, and valid reads with
 * bytes flipped. The same seed gives the same frames.
 */
final class MalformedFrames {

    private final SplittableRandom random;
    private int transaction;

    MalformedFrames(long seed) {
        this.random = new SplittableRandom(seed);
    }

    byte[] next(int unitId) {
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
