package io.github.ccrhil.web;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Browser sessions of a page: a random token per page load, valid until idle for
 * {@code idleTimeout}, and one-time submission ids so that a form sent twice acts once.
 */
public final class Sessions {

    /** What a token turned out to be. */
    public sealed interface Check {
        record Valid() implements Check { }

        /** Known, but idle for longer than the timeout: the page must be reloaded. */
        record Expired(Duration idle) implements Check { }

        record Unknown() implements Check { }
    }

    /** Submission ids remembered per session. */
    static final int REMEMBERED_SUBMISSIONS = 512;

    private final InstantSource clock;
    private final Duration idleTimeout;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    public Sessions(InstantSource clock, Duration idleTimeout) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.idleTimeout = Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("session idle timeout must be positive, was " + idleTimeout);
        }
    }

    /** Opens a session and returns its token. */
    public String open() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        String token = HexFormat.of().formatHex(b);
        Instant now = clock.instant();
        sessions.values().removeIf(s -> s.lastUse.plus(idleTimeout.multipliedBy(10)).isBefore(now));
        sessions.put(token, new Session(now));
        return token;
    }

    /** Checks a token and, when valid, counts this as use (the idle time starts again). */
    public Check touch(String token) {
        Session s = token == null ? null : sessions.get(token);
        if (s == null) {
            return new Check.Unknown();
        }
        synchronized (s) {
            Instant now = clock.instant();
            Duration idle = Duration.between(s.lastUse, now);
            if (s.expired || idle.compareTo(idleTimeout) > 0) {
                s.expired = true;
                return new Check.Expired(idle);
            }
            s.lastUse = now;
            return new Check.Valid();
        }
    }

    /**
     * True the first time {@code submissionId} is presented for this session, false on every
     * repeat (a double submit). Unknown sessions give false.
     */
    public boolean firstSubmission(String token, String submissionId) {
        Session s = token == null ? null : sessions.get(token);
        if (s == null || submissionId == null || submissionId.isBlank()) {
            return false;
        }
        synchronized (s) {
            if (s.submissions.contains(submissionId)) {
                return false;
            }
            if (s.submissions.size() == REMEMBERED_SUBMISSIONS) {
                s.submissions.remove(s.submissions.iterator().next());
            }
            s.submissions.add(submissionId);
            return true;
        }
    }

    public Duration idleTimeout() {
        return idleTimeout;
    }

    private static final class Session {
        Instant lastUse;
        boolean expired;
        final LinkedHashSet<String> submissions = new LinkedHashSet<>();

        Session(Instant created) {
            this.lastUse = created;
        }
    }
}
