package io.github.ccrhil.ccr.emulator.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.ccrhil.ccr.emulator.scenario.ScenarioReader;
import io.github.ccrhil.evidence.yaml.ConfigException;

/** Coverage-guided fuzz test of the scenario parser: a hostile file gets a ConfigException, never anything else. */
class ScenarioReaderFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void scenarios(String text) {
        if (text == null) {
            return; // the regression run's first input
        }
        try {
            ScenarioReader.read("fuzz.yaml", text);
        } catch (ConfigException e) {
            assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
        }
    }
}
