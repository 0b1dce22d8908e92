package io.github.ccrhil.water.scada.historian;

/** The historian's store could not be reached or refused an operation. */
public class HistorianException extends Exception {
    public HistorianException(String message, Throwable cause) {
        super(message, cause);
    }

    public HistorianException(String message) {
        super(message);
    }
}
