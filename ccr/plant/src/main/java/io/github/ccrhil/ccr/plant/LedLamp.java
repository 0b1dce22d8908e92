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
 */
public final class LedLamp {

    /** Driver input filter time constant, s — engineering estimate. */
    public static final double FILTER_TIME_CONSTANT_S = 0.020;
    public static final double MIN_RESISTANCE_PU = 0.2;
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
