package io.github.ccrhil.modbus.link;

import io.github.ccrhil.modbus.pdu.Crc16;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * Seeded malformed, random and mutated Modbus frames, the kinds other stacks failed on (IEC
 * 62443-4-2 CR 3.5; freemodbus #62, modbus-esp8266 #387, pymodbus #317): the one hostile-frame
 * generator of the project, used by the acceptance procedures, the soaks and the fuzz rigs.
 *
 * <ul>
 *   <li>Modbus/TCP ({@link #next(int)}, {@value #GENERATOR}): random bytes, a valid header with a
 *       random PDU, a protocol id not 0, an MBAP length that lies (0, 1, 2, 3, 7, 255, 256, 65535,
 *       random), reads of random ranges and unit ids, reads with bits flipped past the header,
 *       function bytes 0x80..0xFF, and oversized PDUs announced and sent;</li>
 *   <li>Modbus RTU ({@link #nextRtuFrame(int)}, {@value #RTU_GENERATOR}): random bytes, a random
 *       PDU with its CRC, a read for another unit (wrong node), a broadcast (unit 0), bits flipped
 *       with the CRC left (a bad CRC) or made right again (mutated), a right frame with a wrong
 *       CRC, an exception-shaped function byte, a frame cut short, an overlong frame (more than
 *       the 256 bytes RTU allows, with its CRC), and a valid read with a silence of 2.5 characters
 *       inside it (an inter-character gap: a DUT must drop such a frame on a timed line). Most
 *       carry a right CRC, so that they get past the checksum to the parser.</li>
 * </ul>
 * The same seed gives the same frames.
 *
 * <p>{@link #withoutWrites()}: no frame is a request a correct DUT must obey. Wherever a frame
 * boundary would carry a write or diagnostic function code (05, 06, 08, 15, 16, 21, 22, 23),
 * whatever its unit id or protocol id, that byte is changed to an unassigned user code
 * (0x41..0x48), so that a changed register or step under this traffic is the device's fault
 * (writes are the authority procedure's).
 */
public final class MalformedFrames {

    /** The Modbus/TCP generator's name and version, recorded with the seed so the frames can be made again. */
    public static final String GENERATOR = "ccr-hil hostile-frames/1";

    /** The Modbus RTU generator's name and version. */
    public static final String RTU_GENERATOR = "ccr-hil hostile-rtu-frames/1";

    private static final int HEADER = 7;
    private final long seed;
    private final SplittableRandom random;
    private final boolean writes;
    private int transaction;

    /** Frames that may carry any function code (for fuzzing rigs). */
    public MalformedFrames(long seed) {
        this(seed, true);
    }

    private MalformedFrames(long seed, boolean writes) {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
        this.writes = writes;
    }

    /** A fresh generator of the same seed whose frames never carry a write or diagnostic function code. */
    public MalformedFrames withoutWrites() {
        return new MalformedFrames(seed, false);
    }

    /** Whether {@code function} asks a device to change something: 05, 06, 15, 16, 22, 23. */
    public static boolean isWrite(int function) {
        return switch (function & 0xFF) {
            case 0x05, 0x06, 0x0F, 0x10, 0x16, 0x17 -> true;
            default -> false;
        };
    }

    /** Function codes a correct server acts on by changing something: the writes, 08 (diagnostics) and 21 (write file record). */
    public static boolean writesOrDiagnoses(int function) {
        int fc = function & 0xFF;
        return isWrite(fc) || fc == 0x08 || fc == 0x15;
    }

    private static byte unassigned(int fc) {
        return (byte) (0x41 + (fc & 0x07));
    }

    // ------------------------------------------------------------------ Modbus/TCP

    /** The next Modbus/TCP frame (MBAP header and PDU, or worse); its bytes are the caller's. */
    public byte[] next(int unitId) {
        int tid = transaction++ & 0xFFFF;
        int kind = random.nextInt(16);
        byte[] f;
        if (kind == 0) { // random bytes, 1..300
            f = new byte[1 + random.nextInt(300)];
            random.nextBytes(f);
        } else if (kind <= 3) { // valid header, random function code and body
            byte[] pdu = new byte[1 + random.nextInt(253)];
            random.nextBytes(pdu);
            f = mbap(tid, unitId, pdu);
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
            f = mbap(tid, random.nextInt(4) == 0 ? random.nextInt(256) : unitId, new byte[] {
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
        if (!writes) {
            neutraliseMbap(f);
        }
        return f;
    }

    /**
     * Whether a Modbus/TCP frame leaves the stream in step: it is one or more whole MBAP frames with
     * lengths the protocol allows (2..254). A frame that is not is sent last on its connection.
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

    /** Changes every write or diagnostic function byte at an MBAP frame boundary to an unassigned code. */
    public static void neutraliseMbap(byte[] f) {
        int o = 0;
        while (o + HEADER < f.length) {
            int fc = f[o + HEADER] & 0xFF;
            if (writesOrDiagnoses(fc)) {
                f[o + HEADER] = unassigned(fc);
            }
            int length = ((f[o + 4] & 0xFF) << 8) | (f[o + 5] & 0xFF);
            if (length < 2) {
                return;
            }
            o += 6 + length;
        }
    }

    private static byte[] mbap(int tid, int unit, byte[] pdu) {
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
        return mbap(tid, unit, readPdu(0, 4));
    }

    // ------------------------------------------------------------------ Modbus RTU

    /**
     * One hostile RTU frame as it goes on the line.
     *
     * @param bytes the frame's bytes (CRC included, right or wrong)
     * @param pauseAt where the sender falls silent inside the frame (an inter-character gap of
     *     {@link #INTER_CHARACTER_GAP_CHARACTERS} characters after byte {@code pauseAt - 1}); -1 for none
     */
    public record RtuFrame(byte[] bytes, int pauseAt) {

        /** The silence inside a frame with a gap, in characters: more than the 1.5 a DUT must take as a broken frame, less than the 3.5 that end one. */
        public static final double INTER_CHARACTER_GAP_CHARACTERS = 2.5;

        public RtuFrame {
            bytes = bytes.clone();
            if (pauseAt != -1 && (pauseAt < 1 || pauseAt >= bytes.length)) {
                throw new IllegalArgumentException("pause at " + pauseAt + " is not inside a frame of " + bytes.length + " bytes");
            }
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        /** The parts sent with a silence between them (one part without a gap). */
        public byte[][] parts() {
            return pauseAt < 0 ? new byte[][] {bytes.clone()}
                    : new byte[][] {Arrays.copyOf(bytes, pauseAt), Arrays.copyOfRange(bytes, pauseAt, bytes.length)};
        }

        /** Whether the last two bytes are the CRC of the bytes before them. */
        public boolean rightCrc() {
            return Crc16.check(bytes, 0, bytes.length);
        }

        /**
         * Whether a correct device with unit id {@code unitId} answers this frame: a whole frame
         * (no gap inside, at most 256 bytes) with a right CRC, for that unit, whose function byte
         * is a request's (below 0x80). Every other frame it must drop without a word.
         */
        public boolean answerable(int unitId) {
            return pauseAt < 0 && bytes.length >= 4 && bytes.length <= 256 && (bytes[0] & 0xFF) == unitId && rightCrc()
                    && (bytes[1] & 0xFF) < 0x80;
        }

        /**
         * Whether a correct device with unit id {@code unitId} must drop this frame without an
         * answer: a bad CRC, cut short, overlong, for another unit, or a broadcast. (A frame with a
         * gap inside is neither: on a pty, which has no character time, a device cannot see the
         * gap; a function byte from 0x80 is a request nobody should answer, but the answer it
         * would get is harmless.)
         */
        public boolean mustBeDropped(int unitId) {
            return pauseAt < 0 && (!rightCrc() || bytes.length < 4 || bytes.length > 256 || (bytes[0] & 0xFF) != unitId);
        }

        /** The frame as one hex line, a space where the sender falls silent. */
        public String hex() {
            HexFormat h = HexFormat.of();
            return pauseAt < 0 ? h.formatHex(bytes)
                    : h.formatHex(bytes, 0, pauseAt) + " " + h.formatHex(bytes, pauseAt, bytes.length);
        }
    }

    /** The next Modbus RTU frame's bytes (without the silence some frames carry inside: {@link #nextRtuFrame}). */
    public byte[] nextRtu(int unitId) {
        return nextRtuFrame(unitId).bytes();
    }

    /** The next Modbus RTU frame. */
    public RtuFrame nextRtuFrame(int unitId) {
        int kind = random.nextInt(12);
        int pauseAt = -1;
        byte[] f;
        switch (kind) {
            case 0 -> { // random bytes
                f = new byte[1 + random.nextInt(300)];
                random.nextBytes(f);
                if (!writes && f.length > 1 && writesOrDiagnoses(f[1])) {
                    f[1] = unassigned(f[1]);
                }
            }
            case 1 -> { // random function code and body, right CRC
                byte[] pdu = new byte[1 + random.nextInt(253)];
                random.nextBytes(pdu);
                f = rtu(unitId, pdu);
            }
            case 2 -> { // a read of a random range for another unit (wrong node), right CRC
                int other = 1 + random.nextInt(247);
                f = rtu(other == unitId ? (other % 247) + 1 : other, readPdu(random.nextInt(0x10000), 1 + random.nextInt(125)));
            }
            case 3 -> f = rtu(0, readPdu(random.nextInt(0x10000), 1 + random.nextInt(125))); // a broadcast
            case 4 -> { // bits flipped, the CRC left as it was
                f = rtu(unitId, readPdu(0, 4));
                int flips = 1 + random.nextInt(3);
                for (int i = 0; i < flips; i++) {
                    f[random.nextInt(f.length)] ^= (byte) (1 << random.nextInt(8));
                }
                if (!writes && writesOrDiagnoses(f[1])) {
                    f[1] = unassigned(f[1]);
                }
            }
            case 5 -> { // bits flipped, the CRC made right again
                byte[] pdu = readPdu(random.nextInt(0x10000), 1 + random.nextInt(125));
                int flips = 1 + random.nextInt(3);
                for (int i = 0; i < flips; i++) {
                    pdu[random.nextInt(pdu.length)] ^= (byte) (1 << random.nextInt(8));
                }
                f = rtu(unitId, pdu);
            }
            case 6 -> { // a right frame, a wrong CRC
                f = rtu(unitId, readPdu(random.nextInt(0x10000), 1 + random.nextInt(125)));
                f[f.length - 1 - random.nextInt(2)] ^= (byte) (1 + random.nextInt(255));
            }
            case 7 -> { // function byte with the high bit set, right CRC
                byte[] pdu = readPdu(0, 4);
                pdu[0] = (byte) (0x80 | random.nextInt(128));
                f = rtu(unitId, pdu);
            }
            case 8 -> { // a frame cut short
                byte[] whole = rtu(unitId, readPdu(0, 4));
                f = Arrays.copyOf(whole, 1 + random.nextInt(whole.length - 1));
            }
            case 9 -> { // overlong: more than the 256 bytes of an RTU frame, with a right CRC
                byte[] pdu = new byte[256 + random.nextInt(200)];
                random.nextBytes(pdu);
                pdu[0] = 0x03;
                f = rtu(unitId, pdu);
            }
            case 10 -> { // a valid read with an inter-character gap inside
                f = rtu(unitId, readPdu(random.nextInt(0x10000), 1 + random.nextInt(125)));
                pauseAt = 1 + random.nextInt(f.length - 1);
            }
            default -> { // a valid read of a random range: the frames between which the others arrive
                f = rtu(unitId, readPdu(random.nextInt(0x10000), 1 + random.nextInt(125)));
            }
        }
        return new RtuFrame(f, pauseAt);
    }

    /** An RTU frame with its CRC, the function byte made harmless first where writes are not sent. */
    private byte[] rtu(int unitId, byte[] pdu) {
        if (!writes && writesOrDiagnoses(pdu[0])) {
            pdu[0] = unassigned(pdu[0]);
        }
        return Crc16.rtuFrame(unitId, pdu);
    }

    private static byte[] readPdu(int address, int quantity) {
        return new byte[] {0x03, (byte) (address >> 8), (byte) address, (byte) (quantity >> 8), (byte) quantity};
    }
}
