package io.github.ccrhil.modbus.planted;

import io.github.ccrhil.ccr.firmware.control.StepTables;

/** Breaks an architecture rule on purpose, so that the rule is shown to fail (test code only). */
public final class ModbusUsingTheFirmware {

    private ModbusUsingTheFirmware() { }

    public static String use() {
        return StepTables.SIX_SIX_FIVE_STEP.toString();
    }
}
