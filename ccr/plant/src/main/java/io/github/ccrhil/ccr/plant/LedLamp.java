package io.github.ccrhil.ccr.plant;

/**
 * LED lamp with its driver, seen from the loop: nearly constant power that follows brightness.
 *
 * <p>Model (simple, documented): the driver draws P = P<sub>rated</sub>·(I<sub>f</sub>/I<sub>rated</sub>)
 * — power roughly proportional to current, i.e. to brightness — so its resistance is
 * R = P/I<sub>f</sub>² = P<sub>rated</sub> / (I<sub>rated</sub>·I<sub>f</sub>), where I<sub>f</sub> is the
 * loop rms current through a first-order filter of {@link #FILTER_TIME_CONSTANT_S}. R is clamped
 * to [{@link #MIN_RESISTANCE_PU}, {@link #MAX_RESISTANCE_PU}]·R<sub>nominal</sub>,
 * R<sub>nominal</sub> = P<sub>rated</sub>/I<sub>rated</sub>² (a dark driver starts at the upper clamp).
 *
 * <p>The upper clamp is where the driver stops holding its power: below about a third of rated
 * current its input stage is taken as a plain resistance of 3·R<sub>nominal</sub> (engineering
 * estimate, no fixture data read). An earlier clamp of 20·R<sub>nominal</sub> made a dark LED
 * loop need its full rated voltage before any current flowed, and then run away along a flat
 * V-I curve; no fixture data supports either figure, so this is a named parameter to revisit.
 *
 * <p>Provenance. A search of the stored public pages and documentation (round 3: ADB Safegate,
 * Eaton/Crouse-Hinds, Hella, OCEM and ATG series-circuit LED fixtures) found vendor articles and
 * ACRP reports on LED airfield lighting, and an FAA technical-centre study of five LED taxiway
 * edge fixtures whose switching power supplies emit from 12 kHz, which supports modelling the
 * fixture as a driver (not a resistor), but no published power-versus-current or drop-out
 * figures. So every number here is an <b>engineering estimate</b>: power ∝ current (a driver
 * of constant efficiency whose light, and so power, follows the loop current); the 20 ms input
 * filter (a bulk capacitor's ride-through of one or two mains cycles); the drop-out at a third
 * of rated current (below the lowest step of a 5-step table, 2.8 A of 6.6 A, so every step is
 * driven). The campaign passes with the filter at 10–40 ms and the upper clamp at 2–5 ×
 * nominal (README, round 2).
 */
public final class LedLamp {

    /** Driver input filter time constant, s — engineering estimate (class comment; swept 10–40 ms). */
    public static final double FILTER_TIME_CONSTANT_S = 0.020;
    /** Lower clamp of the driver's resistance, × nominal — engineering estimate (a driver's current limit). */
    public static final double MIN_RESISTANCE_PU = 0.2;
    /** Upper clamp: the dark or dropped-out driver, × nominal — engineering estimate (swept 2–5). */
    public static final double MAX_RESISTANCE_PU = 3.0;

    private LedLamp() {
    }

    /** Nominal resistance P/I², Ω. */
    public static double nominalResistance(double ratedWatts, double ratedCurrentA) {
        return ratedWatts / (ratedCurrentA * ratedCurrentA);
    }

    /** Resistance at filtered rms current {@code filteredRmsA}, Ω (clamped). */
    public static double resistance(double ratedWatts, double ratedCurrentA, double filteredRmsA) {
        double nominal = nominalResistance(ratedWatts, ratedCurrentA);
        double hi = MAX_RESISTANCE_PU * nominal;
        double r = filteredRmsA > 0.0 ? ratedWatts / (ratedCurrentA * filteredRmsA) : hi;
        return StrictMath.max(MIN_RESISTANCE_PU * nominal, StrictMath.min(hi, r));
    }
}
