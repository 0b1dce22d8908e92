package io.github.ccrhil.ccr.emulator.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.evidence.yaml.ConfigException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ScenarioReaderTest {

    private static final String GOOD = """
            name: walk-up
            seed: 7
            fidelity: averaged
            duration: 2min
            ccr: { ratedKva: 15, steps: 6.6A-3step, tolerances: MIL-HDBK-1023/4 }
            mains: { voltage: 230, frequency: 60, deviation: -5% }
            loop: { load: 0.5, cableLength: 2500, led: 100%, failed: 10% }
            events:
              - { at: 30s, step: 3 }
              - { at: 0s, step: 1 }
              - { at: 40s, interruption: 150ms }
              - { at: 50s, earthFault: none }
            """;

    @Test
    void readsEveryFieldOfAWellFormedScenario() throws ConfigException {
        Scenario s = ScenarioReader.read("good.yaml", GOOD);
        assertEquals("walk-up", s.name());
        assertEquals(7, s.seed());
        assertEquals(Scenario.Fidelity.AVERAGED, s.fidelity());
        assertEquals(Duration.ofMinutes(2), s.duration());
        assertEquals(15_000, s.ccr().ratedPowerVa());
        assertEquals("6.6A-3step", s.ccr().stepTable());
        assertEquals(60, s.mains().frequencyHz());
        assertEquals(-0.05, s.mains().deviation(), 1e-12);
        assertEquals(0.5, s.loop().loadFraction());
        assertEquals(1.0, s.loop().ledFraction());
        assertEquals(0.10, s.loop().failedFraction(), 1e-12);
    }

    @Test
    void eventsAreKeptInTimeOrder() throws ConfigException {
        Scenario s = ScenarioReader.read("good.yaml", GOOD);
        assertEquals(new ScenarioEvent.StepCommand(Duration.ZERO, 1), s.events().get(0));
        assertEquals(new ScenarioEvent.StepCommand(Duration.ofSeconds(30), 3), s.events().get(1));
        assertEquals(new ScenarioEvent.MainsInterruption(Duration.ofSeconds(40), Duration.ofMillis(150)), s.events().get(2));
        ScenarioEvent.EarthFault ef = assertInstanceOf(ScenarioEvent.EarthFault.class, s.events().get(3));
        assertEquals(Double.POSITIVE_INFINITY, ef.ohms());
    }

    @Test
    void aMisspeltFieldIsAnErrorNamingFileLineAndField() {
        String bad = GOOD.replace("cableLength: 2500", "cablelength: 2500");
        ConfigException e = assertThrows(ConfigException.class, () -> ScenarioReader.read("bad.yaml", bad));
        assertEquals("bad.yaml", e.file());
        assertEquals(7, e.line());
        assertTrue(e.getMessage().startsWith("bad.yaml:7: loop"), e.getMessage());
    }

    @Test
    void anOutOfRangeValueNamesItsLimits() {
        String bad = GOOD.replace("frequency: 60", "frequency: 55");
        ConfigException e = assertThrows(ConfigException.class, () -> ScenarioReader.read("bad.yaml", bad));
        assertEquals("bad.yaml:6: mains.frequency: must be 50 or 60, was 55", e.getMessage());
    }

    @Test
    void anEventWithTwoActionsIsRefused() {
        String bad = GOOD.replace("{ at: 30s, step: 3 }", "{ at: 30s, step: 3, loopOpen: true }");
        ConfigException e = assertThrows(ConfigException.class, () -> ScenarioReader.read("bad.yaml", bad));
        assertEquals(9, e.line());
        assertTrue(e.getMessage().contains("events[0]"), e.getMessage());
    }

    @Test
    void anEventAfterTheEndOfTheRunIsRefused() {
        String bad = GOOD.replace("at: 50s", "at: 5min");
        ConfigException e = assertThrows(ConfigException.class, () -> ScenarioReader.read("bad.yaml", bad));
        assertTrue(e.getMessage().contains("after the end of the run"), e.getMessage());
    }

    @Test
    void brokenYamlIsReportedWithItsLine() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ScenarioReader.read("broken.yaml", "name: x\nccr: { ratedKva: 10\nmains: 3\n"));
        assertTrue(e.line() >= 2, e.getMessage());
        assertTrue(e.getMessage().startsWith("broken.yaml:"), e.getMessage());
    }

    @Test
    void customStepTablesMustIncrease() {
        String bad = GOOD.replace("steps: 6.6A-3step", "steps: [2.8, 2.5, 6.6]").replace("MIL-HDBK-1023/4", "±3%");
        ConfigException e = assertThrows(ConfigException.class, () -> ScenarioReader.read("bad.yaml", bad));
        assertTrue(e.getMessage().contains("ccr.steps[1]"), e.getMessage());
    }

    @Test
    void theEmbeddedDefaultScenarioIsValid() {
        Scenario s = ScenarioReader.defaultScenario();
        assertEquals("default", s.name());
        assertTrue(s.events().size() > 5);
    }
}
