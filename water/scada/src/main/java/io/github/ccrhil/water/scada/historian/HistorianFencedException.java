package io.github.ccrhil.water.scada.historian;

/** A sample batch refused because its server no longer holds the pair's lease (or not with that epoch). */
public final class HistorianFencedException extends HistorianException {
    public HistorianFencedException(String message) {
        super(message, null);
    }
}
