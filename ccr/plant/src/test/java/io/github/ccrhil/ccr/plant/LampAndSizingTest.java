package io.github.ccrhil.ccr.plant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LampAndSizingTest {

    @Test
    void halogenSteadyStateResistanceIsHotAtRatedAndColdAtZeroCurrent() {
        double hot = 100 / (6.6 * 6.6);
        assertEquals(hot, HalogenLamp.steadyStateResistance(100, 6.6, 6.6), 1e-9 * hot);
        assertEquals(hot / 12, HalogenLamp.steadyStateResistance(100, 6.6, 0.0), 1e-12);
        double r = HalogenLamp.steadyStateResistance(100, 6.6, 4.1);
        assertTrue(r > hot / 12 && r < hot);
        // At the steady state the filament's electrical power equals its heat loss.
        double x = (r - hot / 12) / (hot - hot / 12);
        assertEquals(HalogenLamp.loss(x), r * 4.1 * 4.1 / 100, 1e-9);
    }

    @Test
    void halogenResistanceFollowsTheTungstenLampLawNearRatedCurrent() {
        // R ∝ I^0.8 near rated (I ∝ V^0.56): 1 % more current, ≈ 0.8 % more resistance — not a
        // self-regulating load.
        double r1 = HalogenLamp.steadyStateResistance(100, 6.6, 6.6);
        double r2 = HalogenLamp.steadyStateResistance(100, 6.6, 6.6 * 1.01);
        double exponent = Math.log(r2 / r1) / Math.log(1.01);
        assertEquals(0.8, exponent, 0.05);
        double step4 = HalogenLamp.steadyStateResistance(100, 6.6, 5.2) / r1;
        assertEquals(Math.pow(5.2 / 6.6, 0.8), step4, 0.05);
    }

    @Test
    void waveformHalogenLampsSettleToTheSteadyStateHelper() {
        PlantConfig cfg = PlantConfig.reference(1.0, 0.0);
        CircuitModel model = Plants.waveform(cfg);
        PlantHalfCycle out = new PlantHalfCycle();
        for (int k = 0; k < 400; k++) {
            model.runHalfCycle(true, 1.3, out);
        }
        double current = out.trueCurrentRms;
        // Real power of the loop = I²·(R_cable + N(R_wind + R_lamp)); solve for R_lamp.
        LoopConfig loop = cfg.loop();
        double rLoop = out.truePowerW / (current * current);
        double rLamp = (rLoop - loop.cableResistanceOhm()) / loop.lampCount()
                - loop.isolationTransformer().windingResistanceOhm();
        double expected = HalogenLamp.steadyStateResistance(loop.lampRatedWatts(), cfg.ratedCurrentA(), current);
        assertEquals(expected, rLamp, 0.02 * expected);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.25, 0.5, 0.8, 1.0})
    void forLoadSizesApparentPowerAtRatedCurrent(double load) {
        LoopConfig loop = LoopConfig.forLoad(10_000, 6.6, load, 0.0, 4000);
        double omega = 2 * Math.PI * 50;
        IsolationTransformer it = loop.isolationTransformer();
        int n = loop.lampCount();
        double r = loop.cableResistanceOhm() + n * (it.windingResistanceOhm() + loop.lampRatedWatts() / (6.6 * 6.6));
        double x = omega * (loop.cableInductanceH() + n * it.leakageInductanceH());
        assertEquals(load * 10_000, Math.hypot(r, x) * 6.6 * 6.6, 1e-6 * 10_000);
        assertTrue(n > 0);
    }

    @Test
    void zeroLoadIsCableOnly() {
        LoopConfig loop = LoopConfig.forLoad(10_000, 6.6, 0.0, 0.0, 4000);
        assertEquals(0, loop.lampCount());
    }

    @Test
    void typicalTransformerReachesAboutTwoHundredVoltsOpenCircuit() {
        IsolationTransformer it = IsolationTransformer.typical(100);
        double didtAtZero = 2 * Math.PI * 50 * Math.sqrt(2) * 6.6;
        assertEquals(200, it.magnetisingInductanceH() * didtAtZero, 1e-9);
    }
}
