package io.github.ccrhil.ccr.firmware.fake;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** An InstantSource the test advances by hand. */
public final class FakeClock implements InstantSource {

    private Instant now;

    public FakeClock(Instant start) {
        this.now = start;
    }

    public FakeClock() {
        this(Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Override
    public Instant instant() {
        return now;
    }

    public void advance(Duration d) {
        now = now.plus(d);
    }
}
