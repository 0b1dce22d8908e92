package io.github.ccrhil.ccr.firmware.control;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.ccr.firmware.fake.FakeRlPlant;
import io.github.ccrhil.ccr.firmware.hardware.GateCommand;
import io.github.ccrhil.ccr.firmware.hardware.HalfCycleSamples;
import io.github.ccrhil.ccr.firmware.hardware.HardwareFault;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Closed loop of the current-control software alone on the R-L fake, across load and input. */
class RegulationOnFakePlantTest {
    static boolean TRACE = Boolean.getBoolean("trace");
    static GateCommand lastCommand = GateCommand.OFF;

    static List<Arguments> conditions() {
        List<Arguments> a = new ArrayList<>();
        for (double load : new double[] {0.0, 0.3, 0.7, 1.0}) {
            for (double input : new double[] {0.9, 1.0, 1.1}) {
                for (boolean immediate : new boolean[] {false, true}) {
                    a.add(Arguments.of(load, input, immediate));
                }
            }
        }
        return a;
    }

    /** Runs target for half-cycles; returns {max rms, first index after which all in band (or -1), last rms}. */
    static double[] run(CurrentControlSoftware ccs, FakeRlPlant plant, HalfCycleSamples s, double target,
                        ToleranceBand band, int halfCycles) throws HardwareFault {
        GateCommand cmd = lastCommand;
        double max = 0;
        int lastOut = -1;
        double rms = 0;
        for (int k = 0; k < halfCycles; k++) {
            plant.exchange(cmd, s);
            rms = TrueRms.rms(s.current(), s.count());
            max = Math.max(max, rms);
            if (!band.contains(rms)) {
                lastOut = k;
            }
            cmd = ccs.regulate(target, s);
            if (TRACE && k < 200) System.out.printf("  k %d rms %.3f ref %.3f u %.4f alpha %.3f cut %s gain %.2f%n", k, rms, ccs.reference(), ccs.demand(), cmd.firingAngleRad(), ccs.lastCallCut(), ccs.gainEstimate());
        }
        lastCommand = cmd;
        return new double[] {max, lastOut + 1, rms};
    }

    @ParameterizedTest(name = "load {0}, input {1}, immediate port {2}")
    @MethodSource("conditions")
    void softStartAndStepChangesStayBelowSixPointSevenAndSettleWithinOneSecond(double load, double input,
                                                                                 boolean immediate) throws HardwareFault {
        FakeRlPlant plant = new FakeRlPlant();
        plant.load = load;
        plant.inputFactor = input;
        plant.immediate = immediate;
        StepTable t = StepTables.SIX_SIX_FIVE_STEP;
        ToleranceTable tol = ToleranceTables.byName(ToleranceTables.UFC, t);
        CurrentControlSoftware ccs = new CurrentControlSoftware(
                ControlTuning.defaults(6.6).withMeasurementDelay(immediate ? 1 : 2));
        HalfCycleSamples s = new HalfCycleSamples();
        lastCommand = GateCommand.OFF;
        int[] sequence = {5, 1, 5, 3, 4, 2, 5};
        for (int step : sequence) {
            double[] r = run(ccs, plant, s, t.nominalCurrentA(step), tol.band(step), 200);
            if (TRACE) System.out.printf("load %.1f in %.1f imm %s step %d: max %.3f settled after %.0f hc last %.3f gain %.1f%n",
                    load, input, immediate, step, r[0], r[1], r[2], ccs.gainEstimate());
            assertTrue(r[0] <= 6.7, "max rms " + r[0] + " A above 6.7 A on step " + step);
            assertTrue(r[1] <= 100, "settled only after " + r[1] + " half-cycles on step " + step);
        }
    }
}
