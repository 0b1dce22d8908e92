package io.github.ccrhil.water.scada;

import java.time.Instant;

/**
 * One scanned value of one point.
 *
 * @param tag     PLC name + "." + point name, e.g. "CHLOR.cw_chlorine"
 * @param time    the scan cycle's time (injected clock)
 * @param value   engineering value (NaN if never read)
 * @param quality its quality flag
 */
public record Sample(String tag, Instant time, double value, Quality quality) {
    public Sample {
        if (tag == null || tag.isBlank()) {
            throw new IllegalArgumentException("sample tag must not be blank");
        }
        if (time == null || quality == null) {
            throw new IllegalArgumentException("sample " + tag + ": time and quality are required");
        }
    }
}
