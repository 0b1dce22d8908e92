package io.github.ccrhil.modbus.tcp;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/** A token bucket: {@code perSecond} requests a second, bursts of as many. Not thread-safe (one per connection). */
final class RequestRate {

    private final int perSecond;
    private final LongSupplier nanoTime;
    private final long nanosPerToken;
    private double tokens;
    private long last;

    RequestRate(int perSecond, LongSupplier nanoTime) {
        this.perSecond = perSecond;
        this.nanoTime = nanoTime;
        this.nanosPerToken = perSecond == 0 ? 0 : 1_000_000_000L / perSecond;
        this.tokens = perSecond;
        this.last = nanoTime.getAsLong();
    }

    /** Takes a token if one is there. */
    boolean tryTake() {
        if (perSecond == 0) {
            return true;
        }
        long now = nanoTime.getAsLong();
        tokens = Math.min(perSecond, tokens + (now - last) / (double) nanosPerToken);
        last = now;
        if (tokens >= 1.0) {
            tokens -= 1.0;
            return true;
        }
        return false;
    }

    /**
     * Waits until a token is there (parking, not spinning) or {@code stop} says so.
     *
     * @return whether it had to wait
     */
    boolean take(BooleanSupplier stop) {
        boolean waited = false;
        while (!tryTake()) {
            if (stop.getAsBoolean()) {
                return waited;
            }
            waited = true;
            LockSupport.parkNanos(nanosPerToken);
        }
        return waited;
    }
}
