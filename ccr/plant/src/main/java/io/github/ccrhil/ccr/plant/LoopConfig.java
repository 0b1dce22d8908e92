package io.github.ccrhil.ccr.plant;

import java.util.Objects;

/**
 * The series lighting circuit.
 *
 * @param cableLengthM total length of primary cable, m (≥ 0)
 * @param cableResistanceOhmPerKm conductor resistance (loop), Ω/km (≥ 0)
 * @param cableInductanceHPerKm series inductance, H/km (≥ 0)
 * @param cableCapacitanceFPerKm capacitance to earth, F/km (≥ 0)
 * @param insulationResistanceOhmKm insulation resistance to earth of one km, Ω·km (&gt; 0, may be
 *     +∞)
 * @param lampCount number of isolation transformers, each with one lamp (0..100,000)
 * @param lampRatedWatts lamp power at rated loop current, W (&gt; 0)
 * @param ledFraction share of lamps that are LED (the rest halogen), 0..1
 * @param isolationTransformer the per-unit isolation transformer
 */
public record LoopConfig(
        double cableLengthM,
        double cableResistanceOhmPerKm,
        double cableInductanceHPerKm,
        double cableCapacitanceFPerKm,
        double insulationResistanceOhmKm,
        int lampCount,
        double lampRatedWatts,
        double ledFraction,
        IsolationTransformer isolationTransformer) {

    /**
     * Loop resistance of 6 mm² copper primary cable, Ω/km: 3.08 Ω/km is the IEC 60228 class 2
     * maximum at 20 °C for 6 mm² plain copper; rounded to 3.1.
     */
    public static final double CABLE_6MM2_OHM_PER_KM = 3.1;
    /** Series inductance of single-core 5 kV primary cable, H/km — engineering estimate. */
    public static final double CABLE_6MM2_H_PER_KM = 0.4e-3;
    /** Capacitance to earth of 5 kV screened primary cable, F/km — engineering estimate. */
    public static final double CABLE_6MM2_F_PER_KM = 0.15e-6;
    /** Insulation resistance of a healthy cable, Ω·km (1000 MΩ·km) — engineering estimate. */
    public static final double CABLE_INSULATION_OHM_KM = 1.0e9;
    /** Lamp size {@link #forLoad} starts from, W — engineering estimate (a common inset/edge lamp). */
    public static final double FOR_LOAD_NOMINAL_LAMP_WATTS = 100.0;

    public LoopConfig {
        Checks.nonNegative("cableLengthM", cableLengthM);
        Checks.nonNegative("cableResistanceOhmPerKm", cableResistanceOhmPerKm);
        Checks.nonNegative("cableInductanceHPerKm", cableInductanceHPerKm);
        Checks.nonNegative("cableCapacitanceFPerKm", cableCapacitanceFPerKm);
        Checks.positiveOrInfinite("insulationResistanceOhmKm", insulationResistanceOhmKm);
        Checks.inRange("lampCount", lampCount, 0, 100_000);
        Checks.positive("lampRatedWatts", lampRatedWatts);
        Checks.inRange("ledFraction", ledFraction, 0.0, 1.0);
        Objects.requireNonNull(isolationTransformer, "isolationTransformer");
    }

    /**
     * A reference loop: 6 mm² copper cable ({@link #CABLE_6MM2_OHM_PER_KM},
     * {@link #CABLE_6MM2_H_PER_KM}, {@link #CABLE_6MM2_F_PER_KM}, {@link #CABLE_INSULATION_OHM_KM})
     * and {@link IsolationTransformer#typical(double) typical} 6.6 A isolation transformers.
     */
    public static LoopConfig typical(int lampCount, double lampWatts, double ledFraction, double cableLengthM) {
        return typical(lampCount, lampWatts, ledFraction, cableLengthM, 6.6);
    }

    /** As {@link #typical(int, double, double, double)} for a loop of {@code ratedCurrentA}. */
    public static LoopConfig typical(int lampCount, double lampWatts, double ledFraction, double cableLengthM,
                                     double ratedCurrentA) {
        return new LoopConfig(cableLengthM, CABLE_6MM2_OHM_PER_KM, CABLE_6MM2_H_PER_KM, CABLE_6MM2_F_PER_KM,
                CABLE_INSULATION_OHM_KM, lampCount, lampWatts, ledFraction,
                IsolationTransformer.typical(lampWatts, ratedCurrentA));
    }

    /** {@link #forLoad(double, double, double, double, double, double)} at 50 Hz. */
    public static LoopConfig forLoad(double ratedPowerVa, double ratedCurrentA, double loadFraction,
                                     double ledFraction, double cableLengthM) {
        return forLoad(ratedPowerVa, ratedCurrentA, loadFraction, ledFraction, cableLengthM, 50.0);
    }

    /**
     * Sizes a {@link #typical typical} loop so that, at rated current with all lamps hot and
     * working, its <b>apparent power</b> is {@code loadFraction × ratedPowerVa}: |Z<sub>loop</sub>|·I² =
     * load·S. Apparent rather than real power because the CCR is rated in VA and the isolation
     * transformers' leakage makes the loop power factor &lt; 1 (≈ 0.93); sizing on real power alone
     * would put a "100 %" loop beyond the CCR's voltage headroom.
     *
     * <p>The lamp count starts from {@value #FOR_LOAD_NOMINAL_LAMP_WATTS} W lamps
     * (round(load·S / 110 W), the extra 10 W for transformer and cable losses) and the lamp
     * wattage is then solved exactly; if the cable and transformers alone already exceed the
     * target the count is reduced. {@code loadFraction = 0} gives a loop of cable only (nearly a
     * short circuit). The cable impedance counts towards the load.
     *
     * @throws IllegalArgumentException if the cable alone exceeds the requested apparent power
     */
    public static LoopConfig forLoad(double ratedPowerVa, double ratedCurrentA, double loadFraction,
                                     double ledFraction, double cableLengthM, double mainsFrequencyHz) {
        Checks.positive("ratedPowerVa", ratedPowerVa);
        Checks.positive("ratedCurrentA", ratedCurrentA);
        Checks.inRange("loadFraction", loadFraction, 0.0, 2.0);
        Checks.inRange("ledFraction", ledFraction, 0.0, 1.0);
        Checks.nonNegative("cableLengthM", cableLengthM);
        Checks.positive("mainsFrequencyHz", mainsFrequencyHz);
        double omega = 2.0 * StrictMath.PI * mainsFrequencyHz;
        double i2 = ratedCurrentA * ratedCurrentA;
        double zTarget = loadFraction * ratedPowerVa / i2;
        double km = cableLengthM / 1000.0;
        double rc = CABLE_6MM2_OHM_PER_KM * km;
        double xc = omega * CABLE_6MM2_H_PER_KM * km;
        IsolationTransformer it = IsolationTransformer.typical(FOR_LOAD_NOMINAL_LAMP_WATTS, ratedCurrentA);
        if (StrictMath.hypot(rc, xc) > zTarget && loadFraction > 0.0) {
            throw new IllegalArgumentException("cable of " + cableLengthM + " m alone exceeds "
                    + loadFraction + " of the rating");
        }
        int n = (int) StrictMath.round(loadFraction * ratedPowerVa / (FOR_LOAD_NOMINAL_LAMP_WATTS + 10.0));
        double watts = FOR_LOAD_NOMINAL_LAMP_WATTS;
        for (; n > 0; n--) {
            double x = xc + n * omega * it.leakageInductanceH();
            if (x >= zTarget) {
                continue;
            }
            double rLamp = (StrictMath.sqrt(zTarget * zTarget - x * x) - rc - n * it.windingResistanceOhm()) / n;
            if (rLamp > 0.0) {
                watts = rLamp * i2;
                break;
            }
        }
        return typical(n, watts, ledFraction, cableLengthM, ratedCurrentA);
    }

    /** Cable loop resistance, Ω. */
    public double cableResistanceOhm() {
        return cableResistanceOhmPerKm * cableLengthM / 1000.0;
    }

    /** Cable series inductance, H. */
    public double cableInductanceH() {
        return cableInductanceHPerKm * cableLengthM / 1000.0;
    }

    /** Total capacitance of the loop to earth, F. */
    public double capacitanceToEarthF() {
        return cableCapacitanceFPerKm * cableLengthM / 1000.0;
    }

    /** Insulation resistance of the healthy cable to earth, Ω (+∞ for zero length). */
    public double insulationResistanceOhm() {
        return cableLengthM == 0.0 ? Double.POSITIVE_INFINITY : insulationResistanceOhmKm / (cableLengthM / 1000.0);
    }
}
