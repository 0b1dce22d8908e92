package io.github.ccrhil.water.hmi.planted;

import io.github.ccrhil.water.scada.Scanner;

/** Breaks an architecture rule on purpose, so that the rule is shown to fail (test code only). */
public final class HmiReadingTheScanner {

    private HmiReadingTheScanner() { }

    public static String use() {
        return Scanner.class.getName();
    }
}
