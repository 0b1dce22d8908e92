package io.github.ccrhil.ccr.verify.accept.dut;

/** The DUT could not be reached or did not answer: the test it happened in is inconclusive. */
public final class DutException extends Exception {
    public DutException(String message, Throwable cause) {
        super(message, cause);
    }

    public DutException(String message) {
        super(message);
    }
}
