package io.github.ccrhil.ccr.firmware.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.ccr.firmware.control.StepTable;
import io.github.ccrhil.ccr.firmware.control.StepTables;
import io.github.ccrhil.ccr.firmware.control.ToleranceTables;
import io.github.ccrhil.ccr.firmware.fake.FakeRlPlant;
import io.github.ccrhil.ccr.firmware.fake.Rig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Every state transition, the selector, command origins, failsafe, mains loss. */
class StateMachineTest {

    static final StepTable STEPS = StepTables.SIX_SIX_FIVE_STEP;

    static Rig rig() {
        return new Rig(BoardConfig.defaults(STEPS), new FakeRlPlant());
    }

    @Test
    void offGoesThroughStartingToRegulatingAndBackToOff() {
        Rig rig = rig();
        assertInstanceOf(BoardState.Off.class, rig.board.state());
        assertTrue(rig.remoteStep(4).accepted());
        rig.step();
        assertInstanceOf(BoardState.Starting.class, rig.board.state());
        int n = rig.runUntil(b -> b.state() instanceof BoardState.Regulating, Duration.ofSeconds(1));
        assertTrue(n > 0, "never reached Regulating");
        assertEquals(1, rig.board.status().counters().energisations());
        rig.remoteStep(0);
        rig.step();
        assertInstanceOf(BoardState.Off.class, rig.board.state());
        assertFalse(rig.board.pendingCommand().contactorClosed());
        long transitions = rig.board.events().snapshot().stream().filter(e -> e.kind() == EventKind.STATE_CHANGED).count();
        assertEquals(4, transitions, "power-up, starting, regulating, off");
    }

    @Test
    void selectorOffEnergisesNothingAndRefusesSteps() {
        Rig rig = rig();
        rig.remoteStep(5);
        rig.run(Duration.ofSeconds(1));
        assertTrue(rig.board.command(new Command.SetSelector(Selector.OFF)).accepted());
        rig.step();
        assertInstanceOf(BoardState.Off.class, rig.board.state());
        CommandOutcome o = rig.remoteStep(3);
        assertFalse(o.accepted());
        CommandOutcome local = rig.board.command(new Command.SelectStep(3, Origin.LOCAL_PANEL));
        assertFalse(local.accepted());
        rig.clearTrace();
        rig.run(Duration.ofSeconds(1));
        assertFalse(rig.board.pendingCommand().contactorClosed());
        assertEquals(0.0, rig.maxTrace(), 1e-9);
    }

    @Test
    void localSelectorRefusesEveryRemoteWriteAndChangesNothing() {
        Rig rig = rig();
        rig.remoteStep(3);
        rig.run(Duration.ofSeconds(2));
        rig.board.command(new Command.SetSelector(Selector.LOCAL));
        rig.step();
        BoardStatus before = rig.board.status();
        long seq = rig.board.events().lastSequence();
        Command[] remote = {
            new Command.SelectStep(5, Origin.REMOTE), new Command.SelectStep(0, Origin.REMOTE),
            new Command.Reset(Origin.REMOTE), new Command.AcknowledgeAlarms(Origin.REMOTE), new Command.Heartbeat(),
            new Command.ChangeSettings(ProtectionSettings.defaults(STEPS).withLimit("lock-out trip count", 9), Origin.REMOTE),
            new Command.SetFailsafe(FailsafeMode.OFF, Origin.REMOTE)};
        for (Command c : remote) {
            CommandOutcome o = rig.board.command(c);
            assertInstanceOf(CommandOutcome.Refused.class, o, c.toString());
        }
        BoardStatus after = rig.board.status();
        assertEquals(before.commandedStep(), after.commandedStep());
        assertEquals(before.state(), after.state());
        assertEquals(before.failsafe(), after.failsafe());
        assertEquals(rig.board.settings(), ProtectionSettings.defaults(STEPS));
        assertEquals(before.unacknowledgedAlarms(), after.unacknowledgedAlarms());
        long refused = rig.board.events().since(seq).stream().filter(e -> e.kind() == EventKind.COMMAND_REFUSED).count();
        assertEquals(remote.length, refused);
        assertTrue(rig.board.command(new Command.SelectStep(5, Origin.LOCAL_PANEL)).accepted());
        assertEquals(5, rig.board.status().commandedStep());
    }

