package io.github.ccrhil.ccr.firmware.hardware;

/** The power stage or its sensors could not be reached, or answered something unusable. */
public class HardwareFault extends Exception {

    public HardwareFault(String message) {
        super(message);
    }

    public HardwareFault(String message, Throwable cause) {
        super(message, cause);
    }
}
