package io.github.ccrhil.water.verify.site;

import io.github.ccrhil.evidence.Limit;
import io.github.ccrhil.evidence.Provenance;

/** Treated-water limits of water.md, as named limits with their provenance. */
public final class QualityLimits {
    private QualityLimits() {
    }

    public static final Limit FILTERED_TURBIDITY_MAX = new Limit("filtered turbidity max", 0.1, "deg",
            Provenance.of("Cryptosporidium countermeasure guideline, via water.md"));
    public static final Limit TAP_TURBIDITY_MAX = new Limit("turbidity max", 2.0, "deg",
            Provenance.of("water quality standard, via water.md"));
    public static final Limit TAP_CHLORINE_MIN = new Limit("free residual chlorine min", 0.1, "mg/L",
            Provenance.of("Waterworks Act enforcement rules Art. 17, via water.md"));
    public static final Limit CHLORINE_TARGET_MAX = new Limit("free residual chlorine management target", 1.0, "mg/L",
            Provenance.of("management target, via water.md"));
    public static final Limit PH_MIN = new Limit("pH min", 5.8, "pH", Provenance.of("water quality standard, via water.md"));
    public static final Limit PH_MAX = new Limit("pH max", 8.6, "pH", Provenance.of("water quality standard, via water.md"));
}
