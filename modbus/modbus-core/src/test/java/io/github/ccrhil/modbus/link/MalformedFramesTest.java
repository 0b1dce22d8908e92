package io.github.ccrhil.modbus.link;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.modbus.pdu.Crc16;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The one hostile-frame generator: replayable from its seed, never a request a correct device
 * must obey once writes are left out, and over RTU every kind the serial-line procedures need.
 */
class MalformedFramesTest {

    @Test
    void theSameSeedGivesTheSameFramesSoAFailReplays() {
        MalformedFrames a = new MalformedFrames(42).withoutWrites();
        MalformedFrames b = new MalformedFrames(42).withoutWrites();
        for (int i = 0; i < 10_000; i++) {
            assertArrayEquals(a.next(1), b.next(1), "TCP frame " + i);
            MalformedFrames.RtuFrame x = a.nextRtuFrame(1);
            MalformedFrames.RtuFrame y = b.nextRtuFrame(1);
            assertEquals(x.hex(), y.hex(), "RTU frame " + i);
        }
    }

    /**
     * Bundles record the generator's name and seed ({@value MalformedFrames#GENERATOR}): the
     * Modbus/TCP frames are, byte for byte, those the acceptance procedure's generator made before
     * the two generators became one (digest of the first 2,000 frames of seed 42, unit 1).
     */
    @Test
    void theTcpFramesAreTheOnesBundlesRecordedAsHostileFramesVersion1() throws Exception {
        MalformedFrames gen = new MalformedFrames(42).withoutWrites();
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (int i = 0; i < 2_000; i++) {
            sha.update(gen.next(1));
        }
        assertEquals(HOSTILE_FRAMES_1_SEED_42, HexFormat.of().formatHex(sha.digest()));
    }

    /** SHA-256 of the first 2,000 frames of the acceptance generator before the merge (ccr-hil hostile-frames/1, seed 42, unit 1). */
    private static final String HOSTILE_FRAMES_1_SEED_42 = "08fdc2b059c47b99e5b04b0dfbc4735987bcdf985c1c1a81261353456d7e8fd2";

    @Test
    void noMbapFrameBoundaryCarriesAWriteOrDiagnosticFunctionCode() {
        MalformedFrames gen = new MalformedFrames(7).withoutWrites();
        for (int i = 0; i < 50_000; i++) {
            byte[] f = gen.next(1);
            int o = 0;
            while (o + 7 < f.length) {
                int fc = f[o + 7] & 0xFF;
                assertFalse(MalformedFrames.writesOrDiagnoses(fc), "frame " + i + " carries function " + fc + " at " + o);
                int length = ((f[o + 4] & 0xFF) << 8) | (f[o + 5] & 0xFF);
                if (length < 2) {
                    break;
                }
                o += 6 + length;
            }
        }
    }

    @Test
    void aWriteTurnedUpByMutationIsNeutralised() {
        byte[] write = {0, 1, 0, 0, 0, 6, 1, 0x06, 0, 0, 0, 4};
        MalformedFrames.neutraliseMbap(write);
        assertEquals(0x41 + (0x06 & 0x07), write[7] & 0xFF);
    }

    @Test
    void noRtuFrameCarriesAWriteOrDiagnosticFunctionCode() {
        MalformedFrames gen = new MalformedFrames(11).withoutWrites();
        for (int i = 0; i < 50_000; i++) {
            byte[] f = gen.nextRtu(1);
            if (f.length > 1) {
                assertFalse(MalformedFrames.writesOrDiagnoses(f[1]), "RTU frame " + i + " carries function " + (f[1] & 0xFF));
            }
        }
    }

    @Test
    void theRtuFramesHoldEveryKindASerialLineMustSurvive() {
        MalformedFrames gen = new MalformedFrames(5).withoutWrites();
        int badCrc = 0;
        int otherUnit = 0;
        int broadcast = 0;
        int overlong = 0;
        int cutShort = 0;
        int gap = 0;
        int answerable = 0;
        int highFunction = 0;
        for (int i = 0; i < 5_000; i++) {
            MalformedFrames.RtuFrame f = gen.nextRtuFrame(1);
            byte[] b = f.bytes();
            if (f.pauseAt() >= 0) {
                gap++;
                assertTrue(f.rightCrc(), "a frame with a gap inside is otherwise a right one");
                assertEquals(2, f.parts().length);
                assertEquals(b.length, f.parts()[0].length + f.parts()[1].length);
                assertFalse(f.answerable(1) || f.mustBeDropped(1), "a gap a pty cannot show is judged neither way");
                continue;
            }
            if (!Crc16.check(b, 0, b.length)) {
                badCrc++;
                assertTrue(f.mustBeDropped(1));
            } else if (b.length > 256) {
                overlong++;
                assertTrue(f.mustBeDropped(1));
            } else if ((b[0] & 0xFF) == 0) {
                broadcast++;
                assertTrue(f.mustBeDropped(1));
            } else if ((b[0] & 0xFF) != 1) {
                otherUnit++;
                assertTrue(f.mustBeDropped(1));
            } else if ((b[1] & 0xFF) >= 0x80) {
                highFunction++;
                assertFalse(f.answerable(1));
            } else if (b.length >= 4) {
                answerable++;
                assertTrue(f.answerable(1));
                assertFalse(f.mustBeDropped(1));
            }
            if (b.length < 8 && (b[0] & 0xFF) == 1) {
                cutShort++;
            }
        }
        for (int n : new int[] {badCrc, otherUnit, broadcast, overlong, cutShort, gap, answerable, highFunction}) {
            assertTrue(n > 50, "bad CRC " + badCrc + ", other unit " + otherUnit + ", broadcast " + broadcast + ", overlong "
                    + overlong + ", cut short " + cutShort + ", gap " + gap + ", answerable " + answerable + ", function from 0x80 "
                    + highFunction);
        }
    }

    @Test
    void aFrameWithAGapIsRecordedWithASpaceWhereTheSenderFallsSilent() {
        byte[] read = Crc16.rtuFrame(1, new byte[] {3, 0, 0, 0, 4});
        MalformedFrames.RtuFrame f = new MalformedFrames.RtuFrame(read, 3);
        assertEquals(HexFormat.of().formatHex(read, 0, 3) + " " + HexFormat.of().formatHex(read, 3, read.length), f.hex());
    }
}
