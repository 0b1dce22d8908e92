package io.github.ccrhil.ccr.firmware.board;

import java.util.Objects;

/**
 * Identity of one component of the designated equipment, as a report must state it.
 *
 * @param componentName e.g. "control board"
 * @param model model designation
 * @param revision hardware revision or software version
 * @param sha256 lowercase hex SHA-256 of the software image, or "unbuilt"/"n/a"
 */
public record ComponentIdentity(String componentName, String model, String revision, String sha256) {

    public static final String UNBUILT = "unbuilt";

    public ComponentIdentity {
        Objects.requireNonNull(componentName, "componentName");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(revision, "revision");
        Objects.requireNonNull(sha256, "sha256");
        if (!sha256.equals(UNBUILT) && !sha256.equals("n/a") && !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("sha256 must be 64 lowercase hex digits, \"unbuilt\" or \"n/a\", was " + sha256);
        }
    }
}
