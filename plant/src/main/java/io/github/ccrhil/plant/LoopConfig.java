package io.github.ccrhil.plant;

/**
 * The series lighting circuit.
 *
 * @param cableLengthM total length of primary cable, m
 * @param cableResistanceOhmPerKm conductor resistance (loop), Ω/km
 * @param cableInductanceHPerKm series inductance, H/km
 * @param cableCapacitanceFPerKm capacitance to earth, F/km
 * @param insulationResistanceOhmKm insulation resistance to earth of one km, Ω·km
 * @param lampCount number of isolation transformers, each with one lamp
 * @param lampRatedWatts lamp power at rated loop current, W
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
}
