package io.github.ccrhil.modbus.client;

/** No (complete) answer within the transaction timeout; the link was reset. */
public class LinkTimeoutException extends LinkException {

    public LinkTimeoutException(String message) {
        super(message);
    }

    public LinkTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
