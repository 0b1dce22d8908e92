package io.github.ccrhil.ccr.verify.campaign;

import static com.sageserpent.americium.java.Trials.api;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sageserpent.americium.java.Trials;
import com.sageserpent.americium.java.TrialsScaffolding;
import io.github.ccrhil.evidence.yaml.ConfigException;
import io.github.ccrhil.ccr.emulator.scenario.Scenario;
import io.github.ccrhil.ccr.emulator.scenario.ScenarioEvent;
import io.github.ccrhil.ccr.emulator.scenario.ScenarioReader;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A written scenario reads back equal: what a failure file says is what replay runs. */
class ScenarioWriterTest {

    @Test
    void everyGeneratedScenarioReadsBackEqual() {
        Trials<Scenario> all = api().alternate(List.of(
                Generators.stepChanges(OperatingSpace.LED_PERCENT, true).map(c -> c.scenario("step-change")),
                Generators.openCircuits(OperatingSpace.LED_PERCENT, true).map(c -> c.scenario("open-circuit")),
                Generators.lampEstimates(OperatingSpace.LED_PERCENT, 1).map(c -> c.scenario("lamps")),
                Generators.sequences(OperatingSpace.LED_PERCENT, true).map(c -> c.scenario("sequence"))));
        all.withLimits(400, TrialsScaffolding.OptionalLimits.defaults).supplyTo(ScenarioWriterTest::assertRoundTrip);
    }

    @Test
    void theDefaultScenarioAndEveryEventKindReadBackEqual() {
        assertRoundTrip(ScenarioReader.defaultScenario());
        Scenario custom = new Scenario("all-kinds", -7, Scenario.Fidelity.WAVEFORM,
                new Scenario.CcrRating(12_500, "custom", List.of(1.5, 2.25, 6.6), "±3%"),
                new Scenario.Mains(415.5, 60, -0.035), new Scenario.Loop(0.333, 1234.5, 0.125, 0.07),
                Duration.ofMillis(20_500), List.of(
                        new ScenarioEvent.StepCommand(Duration.ZERO, 2),
                        new ScenarioEvent.SelectorChange(Duration.ofMillis(100), "LOCAL"),
                        new ScenarioEvent.LocalStep(Duration.ofMillis(200), 3),
                        new ScenarioEvent.Reset(Duration.ofMillis(300), true),
                        new ScenarioEvent.LampsFailed(Duration.ofMillis(400), 0.1),
                        new ScenarioEvent.LampsShorted(Duration.ofMillis(500), 0.05),
                        new ScenarioEvent.LoopOpen(Duration.ofMillis(600), true),
                        new ScenarioEvent.OutputShort(Duration.ofMillis(700), false),
                        new ScenarioEvent.EarthFault(Duration.ofMillis(800), 2.5e6),
                        new ScenarioEvent.EarthFault(Duration.ofMillis(900), Double.POSITIVE_INFINITY),
                        new ScenarioEvent.MainsDeviation(Duration.ofNanos(1_000_000_123L), -0.08),
                        new ScenarioEvent.MainsInterruption(Duration.ofMillis(1100), Duration.ofMillis(250)),
                        new ScenarioEvent.ControlLinkLoss(Duration.ofMillis(1200), Duration.ofSeconds(7))));
        assertRoundTrip(custom);
    }

    private static void assertRoundTrip(Scenario s) {
        String yaml = ScenarioWriter.toYaml(s, List.of("round trip"));
        try {
            assertEquals(s, ScenarioReader.read("written.yaml", yaml), yaml);
        } catch (ConfigException e) {
            throw new AssertionError("written scenario does not read back: " + e.getMessage() + "\n" + yaml, e);
        }
    }
}
