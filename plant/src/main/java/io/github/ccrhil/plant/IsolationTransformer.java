package io.github.ccrhil.plant;

/**
 * A series isolation transformer as seen from the primary (1:1).
 *
 * @param leakageInductanceH series leakage inductance, H
 * @param windingResistanceOhm copper resistance, Ω
 * @param magnetisingInductanceH unsaturated magnetising inductance seen when the secondary is
 *     open (failed lamp), H
 * @param saturationCurrentA current at which the magnetising inductance has fallen to half, A
 * @param coreLossOhm series-equivalent core-loss resistance with an open secondary, Ω
 */
public record IsolationTransformer(
        double leakageInductanceH,
        double windingResistanceOhm,
        double magnetisingInductanceH,
        double saturationCurrentA,
        double coreLossOhm) {
}
