package io.github.ccrhil.water.scada;

import io.github.ccrhil.water.plc.PointMap;

/** Where a PLC is and what its register map is. */
public record PlcEndpoint(String name, String host, int port, int unitId, PointMap points) {
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
    }

    public String tag(String point) {
        return name + "." + point;
    }
}
