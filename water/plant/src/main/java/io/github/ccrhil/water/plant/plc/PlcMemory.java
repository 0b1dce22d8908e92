package io.github.ccrhil.water.plant.plc;

import io.github.ccrhil.modbus.profile.Point;
import io.github.ccrhil.modbus.profile.PointType;
import io.github.ccrhil.modbus.profile.Profile;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A PLC's data table: one raw value per point of its profile (unsigned 16-bit count, or 0/1 for a
 * bit). Engineering value = raw × scale. Every access (the PLC's scan, the Modbus server's
 * request) holds this object's lock, so a client never sees half a scan.
 */
public final class PlcMemory {
    private final Profile profile;
    private final List<Point> points;
    private final Map<String, Integer> index = new HashMap<>();
    private final int[] raw;

    public PlcMemory(Profile profile) {
        this.profile = profile;
        this.points = profile.points();
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            if (p.type() != PointType.U16 && p.type() != PointType.BOOL) {
                throw new IllegalArgumentException("profile " + profile.profile() + ": PLC point " + p.name()
                        + " is " + p.type().yamlName() + "; a PLC data table holds u16 registers and bits");
            }
            index.put(p.name(), i);
        }
        this.raw = new int[points.size()];
    }

    public Profile profile() {
        return profile;
    }

    private int indexOf(String name) {
        Integer i = index.get(name);
        if (i == null) {
            throw new IllegalArgumentException("profile " + profile.profile() + " has no point '" + name + "'");
        }
        return i;
    }

    /** Index of a point in {@link Profile#points()} and in {@link #snapshot()}. */
    public int indexOf(Point p) {
        return indexOf(p.name());
    }

    /** Engineering value of a raw count. */
    public static double toEngineering(Point p, int raw) {
        return raw * p.effectiveScale();
    }

    /** Raw count of an engineering value: bits 0/1, registers rounded and clamped to 0..65535. */
    public static int toRaw(Point p, double engineering) {
        if (p.type() == PointType.BOOL) {
            return engineering >= 0.5 ? 1 : 0;
        }
        double r = StrictMath.rint(engineering / p.effectiveScale());
        if (!(r >= 0)) {
            return 0;
        }
        return r > 65535 ? 65535 : (int) r;
    }

    /** Raw count the point would hold for {@code engineering}. */
    public int toRaw(String name, double engineering) {
        return toRaw(points.get(indexOf(name)), engineering);
    }

    /** Engineering value of a point. */
    public synchronized double get(String name) {
        int i = indexOf(name);
        return toEngineering(points.get(i), raw[i]);
    }

    public synchronized boolean bit(String name) {
        return get(name) >= 0.5;
    }

    /** Raw value of a point (0/1 for bits). */
    public synchronized int raw(String name) {
        return raw[indexOf(name)];
    }

    /** Sets a point from the PLC's own logic (no range check: the logic is trusted). */
    public synchronized void set(String name, double engineering) {
        int i = indexOf(name);
        raw[i] = toRaw(points.get(i), engineering);
    }

    public synchronized void set(String name, boolean on) {
        set(name, on ? 1.0 : 0.0);
    }

    /** Every raw value at one instant, in profile order. */
    public synchronized int[] snapshot() {
        return raw.clone();
    }
}
