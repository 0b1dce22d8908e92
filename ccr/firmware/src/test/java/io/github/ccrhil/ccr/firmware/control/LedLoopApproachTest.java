package io.github.ccrhil.ccr.firmware.control;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The approach guard on a loop of constant-power LED drivers behind a small series impedance,
 * the load on which the law without it soft-started through the band top (see the package
 * notes). The loop here is a fast unit fake, one rms value per half-cycle: output voltage
 * u·V<sub>max</sub>, drivers of resistance P/(I<sub>rated</sub>·I<sub>f</sub>) clamped to
 * 0.2–3 × nominal, I<sub>f</sub> the loop current through a 20 ms filter, two periods from demand
 * to measurement as on the hardware port.
 */
class LedLoopApproachTest {

    /** One soft start to {@code target}; returns {highest rms, half-cycles until in band for good}. */
    static double[] softStart(ControlTuning tuning, double target, double loadShare, double seriesOhm) {
        double ratedA = 6.6;
        double vMax = 1.15 * 10_000 / ratedA; // output voltage at full conduction: 15 % headroom over 10 kVA
        double ledVolts = loadShare * 10_000 / ratedA; // the loop's LED voltage at rated current
        double nominalOhm = ledVolts / ratedA;
        double tau = 0.020;
        double period = 0.010;
        double decay = Math.exp(-period / tau);
        CurrentControlSoftware ccs = new CurrentControlSoftware(tuning);
        ccs.softStart();
        double filtered = 0.0;
        double[] inFlight = new double[2];
        double measured = 0.0;
        double highest = 0.0;
        int lastOutside = 0;
        for (int k = 0; k < 400; k++) {
            double u = inFlight[1];
            double r = filtered > 0.0 ? ledVolts / filtered : 3.0 * nominalOhm;
            r = Math.max(0.2 * nominalOhm, Math.min(3.0 * nominalOhm, r));
            double current = u * vMax / (seriesOhm + r);
            filtered = current + (filtered - current) * decay;
            measured = current;
            highest = Math.max(highest, current);
            if (Math.abs(current - target) > 0.1) {
                lastOutside = k + 1;
            }
            inFlight[1] = inFlight[0];
            ccs.regulate(target, measured);
            inFlight[0] = ccs.demand();
        }
        return new double[] {highest, lastOutside};
    }

    @ParameterizedTest(name = "{0} A on a {1} LED loop, series {2} Ω")
    @CsvSource({"6.6, 1.0, 3", "6.6, 0.9, 3", "6.6, 0.6, 10", "4.1, 0.9, 3", "4.8, 0.9, 5", "2.8, 1.0, 3"})
    void aSoftStartOnAnLedLoopStaysInsideTheBandTopAndSettlesWithinTwoSeconds(double target, double load,
                                                                                double seriesOhm) {
        double[] r = softStart(ControlTuning.defaults(6.6), target, load, seriesOhm);
        assertTrue(r[0] <= target + 0.1, "highest " + r[0] + " A above the band top " + (target + 0.1));
        assertTrue(r[1] <= 200, "in band for good only after " + r[1] + " half-cycles");
    }

    @ParameterizedTest(name = "{0} A on a {1} LED loop, series {2} Ω")
    @CsvSource({"6.6, 1.0, 3", "6.6, 0.9, 3"})
    void withoutTheGuardTheSameSoftStartGoesThroughTheBandTop(double target, double load, double seriesOhm) {
        double[] r = softStart(ControlTuning.defaults(6.6).withApproachHorizon(0), target, load, seriesOhm);
        assertTrue(r[0] > target + 0.1, "the law without the guard stayed at " + r[0] + " A: the fake no longer "
                + "shows what the guard is for");
    }
}
