package io.github.ccrhil.water.scada.planted;

import io.javalin.Javalin;

/** Breaks an architecture rule on purpose, so that the rule is shown to fail (test code only). */
public final class ScadaServingHttp {

    private ScadaServingHttp() { }

    public static String use() {
        return Javalin.class.getName();
    }
}
