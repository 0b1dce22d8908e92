package io.github.ccrhil.modbus.server.planted;

import java.net.Socket;

/** Breaks an architecture rule on purpose, so that the rule is shown to fail (test code only). */
public final class ModbusCoreOpeningASocket {

    private ModbusCoreOpeningASocket() { }

    public static String use() {
        return new Socket().toString();
    }
}
