package io.github.ccrhil.ccr.firmware.planted;

import java.nio.file.Files;

/** Breaks an architecture rule on purpose, so that the rule is shown to fail (test code only). */
public final class FirmwareReadingAFile {

    private FirmwareReadingAFile() { }

    public static String use() {
        return String.valueOf(Files.exists(java.nio.file.Path.of("/etc/hostname")));
    }
}
