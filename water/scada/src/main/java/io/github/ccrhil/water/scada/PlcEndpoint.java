package io.github.ccrhil.water.scada;

import io.github.ccrhil.modbus.profile.Point;
import io.github.ccrhil.modbus.profile.Profile;

/**
 * Where a PLC is and what its register map is. The profile is configuration given to the
 * supervisory server (as for a real site's PLCs), not read from the PLC.
 *
 * @param tls Modbus/TCP Security: the supervisory server's certificate and the CAs it trusts for
 *     this PLC, or {@code null} for plain Modbus/TCP
 */
public record PlcEndpoint(String name, String host, int port, int unitId, Profile points,
                          io.github.ccrhil.modbus.tcp.TlsSettings tls) {

    /** A PLC reached over plain Modbus/TCP. */
    public PlcEndpoint(String name, String host, int port, int unitId, Profile points) {
        this(name, host, port, unitId, points, null);
    }

    /** The same PLC reached over Modbus/TCP Security with {@code settings}. */
    public PlcEndpoint withTls(io.github.ccrhil.modbus.tcp.TlsSettings settings) {
        return new PlcEndpoint(name, host, port, unitId, points, java.util.Objects.requireNonNull(settings, "settings"));
    }

    public PlcEndpoint {
        if (name == null || name.isBlank() || name.contains(".")) {
            throw new IllegalArgumentException("PLC name must be non-blank without dots, was " + name);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("PLC " + name + ": port must be 1..65535, was " + port);
        }
        if (unitId < 0 || unitId > 255) {
            throw new IllegalArgumentException("PLC " + name + ": unit id must be 0..255, was " + unitId);
        }
        if (points == null) {
            throw new IllegalArgumentException("PLC " + name + ": profile missing");
        }
    }

    public String tag(String point) {
        return name + "." + point;
    }

    /** Whether a value is within a point's writable range (its profile min and max, where given). */
    public static boolean accepts(Point p, double value) {
        return Double.isFinite(value) && (p.min() == null || value >= p.min()) && (p.max() == null || value <= p.max());
    }

    /** A point's writable range for messages, e.g. {@code 0.1..1.0 mg/L} or {@code >= 0.0 m}. */
    public static String range(Point p) {
        String unit = p.unit().isEmpty() ? "" : " " + p.unit();
        if (p.min() != null && p.max() != null) {
            return p.min() + ".." + p.max() + unit;
        }
        if (p.min() != null) {
            return ">= " + p.min() + unit;
        }
        return p.max() != null ? "<= " + p.max() + unit : "any value";
    }
}
