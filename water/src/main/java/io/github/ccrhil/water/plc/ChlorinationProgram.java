package io.github.ccrhil.water.plc;

import io.github.ccrhil.evidence.Limit;
import io.github.ccrhil.evidence.Provenance;
import io.github.ccrhil.water.plant.FieldIo;
import io.github.ccrhil.water.plant.Tags;
import java.time.Duration;
import java.util.List;

/**
 * Chlorine dose trimmed by a PI controller on the measured free residual at the clear-well outlet,
 * integrator clamped to [0, DOSE.MAX] (anti-windup). Interlock: a residual at or above
 * CL.OVERDOSE stops dosing and latches OVERDOSE.TRIP until TRIP.RESET with the residual back below.
 * The residual set-point is accepted only within 0.1–1.0 mg/L (water.md: ≥ 0.1 mg/L at the tap,
 * management target ≤ 1 mg/L).
 */
public final class ChlorinationProgram implements PlcProgram {
    public static final Limit RESIDUAL_MIN = new Limit("CL.SP.min", 0.1, "mg/L",
            Provenance.of("Waterworks Act enforcement rules Art. 17 (free residual at the tap >= 0.1 mg/L), via water.md"));
    public static final Limit RESIDUAL_MAX = new Limit("CL.SP.max", 1.0, "mg/L",
            Provenance.of("management target <= 1 mg/L, via water.md"));
    public static final Limit OVERDOSE_DEFAULT = new Limit("CL.OVERDOSE", 2.0, "mg/L",
            Provenance.defaultValue("twice the management target; no governing figure read"));

    public static final String CW_CHLORINE = "CW.CHLORINE";
    public static final String DOSE = "DOSE";
    public static final String RES_CHLORINE = "RES.CHLORINE";
    public static final String FILTERED_TURBIDITY = "FILTERED.TURBIDITY";
    public static final String RES_TURBIDITY = "RES.TURBIDITY";
    public static final String RES_PH = "RES.PH";
    public static final String OVERDOSE_TRIP = "OVERDOSE.TRIP";
    public static final String SP = "CL.SP";
    public static final String OVERDOSE = "CL.OVERDOSE";
    public static final String KP = "KP";
    public static final String KI = "KI";
    public static final String DOSE_MAX = "DOSE.MAX";
    public static final String AUTO = "AUTO";
    public static final String DOSING_ENABLE = "DOSING.ENABLE";
    public static final String TRIP_RESET = "TRIP.RESET";
    public static final String DOSE_MANUAL = "DOSE.MANUAL";

    private final PointMap points = new PointMap(List.of(
            Point.input(CW_CHLORINE, 0, 0.001, "mg/L"),
            Point.input(DOSE, 1, 0.001, "mg/L"),
            Point.input(RES_CHLORINE, 2, 0.001, "mg/L"),
            Point.input(FILTERED_TURBIDITY, 3, 0.0001, "deg"),
            Point.input(RES_TURBIDITY, 4, 0.0001, "deg"),
            Point.input(RES_PH, 5, 0.01, "pH"),
            Point.status(OVERDOSE_TRIP, 0),
            Point.setpoint(SP, 0, 0.001, "mg/L", RESIDUAL_MIN.value(), RESIDUAL_MAX.value()),
            Point.setpoint(OVERDOSE, 1, 0.001, "mg/L", 1.0, 4.0),
            Point.setpoint(KP, 2, 0.001, "", 0, 10),
            Point.setpoint(KI, 3, 0.001, "1/h", 0, 60),
            Point.setpoint(DOSE_MAX, 4, 0.01, "mg/L", 0, 10),
            Point.setpoint(DOSE_MANUAL, 5, 0.001, "mg/L", 0, 10),
            Point.command(AUTO, 0),
            Point.command(DOSING_ENABLE, 1),
            Point.command(TRIP_RESET, 2)));

    private final double timeScale;
    private double integral;
    private Duration last;
    private boolean tripped;

    /** @param timeScale process hours per simulated hour (the integrator runs in process time) */
    public ChlorinationProgram(double timeScale, double startDoseMgL) {
        this.timeScale = timeScale;
        this.integral = startDoseMgL;
    }

    @Override
    public PointMap points() {
        return points;
    }

    @Override
    public void initialise(PlcMemory m) {
        m.set(SP, 0.5);
        m.set(OVERDOSE, OVERDOSE_DEFAULT.value());
        m.set(KP, 1.0);
        m.set(KI, 3.0);
        m.set(DOSE_MAX, 5.0);
        m.set(DOSE_MANUAL, integral);
        m.set(AUTO, true);
        m.set(DOSING_ENABLE, true);
    }

    @Override
    public void scan(FieldIo io, PlcMemory m, Duration now) {
        double dtH = last == null ? 0 : (now.minus(last).toNanos() / 1e9 / 3600.0) * timeScale;
        last = now;
        double residual = io.read(Tags.CW_CHLORINE);
        double max = m.get(DOSE_MAX);
        if (residual >= m.get(OVERDOSE)) {
            tripped = true;
        }
        if (m.bit(TRIP_RESET)) {
            if (residual < m.get(OVERDOSE)) {
                tripped = false;
            }
            m.set(TRIP_RESET, false);
        }
        double dose;
        if (tripped || !m.bit(DOSING_ENABLE)) {
            dose = 0;
        } else if (m.bit(AUTO)) {
            double e = m.get(SP) - residual;
            integral = StrictMath.min(max, StrictMath.max(0, integral + m.get(KI) * e * dtH));
            dose = StrictMath.min(max, StrictMath.max(0, integral + m.get(KP) * e));
        } else {
            dose = StrictMath.min(max, m.get(DOSE_MANUAL));
            integral = dose;
        }
        io.write(Tags.CL_DOSE, dose);
        m.set(CW_CHLORINE, residual);
        m.set(DOSE, dose);
        m.set(RES_CHLORINE, io.read(Tags.RES_CHLORINE));
        m.set(FILTERED_TURBIDITY, io.read(Tags.FILTERED_TURBIDITY));
        m.set(RES_TURBIDITY, io.read(Tags.RES_TURBIDITY));
        m.set(RES_PH, io.read(Tags.RES_PH));
        m.set(OVERDOSE_TRIP, tripped);
    }
}
