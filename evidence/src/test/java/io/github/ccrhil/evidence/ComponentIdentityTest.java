package io.github.ccrhil.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A component's identity states a real SHA-256, or says plainly that there is none. */
class ComponentIdentityTest {

    @ParameterizedTest
    @ValueSource(strings = {"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "unbuilt", "n/a",
            "n/a (no /etc/os-release)"})
    void aHashUnbuiltOrNotApplicableWithItsReasonIsAccepted(String sha256) {
        assertEquals(sha256, new ComponentIdentity("os", "Linux amd64", "6.1", sha256).sha256());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ab", "", "0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF", "n/a because",
            "unknown"})
    void anythingElseIsRefused(String sha256) {
        assertThrows(IllegalArgumentException.class, () -> new ComponentIdentity("control board", "model", "rev A", sha256));
    }

    @org.junit.jupiter.api.Test
    void everyFieldIsRequired() {
        assertThrows(NullPointerException.class, () -> new ComponentIdentity(null, "m", "r", "n/a"));
        assertThrows(NullPointerException.class, () -> new ComponentIdentity("c", null, "r", "n/a"));
        assertThrows(NullPointerException.class, () -> new ComponentIdentity("c", "m", null, "n/a"));
        assertThrows(NullPointerException.class, () -> new ComponentIdentity("c", "m", "r", null));
    }
}
