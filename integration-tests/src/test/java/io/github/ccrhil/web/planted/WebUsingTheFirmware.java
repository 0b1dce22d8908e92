package io.github.ccrhil.web.planted;

import io.github.ccrhil.ccr.firmware.board.Selector;

/** Breaks an architecture rule on purpose, so that the rule is shown to fail (test code only). */
public final class WebUsingTheFirmware {

    private WebUsingTheFirmware() { }

    public static String use() {
        return Selector.LOCAL.name();
    }
}
