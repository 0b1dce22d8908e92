package io.github.ccrhil.ccr.plant.planted;

import io.github.ccrhil.ccr.firmware.control.StepTables;

/** Breaks an architecture rule on purpose, so that the rule is shown to fail (test code only). */
public final class PlantUsingTheFirmware {

    private PlantUsingTheFirmware() { }

    public static String use() {
        return StepTables.SIX_SIX_FIVE_STEP.toString();
    }
}
