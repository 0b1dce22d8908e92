package io.github.ccrhil.ccr.firmware.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.ccr.firmware.control.StepTable;
import io.github.ccrhil.ccr.firmware.control.StepTables;
import io.github.ccrhil.ccr.firmware.fake.FakeRlPlant;
import io.github.ccrhil.ccr.firmware.fake.Rig;
import io.github.ccrhil.evidence.ComponentIdentity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class MonitoringTest {

    static final StepTable STEPS = StepTables.SIX_SIX_FIVE_STEP;

    static FakeRlPlant lampPlant(int lamps, int failed) {
        FakeRlPlant p = new FakeRlPlant();
        FakeRlPlant.LampLoop l = new FakeRlPlant.LampLoop();
        l.lampCount = lamps;
        l.failed = failed;
        l.lampWatts = 100;
        l.ratedA = 6.6;
        l.cableOhms = 20;
        l.coreOhms = 5;
        p.lamps = l;
        return p;
    }

    static LoopData loopData(int lamps) {
        return new LoopData(lamps, 100, 6.6, 0.0, 20, 5, 0.0);
    }

    @ParameterizedTest(name = "{1} of {0} lamps failed, step {2}")
    @CsvSource({"150,0,5", "150,4,5", "150,10,5", "150,25,5", "150,10,3", "150,25,1"})
    void failedLampEstimateMatchesTheFakeLoopWithinOneLamp(int lamps, int failed, int step) {
        Rig rig = new Rig(BoardConfig.defaults(STEPS).withLoop(loopData(lamps)), lampPlant(lamps, failed));
        rig.remoteStep(step);
        rig.run(Duration.ofSeconds(5));
        int estimate = rig.board.status().smoothed().estimatedFailedLamps();
        assertTrue(Math.abs(estimate - failed) <= 1, "estimated " + estimate + " failed lamps, actual " + failed);
    }

    @Test
    void lampFailureAlarmLevelsFollowThePercentagesOfFailedLamps() {
        Rig none = new Rig(BoardConfig.defaults(STEPS).withLoop(loopData(150)), lampPlant(150, 2));
        none.remoteStep(5);
        none.run(Duration.ofSeconds(5));
        assertFalse(none.board.status().activeAlarms().contains(Alarm.LAMP_FAILURE_1));
        Rig one = new Rig(BoardConfig.defaults(STEPS).withLoop(loopData(150)), lampPlant(150, 10));
        one.remoteStep(5);
        one.run(Duration.ofSeconds(5));
        assertTrue(one.board.status().activeAlarms().contains(Alarm.LAMP_FAILURE_1));
        assertFalse(one.board.status().activeAlarms().contains(Alarm.LAMP_FAILURE_2));
        Rig two = new Rig(BoardConfig.defaults(STEPS).withLoop(loopData(150)), lampPlant(150, 20));
        two.remoteStep(5);
        two.run(Duration.ofSeconds(5));
        assertTrue(two.board.status().activeAlarms().containsAll(Set.of(Alarm.LAMP_FAILURE_1, Alarm.LAMP_FAILURE_2)));
    }

    @ParameterizedTest(name = "{0} Ω")
    @CsvSource({"50e6,false,false", "5e6,true,false", "0.5e6,true,true"})
    void earthFaultAlarmsAtTheTwoInsulationLevels(double ohms, boolean level1, boolean level2) {
        FakeRlPlant plant = new FakeRlPlant();
        plant.insulationOhms = ohms;
        Rig rig = new Rig(BoardConfig.defaults(STEPS), plant);
        rig.remoteStep(2);
        rig.run(Duration.ofMillis(500));
        assertEquals(level1, rig.board.status().activeAlarms().contains(Alarm.EARTH_FAULT_1));
        assertEquals(level2, rig.board.status().activeAlarms().contains(Alarm.EARTH_FAULT_2));
    }

    @Test
    void currentBelowTheBandAfterSettlingRaisesIminAndClearsWhenBack() {
        FakeRlPlant plant = new FakeRlPlant();
        Rig rig = new Rig(BoardConfig.defaults(STEPS), plant);
        rig.remoteStep(5);
        rig.run(Duration.ofSeconds(2));
        assertFalse(rig.board.status().activeAlarms().contains(Alarm.I_MIN));
        plant.inputFactor = 0.6; // not enough voltage for 6.6 A on a full loop
        rig.run(Duration.ofMillis(900));
        assertFalse(rig.board.status().activeAlarms().contains(Alarm.I_MIN), "raised before the 1 s delay");
        rig.run(Duration.ofMillis(300));
        assertTrue(rig.board.status().activeAlarms().contains(Alarm.I_MIN));
        assertFalse(rig.board.status().activeAlarms().contains(Alarm.I_MAX));
        plant.inputFactor = 1.0;
        rig.run(Duration.ofSeconds(1));
        assertFalse(rig.board.status().activeAlarms().contains(Alarm.I_MIN));
        assertTrue(rig.board.status().unacknowledgedAlarms().contains(Alarm.I_MIN), "stays unacknowledged");
    }

    @Test
    void measurementsReportVoltAmperesWattsAndPowerFactor() {
        Rig rig = new Rig(BoardConfig.defaults(STEPS), new FakeRlPlant());
        rig.remoteStep(5);
        rig.run(Duration.ofSeconds(2));
        Measurements m = rig.board.status().latest();
        assertEquals(m.currentRmsA() * m.voltageRmsV(), m.apparentPowerVA(), 1e-6);
        // the fake loop is 450 Ω in series with 0.1 H: W = R·I²
        assertEquals(450 * m.currentRmsA() * m.currentRmsA(), m.realPowerW(), 0.01 * m.realPowerW());
        assertTrue(m.powerFactor() > 0.5 && m.powerFactor() <= 1.0, "pf " + m.powerFactor());
        assertEquals(400.0, m.inputVoltageRmsV(), 1e-9);
    }

    @Test
    void hoursAccumulatePerStepWhileRegulating() {
        Rig rig = new Rig(BoardConfig.defaults(STEPS), new FakeRlPlant());
        rig.remoteStep(2);
        rig.run(Duration.ofSeconds(3));
        rig.remoteStep(4);
        rig.run(Duration.ofSeconds(1));
        var hours = rig.board.status().hoursPerStep();
        assertEquals(List.of(1, 2, 3, 4, 5), List.copyOf(hours.keySet()));
        assertTrue(hours.get(2).compareTo(Duration.ofMillis(2500)) > 0 && hours.get(2).compareTo(Duration.ofSeconds(3)) <= 0,
                "step 2: " + hours.get(2));
        assertTrue(hours.get(4).compareTo(Duration.ofMillis(900)) > 0, "step 4: " + hours.get(4));
        assertEquals(Duration.ZERO, hours.get(1));
    }

    @Test
    void eventLogDropsTheOldestWhenFullAndCountsTheDrop() {
        EventLog log = new EventLog(3);
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        for (int k = 0; k < 5; k++) {
            log.append(t.plusSeconds(k), EventKind.COMMAND_ACCEPTED, "c" + k);
        }
        assertEquals(2, log.dropped());
        assertEquals(List.of(3L, 4L, 5L), log.snapshot().stream().map(Event::sequence).toList());
        assertEquals(List.of(5L), log.since(4).stream().map(Event::sequence).toList());
        assertThrows(IllegalArgumentException.class, () -> new EventLog(0));
    }

    @Test
    void everyAlarmRaiseAndClearIsLoggedInOrder() {
        FakeRlPlant plant = new FakeRlPlant();
        plant.insulationOhms = 5e6;
        Rig rig = new Rig(BoardConfig.defaults(STEPS), plant);
        rig.remoteStep(1);
        rig.run(Duration.ofMillis(100));
        plant.insulationOhms = 50e6;
        rig.run(Duration.ofMillis(100));
        List<Event> ev = rig.board.events().snapshot();
        int raised = -1;
        int cleared = -1;
        for (int k = 0; k < ev.size(); k++) {
            if (ev.get(k).kind() == EventKind.ALARM_RAISED && ev.get(k).detail().equals("EARTH_FAULT_1")) {
                raised = k;
            }
            if (ev.get(k).kind() == EventKind.ALARM_CLEARED && ev.get(k).detail().equals("EARTH_FAULT_1")) {
                cleared = k;
            }
        }
        assertTrue(raised >= 0 && cleared > raised, "raise " + raised + " clear " + cleared);
        for (int k = 1; k < ev.size(); k++) {
            assertEquals(ev.get(k - 1).sequence() + 1, ev.get(k).sequence());
            assertFalse(ev.get(k).timestamp().isBefore(ev.get(k - 1).timestamp()));
        }
    }

    @Test
    void equipmentListsTheThreeComponentsWithTheSuppliedSoftwareHash() {
        String sha = "ab".repeat(32);
        DesignatedEquipment e = DesignatedEquipment.model().withSoftwareSha256(sha);
        assertEquals(3, e.components().size());
        assertEquals(sha, e.currentControlSoftware().sha256());
        assertEquals(ComponentIdentity.UNBUILT, DesignatedEquipment.model().currentControlSoftware().sha256());
        assertThrows(IllegalArgumentException.class, () -> DesignatedEquipment.model("not-a-hash"));
    }
}
