package io.github.ccrhil.ccr.verify.accept.dut;

/**
 * The DUT could not start at all (for the emulated CCR: its firmware rejected its own tables or
 * configuration). No test was run on it, so there is no verdict: an error with a message, kept
 * apart from a FAIL (the DUT did start and did the wrong thing) and from bad input (the plan).
 */
public final class DutStartupException extends RuntimeException {
    public DutStartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
