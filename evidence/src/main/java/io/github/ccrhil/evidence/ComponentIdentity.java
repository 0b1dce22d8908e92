package io.github.ccrhil.evidence;

import java.util.Objects;

/**
 * One component of the equipment under test, as every report must state it: the CCR's control
 * board, display panel and current-control software; the water supervisory server, its operating
 * system, middleware and application.
 *
 * @param component what the component is, e.g. "control board", "os", "middleware"
 * @param model its model designation or name
 * @param revision its hardware revision or software version
 * @param sha256 lowercase hex SHA-256 of its software image (or of the files it is made of);
 *     {@value #UNBUILT} for software not yet built; {@code "n/a"}, optionally followed by the
 *     reason in brackets ({@code "n/a (no /etc/os-release)"}), where there is nothing to hash
 */
public record ComponentIdentity(String component, String model, String revision, String sha256) {

    public static final String UNBUILT = "unbuilt";
    public static final String NOT_APPLICABLE = "n/a";

    public ComponentIdentity {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(revision, "revision");
        Objects.requireNonNull(sha256, "sha256");
        if (!sha256.equals(UNBUILT) && !sha256.equals(NOT_APPLICABLE) && !sha256.matches("n/a \\(.*\\)")
                && !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("sha256 must be 64 lowercase hex digits, \"unbuilt\", \"n/a\" or"
                    + " \"n/a (reason)\", was " + sha256);
        }
    }
}
