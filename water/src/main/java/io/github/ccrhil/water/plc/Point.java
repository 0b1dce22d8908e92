package io.github.ccrhil.water.plc;

/**
 * One PLC point: a name, where it lives, how raw values (unsigned 16-bit, 0..65535, or a bit)
 * map to engineering units, and — for writable points — the range the PLC accepts.
 * engineering = raw · scale + offset.
 *
 * @param name    point name, unique within a PLC (e.g. "CL.SP")
 * @param area    Modbus area
 * @param address 0-based address within the area, 0..65535
 * @param scale   engineering units per count, &gt; 0 (1 for bits)
 * @param offset  engineering value at raw 0
 * @param unit    engineering unit ("m", "mg/L", "" for bits)
 * @param min     lowest accepted engineering value for writes (writable points)
 * @param max     highest accepted engineering value for writes (writable points)
 */
public record Point(String name, Area area, int address, double scale, double offset, String unit,
                    double min, double max) {

    public Point {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("point name must not be blank");
        }
        if (area == null) {
            throw new IllegalArgumentException("point " + name + ": area missing");
        }
        if (address < 0 || address > 65535) {
            throw new IllegalArgumentException("point " + name + ": address must be 0..65535, was " + address);
        }
        if (!(scale > 0) || !Double.isFinite(scale) || !Double.isFinite(offset)) {
            throw new IllegalArgumentException("point " + name + ": scale must be positive and finite");
        }
        if (!(min <= max)) {
            throw new IllegalArgumentException("point " + name + ": min " + min + " > max " + max);
        }
        if (unit == null) {
            unit = "";
        }
    }

    /** A read-only register point with the full raw range. */
    public static Point input(String name, int address, double scale, String unit) {
        return new Point(name, Area.INPUT_REGISTER, address, scale, 0, unit, 0, 65535 * scale);
    }

    /** A writable set-point accepted within [min, max]. */
    public static Point setpoint(String name, int address, double scale, String unit, double min, double max) {
        return new Point(name, Area.HOLDING_REGISTER, address, scale, 0, unit, min, max);
    }

    public static Point status(String name, int address) {
        return new Point(name, Area.DISCRETE_INPUT, address, 1, 0, "", 0, 1);
    }

    public static Point command(String name, int address) {
        return new Point(name, Area.COIL, address, 1, 0, "", 0, 1);
    }

    /** Engineering value of a raw count. */
    public double toEngineering(int raw) {
        return raw * scale + offset;
    }

    /** Raw count of an engineering value, rounded and clamped to 0..65535. */
    public int toRaw(double engineering) {
        if (area.isBit()) {
            return engineering >= 0.5 ? 1 : 0;
        }
        double r = StrictMath.rint((engineering - offset) / scale);
        if (!(r >= 0)) {
            return 0;
        }
        return r > 65535 ? 65535 : (int) r;
    }

    /** Whether a write of this raw value is inside the accepted range. */
    public boolean accepts(int raw) {
        double e = toEngineering(raw);
        return e >= min - scale * 1e-9 && e <= max + scale * 1e-9;
    }
}
