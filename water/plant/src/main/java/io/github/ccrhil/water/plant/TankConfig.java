package io.github.ccrhil.water.plant;

/**
 * A tank with an on/off inlet of fixed flow and an on/off outlet pump of fixed flow (the shape of
 * MiniCPS swat-s1's raw-water tank).
 *
 * @param name         stage name, used in tags
 * @param sectionM2    horizontal section, m², &gt; 0
 * @param heightM      tank height, m, &gt; 0 (level is clamped to [0, height])
 * @param initialLevelM level at start, m, within [0, height]
 * @param inflowM3h    inflow through the inlet valve when open, m³/h, ≥ 0
 * @param outflowM3h   outflow through the outlet pump when on, m³/h, ≥ 0
 * @param timeScale    process hours per simulated hour (MiniCPS's PP_RESCALING_HOURS; 1 = real time), &gt; 0
 * @param inletOpen    inlet valve state at start
 * @param outletOn     outlet pump state at start
 */
public record TankConfig(String name, double sectionM2, double heightM, double initialLevelM,
                         double inflowM3h, double outflowM3h, double timeScale,
                         boolean inletOpen, boolean outletOn) {

    public TankConfig {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("tank name must not be blank");
        }
        positive(name + ".sectionM2", sectionM2);
        positive(name + ".heightM", heightM);
        positive(name + ".timeScale", timeScale);
        nonNegative(name + ".inflowM3h", inflowM3h);
        nonNegative(name + ".outflowM3h", outflowM3h);
        if (!(initialLevelM >= 0 && initialLevelM <= heightM)) {
            throw new IllegalArgumentException(name + ".initialLevelM must be within [0, " + heightM + "], was " + initialLevelM);
        }
    }

    /**
     * MiniCPS swat-s1 raw-water tank (examples/swat-s1/utils.py and physical_process.py): section
     * 1.5 m², height 1.6 m, inflow 2.55 m³/h (MV101), outflow 2.45 m³/h (P101), time rescaled by 100.
     */
    public static TankConfig swatS1(double initialLevelM, boolean mv101Open, boolean p101On) {
        return new TankConfig("RWT", 1.5, 1.6, initialLevelM, 2.55, 2.45, 100.0, mv101Open, p101On);
    }

    static void positive(String what, double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(what + " must be positive and finite, was " + v);
        }
    }

    static void nonNegative(String what, double v) {
        if (!(v >= 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(what + " must be non-negative and finite, was " + v);
        }
    }
}
