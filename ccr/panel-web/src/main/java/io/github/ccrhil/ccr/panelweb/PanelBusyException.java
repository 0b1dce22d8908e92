package io.github.ccrhil.ccr.panelweb;

/** The control loop did not take a panel call in time (it has stopped, or is stalled); nothing was done. */
public final class PanelBusyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public PanelBusyException(String message) {
        super(message);
    }
}
