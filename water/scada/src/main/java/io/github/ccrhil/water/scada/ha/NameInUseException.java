package io.github.ccrhil.water.scada.ha;

import java.time.Instant;

/** Another running server already uses this server name with the same coordination store. */
public final class NameInUseException extends CoordinationException {
    private final String boot;
    private final Instant until;

    public NameInUseException(String server, String boot, Instant until) {
        super("server name " + server + " is in use by a running server (run " + boot + ", claim renewed until " + until
                + "): give each server of a pair its own --name", null);
        this.boot = boot;
        this.until = until;
    }

    /** The run that holds the name. */
    public String boot() {
        return boot;
    }

    /** Until when its claim runs unless renewed. */
    public Instant until() {
        return until;
    }
}