    @Test
    void remoteSelectorIgnoresLocalStepKeys() {
        Rig rig = rig();
        assertFalse(rig.board.command(new Command.SelectStep(2, Origin.LOCAL_PANEL)).accepted());
        assertEquals(0, rig.board.status().commandedStep());
    }

    @Test
    void outOfRangeStepIsRefusedAndChangesNothing() {
        Rig rig = rig();
        rig.remoteStep(2);
        assertFalse(rig.remoteStep(6).accepted());
        assertFalse(rig.remoteStep(-1).accepted());
        assertEquals(2, rig.board.status().commandedStep());
    }

    @Test
    void tripIsClearedByResetAndTheBoardRestartsTheCommandedStep() {
        Rig rig = rig();
        rig.remoteStep(5);
        rig.run(Duration.ofSeconds(2));
        rig.plant.open = true;
        rig.runUntil(b -> b.state() instanceof BoardState.Tripped, Duration.ofSeconds(4));
        rig.plant.open = false;
        assertTrue(rig.board.command(new Command.AcknowledgeAlarms(Origin.REMOTE)).accepted());
        assertTrue(rig.board.status().unacknowledgedAlarms().isEmpty());
        rig.run(Duration.ofSeconds(1));
        assertInstanceOf(BoardState.Tripped.class, rig.board.state(), "a trip stays until reset");
        assertTrue(rig.board.command(new Command.Reset(Origin.REMOTE)).accepted());
        assertInstanceOf(BoardState.Off.class, rig.board.state());
        rig.run(Duration.ofSeconds(2));
        assertInstanceOf(BoardState.Regulating.class, rig.board.state());
        assertFalse(rig.board.status().activeAlarms().contains(Alarm.OPEN_CIRCUIT));
        assertFalse(rig.board.command(new Command.Reset(Origin.REMOTE)).accepted(), "nothing to reset");
    }

    @Test
    void repeatedTripsLockOutAndOnlyALocalResetClearsIt() {
        Rig rig = rig();
        rig.remoteStep(5);
        for (int trip = 1; trip <= 3; trip++) {
            rig.run(Duration.ofSeconds(1));
            rig.plant.open = true;
            rig.runUntil(b -> !(b.state().energised()), Duration.ofSeconds(4));
            rig.plant.open = false;
            if (trip < 3) {
                assertInstanceOf(BoardState.Tripped.class, rig.board.state());
                assertTrue(rig.board.command(new Command.Reset(Origin.REMOTE)).accepted());
            }
        }
        assertInstanceOf(BoardState.LockedOut.class, rig.board.state());
        assertTrue(rig.board.status().activeAlarms().contains(Alarm.LOCKED_OUT));
        assertFalse(rig.board.command(new Command.Reset(Origin.REMOTE)).accepted());
        rig.run(Duration.ofSeconds(1));
        assertInstanceOf(BoardState.LockedOut.class, rig.board.state());
        assertTrue(rig.board.command(new Command.Reset(Origin.LOCAL_PANEL)).accepted());
        assertInstanceOf(BoardState.Off.class, rig.board.state());
        assertEquals(3, rig.board.status().counters().trips(ProtectionCause.OPEN_CIRCUIT));
    }

    @Test
    void controlLinkLossHoldsTheStepByDefault() {
        Rig rig = rig();
        rig.remoteStep(3);
        rig.heartbeats = false;
        rig.run(Duration.ofSeconds(6));
        BoardStatus s = rig.board.status();
        assertTrue(s.linkLost());
        assertTrue(s.activeAlarms().contains(Alarm.LINK_LOSS));
        assertEquals(3, s.activeStep());
        assertInstanceOf(BoardState.Regulating.class, s.state());
        rig.board.command(new Command.Heartbeat());
        assertFalse(rig.board.status().linkLost());
        assertFalse(rig.board.status().activeAlarms().contains(Alarm.LINK_LOSS));
    }

    @Test
    void controlLinkLossWithFixedStepFailsafeGoesToThatStep() {
        Rig rig = new Rig(BoardConfig.defaults(STEPS).withFailsafe(FailsafeMode.fixedStep(2)), new FakeRlPlant());
        rig.remoteStep(5);
        rig.heartbeats = false;
        rig.run(Duration.ofSeconds(4));
        assertEquals(5, rig.board.status().activeStep());
        rig.run(Duration.ofSeconds(3));
        assertEquals(2, rig.board.status().activeStep());
        assertTrue(ToleranceTables.byName(ToleranceTables.UFC, STEPS).band(2).contains(rig.trace.get(rig.trace.size() - 1)));
        assertEquals(1, rig.board.status().counters().linkLosses());
    }

