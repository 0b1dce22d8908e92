package io.github.ccrhil.water.plant.plc;

import io.github.ccrhil.modbus.profile.Profile;
import io.github.ccrhil.evidence.Limit;
import io.github.ccrhil.evidence.Provenance;
import io.github.ccrhil.water.plant.FieldIo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Tank level control by an on/off inlet valve, with the outlet pump stopped on low level: the logic
 * of MiniCPS swat-s1's PLC1, in the same order of tests:
 * {@code if level >= H: close inlet; elif level <= LL: stop pump; elif level <= L: open inlet}.
 * The LL pump stop is an interlock: it acts in manual mode too. With {@code restartPump} the pump
 * is restarted above L (swat-s1 never restarts it). Thresholds are set-points, range-checked and
 * kept in order LL &lt; L &lt; H &lt; HH.
 */
public final class LevelControlProgram implements PlcProgram {

    /** Where the program is wired: level sensor, inlet valve, outlet pump; extra published inputs. */
    public record Wiring(String levelTag, String inletTag, String pumpTag, List<Publish> extra) {
        public Wiring {
            extra = List.copyOf(extra);
        }
    }

    /** A field tag published as an input register point of the profile. */
    public record Publish(String point, String tag) {
    }

    /** Level thresholds LL &lt; L &lt; H &lt; HH, in m. */
    public record Thresholds(Limit ll, Limit l, Limit h, Limit hh) {
        public Thresholds {
            if (!(ll.value() < l.value() && l.value() < h.value() && h.value() < hh.value())) {
                throw new IllegalArgumentException("level thresholds must satisfy LL < L < H < HH");
            }
        }

        public static Thresholds swatS1() {
            Provenance p = Provenance.of("MiniCPS swat-s1 utils.py LIT_101_M");
            return new Thresholds(new Limit("LIT101.LL", 0.25, "m", p), new Limit("LIT101.L", 0.5, "m", p),
                    new Limit("LIT101.H", 0.8, "m", p), new Limit("LIT101.HH", 1.2, "m", p));
        }
    }

    public static final String LEVEL = "level";
    public static final String INLET_OPEN = "inlet_open";
    public static final String PUMP_ON = "pump_on";
    public static final String ALARM_HH = "alarm_hh";
    public static final String INTERLOCK_LL = "interlock_ll";
    public static final String SP_LL = "sp_ll";
    public static final String SP_L = "sp_l";
    public static final String SP_H = "sp_h";
    public static final String SP_HH = "sp_hh";
    public static final String AUTO = "auto";
    public static final String PUMP_ENABLE = "pump_enable";

    private final Wiring wiring;
    private final Thresholds start;
    private final boolean restartPump;
    private final Profile points;
    private final double tankHeightM;

    public LevelControlProgram(Profile profile, Wiring wiring, Thresholds start, double tankHeightM, boolean restartPump) {
        this.wiring = wiring;
        this.start = start;
        this.restartPump = restartPump;
        this.tankHeightM = tankHeightM;
        this.points = profile;
        for (Publish x : wiring.extra()) {
            profile.require(x.point());
        }
        for (String name : List.of(LEVEL, INLET_OPEN, PUMP_ON, ALARM_HH, INTERLOCK_LL, SP_LL, SP_L, SP_H, SP_HH, AUTO, PUMP_ENABLE)) {
            profile.require(name);
        }
    }

    @Override
    public Profile points() {
        return points;
    }

    @Override
    public void initialise(PlcMemory m) {
        m.set(SP_LL, start.ll().value());
        m.set(SP_L, start.l().value());
        m.set(SP_H, start.h().value());
        m.set(SP_HH, start.hh().value());
        m.set(AUTO, true);
        m.set(PUMP_ENABLE, true);
    }

    @Override
    public void scan(FieldIo io, PlcMemory m, Duration now) {
        double level = io.read(wiring.levelTag());
        // thresholds as the PLC holds them (raw counts are exact multiples of 1 mm; the swat-s1
        // figures are whole millimetres, so these are the same doubles as the Python constants)
        double ll = start.ll().value();
        double l = start.l().value();
        double h = start.h().value();
        double hh = start.hh().value();
        if (m.raw(SP_LL) != m.toRaw(SP_LL, ll)) {
            ll = m.get(SP_LL);
        }
        if (m.raw(SP_L) != m.toRaw(SP_L, l)) {
            l = m.get(SP_L);
        }
        if (m.raw(SP_H) != m.toRaw(SP_H, h)) {
            h = m.get(SP_H);
        }
        if (m.raw(SP_HH) != m.toRaw(SP_HH, hh)) {
            hh = m.get(SP_HH);
        }
        boolean auto = m.bit(AUTO);
        boolean enable = m.bit(PUMP_ENABLE);
        boolean interlock = false;
        if (level >= h) {
            if (auto) {
                io.write(wiring.inletTag(), 0);
            }
        } else if (level <= ll) {
            io.write(wiring.pumpTag(), 0);
            interlock = true;
        } else if (level <= l) {
            if (auto) {
                io.write(wiring.inletTag(), 1);
            }
        }
        if (!enable) {
            io.write(wiring.pumpTag(), 0);
        } else if (restartPump && auto && level > l) {
            io.write(wiring.pumpTag(), 1);
        }
        m.set(LEVEL, level);
        for (Publish x : wiring.extra()) {
            m.set(x.point(), io.read(x.tag()));
        }
        m.set(INLET_OPEN, io.read(wiring.inletTag()) >= 0.5);
        m.set(PUMP_ON, io.read(wiring.pumpTag()) >= 0.5);
        m.set(ALARM_HH, level >= hh);
        m.set(INTERLOCK_LL, interlock);
    }

    @Override
    public String veto(PlcMemory m, java.util.Map<String, Double> pending) {
        double ll = pending.getOrDefault(SP_LL, m.get(SP_LL));
        double l = pending.getOrDefault(SP_L, m.get(SP_L));
        double h = pending.getOrDefault(SP_H, m.get(SP_H));
        double hh = pending.getOrDefault(SP_HH, m.get(SP_HH));
        if (hh > tankHeightM) {
            return "level set-points must not exceed the tank height " + tankHeightM + " m";
        }
        if (!(ll < l && l < h && h < hh)) {
            return "level set-points must keep LL < L < H < HH";
        }
        return null;
    }
}
