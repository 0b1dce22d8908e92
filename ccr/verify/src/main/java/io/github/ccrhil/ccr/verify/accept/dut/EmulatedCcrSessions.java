package io.github.ccrhil.ccr.verify.accept.dut;

import io.github.ccrhil.ccr.firmware.board.BoardConfig;
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
        return (point, seed, configure) -> build(plan, point, seed, c -> variant.apply(configure.apply(c)), factory);
    }

    /** One run's emulated CCR at an operating point. */
    public static EmulatedCcr build(TestPlan plan, io.github.ccrhil.ccr.verify.accept.plan.Conditions.Point point, long seed,
                                    UnaryOperator<BoardConfig> configure, Firmware.Factory factory) {
        return new EmulatedCcr(plan.equipment(), point.load(), point.input(), point.failed(), seed, configure, factory);
    }
}
