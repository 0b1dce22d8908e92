package io.github.ccrhil.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * The CycloneDX SBOM the cli build packs into ccr-hil.jar ({@code cyclonedx-maven-plugin},
 * cli/pom.xml): every library of the application with the SHA-256 of its own jar, although the
 * shaded jar merges them. The CCR verifier and the water supervisory application are both run from
 * that jar, so both name their parts from it.
 */
public final class Sbom {

    /** Where the cli build puts the SBOM, as a class-path resource. */
    public static final String RESOURCE = "/META-INF/sbom/ccr-hil.cdx.json";

    /** Why there is no SBOM when this code does not run from the built ccr-hil jar (or an offline build made none). */
    public static final String ABSENT = "n/a (not run from the built ccr-hil jar, which carries " + RESOURCE.substring(1) + ")";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One library as the SBOM lists it. */
    public record Component(String group, String name, String version, String sha256) { }

    private Sbom() { }

    /** The SBOM of the running build's jar, or empty when it carries none. */
    public static Optional<byte[]> ofThisBuild() {
        try (InputStream in = Sbom.class.getResourceAsStream(RESOURCE)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The library {@code group:name} as a CycloneDX JSON SBOM lists it (its SHA-256 "" when it
     * lists none); empty when not listed.
     *
     * @throws IOException when {@code sbom} is not JSON
     */
    public static Optional<Component> component(byte[] sbom, String group, String name) throws IOException {
        JsonNode root = JSON.readTree(sbom);
        for (JsonNode c : root.path("components")) {
            if (c.path("group").asText().equals(group) && c.path("name").asText().equals(name)) {
                String sha = "";
                for (JsonNode h : c.path("hashes")) {
                    if (h.path("alg").asText().equals("SHA-256")) {
                        sha = h.path("content").asText();
                    }
                }
                return Optional.of(new Component(group, name, c.path("version").asText(), sha));
            }
        }
        return Optional.empty();
    }
}
