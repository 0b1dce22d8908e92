package io.github.ccrhil.ccr.verify.accept.procedure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hostile frames: replayable from their seed, never a request a correct DUT must obey, cut into connections that keep the stream in step. */
class HostileFramesTest {

    @Test
    void theSameSeedGivesTheSameFramesSoAFailReplays() {
        HostileFrames a = new HostileFrames(42, 1);
        HostileFrames b = new HostileFrames(42, 1);
        for (int i = 0; i < 10_000; i++) {
            assertArrayEquals(a.next(), b.next(), "frame " + i);
        }
    }

    @Test
    void noFrameBoundaryCarriesAWriteOrDiagnosticFunctionCode() {
        HostileFrames gen = new HostileFrames(7, 1);
        for (int i = 0; i < 50_000; i++) {
            byte[] f = gen.next();
            int o = 0;
            while (o + 7 < f.length) {
                int fc = f[o + 7] & 0xFF;
                assertFalse(HostileFrames.writesOrDiagnoses(fc), "frame " + i + " carries function " + fc + " at " + o);
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
        HostileFrames.neutralise(write);
        assertEquals(0x41 + (0x06 & 0x07), write[7] & 0xFF);
    }

    @Test
    void aFrameThatLeavesTheStreamOutOfStepIsTheLastOnItsConnection() {
        HostileFrames gen = new HostileFrames(3, 1);
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            frames.add(gen.next());
        }
        List<List<byte[]>> runs = HostileTraffic.runs(frames);
        assertEquals(5_000, runs.stream().mapToInt(List::size).sum(), "every frame is sent once");
        boolean someOutOfStep = false;
        for (List<byte[]> run : runs) {
            assertTrue(run.size() <= HostileTraffic.RUN);
            for (int i = 0; i < run.size() - 1; i++) {
                assertTrue(HostileFrames.keepsStreamInStep(run.get(i)), "only the last frame of a connection may break the stream");
            }
            someOutOfStep |= !HostileFrames.keepsStreamInStep(run.get(run.size() - 1));
        }
        assertTrue(someOutOfStep, "lying lengths, random bytes and oversized frames are among them");
    }
}
