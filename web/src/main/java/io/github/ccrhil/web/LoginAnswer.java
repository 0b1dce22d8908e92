package io.github.ccrhil.web;

import java.util.Objects;

/**
 * A server's answer to a page's login with a token, asked from a client address: the page learns
 * who the token is, that the server does not know it, or that the address has failed too often
 * and must wait (the same limit as the API's own logins, so a form is no way around it).
 */
public sealed interface LoginAnswer {

    /** The token is a user: {@code me} is {@code GET /api/me}'s JSON body (user and role). */
    record Known(String me) implements LoginAnswer {
        public Known {
            Objects.requireNonNull(me, "me");
        }
    }

    /** The server knows no such token (counted as a failed login from the address). */
    record Unknown() implements LoginAnswer {
    }

    /**
     * The address has failed too often: refused without looking at the token.
     *
     * @param retryAfterSeconds whole seconds to wait (a Retry-After header), at least 1
     */
    record TooManyFailures(long retryAfterSeconds) implements LoginAnswer {
        public TooManyFailures {
            if (retryAfterSeconds < 1) {
                throw new IllegalArgumentException("retryAfterSeconds must be at least 1, was " + retryAfterSeconds);
            }
        }
    }
}
