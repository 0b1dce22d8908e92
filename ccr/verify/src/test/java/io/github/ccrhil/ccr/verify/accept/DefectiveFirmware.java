package io.github.ccrhil.ccr.verify.accept;

import io.github.ccrhil.ccr.firmware.board.BoardConfig;
import io.github.ccrhil.ccr.firmware.board.BoardState;
import io.github.ccrhil.ccr.firmware.board.BoardStatus;
import io.github.ccrhil.ccr.firmware.board.Command;
import io.github.ccrhil.ccr.firmware.board.CommandOutcome;
import io.github.ccrhil.ccr.firmware.board.ControlBoard;
import io.github.ccrhil.ccr.firmware.board.DesignatedEquipment;
import io.github.ccrhil.ccr.firmware.board.LampFailureEstimator;
import io.github.ccrhil.ccr.firmware.board.LoopData;
import io.github.ccrhil.ccr.firmware.board.Measurements;
import io.github.ccrhil.ccr.firmware.board.Origin;
import io.github.ccrhil.ccr.firmware.board.Selector;
import io.github.ccrhil.ccr.firmware.control.CurrentControlSoftware;
import io.github.ccrhil.ccr.firmware.control.PiRegulator;
import io.github.ccrhil.ccr.firmware.control.StepTable;
import io.github.ccrhil.ccr.firmware.control.StepTables;
import io.github.ccrhil.ccr.firmware.control.ToleranceBand;
import io.github.ccrhil.ccr.firmware.control.ToleranceTable;
import io.github.ccrhil.ccr.firmware.control.ToleranceTables;
import io.github.ccrhil.ccr.firmware.hardware.GateCommand;
import io.github.ccrhil.ccr.firmware.hardware.HardwarePort;
import io.github.ccrhil.ccr.verify.accept.dut.EmulatedCcrSessions;
import io.github.ccrhil.ccr.verify.accept.dut.Firmware;
import io.github.ccrhil.ccr.verify.accept.plan.TestPlan;
import io.github.ccrhil.ccr.verify.accept.procedure.Procedures;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Deliberately defective firmware, each built around the reference board by configuration or
 * a wrapper, each with the one test of the default plan that must catch it.
 */
enum DefectiveFirmware {

    /** The PI integrator is not clamped: it winds up while the output is saturated (a brownout). */
    NO_ANTI_WINDUP("power-interruption", false, c -> c, DefectiveFirmware::withoutAntiWindup),

    /**
     * The open-circuit protection waits 4 s (the UFC limit is 3 s): a board with a changed
     * protection constant, caught by its test and, its hash covering its settings, by identity.
     */
    SLOW_OPEN_CIRCUIT_TRIP("open-circuit", true, c -> c.withSettings(c.settings()
            .withTime("open-circuit de-energise deadline", Duration.ofSeconds(5))
            .withTime("open-circuit trip delay", Duration.ofSeconds(4))), Firmware.Factory.REFERENCE),

    /** An integral gain 2.5 times the reference and a setpoint ramp 7.6 times faster: overshoot on a step change. */
    OVERSHOOT_ON_STEP_CHANGE("step-change", true, c -> c.withTuning(c.tuning().withGains(0.1, 50).withRampRate(150)),
            Firmware.Factory.REFERENCE),

    /** Step 3 is 4.3 A instead of 4.1 A. */
    WRONG_STEP_TABLE("step-accuracy", true, DefectiveFirmware::wrongStepTable, Firmware.Factory.REFERENCE),

    /**
     * Step 3 regulated to 4.3 A, and the firmware's own UFC table moved with it (step 3's band
     * 4.18..4.42 A under the same name): a verifier that took its bands from the firmware would pass it.
     */
    MOVES_ITS_OWN_TOLERANCE_TABLE("step-accuracy", true, DefectiveFirmware::movedToleranceTable, Firmware.Factory.REFERENCE),

    /** A remote step command refused at LOCAL is applied anyway. */
    LOCAL_MODE_IGNORED("local-remote", false, c -> c, (c, clock) -> new LocalIgnored(new ControlBoard(c, clock))),

    /** The failed-lamp count reads one more than the estimate. */
    LAMP_COUNT_OFF_BY_ONE("lamp-count", false, c -> c, (c, clock) -> new LampsOffByOne(new ControlBoard(c, clock))),

    /**
     * The failed-lamp count always "cannot tell" (−1): a count that never claims anything, caught
     * where the plan requires a count. (The board that counts where it cannot tell is caught at
     * conditions where the reference itself cannot, outside the default plan:
     * {@code LampCountWhereTheEstimateCannotTellTest}.)
     */
    LAMP_COUNT_NEVER_GIVEN("lamp-count", false, c -> c, neverCounts()),

