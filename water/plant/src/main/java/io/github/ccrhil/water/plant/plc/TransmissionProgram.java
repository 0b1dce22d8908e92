package io.github.ccrhil.water.plant.plc;

import io.github.ccrhil.modbus.profile.Profile;
import io.github.ccrhil.water.plant.FieldIo;
import io.github.ccrhil.water.plant.Tags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Transmission pumps run on clear-well level: all pumps at or above CW.H, one pump at or below
 * CW.L. Interlocks (also in manual): every pump stops at or below CW.LL (the pumps must not run
 * dry) and at or above RES.HH (reservoir full).
 */
public final class TransmissionProgram implements PlcProgram {
    public static final String CW_LEVEL = "cw_level";
    public static final String RES_LEVEL = "res_level";
    public static final String TX_FLOW = "tx_flow";
    public static final String INTERLOCK_LL = "interlock_ll";
    public static final String INTERLOCK_RES_HH = "interlock_res_hh";
    public static final String CW_LL = "cw_ll";
    public static final String CW_L = "cw_l";
    public static final String CW_H = "cw_h";
    public static final String RES_HH = "res_hh";
    public static final String AUTO = "auto";

    private final int pumps;
    private final Profile points;
    private final double clearWellHeightM;
    private final double reservoirHeightM;

    public TransmissionProgram(int pumps, double clearWellHeightM, double reservoirHeightM) {
        this.pumps = pumps;
        this.clearWellHeightM = clearWellHeightM;
        this.reservoirHeightM = reservoirHeightM;
        this.points = Profiles.transmission(pumps);
    }

    public static String pumpPoint(int i) {
        return "pump" + i + "_on";
    }

    @Override
    public Profile points() {
        return points;
    }

    @Override
    public void initialise(PlcMemory m) {
        m.set(CW_LL, 0.5);
        m.set(CW_L, 1.5);
        m.set(CW_H, 3.0);
        m.set(RES_HH, 4.5);
        m.set(AUTO, true);
    }

    @Override
    public void scan(FieldIo io, PlcMemory m, Duration now) {
        double cw = io.read(Tags.CW_LEVEL);
        double res = io.read(Tags.RES_LEVEL);
        boolean ll = cw <= m.get(CW_LL);
        boolean full = res >= m.get(RES_HH);
        int running = 0;
        for (int i = 1; i <= pumps; i++) {
            running += io.read(Tags.txPump(i)) >= 0.5 ? 1 : 0;
        }
        int want = running;
        if (ll || full) {
            want = 0;
        } else if (m.bit(AUTO)) {
            if (cw >= m.get(CW_H)) {
                want = pumps;
            } else if (cw <= m.get(CW_L)) {
                want = StrictMath.min(running, 1); // after a low-level stop, stay off until above L
            } else if (running == 0) {
                want = 1;
            }
        }
        for (int i = 1; i <= pumps; i++) {
            io.write(Tags.txPump(i), i <= want ? 1 : 0);
            m.set(pumpPoint(i), i <= want);
        }
        m.set(CW_LEVEL, cw);
        m.set(RES_LEVEL, res);
        m.set(TX_FLOW, io.read(Tags.TX_FLOW));
        m.set(INTERLOCK_LL, ll);
        m.set(INTERLOCK_RES_HH, full);
    }

    @Override
    public String veto(PlcMemory m, java.util.Map<String, Double> pending) {
        double ll = pending.getOrDefault(CW_LL, m.get(CW_LL));
        double l = pending.getOrDefault(CW_L, m.get(CW_L));
        double h = pending.getOrDefault(CW_H, m.get(CW_H));
        if (h > clearWellHeightM) {
            return "clear-well set-points must not exceed the clear-well height " + clearWellHeightM + " m";
        }
        if (pending.getOrDefault(RES_HH, m.get(RES_HH)) > reservoirHeightM) {
            return "reservoir set-point must not exceed the reservoir height " + reservoirHeightM + " m";
        }
        return ll < l && l < h ? null : "clear-well set-points must keep LL < L < H";
    }
}
