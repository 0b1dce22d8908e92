package io.github.ccrhil.ccr.emulator.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.ccr.firmware.board.BoardConfig;
import io.github.ccrhil.ccr.firmware.board.DesignatedEquipment;
import io.github.ccrhil.ccr.firmware.control.StepTable;
import io.github.ccrhil.ccr.firmware.control.StepTables;
import io.github.ccrhil.ccr.firmware.control.ToleranceTables;
import io.github.ccrhil.evidence.ComponentIdentity;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each emulated component's identity is a hash over its own classes and its own configuration. */
class ComponentHashesTest {

    private static BoardConfig reference() {
        StepTable steps = StepTables.SIX_SIX_FIVE_STEP;
        return CcrSimulation.boardConfig(steps, ToleranceTables.byName("UFC-3-535-01", steps), 50, 400);
    }

    @Test
    void theBoardPanelAndSoftwareEachReportAHashOfTheirOwn() {
        DesignatedEquipment e = reference().equipment();
        List<String> hashes = e.components().stream().map(ComponentIdentity::sha256).toList();
        for (String h : hashes) {
            assertTrue(h.matches("[0-9a-f]{64}"), "a real SHA-256, not n/a or unbuilt: " + h);
        }
        assertEquals(3, hashes.stream().distinct().count(), "three components, three hashes: " + hashes);
        assertEquals(e, reference().equipment(), "the same build and configuration give the same hashes");
    }

    @Test
    void aChangedProtectionConstantChangesTheBoardsHashOnly() {
        BoardConfig ref = reference();
        BoardConfig slow = ComponentHashes.restamped(ref, ref.withSettings(ref.settings()
                .withTime("open-circuit de-energise deadline", Duration.ofSeconds(5))
                .withTime("open-circuit trip delay", Duration.ofSeconds(4))));
        assertNotEquals(ref.equipment().controlBoard().sha256(), slow.equipment().controlBoard().sha256());
        assertEquals(ref.equipment().displayPanel(), slow.equipment().displayPanel());
        assertEquals(ref.equipment().currentControlSoftware(), slow.equipment().currentControlSoftware());
    }

    @Test
    void aChangedStepTableOrGainChangesTheSoftwaresHashOnly() {
        BoardConfig ref = reference();
        StepTable wrong = new StepTable(ref.steps().name(), ref.steps().ratedCurrentA(), List.of(2.8, 3.4, 4.3, 5.2, 6.6));
        BoardConfig table = ComponentHashes.restamped(ref, new BoardConfig(wrong, ToleranceTables.percent(wrong, 3.0),
                ref.settings(), ref.tuning(), ref.failsafe(), ref.nominalInputVoltageV(), ref.loop(), ref.eventLogCapacity(),
                ref.smoothingHalfCycles(), ref.equipment()));
        BoardConfig gains = ComponentHashes.restamped(ref, ref.withTuning(ref.tuning().withGains(0.1, 50)));
        for (BoardConfig changed : List.of(table, gains)) {
            assertNotEquals(ref.equipment().currentControlSoftware().sha256(), changed.equipment().currentControlSoftware().sha256());
            assertEquals(ref.equipment().controlBoard(), changed.equipment().controlBoard());
        }
    }

    @Test
    void siteDataAndTheHarnessWiringAreNotPartOfTheBuild() {
        BoardConfig ref = reference();
        BoardConfig wired = ComponentHashes.restamped(ref, ref.withTuning(ref.tuning().withMeasurementDelay(2))
                .withEventLogCapacity(ref.eventLogCapacity()));
        assertEquals(ref.equipment(), wired.equipment());
    }

    @Test
    void aVariantThatStatesItsOwnIdentityKeepsIt() {
        BoardConfig ref = reference();
        String forged = "0".repeat(63) + "1";
        BoardConfig v = ComponentHashes.restamped(ref, ref.withEquipment(ref.equipment().withSoftwareSha256(forged)));
        assertEquals(forged, v.equipment().currentControlSoftware().sha256());
    }
}
