package io.github.ccrhil.ccr.plant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class ValidationTest {

    static final LoopConfig LOOP = LoopConfig.typical(50, 100, 0.0, 3000);
    static final PlantConfig CFG = PlantConfig.reference(10_000, 6.6, LOOP);

    static void rejects(Executable e) {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
        assertFalse(ex.getMessage().isBlank(), "message present");
        assertFalse(ex.getMessage().contains("\n"), "one-line message: " + ex.getMessage());
    }

    @Test
    void badPlantNumbersAreRejected() {
        rejects(() -> new PlantConfig(-400, 50, 10_000, 6.6, LOOP, 200, 1, 0, 1));
        rejects(() -> new PlantConfig(400, Double.NaN, 10_000, 6.6, LOOP, 200, 1, 0, 1));
        rejects(() -> new PlantConfig(400, 50, 0, 6.6, LOOP, 200, 1, 0, 1));
        rejects(() -> new PlantConfig(400, 50, 10_000, Double.POSITIVE_INFINITY, LOOP, 200, 1, 0, 1));
        rejects(() -> new PlantConfig(400, 50, 10_000, 6.6, LOOP, 201, 1, 0, 1));
        rejects(() -> new PlantConfig(400, 50, 10_000, 6.6, LOOP, 200, 0, 0, 1));
        rejects(() -> new PlantConfig(400, 50, 10_000, 6.6, LOOP, 200, 1, -0.1, 1));
    }

    @Test
    void waveformModelNeedsTwoHundredSamplesPerCycle() {
        rejects(() -> Plants.waveform(CFG.withSampling(100, 1)));
        Plants.averaged(CFG.withSampling(100, 1)); // the averaged model does not care
    }

    @Test
    void badLoopNumbersAreRejected() {
        IsolationTransformer it = IsolationTransformer.typical(100);
        rejects(() -> new LoopConfig(-1, 3.1, 4e-4, 1.5e-7, 1e9, 10, 100, 0, it));
        rejects(() -> new LoopConfig(1000, 3.1, 4e-4, 1.5e-7, 0, 10, 100, 0, it));
        rejects(() -> new LoopConfig(1000, 3.1, 4e-4, 1.5e-7, 1e9, -1, 100, 0, it));
        rejects(() -> new LoopConfig(1000, 3.1, 4e-4, 1.5e-7, 1e9, 10, 0, 0, it));
        rejects(() -> new LoopConfig(1000, 3.1, 4e-4, 1.5e-7, 1e9, 10, 100, 1.5, it));
        rejects(() -> new IsolationTransformer(0, 0.3, 0.07, 1, 3));
        rejects(() -> new IsolationTransformer(3e-3, 0.3, 0.07, -1, 3));
        rejects(() -> LoopConfig.forLoad(10_000, 6.6, 0.01, 0, 100_000));
    }

    @Test
    void badConditionsAreRejectedAndLeaveStateUnchanged() {
        CircuitModel model = Plants.averaged(CFG);
        PlantConditions c = model.conditions();
        c.setFailedLamps(10);
        rejects(() -> c.setFailedLamps(51));
        rejects(() -> c.setShortedLamps(41));
        rejects(() -> c.setMainsDeviation(-1.5));
        rejects(() -> c.setMainsDeviation(Double.NaN));
        rejects(() -> c.setEarthFaultOhms(0));
        assertEquals(10, c.failedLamps());
        assertEquals(0, c.shortedLamps());
        assertEquals(0.0, c.mainsDeviation());
    }

    @Test
    void firingAngleOutsideZeroToPiIsRejected() {
        CircuitModel model = Plants.waveform(CFG);
        PlantHalfCycle out = new PlantHalfCycle();
        rejects(() -> model.runHalfCycle(true, -0.1, out));
        rejects(() -> model.runHalfCycle(true, 3.2, out));
        rejects(() -> model.runHalfCycle(true, Double.NaN, out));
        assertEquals(0.0, model.elapsedSeconds(), "rejected calls do not advance time");
    }
}
