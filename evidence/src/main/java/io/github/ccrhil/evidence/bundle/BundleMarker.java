package io.github.ccrhil.evidence.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@value #FILE}: which kind of bundle a folder is ("ccr-acceptance", "ccr-campaign",
 * "water-acceptance") and in which format version, so {@code verify-bundle} knows how to
 * re-derive its verdicts without guessing from the files present.
 *
 * @param kind the kind's name, see {@link BundleKind#kind()}
 * @param formatVersion the kind's format version, from 1
 */
public record BundleMarker(String kind, int formatVersion) {

    public static final String FILE = "bundle.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public BundleMarker {
        Objects.requireNonNull(kind, "kind");
        if (!kind.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
            throw new IllegalArgumentException("bundle kind must be lower-case words joined by '-', was " + kind);
        }
        if (formatVersion < 1) {
            throw new IllegalArgumentException("format version starts at 1, was " + formatVersion);
        }
    }

    public void write(Path bundle) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("kind", kind);
        root.put("formatVersion", formatVersion);
        JSON.writeValue(bundle.resolve(FILE).toFile(), root);
    }

    /** The bundle's marker; empty for a bundle written before markers existed. */
    public static Optional<BundleMarker> read(Path bundle) throws IOException {
        Path f = bundle.resolve(FILE);
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        JsonNode root = JSON.readTree(f.toFile());
        if (root == null || !root.path("kind").isTextual() || !root.path("formatVersion").canConvertToInt()) {
            throw new IOException(FILE + ": needs a text \"kind\" and an integer \"formatVersion\"");
        }
        try {
            return Optional.of(new BundleMarker(root.get("kind").asText(), root.get("formatVersion").asInt()));
        } catch (IllegalArgumentException e) {
            throw new IOException(FILE + ": " + e.getMessage(), e);
        }
    }
}
