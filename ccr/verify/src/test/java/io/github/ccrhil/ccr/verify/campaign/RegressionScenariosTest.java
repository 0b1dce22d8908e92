package io.github.ccrhil.ccr.verify.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.ccr.emulator.scenario.ScenarioReader;
import io.github.ccrhil.evidence.Outcome;
import io.github.ccrhil.evidence.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Shrunk counterexamples that campaigns found against earlier firmware, kept as scenario files
 * under {@code src/test/resources/campaign-regressions/} (each file's header says what failed
 * and with which campaign seed). Every property must pass on each of them now.
 */
class RegressionScenariosTest {

    static final Path FOLDER = Path.of("src", "test", "resources", "campaign-regressions");

    static Stream<Path> scenarios() throws IOException {
        try (Stream<Path> files = Files.list(FOLDER)) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @Test
    void theRegressionFolderHoldsTheCounterexamples() throws IOException {
        assertTrue(scenarios().count() >= 10, "regression scenarios in " + FOLDER.toAbsolutePath());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void aCounterexampleFoundBeforeNowPassesEveryProperty(Path file) throws Exception {
        CaseRunner.Result r = CaseRunner.run(ScenarioReader.read(file));
        List<Verdict> failing = r.verdicts().stream().filter(v -> v.outcome() == Outcome.FAIL).toList();
        assertEquals(List.of(), failing, file + ": replay with java -jar cli/target/ccr-hil.jar replay " + file);
    }
}
