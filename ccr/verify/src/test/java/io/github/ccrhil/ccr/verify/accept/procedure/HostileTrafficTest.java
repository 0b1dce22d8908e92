package io.github.ccrhil.ccr.verify.accept.procedure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.modbus.link.MalformedFrames;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hostile frames cut into connections that keep the stream in step (the frames themselves: modbus-core's MalformedFramesTest). */
class HostileTrafficTest {

    @Test
    void aFrameThatLeavesTheStreamOutOfStepIsTheLastOnItsConnection() {
        MalformedFrames gen = new MalformedFrames(3).withoutWrites();
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            frames.add(gen.next(1));
        }
        List<List<byte[]>> runs = HostileTraffic.runs(frames);
        assertEquals(5_000, runs.stream().mapToInt(List::size).sum(), "every frame is sent once");
        boolean someOutOfStep = false;
        for (List<byte[]> run : runs) {
            assertTrue(run.size() <= HostileTraffic.RUN);
            for (int i = 0; i < run.size() - 1; i++) {
                assertTrue(MalformedFrames.keepsStreamInStep(run.get(i)), "only the last frame of a connection may break the stream");
            }
            someOutOfStep |= !MalformedFrames.keepsStreamInStep(run.get(run.size() - 1));
        }
        assertTrue(someOutOfStep, "lying lengths, random bytes and oversized frames are among them");
    }
}
