package io.github.ccrhil.water.scada.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * An API user: name, role and the SHA-256 of their bearer token (the token itself is never stored).
 */
public record User(String name, Role role, String tokenSha256) {
    public User {
        if (name == null || !name.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new IllegalArgumentException("user name must be 1-64 letters, digits, '_', '.', '-', was " + name);
        }
        if (role == null) {
            throw new IllegalArgumentException("user " + name + ": role missing");
        }
        if (tokenSha256 == null || !tokenSha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("user " + name + ": tokenSha256 must be 64 lowercase hex digits");
        }
    }

    /** A user whose token is {@code token} (hashed here). */
    public static User withToken(String name, Role role, String token) {
        if (token == null || token.length() < 16) {
            throw new IllegalArgumentException("user " + name + ": token must have at least 16 characters");
        }
        return new User(name, role, sha256(token));
    }

    public static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JVM", e);
        }
    }

    /** Constant-time check of a presented token. */
    public boolean matches(String token) {
        return token != null && MessageDigest.isEqual(sha256(token).getBytes(StandardCharsets.US_ASCII),
                tokenSha256.getBytes(StandardCharsets.US_ASCII));
    }
}