    @Test
    void controlLinkLossWithOffFailsafeDeEnergises() {
        Rig rig = new Rig(BoardConfig.defaults(STEPS).withFailsafe(FailsafeMode.OFF), new FakeRlPlant());
        rig.remoteStep(5);
        rig.heartbeats = false;
        rig.run(Duration.ofSeconds(6));
        assertInstanceOf(BoardState.Off.class, rig.board.state());
        assertEquals(0, rig.board.status().activeStep());
        assertEquals(5, rig.board.status().commandedStep());
    }

    @Test
    void linkLossIsNotDeclaredInLocal() {
        Rig rig = rig();
        rig.board.command(new Command.SetSelector(Selector.LOCAL));
        rig.board.command(new Command.SelectStep(2, Origin.LOCAL_PANEL));
        rig.heartbeats = false;
        rig.run(Duration.ofSeconds(10));
        assertFalse(rig.board.status().linkLost());
        assertEquals(2, rig.board.status().activeStep());
    }

    @Test
    void mainsDipOfTwentyMillisecondsIsRiddenThrough() {
        Rig rig = rig();
        rig.remoteStep(5);
        rig.run(Duration.ofSeconds(2));
        rig.plant.inputFactor = 0.0;
        rig.run(Duration.ofMillis(20));
        rig.plant.inputFactor = 1.0;
        rig.clearTrace();
        rig.run(Duration.ofSeconds(1));
        assertTrue(rig.states.stream().allMatch(s -> s instanceof BoardState.Regulating), "left regulation: " + rig.states);
        assertTrue(rig.maxTrace() <= 6.7, "overshoot after dip " + rig.maxTrace());
        assertEquals(0, rig.board.status().counters().mainsLosses());
    }

    @Test
    void longerMainsLossRestartsWithSoftStartToTheCommandedStepWithoutOvershoot() {
        Rig rig = rig();
        rig.remoteStep(3);
        rig.run(Duration.ofSeconds(2));
        rig.plant.inputFactor = 0.0;
        rig.run(Duration.ofMillis(200));
        assertInstanceOf(BoardState.MainsLoss.class, rig.board.state());
        assertTrue(rig.board.status().activeAlarms().contains(Alarm.MAINS_LOSS));
        rig.plant.inputFactor = 1.0;
        rig.clearTrace();
        rig.step();
        rig.step();
        assertInstanceOf(BoardState.Starting.class, rig.board.state());
        rig.run(Duration.ofSeconds(2));
        assertInstanceOf(BoardState.Regulating.class, rig.board.state());
        assertEquals(3, rig.board.status().activeStep());
        double hi = ToleranceTables.byName(ToleranceTables.UFC, STEPS).band(3).hiA();
        assertTrue(rig.maxTrace() <= hi, "restart peaked at " + rig.maxTrace() + " A above step 3's " + hi + " A");
        assertFalse(rig.board.status().activeAlarms().contains(Alarm.MAINS_LOSS));
        assertEquals(1, rig.board.status().counters().mainsLosses());
    }

    @Test
    void settingsChangedFromThePanelTakeEffect() {
        Rig rig = rig();
        ProtectionSettings faster = ProtectionSettings.defaults(STEPS).withTime("open-circuit trip delay", Duration.ofMillis(500))
                .withLimit("dynamic response margin", 0.10);
        rig.board.command(new Command.SetSelector(Selector.LOCAL));
        assertTrue(rig.board.command(new Command.ChangeSettings(faster, Origin.LOCAL_PANEL)).accepted());
        assertEquals(0.10, rig.board.software().dynamicResponseMargin(), 1e-12);
        rig.board.command(new Command.SelectStep(5, Origin.LOCAL_PANEL));
        rig.run(Duration.ofSeconds(2));
        rig.plant.open = true;
        int n = rig.runUntil(b -> b.state() instanceof BoardState.Tripped, Duration.ofSeconds(3));
        assertTrue(n > 0 && n * 0.010 <= 0.6, "tripped after " + n * 0.010 + " s with a 0.5 s delay");
    }

    @Test
    void sixtyHertzDefaultsUseAHalfCycleControlPeriod() {
        assertEquals(Duration.ofNanos(8_333_333), BoardConfig.defaults(STEPS, 60).tuning().period());
    }
}
