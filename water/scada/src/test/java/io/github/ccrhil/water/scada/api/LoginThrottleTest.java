package io.github.ccrhil.water.scada.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.evidence.time.SimulatedClock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Failed logins limited per address within a window (IEC 62443-4-2 CR 1.11). */
class LoginThrottleTest {

    final SimulatedClock clock = new SimulatedClock();
    final LoginThrottle t = new LoginThrottle(new LoginThrottle.Settings(3, Duration.ofSeconds(60)), clock);

    @Test
    void anAddressWithThreeFailuresInAMinuteIsRefusedUntilTheFirstLeavesTheWindow() {
        assertFalse(t.failed("10.0.0.9"));
        clock.advance(Duration.ofSeconds(10));
        assertFalse(t.failed("10.0.0.9"));
        assertEquals(Optional.empty(), t.blocked("10.0.0.9"), "two failures: still allowed");
        clock.advance(Duration.ofSeconds(10));
        assertTrue(t.failed("10.0.0.9"), "the third reaches the limit");
        assertEquals(Optional.of(Duration.ofSeconds(40)), t.blocked("10.0.0.9"), "until the first failure is a minute old");
        clock.advance(Duration.ofSeconds(39));
        assertTrue(t.blocked("10.0.0.9").isPresent());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(Optional.empty(), t.blocked("10.0.0.9"), "served again once the window has passed");
        assertEquals(2, t.throttled());
    }

    @Test
    void anotherAddressIsNeverLockedOutByAGuesser() {
        for (int i = 0; i < 100; i++) {
            t.failed("10.0.0.66");
        }
        assertTrue(t.blocked("10.0.0.66").isPresent());
        assertEquals(Optional.empty(), t.blocked("10.0.0.7"));
    }

    @Test
    void aGuesserKeepsItselfOutOnlyAsLongAsItKeepsFailingWithinTheWindow() {
        for (int i = 0; i < 5; i++) {
            t.failed("10.0.0.66");
            clock.advance(Duration.ofSeconds(10));
        }
        // five failures at 0..40 s, all in the window at 50 s: refused until the third newest (20 s) is a minute old, 80 s
        assertEquals(Optional.of(Duration.ofSeconds(30)), t.blocked("10.0.0.66"));
    }

    @Test
    void offNeverRefusesAndBadSettingsAreRefused() {
        LoginThrottle off = new LoginThrottle(LoginThrottle.Settings.OFF, clock);
        for (int i = 0; i < 1000; i++) {
            assertFalse(off.failed("10.0.0.66"));
        }
        assertEquals(Optional.empty(), off.blocked("10.0.0.66"));
        assertThrows(IllegalArgumentException.class, () -> new LoginThrottle.Settings(-1, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new LoginThrottle.Settings(3, Duration.ZERO));
        assertEquals(1, LoginThrottle.retryAfterSeconds(Duration.ofMillis(1)));
        assertEquals(40, LoginThrottle.retryAfterSeconds(Duration.ofMillis(39_001)));
    }

    @Test
    void aFloodOfAddressesIsRememberedOnlyUpToItsBound() {
        for (int i = 0; i < LoginThrottle.MAX_ADDRESSES + 10; i++) {
            t.failed("addr-" + i);
            t.failed("addr-" + i);
            t.failed("addr-" + i);
        }
        assertEquals(Optional.empty(), t.blocked("addr-0"), "the oldest was dropped");
        assertTrue(t.blocked("addr-" + (LoginThrottle.MAX_ADDRESSES + 9)).isPresent());
    }
}
