package io.github.ccrhil.evidence.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.ccrhil.evidence.bundle.BundleFiles;
import io.github.ccrhil.evidence.bundle.Manifest;
import io.github.ccrhil.evidence.bundle.Results;
import io.github.ccrhil.evidence.yaml.ConfigException;
import io.github.ccrhil.evidence.yaml.YamlNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Coverage-guided fuzz tests of the evidence core's parsers: YAML (every plan, scenario and
 * profile goes through it) and the bundle files a reviewer's tool reads back (manifest, results).
 * A hostile file gets a typed exception with a message, never anything else.
 */
class EvidenceParsersFuzzTest {

    private static final Path BUNDLE;

    static {
        try {
            BUNDLE = Files.createTempDirectory("fuzz-bundle");
            BUNDLE.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "60s")
    void yaml(String text) {
        if (text == null) {
            return; // the regression run's first input
        }
        try {
            YamlNode.parse("fuzz.yaml", text);
        } catch (ConfigException e) {
            assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
        }
    }

    @FuzzTest(maxDuration = "60s")
    void manifest(byte[] content) throws IOException {
        if (content == null) {
            return;
        }
        Files.write(BUNDLE.resolve(Manifest.FILE), content);
        try {
            Manifest.read(BUNDLE);
        } catch (IOException e) {
            assertTrue(e.getMessage() != null);
        }
    }

    @FuzzTest(maxDuration = "60s")
    void results(byte[] content) throws IOException {
        if (content == null) {
            return;
        }
        Files.write(BUNDLE.resolve(BundleFiles.RESULTS), content);
        try {
            Results.readVerdicts(BUNDLE);
        } catch (IOException e) {
            assertTrue(e.getMessage() != null);
        }
    }
}
