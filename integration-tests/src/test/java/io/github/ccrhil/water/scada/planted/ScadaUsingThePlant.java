package io.github.ccrhil.water.scada.planted;

import io.github.ccrhil.water.plant.WaterPlant;

/** Breaks an architecture rule on purpose, so that the rule is shown to fail (test code only). */
public final class ScadaUsingThePlant {

    private ScadaUsingThePlant() { }

    public static String use() {
        return WaterPlant.class.getName();
    }
}
