package io.github.ccrhil.water.plant.plc;

import io.github.ccrhil.modbus.profile.Profile;
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
 * management target ≤ 1 mg/L). Manual dosing lasts only while the supervisory server talks to the
 * PLC: once it has been silent for the PLC's supervisor timeout, dosing goes back to automatic.
 */
public final class ChlorinationProgram implements PlcProgram {
    public static final Limit RESIDUAL_MIN = new Limit("CL.SP.min", 0.1, "mg/L",
            Provenance.of("Waterworks Act enforcement rules Art. 17 (free residual at the tap >= 0.1 mg/L), via water.md"));
    public static final Limit RESIDUAL_MAX = new Limit("CL.SP.max", 1.0, "mg/L",
            Provenance.of("management target <= 1 mg/L, via water.md"));
    public static final Limit OVERDOSE_DEFAULT = new Limit("CL.OVERDOSE", 2.0, "mg/L",
            Provenance.defaultValue("twice the management target; no governing figure read"));

    public static final String CW_CHLORINE = "cw_chlorine";
    public static final String DOSE = "dose";
    public static final String RES_CHLORINE = "res_chlorine";
    public static final String FILTERED_TURBIDITY = "filtered_turbidity";
    public static final String RES_TURBIDITY = "res_turbidity";
    public static final String RES_PH = "res_ph";
    public static final String OVERDOSE_TRIP = "overdose_trip";
    public static final String SP = "cl_sp";
    public static final String OVERDOSE = "cl_overdose";
    public static final String KP = "kp";
    public static final String KI = "ki";
    public static final String DOSE_MAX = "dose_max";
    public static final String AUTO = "auto";
    public static final String DOSING_ENABLE = "dosing_enable";
    public static final String TRIP_RESET = "trip_reset";
    public static final String DOSE_MANUAL = "dose_manual";

    private final Profile points = Profiles.chlorination();

    private final double timeScale;
    private double integral;
    private Duration last;
    private boolean tripped;

    /** @param timeScale process hours per simulated hour (the integrator runs in process time) */
    public ChlorinationProgram(double timeScale, double startDoseMgL) {
        io.github.ccrhil.modbus.profile.Point sp = points.require(SP);
        if (sp.min() == null || sp.max() == null || sp.min() != RESIDUAL_MIN.value() || sp.max() != RESIDUAL_MAX.value()) {
            throw new IllegalStateException("profile " + points.profile() + ": " + SP + " must accept " + RESIDUAL_MIN + ".." + RESIDUAL_MAX);
        }
        this.timeScale = timeScale;
        this.integral = startDoseMgL;
    }

    @Override
    public Profile points() {
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

    /**
     * The supervisory server has fallen silent: a manual dose set from it goes back to automatic
     * control (the PI trim on the residual), since nobody is watching a manual dose any more. The
     * overdose interlock holds in either mode.
     */
    @Override
    public void supervisorSilent(PlcMemory m) {
        m.set(AUTO, true);
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
