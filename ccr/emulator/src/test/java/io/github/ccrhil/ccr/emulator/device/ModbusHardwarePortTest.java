package io.github.ccrhil.ccr.emulator.device;

import static org.junit.jupiter.api.Assertions.*;

import io.github.ccrhil.ccr.firmware.control.TrueRms;
import io.github.ccrhil.ccr.firmware.hardware.HalfCycleSamples;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ModbusHardwarePortTest {

    @Test
    void equivalentSamplesReproduceRmsPowerAndPeakExactly() {
        SplittableRandom random = new SplittableRandom(7);
        HalfCycleSamples s = new HalfCycleSamples();
        for (int k = 0; k < 500; k++) {
            double i = random.nextDouble(0.05, 25);
            double crest = random.nextDouble(1.0, 6.0);
            double v = random.nextDouble(1, 5000);
            double pf = random.nextDouble(-0.2, 1.0);
            ModbusHardwarePort.equivalentSamples(i, v, pf * i * v, crest * i, 50, s);
            int n = s.count();
            assertEquals(i, TrueRms.rms(s.current(), n), 1e-9 * i);
            assertEquals(v, TrueRms.rms(s.voltage(), n), 1e-9 * v);
            assertEquals(pf * i * v, TrueRms.meanPower(s.voltage(), s.current(), n), 1e-9 * i * v);
            assertEquals(crest * i, TrueRms.peak(s.current(), n), 1e-9 * i);
        }
    }

    @Test
    void noCurrentGivesZeroCurrentAndTheVoltage() {
        HalfCycleSamples s = new HalfCycleSamples();
        ModbusHardwarePort.equivalentSamples(0, 230, 0, 0, 50, s);
        assertEquals(0, TrueRms.rms(s.current(), s.count()));
        assertEquals(230, TrueRms.rms(s.voltage(), s.count()), 1e-9);
    }
}
