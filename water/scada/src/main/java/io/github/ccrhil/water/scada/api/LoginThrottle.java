package io.github.ccrhil.water.scada.api;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The API's limit on failed logins (IEC 62443-4-2 CR 1.11, unsuccessful login attempts: a
 * configurable number within a configurable time). A request carrying a bearer token the server
 * does not know is a failed login, counted by the client's address; once an address has
 * {@code maxFailures} failures within the last {@code window}, every request from it that needs a
 * user is answered 429 with {@code Retry-After} until the oldest of them leaves the window, a
 * right token included (else the limit would tell a guesser when it was right). Other addresses
 * are not affected, so a guesser cannot lock the operator out; nor is the address itself after
 * the window. Addresses are counted, not user names: a bearer token names no user until it is
 * right.
 */
public final class LoginThrottle {

    /**
     * @param maxFailures failed logins an address may make within {@code window}; 0 turns the limit off
     * @param window      the sliding window they are counted over
     */
    public record Settings(int maxFailures, Duration window) {
        public Settings {
            Objects.requireNonNull(window, "window");
            if (maxFailures < 0 || maxFailures > 1_000_000) {
                throw new IllegalArgumentException("maxFailures must be 0 (off) .. 1000000, was " + maxFailures);
            }
            if (window.isNegative() || window.isZero() || window.compareTo(Duration.ofDays(1)) > 0) {
                throw new IllegalArgumentException("window must be more than 0 and at most a day, was " + window);
            }
        }

        /** The default: 10 failed logins per address per minute. */
        public static final Settings DEFAULT = new Settings(10, Duration.ofMinutes(1));

        /** No limit (a server without one: the acceptance suite's defective variant). */
        public static final Settings OFF = new Settings(0, Duration.ofMinutes(1));

        public boolean off() {
            return maxFailures == 0;
        }
    }

    /** Addresses remembered at most (their oldest dropped first), so a flood of addresses cannot fill the memory. */
    static final int MAX_ADDRESSES = 10_000;

    private final Settings settings;
    private final InstantSource clock;
    private final Map<String, Deque<Instant>> failures = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<Instant>> eldest) {
            return size() > MAX_ADDRESSES;
        }
    };
    private long throttled;

    public LoginThrottle(Settings settings, InstantSource clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Settings settings() {
        return settings;
    }

    /** How long {@code address} must wait before its next request is looked at, or empty when it may go on. */
    public synchronized Optional<Duration> blocked(String address) {
        if (settings.off()) {
            return Optional.empty();
        }
        Deque<Instant> d = failures.get(address);
        if (d == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        expire(d, now);
        if (d.isEmpty()) {
            failures.remove(address);
            return Optional.empty();
        }
        if (d.size() < settings.maxFailures()) {
            return Optional.empty();
        }
        throttled++;
        return Optional.of(Duration.between(now, d.peekFirst().plus(settings.window())));
    }

    /**
     * Counts a failed login from {@code address}.
     *
     * @return true when this failure reached the limit (the address is refused from now on, for a while)
     */
    public synchronized boolean failed(String address) {
        if (settings.off()) {
            return false;
        }
        Instant now = clock.instant();
        Deque<Instant> d = failures.computeIfAbsent(address, a -> new ArrayDeque<>());
        expire(d, now);
        d.addLast(now);
        while (d.size() > settings.maxFailures()) {
            d.removeFirst();
        }
        return d.size() == settings.maxFailures();
    }

    /** Requests refused so far because their address was over the limit. */
    public synchronized long throttled() {
        return throttled;
    }

    private void expire(Deque<Instant> d, Instant now) {
        while (!d.isEmpty() && !d.peekFirst().plus(settings.window()).isAfter(now)) {
            d.removeFirst();
        }
    }

    /** Whole seconds to wait, rounded up, at least 1: the value of a Retry-After header. */
    public static long retryAfterSeconds(Duration wait) {
        long s = (wait.toMillis() + 999) / 1000;
        return Math.max(1, s);
    }
}
