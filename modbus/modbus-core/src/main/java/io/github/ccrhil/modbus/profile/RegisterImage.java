package io.github.ccrhil.modbus.profile;

import io.github.ccrhil.modbus.server.DeviceIdentity;
import io.github.ccrhil.modbus.server.ModbusServiceException;
import io.github.ccrhil.modbus.server.RequestHandler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/**
 * A Modbus server device generated from a {@link Profile}: every address the profile names can
 * be read, every other address answers 02. Writes must cover whole points of writable tables
 * and satisfy the profile's min/max/values (else 02 or 03) before the {@link PointAccessor}
 * sees them; a multi-point write reaches the accessor as one all-or-nothing call.
 */
public final class RegisterImage implements RequestHandler {

    private final Profile profile;
    private final PointAccessor accessor;
    private final PointCodec codec;
    private final Map<Table, NavigableMap<Integer, Point>> tables = new HashMap<>();

    public RegisterImage(Profile profile, PointAccessor accessor) {
        this.profile = profile;
        this.accessor = accessor;
        this.codec = PointCodec.of(profile);
        for (Table t : Table.values()) {
            tables.put(t, profile.table(t));
        }
        if (!profile.crossPointProblems().isEmpty()) {
            throw new IllegalArgumentException("profile " + profile.profile() + ": " + profile.crossPointProblems().values().iterator().next());
        }
    }

    public Profile profile() {
        return profile;
    }

    private Point at(Table table, int address) throws ModbusServiceException {
        Map.Entry<Integer, Point> e = tables.get(table).floorEntry(address);
        if (e == null || address > e.getValue().lastAddress()) {
            throw ModbusServiceException.illegalAddress(table.yamlName() + " " + address + " is not in profile " + profile.profile());
        }
        return e.getValue();
    }

    private boolean[] readBits(Table table, int address, int quantity) throws ModbusServiceException {
        accessor.beginRequest();
        boolean[] out = new boolean[quantity];
        for (int i = 0; i < quantity; i++) {
            out[i] = Boolean.TRUE.equals(accessor.read(at(table, address + i)));
        }
        return out;
    }

    private int[] readWords(Table table, int address, int quantity) throws ModbusServiceException {
        accessor.beginRequest();
        // Resolve every address before reading anything.
        Point[] points = new Point[quantity];
        for (int i = 0; i < quantity; i++) {
            points[i] = at(table, address + i);
        }
        // A point's words are contiguous, so each point is read and encoded once, when its first
        // word comes up (compared by identity: a record's hashCode walks every field).
        int[] out = new int[quantity];
        Point current = null;
        int[] words = null;
        for (int i = 0; i < quantity; i++) {
            Point p = points[i];
            if (p != current) {
                current = p;
                words = codec.encodeForRead(p, accessor.read(p));
            }
            out[i] = words[address + i - p.address()];
        }
        return out;
    }

    @Override
    public boolean[] readCoils(int address, int quantity) throws ModbusServiceException {
        return readBits(Table.COIL, address, quantity);
    }

    @Override
    public boolean[] readDiscreteInputs(int address, int quantity) throws ModbusServiceException {
        return readBits(Table.DISCRETE_INPUT, address, quantity);
    }

    @Override
    public int[] readHoldingRegisters(int address, int quantity) throws ModbusServiceException {
        return readWords(Table.HOLDING_REGISTER, address, quantity);
    }

    @Override
    public int[] readInputRegisters(int address, int quantity) throws ModbusServiceException {
        return readWords(Table.INPUT_REGISTER, address, quantity);
    }

    @Override
    public void writeCoils(int address, boolean[] values) throws ModbusServiceException {
        accessor.beginRequest();
        List<PointAccessor.PointWrite> writes = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            Point p = at(Table.COIL, address + i);
            if (!p.access().writable()) {
                throw ModbusServiceException.illegalAddress("coil " + p.name() + " is read-only");
            }
            writes.add(new PointAccessor.PointWrite(p, values[i]));
        }
        accessor.write(writes);
    }

    @Override
    public void writeRegisters(int address, int[] values) throws ModbusServiceException {
        accessor.beginRequest();
        List<PointAccessor.PointWrite> writes = new ArrayList<>();
        int i = 0;
        while (i < values.length) {
            Point p = at(Table.HOLDING_REGISTER, address + i);
            if (!p.access().writable()) {
                throw ModbusServiceException.illegalAddress("holding register " + p.name() + " is read-only");
            }
            if (p.address() != address + i || p.lastAddress() > address + values.length - 1) {
                throw ModbusServiceException.illegalAddress("a write must cover all " + p.size() + " registers of "
                        + p.name() + " (" + p.address() + ".." + p.lastAddress() + ")");
            }
            Object value;
            try {
                value = codec.decode(p, values, i);
                codec.check(p, value);
            } catch (IllegalArgumentException e) {
                throw ModbusServiceException.illegalValue(e.getMessage());
            }
            writes.add(new PointAccessor.PointWrite(p, value));
            i += p.size();
        }
        accessor.write(writes);
    }

    @Override
    public DeviceIdentity identity() {
        return accessor.identity();
    }
}
