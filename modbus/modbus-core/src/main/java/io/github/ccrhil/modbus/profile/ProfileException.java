package io.github.ccrhil.modbus.profile;

/** A profile file that cannot be used; the message is one line: file:line: field: problem. */
public final class ProfileException extends Exception {

    public ProfileException(String message) {
        super(message);
    }

    public ProfileException(String message, Throwable cause) {
        super(message, cause);
    }
}
