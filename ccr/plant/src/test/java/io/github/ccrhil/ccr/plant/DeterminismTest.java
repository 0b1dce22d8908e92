package io.github.ccrhil.ccr.plant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeterminismTest {

    static double[][] run(Function<PlantConfig, CircuitModel> factory, long seed) {
        PlantConfig cfg = PlantConfig.reference(0.8, 0.3).withNoise(0.01, seed);
        CircuitModel model = factory.apply(cfg);
        model.conditions().setFailedLamps(5);
        PlantHalfCycle out = new PlantHalfCycle();
        double[][] trace = new double[3 * 40][];
        for (int k = 0; k < 40; k++) {
            model.runHalfCycle(true, 1.2 + 0.01 * k, out);
            trace[3 * k] = Arrays.copyOf(out.current, out.count);
            trace[3 * k + 1] = Arrays.copyOf(out.voltage, out.count);
            trace[3 * k + 2] = new double[] {out.trueCurrentRms, out.trueVoltageRms, out.truePowerW,
                out.truePeakCurrent, out.conductionAngleRad};
        }
        return trace;
    }

    static Function<PlantConfig, CircuitModel> factory(String kind) {
        return kind.equals("waveform") ? Plants::waveform : Plants::averaged;
    }

    @ParameterizedTest
    @ValueSource(strings = {"waveform", "averaged"})
    void sameConfigAndSeedGiveBitIdenticalSamples(String kind) {
        double[][] a = run(factory(kind), 42);
        double[][] b = run(factory(kind), 42);
        for (int k = 0; k < a.length; k++) {
            assertArrayEquals(a[k], b[k], "row " + k);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"waveform", "averaged"})
    void differentSeedChangesOnlyTheNoise(String kind) {
        double[][] a = run(factory(kind), 42);
        double[][] b = run(factory(kind), 43);
        assertFalse(Arrays.equals(a[0], b[0]), "sensor samples must differ");
        for (int k = 2; k < a.length; k += 3) {
            assertArrayEquals(a[k], b[k], "truth must not depend on the seed, row " + k);
        }
        assertEquals(a.length, b.length);
    }
}
