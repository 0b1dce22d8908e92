package io.github.ccrhil.modbus.client;

/** The calling thread was interrupted during a transaction; its interrupt flag is set again. */
public class LinkInterruptedException extends LinkException {

    public LinkInterruptedException(String message, InterruptedException cause) {
        super(message, cause);
    }
}
