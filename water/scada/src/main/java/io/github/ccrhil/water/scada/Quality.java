package io.github.ccrhil.water.scada;

/**
 * Quality of a scanned value: GOOD (read this cycle), STALE (this cycle's read failed, the value
 * is the last good one), COMM_FAIL (the link is declared failed after consecutive failures; the
 * value is the last good one, or NaN if there never was one).
 */
public enum Quality { GOOD, STALE, COMM_FAIL }
