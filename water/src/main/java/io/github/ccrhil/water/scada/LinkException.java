package io.github.ccrhil.water.scada;

/** A Modbus link fault: no connection, a timeout, a broken or mismatched frame. */
public class LinkException extends Exception {
    public LinkException(String message) {
        super(message);
    }

    public LinkException(String message, Throwable cause) {
        super(message, cause);
    }
}
