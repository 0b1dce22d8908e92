package io.github.ccrhil.modbus.profile;

import io.github.ccrhil.modbus.client.LinkException;
import io.github.ccrhil.modbus.client.ModbusClient;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads and writes a device by semantic point name through a profile. */
public final class ProfileClient {

    private final ModbusClient client;
    private final Profile profile;
    private final int unitId;
    private final PointCodec codec;

    public ProfileClient(ModbusClient client, Profile profile, int unitId) {
        this.client = client;
        this.profile = profile;
        this.unitId = unitId;
        this.codec = PointCodec.of(profile);
    }

    public ProfileClient(ModbusClient client, Profile profile) {
        this(client, profile, profile.unitId());
    }

    public Profile profile() {
        return profile;
    }

    /** Engineering value: Double, Boolean or String. */
    public Object read(String name) throws LinkException {
        Point p = profile.require(name);
        return switch (p.table()) {
            case COIL -> client.readCoils(unitId, p.address(), 1)[0];
            case DISCRETE_INPUT -> client.readDiscreteInputs(unitId, p.address(), 1)[0];
            case INPUT_REGISTER -> codec.decode(p, client.readInputRegisters(unitId, p.address(), p.size()), 0);
            case HOLDING_REGISTER -> codec.decode(p, client.readHoldingRegisters(unitId, p.address(), p.size()), 0);
        };
    }

    /** A numeric point's value. */
    public double readNumber(String name) throws LinkException {
        Object v = read(name);
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException(name + " is not numeric: " + v);
    }

    /**
     * Writes a point; the value is checked against the profile first (IllegalArgumentException),
     * so that only the device's own refusals come back as exceptions.
     */
    public void write(String name, Object value) throws LinkException {
        Point p = profile.require(name);
        if (!p.access().writable()) {
            throw new IllegalArgumentException(name + " is read-only (" + p.access().yamlName() + ")");
        }
        if (p.table() == Table.COIL) {
            client.writeSingleCoil(unitId, p.address(), Boolean.TRUE.equals(value)
                    || (value instanceof Number n && n.doubleValue() != 0));
            return;
        }
        int[] words = codec.encodeForWrite(p, value);
        if (words.length == 1) {
            client.writeSingleRegister(unitId, p.address(), words[0]);
        } else {
            client.writeMultipleRegisters(unitId, p.address(), words);
        }
    }

    /** Writes raw register values at a point's address, bypassing the profile's checks (for negative tests). */
    public void writeRaw(String name, int... words) throws LinkException {
        Point p = profile.require(name);
        client.writeMultipleRegisters(unitId, p.address(), words);
    }

    /** Every point, in profile order. */
    public Map<String, Object> readAll() throws LinkException {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Point p : profile.points()) {
            out.put(p.name(), read(p.name()));
        }
        return out;
    }
}
