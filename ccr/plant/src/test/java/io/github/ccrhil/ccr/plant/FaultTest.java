package io.github.ccrhil.ccr.plant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FaultTest {

    static final PlantConfig CFG = PlantConfig.reference(1.0, 0.0);
    /** 70 % load: with 20 % of lamps failed a full-load loop exceeds the CCR's voltage headroom. */
    static final PlantConfig CFG_70 = PlantConfig.reference(0.7, 0.0);

    static Function<PlantConfig, CircuitModel> factory(String kind) {
        return kind.equals("waveform")
                ? c -> Plants.waveform(c, LampDynamics.FROZEN_RATED)
                : c -> Plants.averaged(c, LampDynamics.FROZEN_RATED);
    }

    static PlantHalfCycle settle(CircuitModel model, double alpha) {
        PlantHalfCycle out = new PlantHalfCycle();
        for (int k = 0; k < 100; k++) {
            model.runHalfCycle(true, alpha, out);
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"waveform", "averaged"})
    void openLoopGivesZeroCurrentAndHighVoltage(String kind) {
        CircuitModel model = factory(kind).apply(CFG);
        model.conditions().setLoopOpen(true);
        PlantHalfCycle out = settle(model, 0.0);
        for (int j = 0; j < out.count; j++) {
            assertEquals(0.0, out.current[j]);
        }
        assertEquals(0.0, out.trueCurrentRms);
        double openCircuit = CFG.outputTransformerRatio() * CFG.mainsVoltageRms();
        assertEquals(openCircuit, out.trueVoltageRms, 0.01 * openCircuit);
        assertTrue(out.trueVoltageRms > CFG.ratedOutputVoltage(), "above rated output voltage");
    }

    @ParameterizedTest
    @ValueSource(strings = {"waveform", "averaged"})
    void outputShortIsLimitedOnlyByTheOutputTransformer(String kind) {
        CircuitModel model = factory(kind).apply(CFG);
        model.conditions().setOutputShorted(true);
        PlantHalfCycle out = settle(model, 0.0);
        double z = Math.hypot(CFG.outputWindingResistanceOhm(),
                2 * Math.PI * CFG.mainsFrequencyHz() * CFG.outputLeakageInductanceH());
        double expected = CFG.outputTransformerRatio() * CFG.mainsVoltageRms() / z;
        assertEquals(expected, out.trueCurrentRms, 0.005 * expected);
        assertTrue(out.trueCurrentRms > 10 * CFG.ratedCurrentA(), "a short is far above rated current");
        assertEquals(0.0, out.trueVoltageRms, 1e-6 * CFG.ratedOutputVoltage());
    }

    /** Firing angle that gives rated current, by bisection (current falls as α grows). */
    static PlantHalfCycle atRatedCurrent(Function<PlantConfig, CircuitModel> factory, int failed) {
        PlantConfig cfg = CFG_70;
        double lo = 0.0;
        double hi = Math.PI * 0.95;
        PlantHalfCycle out = null;
        for (int k = 0; k < 30; k++) {
            double mid = 0.5 * (lo + hi);
            CircuitModel model = factory.apply(cfg);
            model.conditions().setFailedLamps(failed);
            out = settle(model, mid);
            if (out.trueCurrentRms > CFG.ratedCurrentA()) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"waveform", "averaged"})
    void failedLampsLowerThePowerFactorAtTheSameCurrent(String kind) {
        PlantHalfCycle healthy = atRatedCurrent(factory(kind), 0);
        int failedLamps = (int) Math.round(0.2 * CFG_70.loop().lampCount());
        PlantHalfCycle failed = atRatedCurrent(factory(kind), failedLamps);
        assertEquals(healthy.trueCurrentRms, failed.trueCurrentRms, 0.01 * CFG.ratedCurrentA());
        double pfHealthy = healthy.truePowerW / (healthy.trueVoltageRms * healthy.trueCurrentRms);
        double pfFailed = failed.truePowerW / (failed.trueVoltageRms * failed.trueCurrentRms);
        double qHealthy = Math.sqrt(Math.pow(healthy.trueVoltageRms * healthy.trueCurrentRms, 2)
                - healthy.truePowerW * healthy.truePowerW);
        double qFailed = Math.sqrt(Math.pow(failed.trueVoltageRms * failed.trueCurrentRms, 2)
                - failed.truePowerW * failed.truePowerW);
        System.out.printf("%s at rated current: pf healthy %.3f, %d failed %.3f%n", kind, pfHealthy, failedLamps,
                pfFailed);
        assertTrue(pfFailed < pfHealthy - 0.05, "pf " + pfHealthy + " -> " + pfFailed);
        assertTrue(qFailed > qHealthy, "reactive power must rise");
    }

    @ParameterizedTest
    @ValueSource(strings = {"waveform", "averaged"})
    void interruptionAndOpenContactorStopTheCurrent(String kind) {
        CircuitModel model = factory(kind).apply(CFG);
        settle(model, 0.5);
        model.conditions().setMainsDeviation(-1.0);
        PlantHalfCycle out = new PlantHalfCycle();
        model.runHalfCycle(true, 0.5, out);
        assertEquals(0.0, out.trueCurrentRms);
        assertEquals(0.0, out.inputVoltageRms);
        model.conditions().setMainsDeviation(0.0);
        settle(model, 0.5);
        model.runHalfCycle(false, 0.5, out);
        assertEquals(0.0, out.trueCurrentRms);
    }

    @ParameterizedTest
    @ValueSource(strings = {"waveform", "averaged"})
    void insulationReadingIsCableInParallelWithEarthFault(String kind) {
        CircuitModel model = factory(kind).apply(CFG);
        PlantHalfCycle out = new PlantHalfCycle();
        model.runHalfCycle(true, 1.0, out);
        double cable = CFG.loop().insulationResistanceOhmKm() / (CFG.loop().cableLengthM() / 1000);
        assertEquals(cable, out.insulationResistanceOhms, 1e-6 * cable);
        model.conditions().setEarthFaultOhms(1e6);
        model.runHalfCycle(true, 1.0, out);
        assertEquals(1.0 / (1.0 / cable + 1e-6), out.insulationResistanceOhms, 1e-3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"waveform", "averaged"})
    void lowerMainsGivesLessCurrentAtTheSameFiringAngle(String kind) {
        CircuitModel nominal = factory(kind).apply(CFG);
        CircuitModel low = factory(kind).apply(CFG);
        low.conditions().setMainsDeviation(-0.10);
        double a = settle(nominal, 1.0).trueCurrentRms;
        double b = settle(low, 1.0).trueCurrentRms;
        assertEquals(0.9, b / a, 0.005);
    }
}
