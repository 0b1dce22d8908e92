package io.github.ccrhil.water.plc;

import io.github.ccrhil.water.plant.FieldIo;
import io.github.ccrhil.water.plant.Tags;
import java.time.Duration;
import java.util.List;

/**
 * Coagulant (PAC) dose fed forward from raw-water flow and turbidity:
 * dose = clamp(base + gain·turbidity, 0, max) mg/L, pump mass rate = dose·flow/1000 kg/h
 * (stopped when there is no flow). Manual mode doses DOSE.MANUAL.
 */
public final class CoagulationProgram implements PlcProgram {
    public static final String RAW_TURBIDITY = "RAW.TURBIDITY";
    public static final String FLOW = "FLOW";
    public static final String DOSE = "DOSE";
    public static final String PUMP_RATE = "PUMP.RATE";
    public static final String SETTLED_TURBIDITY = "SETTLED.TURBIDITY";
    public static final String RAW_PH = "RAW.PH";
    public static final String TREATED_PH = "TREATED.PH";
    public static final String DOSE_BASE = "DOSE.BASE";
    public static final String DOSE_GAIN = "DOSE.GAIN";
    public static final String DOSE_MAX = "DOSE.MAX";
    public static final String DOSE_MANUAL = "DOSE.MANUAL";
    public static final String AUTO = "AUTO";
    public static final String DOSING_ENABLE = "DOSING.ENABLE";

    private final PointMap points = new PointMap(List.of(
            Point.input(RAW_TURBIDITY, 0, 0.01, "deg"),
            Point.input(FLOW, 1, 0.1, "m3/h"),
            Point.input(DOSE, 2, 0.01, "mg/L"),
            Point.input(PUMP_RATE, 3, 0.01, "kg/h"),
            Point.input(SETTLED_TURBIDITY, 4, 0.001, "deg"),
            Point.input(RAW_PH, 5, 0.01, "pH"),
            Point.input(TREATED_PH, 6, 0.01, "pH"),
            Point.setpoint(DOSE_BASE, 0, 0.01, "mg/L", 0, 50),
            Point.setpoint(DOSE_GAIN, 1, 0.001, "mg/L/deg", 0, 5),
            Point.setpoint(DOSE_MAX, 2, 0.1, "mg/L", 0, 200),
            Point.setpoint(DOSE_MANUAL, 3, 0.01, "mg/L", 0, 100),
            Point.command(AUTO, 0),
            Point.command(DOSING_ENABLE, 1)));

    private final double base;
    private final double gain;
    private final double max;

    public CoagulationProgram(double baseMgL, double gainMgLPerDegree, double maxMgL) {
        this.base = baseMgL;
        this.gain = gainMgLPerDegree;
        this.max = maxMgL;
    }

    @Override
    public PointMap points() {
        return points;
    }

    @Override
    public void initialise(PlcMemory m) {
        m.set(DOSE_BASE, base);
        m.set(DOSE_GAIN, gain);
        m.set(DOSE_MAX, max);
        m.set(DOSE_MANUAL, base);
        m.set(AUTO, true);
        m.set(DOSING_ENABLE, true);
    }

    @Override
    public void scan(FieldIo io, PlcMemory m, Duration now) {
        double turbidity = io.read(Tags.RAW_TURBIDITY);
        double flow = io.read(Tags.INTAKE_FLOW);
        double dose;
        if (!m.bit(DOSING_ENABLE)) {
            dose = 0;
        } else if (m.bit(AUTO)) {
            dose = StrictMath.min(m.get(DOSE_MAX), StrictMath.max(0, m.get(DOSE_BASE) + m.get(DOSE_GAIN) * turbidity));
        } else {
            dose = StrictMath.min(m.get(DOSE_MAX), m.get(DOSE_MANUAL));
        }
        io.write(Tags.COAG_DOSE, dose);
        m.set(RAW_TURBIDITY, turbidity);
        m.set(FLOW, flow);
        m.set(DOSE, dose);
        m.set(PUMP_RATE, flow > 0 ? dose * flow / 1000.0 : 0.0);
        m.set(SETTLED_TURBIDITY, io.read(Tags.SETTLED_TURBIDITY));
        m.set(RAW_PH, io.read(Tags.RAW_PH));
        m.set(TREATED_PH, io.read(Tags.CW_PH));
    }
}
