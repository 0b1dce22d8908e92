package io.github.ccrhil.modbus.client;

/** An RTU answer arrived with a wrong CRC. */
public class LinkCrcException extends LinkException {

    public LinkCrcException(String message, Throwable cause) {
        super(message, cause);
    }
}
