package io.github.ccrhil.ccr.plant;

/**
 * A series isolation transformer as seen from the primary (1:1).
 *
 * @param leakageInductanceH series leakage inductance, H (&gt; 0)
 * @param windingResistanceOhm copper resistance, Ω (≥ 0)
 * @param magnetisingInductanceH unsaturated magnetising inductance seen when the secondary is
 *     open (failed lamp), H (&gt; 0)
 * @param saturationCurrentA current at which the magnetising inductance has fallen to half, A
 *     (&gt; 0). The model uses L(i) = L<sub>m0</sub> / (1 + (i/I<sub>sat</sub>)²).
 * @param coreLossOhm series-equivalent core-loss resistance with an open secondary, Ω (≥ 0)
 */
public record IsolationTransformer(
        double leakageInductanceH,
        double windingResistanceOhm,
        double magnetisingInductanceH,
        double saturationCurrentA,
        double coreLossOhm) {

    /**
     * Peak voltage across an open-secondary transformer at rated loop current that
     * {@link #typical(double, double)} is calibrated to: "an open isolation transformer secondary
     * reaches about 200 V" (ACRP web resource 20, see ccr.md).
     */
    public static final double OPEN_SECONDARY_PEAK_VOLTS = 200.0;

    public IsolationTransformer {
        Checks.positive("isolation transformer leakageInductanceH", leakageInductanceH);
        Checks.nonNegative("isolation transformer windingResistanceOhm", windingResistanceOhm);
        Checks.positive("isolation transformer magnetisingInductanceH", magnetisingInductanceH);
        Checks.positive("isolation transformer saturationCurrentA", saturationCurrentA);
        Checks.nonNegative("isolation transformer coreLossOhm", coreLossOhm);
    }

    /** {@link #typical(double, double)} for a 6.6 A loop. */
    public static IsolationTransformer typical(double lampWatts) {
        return typical(lampWatts, 6.6);
    }

    /**
     * A typical isolation transformer for one lamp of {@code lampWatts} on a loop of
     * {@code ratedCurrentA}. Provenance of each number. A search of the stored public pages and
     * documentation (FAA AC 150/5345-47 and vendor L-830 data, round 3) found the standard's
     * scope and an IEC 61823 summary (series transformers rated 30–300 VA at 6.6 / 5.2 / 2.8 A,
     * coil temperature rise ≤ 85 K, "open-circuit voltage measurement" among the type tests) but
     * no impedance, efficiency or open-secondary figures; so all but one are <b>engineering
     * estimates</b>, each swept over the range given in a campaign (README, "Current control on
     * LED-heavy loops", the transformer sweep):
     * <ul>
     *   <li>leakage inductance 3 mH (≈ 0.94 Ω at 50 Hz, i.e. a loaded power factor ≈ 0.93 with a
     *       100 W lamp at 6.6 A) — engineering estimate: a short-circuit reactance about 40 % of the
     *       rated load's resistance; swept 1.5–6 mH;</li>
     *   <li>winding resistance 0.3 Ω — engineering estimate: 13 W of copper loss at 6.6 A, i.e.
     *       ≈ 88 % efficiency with a 100 W lamp; swept 0.15–0.6 Ω;</li>
     *   <li>magnetising inductance L<sub>m0</sub> such that the voltage across an open-secondary
     *       unit, L<sub>m0</sub>·di/dt at the current zero of a sinusoidal rated current at
     *       50 Hz, is {@value #OPEN_SECONDARY_PEAK_VOLTS} V peak: L<sub>m0</sub> = 200 /
     *       (2π·50·√2·I<sub>rated</sub>) (≈ 68 mH at 6.6 A). Source: ccr.md (ACRP web resource
     *       20: "an open isolation transformer secondary reaches about 200 V"); swept 150–300 V;</li>
     *   <li>saturation current 0.01 A/W × lampWatts clamped to 1–2 A (a bigger core saturates
     *       later) — engineering estimate: the core is sized for the secondary's rated voltage,
     *       so a primary current of a few tenths of rated already saturates it; swept ×0.5–×2;</li>
     *   <li>core-loss series resistance 3 Ω — engineering estimate: an open 100 W unit at 6.6 A
     *       then dissipates ≈ 130 W, more than the lamp it fed, which is probably high (an open
     *       unit is known to run hot; no figure was read); swept 1.5–6 Ω.</li>
     * </ul>
     */
    public static IsolationTransformer typical(double lampWatts, double ratedCurrentA) {
        Checks.positive("lampWatts", lampWatts);
        Checks.positive("ratedCurrentA", ratedCurrentA);
        double lm0 = OPEN_SECONDARY_PEAK_VOLTS
                / (2.0 * StrictMath.PI * 50.0 * StrictMath.sqrt(2.0) * ratedCurrentA);
        double isat = StrictMath.min(2.0, StrictMath.max(1.0, 0.01 * lampWatts));
        return new IsolationTransformer(3.0e-3, 0.3, lm0, isat, 3.0);
    }
}
