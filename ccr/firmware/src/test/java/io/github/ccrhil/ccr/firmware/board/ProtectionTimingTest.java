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
import io.github.ccrhil.ccr.firmware.hardware.GateCommand;
import io.github.ccrhil.ccr.firmware.hardware.HalfCycleSamples;
import io.github.ccrhil.ccr.firmware.hardware.HardwareFault;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Protections and their timing on the fake plant. */
class ProtectionTimingTest {

    static final StepTable STEPS = StepTables.SIX_SIX_FIVE_STEP;

    static Rig regulatingAtTopStep(FakeRlPlant plant) {
        Rig rig = new Rig(BoardConfig.defaults(STEPS), plant);
        rig.remoteStep(5);
        rig.run(Duration.ofSeconds(2));
        assertInstanceOf(BoardState.Regulating.class, rig.board.state());
        return rig;
    }

    /** Open-loop firing angle giving {@code targetA} rms on {@code plant}'s settings (bisection). */
    static double alphaFor(FakeRlPlant template, double targetA) throws HardwareFault {
        double lo = 0;
        double hi = Math.PI;
        for (int it = 0; it < 40; it++) {
            double mid = 0.5 * (lo + hi);
            FakeRlPlant p = new FakeRlPlant();
            p.load = template.load;
            p.inputFactor = template.inputFactor;
            p.immediate = true;
            HalfCycleSamples s = new HalfCycleSamples();
            for (int k = 0; k < 6; k++) {
                p.exchange(new GateCommand(true, mid), s);
            }
            if (p.lastRms() > targetA) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    @Test
    void openCircuitTripsWithinThreeSeconds() {
        Rig rig = regulatingAtTopStep(new FakeRlPlant());
        rig.plant.open = true;
        int halfCycles = rig.runUntil(b -> b.state() instanceof BoardState.Tripped, Duration.ofSeconds(4));
        assertTrue(halfCycles > 0, "never tripped");
        double seconds = halfCycles * 0.010;
        assertTrue(seconds <= 3.0, "tripped after " + seconds + " s");
        assertTrue(seconds >= 2.0, "tripped before its 2 s delay: " + seconds + " s");
        BoardState.Tripped t = (BoardState.Tripped) rig.board.state();
        assertEquals(ProtectionCause.OPEN_CIRCUIT, t.cause());
        assertFalse(rig.board.pendingCommand().contactorClosed(), "contactor must open");
        assertTrue(rig.board.status().activeAlarms().contains(Alarm.OPEN_CIRCUIT));
        assertEquals(1, rig.board.status().counters().trips(ProtectionCause.OPEN_CIRCUIT));
    }

    @Test
    void overcurrentAbove105PercentTripsAfterFiveSecondsNotBefore() throws HardwareFault {
        FakeRlPlant plant = new FakeRlPlant();
        Rig rig = regulatingAtTopStep(plant);
        plant.forcedAlpha = alphaFor(plant, 1.15 * 6.6);
        rig.run(Duration.ofMillis(4800));
        assertFalse(rig.board.state() instanceof BoardState.Tripped, "tripped before 5 s");
        int more = rig.runUntil(b -> b.state() instanceof BoardState.Tripped, Duration.ofMillis(400));
        assertTrue(more > 0, "not tripped by 5.2 s");
        assertEquals(ProtectionCause.OVERCURRENT_LOW, ((BoardState.Tripped) rig.board.state()).cause());
        assertFalse(rig.board.pendingCommand().contactorClosed());
    }

    @Test
    void overcurrentAbove125PercentTripsWithinOneSecond() {
        FakeRlPlant plant = new FakeRlPlant();
        plant.inputFactor = 1.1;
        Rig rig = regulatingAtTopStep(plant);
        plant.forcedAlpha = 0.0; // thyristors stuck in full conduction: ~9.2 A on this loop
        int n = rig.runUntil(b -> b.state() instanceof BoardState.Tripped, Duration.ofSeconds(2));
        assertTrue(n > 0, "never tripped");
        double seconds = n * 0.010;
        assertTrue(seconds <= 1.0 + 0.025, "tripped after " + seconds + " s");
        assertTrue(seconds >= 0.9, "tripped too early: " + seconds + " s");
        assertEquals(ProtectionCause.OVERCURRENT_HIGH, ((BoardState.Tripped) rig.board.state()).cause());
    }

    /**
     * With an immediate port the hold starts after the half-wave in progress; with the literal
     * {@code HardwarePort} contract (command for the coming half-cycle and samples of the one just
     * completed in the same exchange) one more half-cycle is already committed when the surge is
     * seen, so the hold starts one half-cycle later (a limit of the seam, not of the board).
     */
    @ParameterizedTest(name = "{0} cycles, immediate port {1}")
    @CsvSource({"1,true", "2,true", "3,true", "4,true", "1,false", "2,false", "3,false", "4,false"})
    void surgeHoldsBelowTwoAmpsForTheSetCyclesThenBackInToleranceWithin500ms(int cycles, boolean immediate) {
        FakeRlPlant plant = new FakeRlPlant();
        plant.immediate = immediate;
        BoardConfig config = BoardConfig.defaults(STEPS);
        config = config.withTuning(config.tuning().withMeasurementDelay(immediate ? 1 : 2))
                .withSettings(config.settings().withLimit("surge hold cycles", cycles));
        Rig rig = new Rig(config, plant);
        rig.remoteStep(5);
        rig.run(Duration.ofSeconds(2));
        rig.clearTrace();
        plant.load = 0.0; // loop shorted at the output
        rig.run(Duration.ofSeconds(2));
        int onset = 0; // the half-wave in progress (load change) may be high
        int holdStart = -1;
        for (int k = 0; k < rig.states.size(); k++) {
            if (rig.states.get(k) instanceof BoardState.SurgeHold) {
                holdStart = k;
                break;
            }
        }
        assertTrue(holdStart >= 0, "no surge hold entered; trace " + rig.trace.subList(0, 5));
        // the literal port returns half-cycle k on exchange k + 1, whose own half-cycle is already
        // commanded: the surge is seen one half-cycle later and that half-cycle still conducts
        assertEquals(immediate ? onset : onset + 1, holdStart, "surge detected late");
        // after the current half-wave in progress (its inductive tail may run into the next
        // voltage half-cycle): no new half-wave fired, and below 2.0 A rms, for 2 × cycles half-cycles
        for (int k = holdStart + 1; k <= holdStart + 2 * cycles; k++) {
            assertFalse(rig.fired.get(k), "a current half-wave was fired in half-cycle " + k + " during the hold");
            if (k > holdStart + 1) {
                assertTrue(rig.trace.get(k) < 2.0, "half-cycle " + k + " during hold: " + rig.trace.get(k) + " A");
            }
        }
        int holdEnd = holdStart + 2 * cycles;
        int lastOut = -1;
        for (int k = holdEnd; k < rig.trace.size(); k++) {
            if (!ToleranceTables.byName(ToleranceTables.UFC, STEPS).band(5).contains(rig.trace.get(k))) {
                lastOut = k;
            }
        }
        double recovery = (lastOut + 1 - holdEnd) * 0.010;
        assertTrue(recovery <= 0.5, "back in tolerance only after " + recovery + " s");
        assertInstanceOf(BoardState.Regulating.class, rig.board.state());
        assertEquals(1, rig.board.status().counters().surgeHolds());
    }

    @ParameterizedTest(name = "immediate port {0}")
    @ValueSource(booleans = {true, false})
    void suddenLoadDropOfTenPercentOvercurrentLastsAtMostOneHalfCyclePlusPortDelay(boolean immediate) {
        FakeRlPlant plant = new FakeRlPlant();
        plant.immediate = immediate;
        BoardConfig config = BoardConfig.defaults(STEPS);
        config = config.withTuning(config.tuning().withMeasurementDelay(immediate ? 1 : 2));
        Rig rig = new Rig(config, plant);
        rig.remoteStep(5);
        rig.run(Duration.ofSeconds(2));
        rig.clearTrace();
        plant.load = 0.88;
        rig.run(Duration.ofSeconds(1));
        int over = 0;
        for (double i : rig.trace) {
            if (i > 6.7) {
                over++;
            }
        }
        int allowed = immediate ? 1 : 2;
        assertTrue(over <= allowed, over + " half-cycles above 6.7 A, allowed " + allowed + "; " + rig.trace.subList(0, 6));
        assertTrue(over >= 1, "the load change should produce at least the half-wave in progress");
    }

    @Test
    void hardwareFaultDeEnergisesAlarmsAndLogsWithoutThrowing() {
        FakeRlPlant plant = new FakeRlPlant();
        Rig rig = regulatingAtTopStep(plant);
        plant.fault = true;
        rig.step();
        assertInstanceOf(BoardState.Tripped.class, rig.board.state());
        assertFalse(rig.board.pendingCommand().contactorClosed());
        assertTrue(rig.board.status().activeAlarms().contains(Alarm.HARDWARE_FAULT));
        assertTrue(rig.board.events().snapshot().stream().anyMatch(e -> e.kind() == EventKind.HARDWARE_FAULT));
    }
}
