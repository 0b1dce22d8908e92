package io.github.ccrhil.evidence;

import java.util.Objects;

/**
 * Where a number comes from. A limit whose governing document could not be read is a
 * {@link #isDefault() default}: still named and overridable, and reported as such.
 *
 * @param source the document and clause, e.g. "UFC 3-535-01 §14-7.1", or for a default the
 *     reason it is one
 * @param isDefault true when no governing document was read for it
 */
public record Provenance(String source, boolean isDefault) {

    public Provenance {
        Objects.requireNonNull(source, "source");
        if (source.isBlank()) {
            throw new IllegalArgumentException("provenance source must not be blank");
        }
    }

    public static Provenance of(String source) {
        return new Provenance(source, false);
    }

    public static Provenance defaultValue(String why) {
        return new Provenance(why, true);
    }

    @Override
    public String toString() {
        return isDefault ? "default (" + source + ")" : source;
    }
}
