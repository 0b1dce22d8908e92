package io.github.ccrhil.ccr.firmware.board;

import java.time.Instant;
import java.util.Objects;

/** One event-log entry; {@code sequence} counts from 1 and never repeats, even after drops. */
public record Event(long sequence, Instant timestamp, EventKind kind, String detail) {
    public Event {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(detail, "detail");
    }
}