    /**
     * The control law before the approach guard (horizon 0): on an all-LED loop the driver's
     * current rises late and steeply, and the soft start overshoots the band.
     */
    OLD_CONTROL_LAW_ON_AN_LED_LOOP("step-change", true, c -> c.withTuning(c.tuning().withApproachHorizon(0)),
            Firmware.Factory.REFERENCE),

    /** The current-control software reports a hash that is not the reference build's. */
    WRONG_COMPONENT_HASH("identity", true, c -> c.withEquipment(c.equipment().withSoftwareSha256("0".repeat(63) + "1")),
            Firmware.Factory.REFERENCE);

    final String caughtBy;
    /**
     * Whether the variant runs a configuration other than the reference's (a changed protection
     * constant, step table, tolerance table or tuning): each component's hash covers its own
     * configuration, so the identity test FAILs too. A wrapper written in test code changes no
     * firmware class or configuration, and its identity stays the reference's.
     */
    final boolean changesIdentity;
    private final UnaryOperator<BoardConfig> config;
    private final Firmware.Factory factory;

    DefectiveFirmware(String caughtBy, boolean changesIdentity, UnaryOperator<BoardConfig> config,
                      Firmware.Factory factory) {
        this.caughtBy = caughtBy;
        this.changesIdentity = changesIdentity;
        this.config = config;
        this.factory = factory;
    }

    /** Whether test {@code testId} must FAIL on this variant: its own test, and identity for a changed build. */
    boolean fails(String testId) {
        return testId.equals(caughtBy) || (changesIdentity && testId.equals("identity"));
    }

    Procedures.Session session(TestPlan plan) {
        return EmulatedCcrSessions.of(plan, config, factory);
    }

    /** The same variant served as the reference Modbus profile on loopback TCP. */
    io.github.ccrhil.ccr.verify.accept.dut.EmulatedCcrOverLoopback overLoopback(TestPlan plan) {
        return new io.github.ccrhil.ccr.verify.accept.dut.EmulatedCcrOverLoopback(plan, config, factory);
    }

    // ------------------------------------------------------------------ the variants' machinery

    private static BoardConfig wrongStepTable(BoardConfig c) {
        StepTable wrong = new StepTable(c.steps().name(), c.steps().ratedCurrentA(), List.of(2.8, 3.4, 4.3, 5.2, 6.6));
        return new BoardConfig(wrong, ToleranceTables.percent(wrong, 3.0), c.settings(), c.tuning(), c.failsafe(),
                c.nominalInputVoltageV(), c.loop(), c.eventLogCapacity(), c.smoothingHalfCycles(), c.equipment());
    }

    private static BoardConfig movedToleranceTable(BoardConfig c) {
        StepTable moved = new StepTable(c.steps().name(), c.steps().ratedCurrentA(), List.of(2.8, 3.4, 4.3, 5.2, 6.6));
        ToleranceTable ufc = c.tolerances();
        List<ToleranceBand> bands = new java.util.ArrayList<>(ufc.bands());
        bands.set(2, new ToleranceBand(4.18, 4.42));
        return new BoardConfig(moved, new ToleranceTable(ufc.name(), ufc.source(), moved.name(), bands), c.settings(),
                c.tuning(), c.failsafe(), c.nominalInputVoltageV(), c.loop(), c.eventLogCapacity(), c.smoothingHalfCycles(),
                c.equipment());
    }

    /**
     * Swaps the board's PI regulator for one whose integrator limits are ±10⁶ instead of the
     * output range [0, 1]. Reflection: the firmware model has no hook for this (see the report).
     */
    private static Firmware withoutAntiWindup(BoardConfig c, java.time.InstantSource clock) {
        ControlBoard board = new ControlBoard(c, clock);
        try {
            CurrentControlSoftware sw = board.software();
            Field f = CurrentControlSoftware.class.getDeclaredField("pi");
            f.setAccessible(true);
            PiRegulator pi = sw.regulator();
            f.set(sw, new PiRegulator(pi.kp(), pi.ki(), pi.period(), -1e6, 1e6));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build the no-anti-windup variant", e);
        }
        return Firmware.of(board);
    }

    /** Delegates everything to the board. */
    private abstract static class Wrapper implements Firmware {
        final ControlBoard board;

        Wrapper(ControlBoard board) {
            this.board = board;
        }

        public CommandOutcome command(Command c) {
            return board.command(c);
        }

