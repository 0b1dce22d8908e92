package io.github.ccrhil.ccr.firmware.board;

import io.github.ccrhil.ccr.firmware.control.ControlTuning;
import io.github.ccrhil.ccr.firmware.control.StepTable;
import io.github.ccrhil.ccr.firmware.control.ToleranceTable;
import io.github.ccrhil.ccr.firmware.control.ToleranceTables;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the control board is configured with.
 *
 * @param steps brightness steps
 * @param tolerances tolerance bands (for the Imin/Imax alarms)
 * @param settings protection and alarm thresholds
 * @param tuning current-control software tuning
 * @param failsafe control-link loss behaviour (default HOLD)
 * @param nominalInputVoltageV rated mains voltage at the input, V (mains-loss detection)
 * @param loop loop data for the failed-lamp estimate, empty when not configured
 * @param eventLogCapacity events retained
 * @param smoothingHalfCycles display averaging window, half-cycles
 * @param equipment identities of the three components
 */
public record BoardConfig(StepTable steps, ToleranceTable tolerances, ProtectionSettings settings,
                          ControlTuning tuning, FailsafeMode failsafe, double nominalInputVoltageV,
                          Optional<LoopData> loop, int eventLogCapacity, int smoothingHalfCycles,
                          DesignatedEquipment equipment) {

    public BoardConfig {
        Objects.requireNonNull(steps, "steps");
        Objects.requireNonNull(tolerances, "tolerances");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(tuning, "tuning");
        Objects.requireNonNull(failsafe, "failsafe");
        Objects.requireNonNull(loop, "loop");
        Objects.requireNonNull(equipment, "equipment");
        tolerances.checkFits(steps);
        if (failsafe instanceof FailsafeMode.FixedStep f) {
            steps.checkStep(f.step());
        }
        if (!(nominalInputVoltageV > 0) || !Double.isFinite(nominalInputVoltageV)) {
            throw new IllegalArgumentException("nominal input voltage must be positive, was " + nominalInputVoltageV);
        }
        if (eventLogCapacity < 1) {
            throw new IllegalArgumentException("event log capacity must be ≥ 1, was " + eventLogCapacity);
        }
        if (smoothingHalfCycles < 1 || smoothingHalfCycles > 1000) {
            throw new IllegalArgumentException("smoothing window must be 1..1000 half-cycles, was " + smoothingHalfCycles);
        }
    }

    /** Defaults: tolerance table UFC (else MIL), default protections and tuning, 400 V input. */
    public static BoardConfig defaults(StepTable steps) {
        return new BoardConfig(steps, ToleranceTables.defaultFor(steps), ProtectionSettings.defaults(steps),
                ControlTuning.defaults(steps.ratedCurrentA()), FailsafeMode.HOLD, 400.0, Optional.empty(), 1000, 10,
                DesignatedEquipment.model());
    }

    /** Defaults for a mains of {@code mainsHz}: the control period is one half-cycle. */
    public static BoardConfig defaults(StepTable steps, double mainsHz) {
        if (!(mainsHz >= 40 && mainsHz <= 70)) {
            throw new IllegalArgumentException("mains frequency must be 40..70 Hz, was " + mainsHz);
        }
        BoardConfig d = defaults(steps);
        return d.withTuning(d.tuning().withPeriod(java.time.Duration.ofNanos(StrictMath.round(1e9 / (2 * mainsHz)))));
    }

    public BoardConfig withTolerances(ToleranceTable t) {
        return new BoardConfig(steps, t, settings, tuning, failsafe, nominalInputVoltageV, loop, eventLogCapacity,
                smoothingHalfCycles, equipment);
    }

    public BoardConfig withSettings(ProtectionSettings s) {
        return new BoardConfig(steps, tolerances, s, tuning, failsafe, nominalInputVoltageV, loop, eventLogCapacity,
                smoothingHalfCycles, equipment);
    }

    public BoardConfig withTuning(ControlTuning t) {
        return new BoardConfig(steps, tolerances, settings, t, failsafe, nominalInputVoltageV, loop, eventLogCapacity,
                smoothingHalfCycles, equipment);
    }

    public BoardConfig withFailsafe(FailsafeMode f) {
        return new BoardConfig(steps, tolerances, settings, tuning, f, nominalInputVoltageV, loop, eventLogCapacity,
                smoothingHalfCycles, equipment);
    }

    public BoardConfig withNominalInputVoltage(double v) {
        return new BoardConfig(steps, tolerances, settings, tuning, failsafe, v, loop, eventLogCapacity,
                smoothingHalfCycles, equipment);
    }

    public BoardConfig withLoop(LoopData l) {
        return new BoardConfig(steps, tolerances, settings, tuning, failsafe, nominalInputVoltageV, Optional.of(l),
                eventLogCapacity, smoothingHalfCycles, equipment);
    }

    public BoardConfig withEventLogCapacity(int c) {
        return new BoardConfig(steps, tolerances, settings, tuning, failsafe, nominalInputVoltageV, loop, c,
                smoothingHalfCycles, equipment);
    }

    public BoardConfig withEquipment(DesignatedEquipment e) {
        return new BoardConfig(steps, tolerances, settings, tuning, failsafe, nominalInputVoltageV, loop,
                eventLogCapacity, smoothingHalfCycles, e);
    }
}
