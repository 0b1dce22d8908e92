package io.github.ccrhil.ccr.emulator.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PauseCollectorTest {

    @Test
    void zgcAndShenandoahAreTheCollectorsWhosePausesFitInsideAPeriod() {
        assertEquals(new PauseCollector("ZGC", true), PauseCollector.of(List.of("ZGC Cycles", "ZGC Pauses")));
        assertEquals(new PauseCollector("Shenandoah", true), PauseCollector.of(List.of("Shenandoah Cycles", "Shenandoah Pauses")));
        assertTrue(PauseCollector.of(List.of("ZGC Cycles", "ZGC Pauses")).said().contains("pauses well under a period"));
    }

    @Test
    void stopTheWorldCollectorsAreNamedWithTheSettingThatAvoidsThem() {
        for (List<String> beans : List.of(List.of("G1 Young Generation", "G1 Old Generation"), List.of("PS Scavenge", "PS MarkSweep"),
                List.of("Copy", "MarkSweepCompact"))) {
            PauseCollector c = PauseCollector.of(beans);
            assertFalse(c.concurrent(), c.toString());
            assertTrue(c.said().contains("stop the loop too") && c.said().endsWith("-XX:+UseZGC"), c.said());
        }
        assertEquals("G1", PauseCollector.of(List.of("G1 Young Generation", "G1 Old Generation")).name());
    }

    @Test
    void thisJvmsCollectorIsRecognised() {
        // the test JVM runs the default collector (G1 on a server-class machine, Serial on a small one)
        PauseCollector here = PauseCollector.ofThisJvm();
        assertTrue(List.of("G1", "Serial", "Parallel", "ZGC", "Shenandoah", "Epsilon (none)").contains(here.name()), here.toString());
    }
}
