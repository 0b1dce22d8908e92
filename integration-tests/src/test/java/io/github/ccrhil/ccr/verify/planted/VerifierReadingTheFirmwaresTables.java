package io.github.ccrhil.ccr.verify.planted;

import io.github.ccrhil.ccr.firmware.control.ToleranceTables;

/** Breaks an architecture rule on purpose, so that the rule is shown to fail (test code only). */
public final class VerifierReadingTheFirmwaresTables {

    private VerifierReadingTheFirmwaresTables() { }

    public static String use() {
        return ToleranceTables.class.getName();
    }
}
