package io.github.ccrhil.ccr.plant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The averaged model's steady state against the waveform model's, thermal lamps (30 % LED), over
 * firing angle × load × failed lamps.
 *
 * <p>Tolerance 3 % on the rms current: the averaged model is exact for a linear loop (its table
 * is the exact R-L solution), and its error comes from the saturating inductance of failed lamps,
 * replaced by an equivalent linear inductance (≈ 1.5 % measured), plus the table's bilinear
 * interpolation (≈ 0.1 %).
 */
class AveragedVersusWaveformTest {

    static final double CURRENT_TOLERANCE = 0.03;
    private static final int SETTLE_HALF_CYCLES = 300;

    static Stream<Arguments> grid() {
        List<Arguments> cases = new ArrayList<>();
        for (double load : new double[] {0.0, 0.5, 1.0}) {
            for (double failedShare : new double[] {0.0, 0.3}) {
                if (load == 0.0 && failedShare > 0.0) {
                    continue; // no lamps to fail
                }
                for (double alphaDeg : new double[] {0.0, 45.0, 90.0, 120.0}) {
                    cases.add(Arguments.of(load, failedShare, alphaDeg));
                }
            }
        }
        return cases.stream();
    }

    static PlantHalfCycle settle(CircuitModel model, double alpha) {
        PlantHalfCycle out = new PlantHalfCycle();
        for (int k = 0; k < SETTLE_HALF_CYCLES; k++) {
            model.runHalfCycle(true, alpha, out);
        }
        return out;
    }

    @ParameterizedTest(name = "load {0}, failed {1}, α {2}°")
    @MethodSource("grid")
    void averagedSteadyStateCurrentIsWithinThreePercentOfWaveform(double load, double failedShare, double alphaDeg) {
        PlantConfig cfg = PlantConfig.reference(load, 0.3);
        int failed = (int) Math.round(failedShare * cfg.loop().lampCount());
        CircuitModel wave = Plants.waveform(cfg);
        CircuitModel avg = Plants.averaged(cfg);
        wave.conditions().setFailedLamps(failed);
        avg.conditions().setFailedLamps(failed);
        double alpha = Math.toRadians(alphaDeg);
        PlantHalfCycle w = settle(wave, alpha);
        PlantHalfCycle a = settle(avg, alpha);
        double rel = a.trueCurrentRms / w.trueCurrentRms - 1.0;
        System.out.printf("avg vs wave load %.1f failed %3d α %5.1f°: I %.4f/%.4f (%+.2f%%) V %.1f/%.1f (%+.2f%%) "
                        + "P %.0f/%.0f (%+.2f%%)%n", load, failed, alphaDeg, a.trueCurrentRms, w.trueCurrentRms,
                100 * rel, a.trueVoltageRms, w.trueVoltageRms, 100 * (a.trueVoltageRms / w.trueVoltageRms - 1),
                a.truePowerW, w.truePowerW, 100 * (a.truePowerW / w.truePowerW - 1));
        assertTrue(w.trueCurrentRms > 0.1, "test premise: current flows");
        assertEquals(0.0, rel, CURRENT_TOLERANCE, "relative rms current difference");
    }

    @Test
    void averagedSamplesReproduceItsRmsPowerAndPeak() {
        CircuitModel avg = Plants.averaged(PlantConfig.reference(1.0, 0.0));
        avg.conditions().setFailedLamps(10);
        PlantHalfCycle out = settle(avg, Math.toRadians(80));
        int n = out.count;
        assertTrue(n >= 3, "an equivalent set needs more than two samples to carry a peak above the rms: " + n);
        double i2 = 0;
        double v2 = 0;
        double p = 0;
        double peak = 0;
        for (int k = 0; k < n; k++) {
            i2 += out.current[k] * out.current[k] / n;
            v2 += out.voltage[k] * out.voltage[k] / n;
            p += out.current[k] * out.voltage[k] / n;
            peak = Math.max(peak, Math.abs(out.current[k]));
        }
        assertEquals(out.trueCurrentRms, Math.sqrt(i2), 1e-12 * out.trueCurrentRms);
        assertEquals(out.trueVoltageRms, Math.sqrt(v2), 1e-9 * out.trueVoltageRms);
        assertEquals(out.truePowerW, p, 1e-9 * out.truePowerW);
        assertEquals(out.truePeakCurrent, peak, 1e-9 * out.truePeakCurrent, "the sensor's peak is the waveform's, not the rms");
        assertTrue(out.truePeakCurrent > 1.2 * out.trueCurrentRms, "premise: a phase-controlled peak is above the rms");
    }
}
