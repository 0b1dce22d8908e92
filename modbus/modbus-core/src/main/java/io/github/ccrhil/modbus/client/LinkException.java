package io.github.ccrhil.modbus.client;

/** A Modbus transaction failed. Subclasses say how; the base class covers I/O failures. */
public class LinkException extends Exception {

    public LinkException(String message) {
        super(message);
    }

    public LinkException(String message, Throwable cause) {
        super(message, cause);
    }
}
