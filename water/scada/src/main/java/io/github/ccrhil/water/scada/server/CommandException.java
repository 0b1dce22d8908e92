package io.github.ccrhil.water.scada.server;

/** A command that cannot go ahead, with the reason the API maps to an HTTP status. */
public final class CommandException extends Exception {
    /** Why: maps to 401/403/404/410/503/409. */
    public enum Kind { UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, EXPIRED, STANDBY, REFUSED }

    private final Kind kind;

    public CommandException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
