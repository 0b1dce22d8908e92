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
 */
public record LoopData(int lampCount, double lampRatedW, double ratedCurrentA, double ledFraction,
                       double cableResistanceOhms, double coreLossResistanceOhms, double windingResistanceOhms) {

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
        if (!(cableResistanceOhms >= 0) || !(coreLossResistanceOhms >= 0)) {
            throw new IllegalArgumentException("resistances must be ≥ 0, were " + cableResistanceOhms + ", " + coreLossResistanceOhms);
        }
    }
}
