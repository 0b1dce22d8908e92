package io.github.ccrhil.hil.link.server;

import java.util.concurrent.atomic.AtomicLong;

/** Diagnostic counters of one server; thread-safe. Every dropped frame is counted here. */
public final class ServerCounters {

    final AtomicLong requests = new AtomicLong();
    final AtomicLong normalResponses = new AtomicLong();
    final AtomicLong exceptionResponses = new AtomicLong();
    final AtomicLong crcErrors = new AtomicLong();
    final AtomicLong oversizedFrames = new AtomicLong();
    final AtomicLong truncatedFrames = new AtomicLong();
    final AtomicLong malformedFrames = new AtomicLong();
    final AtomicLong otherUnit = new AtomicLong();
    final AtomicLong broadcasts = new AtomicLong();
    final AtomicLong deviceFailures = new AtomicLong();
    final AtomicLong connectionsRefused = new AtomicLong();

    /**
     * A consistent-enough copy for reports and tests.
     *
     * @param requests frames that reached the device logic (valid framing, our unit or broadcast)
     * @param normalResponses answers that were not exceptions
     * @param exceptionResponses exception answers (01..04)
     * @param crcErrors RTU frames dropped for a bad CRC
     * @param oversizedFrames frames dropped for exceeding the ADU/PDU size
     * @param truncatedFrames RTU frames cut short by a silence, TCP frames cut short by the peer
     * @param malformedFrames frames dropped for a malformed header (e.g. MBAP protocol id)
     * @param otherUnit frames for another unit id, ignored
     * @param broadcasts unit-0 requests executed without an answer
     * @param deviceFailures handler crashes answered 04
     * @param connectionsRefused TCP connections closed at once because the server had its maximum
     */
    public record Snapshot(long requests, long normalResponses, long exceptionResponses, long crcErrors,
                           long oversizedFrames, long truncatedFrames, long malformedFrames, long otherUnit,
                           long broadcasts, long deviceFailures, long connectionsRefused) {

        /** All frames dropped without being acted on. */
        public long droppedFrames() {
            return crcErrors + oversizedFrames + truncatedFrames + malformedFrames;
        }
    }

    public Snapshot snapshot() {
        return new Snapshot(requests.get(), normalResponses.get(), exceptionResponses.get(), crcErrors.get(),
                oversizedFrames.get(), truncatedFrames.get(), malformedFrames.get(), otherUnit.get(),
                broadcasts.get(), deviceFailures.get(), connectionsRefused.get());
    }
}
