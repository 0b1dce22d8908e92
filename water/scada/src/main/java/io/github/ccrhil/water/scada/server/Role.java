package io.github.ccrhil.water.scada.server;

/** Who may do what: a viewer reads; an operator also runs the plant; an engineer also tunes it. */
public enum Role {
    VIEWER, OPERATOR, ENGINEER;

    public boolean atLeast(Role other) {
        return ordinal() >= other.ordinal();
    }
}
