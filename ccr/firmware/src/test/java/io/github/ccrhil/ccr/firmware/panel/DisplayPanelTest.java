package io.github.ccrhil.ccr.firmware.panel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.ccr.firmware.board.Alarm;
import io.github.ccrhil.ccr.firmware.board.BoardConfig;
import io.github.ccrhil.ccr.firmware.board.CommandOutcome;
import io.github.ccrhil.ccr.firmware.board.Event;
import io.github.ccrhil.ccr.firmware.board.EventKind;
import io.github.ccrhil.ccr.firmware.board.FailsafeMode;
import io.github.ccrhil.ccr.firmware.board.ProtectionCause;
import io.github.ccrhil.ccr.firmware.board.ProtectionSettings;
import io.github.ccrhil.ccr.firmware.board.Selector;
import io.github.ccrhil.ccr.firmware.control.StepTables;
import io.github.ccrhil.ccr.firmware.fake.FakeRlPlant;
import io.github.ccrhil.ccr.firmware.fake.Rig;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DisplayPanelTest {

    static final ProtectionSettings DEFAULTS = ProtectionSettings.defaults(StepTables.SIX_SIX_FIVE_STEP);

    static Rig rig() {
        return new Rig(BoardConfig.defaults(StepTables.SIX_SIX_FIVE_STEP), new FakeRlPlant());
    }

    static DisplayPanel panel(Rig rig) {
        return new DisplayPanel(rig.board, rig.clock, new PanelConfig("4711", Duration.ofMinutes(5)));
    }

    @Test
    void stepKeysActOnlyWithTheSelectorOnLocal() {
        Rig rig = rig();
        DisplayPanel p = panel(rig);
        assertFalse(p.stepUp().accepted(), "REMOTE: local keys inactive");
        assertEquals(0, p.view().commandedStep());
        p.turnSelector(Selector.LOCAL);
        assertTrue(p.stepUp().accepted());
        assertTrue(p.stepUp().accepted());
        assertEquals(2, p.view().commandedStep());
        rig.run(Duration.ofSeconds(2));
        PanelView v = p.view();
        assertEquals(2, v.activeStep());
        assertEquals(3.4, v.currentA(), 0.1);
        assertEquals(Selector.LOCAL, v.selector());
        assertEquals("REGULATING", v.state());
        assertTrue(p.stepDown().accepted());
        assertTrue(p.stepDown().accepted());
        assertFalse(p.stepDown().accepted(), "already off");
    }

    @Test
    void aStepKeyActsOnlyInLocalAndOnlyOnAStepTheRegulatorHas() {
        Rig rig = rig();
        DisplayPanel p = panel(rig);
        CommandOutcome inRemote = p.selectStep(3);
        assertEquals(new CommandOutcome.Refused("selector REMOTE: local step keys inactive"), inRemote);
        assertEquals(0, p.view().commandedStep(), "a refused key changes nothing");
        assertEquals(EventKind.COMMAND_REFUSED, p.recentEvents(1).get(0).kind(), "and is logged");
        p.turnSelector(Selector.LOCAL);
        assertFalse(p.selectStep(6).accepted(), "a 5-step regulator has no step 6");
        assertFalse(p.selectStep(-1).accepted());
        assertEquals(0, p.view().commandedStep());
        assertTrue(p.selectStep(3).accepted());
        rig.run(Duration.ofSeconds(2));
        assertEquals(3, p.view().activeStep());
        assertEquals(4.1, p.view().currentA(), 0.1);
        assertTrue(p.view().powerFactor() > 0 && p.view().powerFactor() <= 1, "PF " + p.view().powerFactor());
    }

    @Test
    void anOpenLoopShowsTheTripAndItsCauseUntilReset() {
        Rig rig = rig();
        DisplayPanel p = panel(rig);
        p.turnSelector(Selector.LOCAL);
        p.selectStep(3);
        rig.run(Duration.ofSeconds(2));
        assertEquals(Optional.empty(), p.view().tripCause());
        rig.plant.open = true;
        rig.run(Duration.ofSeconds(3));
        PanelView v = p.view();
        assertEquals("TRIPPED", v.state());
        assertEquals(Optional.of(ProtectionCause.OPEN_CIRCUIT), v.tripCause());
        assertTrue(v.unacknowledgedAlarms().contains(Alarm.OPEN_CIRCUIT), v.unacknowledgedAlarms().toString());
        rig.plant.open = false;
        assertTrue(p.reset().accepted());
        assertEquals(Optional.empty(), p.view().tripCause());
    }

    @Test
    void recentEventsAreTheNewestOldestFirst() {
        Rig rig = rig();
        DisplayPanel p = panel(rig);
        p.turnSelector(Selector.LOCAL);
        p.selectStep(1);
        p.selectStep(2);
        List<Event> last2 = p.recentEvents(2);
        assertEquals(List.of("select step 1 from LOCAL_PANEL", "select step 2 from LOCAL_PANEL"),
                last2.stream().map(Event::detail).toList());
        assertEquals(rig.board.events().size(), p.recentEvents(10_000).size());
    }

    @Test
    void wrongPasswordIsRefusedAndLoggedAndSettingsStayLocked() {
        Rig rig = rig();
        DisplayPanel p = panel(rig);
        ProtectionSettings changed = DEFAULTS.withTime("open-circuit trip delay", Duration.ofMillis(1500));
        assertFalse(p.changeSettings(changed).accepted(), "locked by default");
        assertFalse(p.unlock("1234").accepted());
        assertTrue(p.view().settingsLocked());
        assertTrue(rig.board.events().snapshot().stream()
                .anyMatch(e -> e.kind() == EventKind.COMMAND_REFUSED && e.detail().contains("wrong password")));
        assertEquals(DEFAULTS, rig.board.settings());
        assertTrue(p.unlock("4711").accepted());
        assertFalse(p.view().settingsLocked());
        assertTrue(p.changeSettings(changed).accepted());
        assertEquals(changed, rig.board.settings());
        assertTrue(p.setFailsafe(FailsafeMode.fixedStep(1)).accepted());
        assertEquals(FailsafeMode.fixedStep(1), rig.board.status().failsafe());
    }

    @Test
    void settingsLockAgainAfterTheAutoLockTime() {
        Rig rig = rig();
        DisplayPanel p = panel(rig);
        p.unlock("4711");
        rig.clock.advance(Duration.ofMinutes(4));
        assertFalse(p.settingsLocked());
        rig.clock.advance(Duration.ofMinutes(1));
        assertTrue(p.settingsLocked());
        assertFalse(p.setFailsafe(FailsafeMode.OFF).accepted());
        p.unlock("4711");
        p.lock();
        assertTrue(p.settingsLocked());
    }

    @Test
    void viewCountsUnacknowledgedAlarmsUntilAcknowledged() {
        Rig rig = rig();
        rig.plant.insulationOhms = 0.5e6;
        DisplayPanel p = panel(rig);
        rig.run(Duration.ofMillis(100));
        PanelView v = p.view();
        assertEquals(2, v.unacknowledgedAlarmCount());
        assertEquals(java.util.List.of(Alarm.EARTH_FAULT_1, Alarm.EARTH_FAULT_2), java.util.List.copyOf(v.alarms()));
        assertTrue(p.acknowledgeAlarms().accepted());
        assertEquals(0, p.view().unacknowledgedAlarmCount());
        assertEquals(2, p.view().alarms().size());
    }

    @Test
    void panelTextIsAFixedWidthBlock() {
        Rig rig = rig();
        rig.plant.insulationOhms = 0.5e6;
        DisplayPanel p = panel(rig);
        p.turnSelector(Selector.LOCAL);
        p.stepUp();
        rig.run(Duration.ofSeconds(1));
        String text = PanelText.render(p.view());
        String[] lines = text.split("\n");
        assertTrue(lines.length >= 8);
        for (String l : lines) {
            assertEquals(PanelText.WIDTH, l.length(), "'" + l + "'");
        }
        assertTrue(text.contains("STEP 1/5"), text);
        assertTrue(text.contains("LOCAL"), text);
        assertTrue(text.contains("EARTH_FAULT_2"), text);
    }
}
