package io.github.ccrhil.modbus.profile;

import io.github.ccrhil.modbus.server.DeviceIdentity;
import io.github.ccrhil.modbus.server.ModbusServiceException;
import java.util.List;

/**
 * The device behind a {@link RegisterImage}: values by semantic point. Called one request at a
 * time by the server.
 */
public interface PointAccessor {

    /**
     * Called once at the start of every request, before any {@link #read}: a device that takes
     * a consistent snapshot per request does it here.
     */
    default void beginRequest() {
    }

    /** Current engineering value: Double, Boolean or String. */
    Object read(Point point);

    /**
     * Applies a remote write of several points, all or nothing. Already checked against the
     * profile (table, access, min/max); the accessor refuses what its state forbids: 01 in LOCAL
     * or for configuration while locked, 03 for a value it cannot accept now.
     */
    void write(List<PointWrite> writes) throws ModbusServiceException;

    /** FC 43/14 objects, or {@code null}. */
    default DeviceIdentity identity() {
        return null;
    }

    /** One point of a write request, engineering value. */
    record PointWrite(Point point, Object value) {
    }
}
