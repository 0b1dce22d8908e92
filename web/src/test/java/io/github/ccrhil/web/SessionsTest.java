package io.github.ccrhil.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SessionsTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-04T10:00:00Z"));
    private final InstantSource clock = now::get;
    private final Sessions sessions = new Sessions(clock, Duration.ofMinutes(15));

    @Test
    void aSessionStaysValidWhileUsedAndExpiresWhenIdleLongerThanTheTimeout() {
        String token = sessions.open();
        now.set(now.get().plus(Duration.ofMinutes(14)));
        assertInstanceOf(Sessions.Check.Valid.class, sessions.touch(token));
        now.set(now.get().plus(Duration.ofMinutes(14)));
        assertInstanceOf(Sessions.Check.Valid.class, sessions.touch(token), "use restarts the idle time");
        now.set(now.get().plus(Duration.ofMinutes(15).plusSeconds(1)));
        Sessions.Check c = sessions.touch(token);
        assertEquals(new Sessions.Check.Expired(Duration.ofMinutes(15).plusSeconds(1)), c);
        now.set(now.get().plusSeconds(1));
        assertInstanceOf(Sessions.Check.Expired.class, sessions.touch(token), "an expired session stays expired");
    }

    @Test
    void anUnknownOrMissingTokenIsNotASession() {
        assertInstanceOf(Sessions.Check.Unknown.class, sessions.touch("00"));
        assertInstanceOf(Sessions.Check.Unknown.class, sessions.touch(null));
    }

    @Test
    void eachPageLoadGetsItsOwnToken() {
        assertNotEquals(sessions.open(), sessions.open());
    }

    @Test
    void aSubmissionActsOnceAndItsRepeatIsRecognised() {
        String token = sessions.open();
        assertTrue(sessions.firstSubmission(token, "a1"));
        assertFalse(sessions.firstSubmission(token, "a1"), "double submit");
        assertTrue(sessions.firstSubmission(token, "a2"));
        assertFalse(sessions.firstSubmission(token, ""), "a blank id is never a first submission");
        assertFalse(sessions.firstSubmission("unknown", "a3"));
    }
}
