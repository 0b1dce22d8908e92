package io.github.ccrhil.ccr.emulator.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.ccrhil.evidence.yaml.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The example scenarios shipped in src/examples/ stay readable and named after their file. */
class ExampleScenariosTest {

    @Test
    void everyShippedExampleIsAValidScenarioNamedAfterItsFile() throws IOException, ConfigException {
        Path folder = Path.of("..", "..", "src", "examples");
        List<Path> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertFalse(files.isEmpty(), "no examples found in " + folder.toAbsolutePath());
        for (Path f : files) {
            Scenario scenario = ScenarioReader.read(f);
            assertEquals(f.getFileName().toString().replace(".yaml", ""), scenario.name(), f.toString());
        }
    }
}
