package io.github.ccrhil.ccr.firmware.board;

/**
 * What the board is told about its series loop, for the failed-lamp estimate.
 *
 * @param lampCount N lamps (one isolation transformer each)
 * @param lampRatedW lamp rated power P, W
 * @param ratedCurrentA lamp rated current, A (6.6 A on a 6.6 A loop)
 * @param ledFraction share of LED lamps 0..1 (the rest halogen)
 * @param cableResistanceOhms primary cable resistance, Ω
 * @param coreLossResistanceOhms resistance one isolation transformer with an open secondary
 *     reflects into the loop, Ω
 * @param windingResistanceOhms copper resistance of one isolation transformer, seen in the loop
 *     whether its lamp works or not, Ω
 * @param cableInductanceH primary cable's series inductance, H
 * @param leakageInductanceH leakage inductance of one isolation transformer, seen in the loop
 *     whether its lamp works or not, H
 * @param magnetisingInductanceH unsaturated magnetising inductance L<sub>m0</sub> one transformer with
 *     an open secondary puts in the loop, H; 0 when not known (the reactive channel is then idle)
 * @param saturationCurrentA current at which that incremental inductance has fallen to half, A
 *     (the transformer data: L(i) = L<sub>m0</sub>/(1 + (i/I<sub>sat</sub>)²)); 0 when not known
 */
public record LoopData(int lampCount, double lampRatedW, double ratedCurrentA, double ledFraction,
                       double cableResistanceOhms, double coreLossResistanceOhms, double windingResistanceOhms,
                       double cableInductanceH, double leakageInductanceH, double magnetisingInductanceH,
                       double saturationCurrentA) {

    /** A loop whose reactances are not known: the estimate uses W/I² only. */
    public LoopData(int lampCount, double lampRatedW, double ratedCurrentA, double ledFraction,
                    double cableResistanceOhms, double coreLossResistanceOhms, double windingResistanceOhms) {
        this(lampCount, lampRatedW, ratedCurrentA, ledFraction, cableResistanceOhms, coreLossResistanceOhms,
                windingResistanceOhms, 0, 0, 0, 0);
    }

    public LoopData {
        if (lampCount < 1) {
            throw new IllegalArgumentException("lamp count must be ≥ 1, was " + lampCount);
        }
        if (!(lampRatedW > 0) || !(ratedCurrentA > 0) || !Double.isFinite(lampRatedW) || !Double.isFinite(ratedCurrentA)) {
            throw new IllegalArgumentException("lamp power and rated current must be positive, were " + lampRatedW + ", " + ratedCurrentA);
        }
        if (!(ledFraction >= 0 && ledFraction <= 1)) {
            throw new IllegalArgumentException("LED fraction must be in [0, 1], was " + ledFraction);
        }
        if (!(windingResistanceOhms >= 0) || !Double.isFinite(windingResistanceOhms)) {
            throw new IllegalArgumentException("winding resistance must be ≥ 0, was " + windingResistanceOhms);
        }
        for (double h : new double[] {cableInductanceH, leakageInductanceH, magnetisingInductanceH, saturationCurrentA}) {
            if (!(h >= 0) || !Double.isFinite(h)) {
                throw new IllegalArgumentException("inductances and saturation current must be finite and ≥ 0, were "
                        + cableInductanceH + ", " + leakageInductanceH + ", " + magnetisingInductanceH + ", "
                        + saturationCurrentA);
            }
        }
        if (!(cableResistanceOhms >= 0) || !(coreLossResistanceOhms >= 0)) {
            throw new IllegalArgumentException("resistances must be ≥ 0, were " + cableResistanceOhms + ", " + coreLossResistanceOhms);
        }
    }

    /** Whether the transformers' magnetising data are known, so that reactance can count open units. */
    public boolean reactanceKnown() {
        return magnetisingInductanceH > 0 && saturationCurrentA > 0;
    }
}
