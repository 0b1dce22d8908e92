package io.github.ccrhil.water.plc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A PLC's register map as data: ordered points, unique names, no two points at one address. */
public final class PointMap {
    private final Map<String, Point> byName = new LinkedHashMap<>();
    private final Map<Area, TreeMap<Integer, Point>> byAddress = new EnumMap<>(Area.class);

    public PointMap(List<Point> points) {
        for (Area a : Area.values()) {
            byAddress.put(a, new TreeMap<>());
        }
        for (Point p : points) {
            if (byName.putIfAbsent(p.name(), p) != null) {
                throw new IllegalArgumentException("duplicate point name: " + p.name());
            }
            Point clash = byAddress.get(p.area()).putIfAbsent(p.address(), p);
            if (clash != null) {
                throw new IllegalArgumentException("points " + clash.name() + " and " + p.name() + " share "
                        + p.area() + " address " + p.address());
            }
        }
    }

    public Point get(String name) {
        Point p = byName.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no point named " + name);
        }
        return p;
    }

    public boolean contains(String name) {
        return byName.containsKey(name);
    }

    /** The point at an address, or null. */
    public Point at(Area area, int address) {
        return byAddress.get(area).get(address);
    }

    public List<Point> points() {
        return Collections.unmodifiableList(new ArrayList<>(byName.values()));
    }

    /** Points of one area in address order. */
    public List<Point> points(Area area) {
        return List.copyOf(byAddress.get(area).values());
    }

    /** One past the highest address used in an area (0 if none). */
    public int size(Area area) {
        TreeMap<Integer, Point> m = byAddress.get(area);
        return m.isEmpty() ? 0 : m.lastKey() + 1;
    }
}
