package io.github.ccrhil.ccr.verify.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.ccrhil.ccr.verify.accept.plan.PlanReader;
import io.github.ccrhil.evidence.yaml.ConfigException;

/** Coverage-guided fuzz test of the acceptance-plan parser: a hostile plan gets a ConfigException, never anything else. */
class PlanReaderFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void plans(String text) {
        if (text == null) {
            return; // the regression run's first input
        }
        try {
            PlanReader.read("fuzz.yaml", text);
        } catch (ConfigException e) {
            assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
        }
    }
}
