package io.github.ccrhil.water.verify.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.ccrhil.evidence.yaml.ConfigException;
import io.github.ccrhil.water.verify.accept.WaterPlan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Coverage-guided fuzz test of the water acceptance plan's parser (a bundle's {@code
 * water-plan.yaml}, which verify-bundle reads back): a hostile file gets a ConfigException with a
 * message, never anything else.
 */
class WaterPlanFuzzTest {

    private static final Path DIR;

    static {
        try {
            DIR = Files.createTempDirectory("fuzz-water-plan");
            DIR.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "60s")
    void plans(byte[] content) throws IOException {
        if (content == null) {
            return; // the regression run's first input
        }
        Path file = DIR.resolve(WaterPlan.FILE);
        Files.write(file, content);
        try {
            WaterPlan.read(file);
        } catch (ConfigException e) {
            assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
        }
    }
}
