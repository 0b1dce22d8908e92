package io.github.ccrhil.water.scada.ha;

/** The shared coordination store (lease, command log) is unreachable or refused. */
public class CoordinationException extends Exception {
    public CoordinationException(String message, Throwable cause) {
        super(message, cause);
    }
}