        public void controlStep(HardwarePort port) {
            board.controlStep(port);
        }

        public BoardStatus status() {
            return board.status();
        }

        public DesignatedEquipment equipment() {
            return board.equipment();
        }

        public GateCommand pendingCommand() {
            return board.pendingCommand();
        }

        public ControlBoard board() {
            return board;
        }
    }

    private static final class LocalIgnored extends Wrapper {
        LocalIgnored(ControlBoard b) {
            super(b);
        }

        @Override
        public CommandOutcome command(Command c) {
            CommandOutcome o = board.command(c);
            if (!o.accepted() && c instanceof Command.SelectStep s && s.origin() == Origin.REMOTE
                    && board.selector() == Selector.LOCAL) {
                return board.command(new Command.SelectStep(s.step(), Origin.LOCAL_PANEL));
            }
            return o;
        }
    }

    private static final class LampsOffByOne extends Wrapper {
        LampsOffByOne(ControlBoard b) {
            super(b);
        }

        @Override
        public BoardStatus status() {
            BoardStatus s = board.status();
            Function<Measurements, Measurements> plusOne = m -> m.estimatedFailedLamps() < 0 ? m
                    : m.withFailedLamps(m.estimatedFailedLamps() + 1);
            return new BoardStatus(s.at(), s.state(), s.selector(), s.commandedStep(), s.activeStep(), s.targetCurrentA(),
                    s.referenceA(), s.conductionDemand(), plusOne.apply(s.latest()), plusOne.apply(s.smoothed()),
                    s.activeAlarms(), s.unacknowledgedAlarms(), s.counters(), s.hoursPerStep(), s.failsafe(), s.linkLost(),
                    s.stepTableName(), s.toleranceTableName(), s.lastEventSequence());
        }
    }

    /** Replaces the board's failed-lamp count in what it reports (both the latest and the displayed readings). */
    private abstract static class LampCountWrapper extends Wrapper {
        LampCountWrapper(ControlBoard b) {
            super(b);
        }

        abstract int count(BoardStatus s, Measurements m);

        @Override
        public BoardStatus status() {
            BoardStatus s = board.status();
            return new BoardStatus(s.at(), s.state(), s.selector(), s.commandedStep(), s.activeStep(), s.targetCurrentA(),
                    s.referenceA(), s.conductionDemand(), s.latest().withFailedLamps(count(s, s.latest())),
                    s.smoothed().withFailedLamps(count(s, s.smoothed())), s.activeAlarms(), s.unacknowledgedAlarms(),
                    s.counters(), s.hoursPerStep(), s.failsafe(), s.linkLost(), s.stepTableName(), s.toleranceTableName(),
                    s.lastEventSequence());
        }
    }

    /**
     * The failed-lamp count from loop resistance alone (W/I² of the displayed readings), given
     * wherever the loop is regulated, also where one lamp's change of W/I² is inside the readings'
     * and the lamp models' uncertainty: a count where it cannot tell.
     */
    static Firmware.Factory countsWhereItCannotTell() {
        return (c, clock) -> new CountsWhereItCannotTell(new ControlBoard(c, clock), c.loop().orElseThrow());
    }

    /** The failed-lamp count always "cannot tell" (−1). */
    static Firmware.Factory neverCounts() {
        return (c, clock) -> new NeverCounts(new ControlBoard(c, clock));
    }

    private static final class CountsWhereItCannotTell extends LampCountWrapper {
        private final LoopData loop;

        CountsWhereItCannotTell(ControlBoard b, LoopData loop) {
            super(b);
            this.loop = loop;
        }

        @Override
        int count(BoardStatus s, Measurements m) {
            double i = m.currentRmsA();
            if (!(s.state() instanceof BoardState.Regulating) || !(i >= 0.1 * loop.ratedCurrentA()) || !(m.realPowerW() > 0)) {
                return -1;
            }
            double perLamp = LampFailureEstimator.lampResistance(loop, i) - loop.coreLossResistanceOhms();
            double k = StrictMath.rint((LampFailureEstimator.healthyLoopResistance(loop, i) - m.realPowerW() / (i * i)) / perLamp);
            return (int) StrictMath.max(0, StrictMath.min(loop.lampCount(), k));
        }
    }

    private static final class NeverCounts extends LampCountWrapper {
        NeverCounts(ControlBoard b) {
            super(b);
        }

        @Override
        int count(BoardStatus s, Measurements m) {
            return -1;
        }
    }

    static StepTable referenceTable() {
        return StepTables.SIX_SIX_FIVE_STEP;
    }
}
