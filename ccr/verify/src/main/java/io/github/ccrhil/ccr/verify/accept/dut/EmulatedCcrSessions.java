package io.github.ccrhil.ccr.verify.accept.dut;

import io.github.ccrhil.ccr.firmware.board.BoardConfig;
import io.github.ccrhil.ccr.firmware.board.FailsafeMode;
import io.github.ccrhil.ccr.verify.accept.plan.TestPlan;
import io.github.ccrhil.ccr.verify.accept.procedure.Procedures;
import java.util.function.UnaryOperator;

/** Sessions on the emulated DUT, in process and in simulated time. */
public final class EmulatedCcrSessions {

    private EmulatedCcrSessions() { }

    /** The reference firmware. */
    public static Procedures.Session reference(TestPlan plan) {
        return of(plan, c -> c, Firmware.Factory.REFERENCE);
    }

    /**
     * A firmware variant: {@code variant} changes the board configuration after the plan's own
     * configuration, {@code factory} builds the firmware.
     */
    public static Procedures.Session of(TestPlan plan, UnaryOperator<BoardConfig> variant, Firmware.Factory factory) {
        return (point, seed, settings) -> build(plan, point, seed, c -> variant.apply(configured(c, settings)), factory);
    }

    /** The board configuration with the plan's settings for a test applied, as a commissioning engineer would. */
    static BoardConfig configured(BoardConfig c, DutSettings settings) {
        if (settings.fallback().isEmpty()) {
            return c;
        }
        String f = settings.fallback().get();
        FailsafeMode mode = f.equals("hold") ? FailsafeMode.HOLD
                : f.equals("off") ? FailsafeMode.OFF : FailsafeMode.fixedStep(Integer.parseInt(f.substring("step-".length())));
        return c.withFailsafe(mode);
    }

    /** One run's reference emulated CCR at an operating point, set as the plan asks. */
    public static EmulatedCcr build(TestPlan plan, io.github.ccrhil.ccr.verify.accept.plan.Conditions.Point point, long seed,
                                    DutSettings settings, Firmware.Factory factory) {
        return build(plan, point, seed, c -> configured(c, settings), factory);
    }

    /** The equipment with the point's LED share, when the test sets one. */
    private static TestPlan.Equipment onLoop(TestPlan.Equipment e, io.github.ccrhil.ccr.verify.accept.plan.Conditions.Point point) {
        if (point.led().isEmpty()) {
            return e;
        }
        return new TestPlan.Equipment(e.ratedKva(), e.stepTable(), e.toleranceTable(), e.mainsVoltage(), e.mainsHz(),
                e.cableLengthM(), point.led().getAsDouble(), e.steps(), e.tolerances());
    }

    /** One run's emulated CCR at an operating point. */
    public static EmulatedCcr build(TestPlan plan, io.github.ccrhil.ccr.verify.accept.plan.Conditions.Point point, long seed,
                                    UnaryOperator<BoardConfig> configure, Firmware.Factory factory) {
        try {
            return new EmulatedCcr(onLoop(plan.equipment(), point), point.load(), point.input(), point.failed(), seed,
                    configure, factory);
        } catch (ExceptionInInitializerError | NoClassDefFoundError | IllegalArgumentException e) {
            // the firmware's own tables are checked when its classes load: a bad one is the DUT's error, not a verdict
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            throw new DutStartupException("the emulated CCR's firmware cannot start: " + root.getClass().getSimpleName()
                    + (root.getMessage() == null ? "" : ": " + root.getMessage()), e);
        }
    }
}
