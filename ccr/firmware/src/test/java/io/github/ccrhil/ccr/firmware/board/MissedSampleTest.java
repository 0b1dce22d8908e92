package io.github.ccrhil.ccr.firmware.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.ccr.firmware.control.StepTable;
import io.github.ccrhil.ccr.firmware.control.StepTables;
import io.github.ccrhil.ccr.firmware.fake.FakeRlPlant;
import io.github.ccrhil.ccr.firmware.fake.Rig;
import io.github.ccrhil.ccr.firmware.hardware.GateCommand;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A late, stale or corrupted half-cycle from the power stage is a missed sample, handled as a
 * real regulator's sampling board handles one: the firing angle is held, the miss is counted and
 * logged, and only the configured number of consecutive misses trips the regulator.
 */
class MissedSampleTest {

    private static final StepTable STEPS = StepTables.SIX_SIX_FIVE_STEP;

    private static Rig regulatingAtTopStep(BoardConfig config) {
        Rig rig = new Rig(config, new FakeRlPlant());
        rig.remoteStep(5);
        rig.run(Duration.ofSeconds(2));
        assertInstanceOf(BoardState.Regulating.class, rig.board.state());
        return rig;
    }

    private static int limit(Rig rig) {
        return (int) rig.board.settings().missedSampleTripCount().value();
    }

    @Test
    void theTripCountIsANamedLimitWithProvenance() {
        var l = ProtectionSettings.defaults(STEPS).missedSampleTripCount();
        assertEquals("missed-sample trip count", l.name());
        assertEquals(5, l.value());
        assertFalse(l.provenance().toString().isBlank());
        assertTrue(ProtectionSettings.defaults(STEPS).limits().contains(l), "settable by name from a plan");
    }

    @Test
    void fewerMissesThanTheLimitHoldTheFiringAngleAndDoNotTrip() {
        Rig rig = regulatingAtTopStep(BoardConfig.defaults(STEPS));
        GateCommand before = rig.board.pendingCommand();
        rig.plant.missNext = limit(rig) - 1;
        for (int k = 0; k < limit(rig) - 1; k++) {
            rig.step();
            assertEquals(before, rig.plant.lastCommand, "firing angle held through miss " + (k + 1));
            assertInstanceOf(BoardState.Regulating.class, rig.board.state());
        }
        rig.run(Duration.ofMillis(200));
        assertInstanceOf(BoardState.Regulating.class, rig.board.state());
        assertFalse(rig.board.status().activeAlarms().contains(Alarm.HARDWARE_FAULT));
        assertEquals(limit(rig) - 1, rig.board.status().counters().missedSamples());
        List<Event> events = rig.board.events().snapshot();
        assertEquals(1, events.stream().filter(e -> e.kind() == EventKind.SAMPLE_MISSED).count(), "one event per episode");
        assertTrue(events.stream().anyMatch(e -> e.kind() == EventKind.SAMPLE_MISSED && e.detail().contains("holding firing angle")),
                events.toString());
        assertTrue(events.stream().anyMatch(e -> e.kind() == EventKind.SAMPLES_RESUMED
                && e.detail().contains("after " + (limit(rig) - 1) + " missed half-cycles")), events.toString());
    }

    @Test
    void theConfiguredNumberOfConsecutiveMissesTripsWithAHardwareFaultSayingWhy() {
        Rig rig = regulatingAtTopStep(BoardConfig.defaults(STEPS));
        rig.plant.missNext = 1000;
        rig.run(Duration.ofMillis(10L * (limit(rig) - 1)));
        assertInstanceOf(BoardState.Regulating.class, rig.board.state());
        rig.step();
        assertInstanceOf(BoardState.Tripped.class, rig.board.state());
        assertEquals(1, rig.board.status().counters().trips(ProtectionCause.HARDWARE_FAULT));
        assertFalse(rig.board.pendingCommand().contactorClosed());
        Event fault = rig.board.events().snapshot().stream().filter(e -> e.kind() == EventKind.HARDWARE_FAULT)
                .findFirst().orElseThrow();
        assertTrue(fault.detail().startsWith(limit(rig) + " consecutive half-cycles without a measurement"), fault.detail());
        assertTrue(fault.detail().contains("missed-sample trip count"), fault.detail());
    }

    @Test
    void missesThatAreNotConsecutiveNeverAddUpToATrip() {
        Rig rig = regulatingAtTopStep(BoardConfig.defaults(STEPS));
        for (int k = 0; k < 20; k++) {
            rig.plant.missNext = limit(rig) - 1;
            rig.run(Duration.ofMillis(10L * (limit(rig) + 5)));
        }
        assertInstanceOf(BoardState.Regulating.class, rig.board.state());
        assertEquals(20L * (limit(rig) - 1), rig.board.status().counters().missedSamples());
    }

    @Test
    void aPlanCanSetTheTripCount() {
        BoardConfig config = BoardConfig.defaults(STEPS);
        config = config.withSettings(config.settings().withLimit("missed-sample trip count", 1));
        Rig rig = regulatingAtTopStep(config);
        rig.plant.missNext = 1;
        rig.step();
        assertInstanceOf(BoardState.Tripped.class, rig.board.state());
    }
}
