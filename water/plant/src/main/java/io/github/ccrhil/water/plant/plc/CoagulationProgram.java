package io.github.ccrhil.water.plant.plc;

import io.github.ccrhil.modbus.profile.Profile;
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
    public static final String RAW_TURBIDITY = "raw_turbidity";
    public static final String FLOW = "flow";
    public static final String DOSE = "dose";
    public static final String PUMP_RATE = "pump_rate";
    public static final String SETTLED_TURBIDITY = "settled_turbidity";
    public static final String RAW_PH = "raw_ph";
    public static final String TREATED_PH = "treated_ph";
    public static final String DOSE_BASE = "dose_base";
    public static final String DOSE_GAIN = "dose_gain";
    public static final String DOSE_MAX = "dose_max";
    public static final String DOSE_MANUAL = "dose_manual";
    public static final String AUTO = "auto";
    public static final String DOSING_ENABLE = "dosing_enable";

    private final Profile points = Profiles.coagulation();

    private final double base;
    private final double gain;
    private final double max;

    public CoagulationProgram(double baseMgL, double gainMgLPerDegree, double maxMgL) {
        this.base = baseMgL;
        this.gain = gainMgLPerDegree;
        this.max = maxMgL;
    }

    @Override
    public Profile points() {
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
