package io.github.ccrhil.modbus.client;

/** An answer that does not belong to the request: wrong transaction id, unit id or shape. */
public class LinkProtocolException extends LinkException {

    public LinkProtocolException(String message) {
        super(message);
    }
}
