package io.github.ccrhil.web;

import io.javalin.http.Context;
import java.util.Optional;

/**
 * The bearer token a request acts with: its own {@code Authorization: Bearer} header (an API
 * client), or the token a session layer in front (a page's login) assigned to it. One place where
 * an API on this server learns who is asking.
 */
public final class Bearer {

    private static final String ATTRIBUTE = "io.github.ccrhil.web.bearer";

    private Bearer() {
    }

    /** The request's token: its Authorization header first, else what a session layer assigned. */
    public static Optional<String> of(Context ctx) {
        String h = ctx.header("Authorization");
        if (h != null && h.startsWith("Bearer ")) {
            return Optional.of(h.substring(7).trim());
        }
        return Optional.ofNullable(ctx.attribute(ATTRIBUTE));
    }

    /** True when the request carries its own Authorization header. */
    public static boolean sentByClient(Context ctx) {
        return ctx.header("Authorization") != null;
    }

    /** Lets this request act with {@code token} (for a session layer that holds the token server-side). */
    public static void assign(Context ctx, String token) {
        ctx.attribute(ATTRIBUTE, token);
    }
}
