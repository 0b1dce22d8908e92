package io.github.ccrhil.ccr.emulator.device;

import static org.junit.jupiter.api.Assertions.*;

import io.github.ccrhil.ccr.firmware.control.TrueRms;
import io.github.ccrhil.ccr.firmware.hardware.GateCommand;
import io.github.ccrhil.ccr.firmware.hardware.HalfCycleSamples;
import io.github.ccrhil.ccr.firmware.hardware.HardwareFault;
import io.github.ccrhil.ccr.firmware.hardware.MissedSample;
import io.github.ccrhil.modbus.client.LinkCrcException;
import io.github.ccrhil.modbus.client.LinkException;
import io.github.ccrhil.modbus.client.LinkTimeoutException;
import io.github.ccrhil.modbus.client.ModbusClient;
import java.lang.reflect.Proxy;
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

    /** A link whose FC 23 answers come from {@code answer}, given the sequence number written. */
    private interface Fc23 {
        int[] answer(int sequence, int length) throws LinkException;
    }

    private static ModbusClient link(Fc23 answer) {
        return (ModbusClient) Proxy.newProxyInstance(ModbusClient.class.getClassLoader(), new Class<?>[] {ModbusClient.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("readWriteMultipleRegisters")) {
                        int[] gate = (int[]) args[4];
                        return answer.answer(gate[2], (int) args[2]);
                    }
                    if (method.getName().equals("close")) {
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static int[] good(int sequence, int length) {
        int[] w = new int[length];
        w[0] = sequence;
        int mains = Float.floatToIntBits(400f);
        int hz = Float.floatToIntBits(50f);
        w[11] = mains >>> 16;
        w[12] = mains & 0xFFFF;
        w[13] = hz >>> 16;
        w[14] = hz & 0xFFFF;
        return w;
    }

    @Test
    void aLateOrCorruptedOrStaleAnswerIsAMissedSampleNotAHardwareFault() throws Exception {
        HalfCycleSamples s = new HalfCycleSamples();
        ModbusHardwarePort late = new ModbusHardwarePort(link((q, n) -> {
            throw new LinkTimeoutException("no answer from power stage within 200 ms");
        }), 2, null);
        MissedSample m = assertThrows(MissedSample.class, () -> late.exchange(GateCommand.OFF, s));
        assertTrue(m.getMessage().contains("half-cycle 1 missed: no answer"), m.getMessage());
        ModbusHardwarePort corrupted = new ModbusHardwarePort(link((q, n) -> {
            throw new LinkCrcException("CRC mismatch", null);
        }), 2, null);
        assertThrows(MissedSample.class, () -> corrupted.exchange(GateCommand.OFF, s));
        ModbusHardwarePort stale = new ModbusHardwarePort(link((q, n) -> good(q - 1, n)), 2, null);
        m = assertThrows(MissedSample.class, () -> stale.exchange(GateCommand.OFF, s));
        assertTrue(m.getMessage().contains("answered half-cycle 0, expected 1"), m.getMessage());
        assertEquals(1, stale.missedSamples());
        ModbusHardwarePort fine = new ModbusHardwarePort(link(ModbusHardwarePortTest::good), 2, null);
        fine.exchange(GateCommand.OFF, s);
        assertEquals(400, s.inputVoltageRms(), 1e-3);
        assertEquals(0, fine.missedSamples());
    }

    @Test
    void theMetersDisplacementAngleComesOverTheLinkAtItsProfileAddress() throws Exception {
        io.github.ccrhil.modbus.profile.Profile p = io.github.ccrhil.ccr.emulator.profile.CcrProfiles.powerStage();
        int at = p.require("displacement_angle").address() - p.require("sequence_echo").address();
        int angle = Float.floatToIntBits(0.3512f);
        ModbusHardwarePort port = new ModbusHardwarePort(link((q, n) -> {
            int[] w = good(q, n);
            w[at] = angle >>> 16;
            w[at + 1] = angle & 0xFFFF;
            return w;
        }), 2, null);
        HalfCycleSamples s = new HalfCycleSamples();
        port.exchange(GateCommand.OFF, s);
        assertEquals(0.3512, s.displacementAngleRad(), 1e-6);
        int nan = Float.floatToIntBits(Float.NaN);
        ModbusHardwarePort dark = new ModbusHardwarePort(link((q, n) -> {
            int[] w = good(q, n);
            w[at] = nan >>> 16;
            w[at + 1] = nan & 0xFFFF;
            return w;
        }), 2, null);
        dark.exchange(GateCommand.OFF, s);
        assertTrue(Double.isNaN(s.displacementAngleRad()), "no current: no angle, not a fault");
    }

    @Test
    void aLinkThatIsGoneIsAHardwareFault() {
        ModbusHardwarePort gone = new ModbusHardwarePort(link((q, n) -> {
            throw new LinkException("connection refused");
        }), 2, null);
        HardwareFault f = assertThrows(HardwareFault.class, () -> gone.exchange(GateCommand.OFF, new HalfCycleSamples()));
        assertFalse(f instanceof MissedSample, f.toString());
    }
}
