package io.github.ccrhil.modbus.server;

import java.util.concurrent.atomic.AtomicLong;

/** Diagnostic counters of one server; thread-safe. Every dropped frame is counted here. */
public final class ServerCounters {

    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong normalResponses = new AtomicLong();
    private final AtomicLong exceptionResponses = new AtomicLong();
    private final AtomicLong crcErrors = new AtomicLong();
    private final AtomicLong oversizedFrames = new AtomicLong();
    private final AtomicLong truncatedFrames = new AtomicLong();
    private final AtomicLong malformedFrames = new AtomicLong();
    private final AtomicLong otherUnit = new AtomicLong();
    private final AtomicLong broadcasts = new AtomicLong();
    private final AtomicLong deviceFailures = new AtomicLong();
    private final AtomicLong connectionsRefused = new AtomicLong();
    private final AtomicLong connectionsNotAllowed = new AtomicLong();
    private final AtomicLong connectionsTimedOut = new AtomicLong();
    private final AtomicLong connectionsReclaimed = new AtomicLong();
    private final AtomicLong requestsThrottled = new AtomicLong();
    private final AtomicLong tlsHandshakesFailed = new AtomicLong();
    private final AtomicLong requestsNotAuthorised = new AtomicLong();

    /**
     * A consistent-enough copy for reports and tests.
     *
     * @param requests frames that reached the device logic (valid framing, our unit or broadcast)
     * @param normalResponses answers that were not exceptions
     * @param exceptionResponses exception answers (01..04)
     * @param crcErrors RTU frames dropped for a bad CRC
     * @param oversizedFrames frames dropped for exceeding the ADU/PDU size
     * @param truncatedFrames RTU frames cut short by a silence, TCP frames cut short by the peer
     * @param malformedFrames frames dropped for a malformed header (e.g. MBAP protocol id), and
     *        frames whose function byte has the high bit set (the shape of an exception answer,
     *        not a request: dropped, never answered)
     * @param otherUnit frames for another unit id, ignored
     * @param broadcasts unit-0 requests executed without an answer
     * @param deviceFailures handler crashes answered 04
     * @param connectionsRefused TCP connections closed at once because the server had its maximum
     * @param connectionsNotAllowed TCP connections closed at once because the client's address is
     *        not on the allowlist
     * @param connectionsTimedOut TCP connections closed for being idle too long, or for a frame
     *        not completed within the frame timeout
     * @param connectionsReclaimed idle TCP connections closed to make room for a new client
     * @param requestsThrottled requests held back by the per-connection rate limit
     * @param tlsHandshakesFailed Modbus/TCP Security connections refused at the TLS handshake (no
     *        client certificate, an unknown CA, a protocol below TLS 1.2, no handshake in time)
     * @param requestsNotAuthorised requests outside the client role's rights, answered 01
     */
    public record Snapshot(long requests, long normalResponses, long exceptionResponses, long crcErrors,
                           long oversizedFrames, long truncatedFrames, long malformedFrames, long otherUnit,
                           long broadcasts, long deviceFailures, long connectionsRefused, long connectionsNotAllowed,
                           long connectionsTimedOut, long connectionsReclaimed, long requestsThrottled,
                           long tlsHandshakesFailed, long requestsNotAuthorised) {

        /** All frames dropped without being acted on. */
        public long droppedFrames() {
            return crcErrors + oversizedFrames + truncatedFrames + malformedFrames;
        }
    }

    /** Counts one more of {@link Snapshot#requests()}. */
    public void countRequests() {
        requests.incrementAndGet();
    }

    /** Counts one more of {@link Snapshot#normalResponses()}. */
    public void countNormalResponses() {
        normalResponses.incrementAndGet();
    }

    /** Counts one more of {@link Snapshot#exceptionResponses()}. */
    public void countExceptionResponses() {
        exceptionResponses.incrementAndGet();
    }

    /** Counts one more of {@link Snapshot#crcErrors()}. */
    public void countCrcErrors() {
        crcErrors.incrementAndGet();
    }

    /** Counts one more of {@link Snapshot#oversizedFrames()}. */
    public void countOversizedFrames() {
        oversizedFrames.incrementAndGet();
    }

    /** Counts one more of {@link Snapshot#truncatedFrames()}. */
    public void countTruncatedFrames() {
        truncatedFrames.incrementAndGet();
    }

    /** Counts one more of {@link Snapshot#malformedFrames()}. */
    public void countMalformedFrames() {
        malformedFrames.incrementAndGet();
    }

    /** Counts one more of {@link Snapshot#otherUnit()}. */
    public void countOtherUnit() {
        otherUnit.incrementAndGet();
    }

    /** Counts one more of {@link Snapshot#broadcasts()}. */
    public void countBroadcasts() {
        broadcasts.incrementAndGet();
    }

    /** Counts one more of {@link Snapshot#deviceFailures()}. */
    public void countDeviceFailures() {
        deviceFailures.incrementAndGet();
    }

    /** Counts one more of {@link Snapshot#connectionsRefused()}. */
    public void countConnectionsRefused() {
        connectionsRefused.incrementAndGet();
    }

    /** Counts one more of {@link Snapshot#connectionsNotAllowed()}. */
    public void countConnectionsNotAllowed() {
        connectionsNotAllowed.incrementAndGet();
    }

    /** Counts one more of {@link Snapshot#connectionsTimedOut()}. */
    public void countConnectionsTimedOut() {
        connectionsTimedOut.incrementAndGet();
    }

    /** Counts one more of {@link Snapshot#connectionsReclaimed()}. */
    public void countConnectionsReclaimed() {
        connectionsReclaimed.incrementAndGet();
    }

    /** Counts one more of {@link Snapshot#requestsThrottled()}. */
    public void countRequestsThrottled() {
        requestsThrottled.incrementAndGet();
    }

    /** Counts one more of {@link Snapshot#tlsHandshakesFailed()}. */
    public void countTlsHandshakesFailed() {
        tlsHandshakesFailed.incrementAndGet();
    }

    /** Counts one more of {@link Snapshot#requestsNotAuthorised()}. */
    public void countRequestsNotAuthorised() {
        requestsNotAuthorised.incrementAndGet();
    }

    public Snapshot snapshot() {
        return new Snapshot(requests.get(), normalResponses.get(), exceptionResponses.get(), crcErrors.get(),
                oversizedFrames.get(), truncatedFrames.get(), malformedFrames.get(), otherUnit.get(),
                broadcasts.get(), deviceFailures.get(), connectionsRefused.get(), connectionsNotAllowed.get(),
                connectionsTimedOut.get(), connectionsReclaimed.get(), requestsThrottled.get(),
                tlsHandshakesFailed.get(), requestsNotAuthorised.get());
    }
}
