package io.github.ccrhil.modbus.profile;

import io.github.ccrhil.modbus.server.DeviceIdentity;
import io.github.ccrhil.modbus.server.ModbusServiceException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Point values kept in memory: a stand-in device for any profile (tests, the CLI's profile
 * simulator). Remote writes are refused with 01 while {@link #setRemoteWritesAllowed(boolean)}
 * is off (LOCAL), and writes to rw-protected points while configuration is locked.
 */
public final class MemoryPointStore implements PointAccessor {

    private final Profile profile;
    private final Map<String, Object> values = new LinkedHashMap<>();
    private final DeviceIdentity identity;
    private volatile boolean remoteWritesAllowed = true;
    private volatile boolean configurationUnlocked;
    private volatile Consumer<List<PointWrite>> afterWrite = w -> { };

    public MemoryPointStore(Profile profile, DeviceIdentity identity) {
        this.profile = profile;
        this.identity = identity;
        for (Point p : profile.points()) {
            values.put(p.name(), p.type() == PointType.BOOL ? Boolean.FALSE : p.type() == PointType.STRING ? "" : 0.0);
        }
    }

    /** Sets a value as the device itself would (no access checks). */
    public synchronized void set(String name, Object value) {
        Point p = profile.require(name);
        values.put(p.name(), value);
    }

    public synchronized Object get(String name) {
        return values.get(profile.require(name).name());
    }

    public void setRemoteWritesAllowed(boolean allowed) {
        this.remoteWritesAllowed = allowed;
    }

    public void setConfigurationUnlocked(boolean unlocked) {
        this.configurationUnlocked = unlocked;
    }

    /** Called after each accepted remote write, inside the server's transaction. */
    public void afterWrite(Consumer<List<PointWrite>> hook) {
        this.afterWrite = hook;
    }

    @Override
    public synchronized Object read(Point point) {
        return values.get(point.name());
    }

    @Override
    public synchronized void write(List<PointWrite> writes) throws ModbusServiceException {
        if (!remoteWritesAllowed) {
            throw ModbusServiceException.illegalFunction("device is in LOCAL: remote writes refused");
        }
        for (PointWrite w : writes) {
            if (w.point().access() == Access.READ_WRITE_PROTECTED && !configurationUnlocked) {
                throw ModbusServiceException.illegalFunction(w.point().name() + " is write-protected configuration");
            }
        }
        for (PointWrite w : writes) {
            values.put(w.point().name(), w.value());
        }
        afterWrite.accept(writes);
    }

    @Override
    public DeviceIdentity identity() {
        return identity;
    }
}
