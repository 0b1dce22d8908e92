package io.github.ccrhil.modbus.server;

import io.github.ccrhil.modbus.pdu.ModbusResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The objects a device answers FC 43/14 with. Ids 0..2 are the basic category (vendor name,
 * product code, major.minor revision), 3..0x7F regular (3 vendor URL, 4 product name, 5 model
 * name, 6 user application name), 0x80..0xFF extended (device specific).
 *
 * @param objects id → ASCII value, ids ascending
 */
public record DeviceIdentity(Map<Integer, String> objects) {

    public static final int VENDOR_NAME = 0x00;
    public static final int PRODUCT_CODE = 0x01;
    public static final int MAJOR_MINOR_REVISION = 0x02;
    public static final int VENDOR_URL = 0x03;
    public static final int PRODUCT_NAME = 0x04;
    public static final int MODEL_NAME = 0x05;
    public static final int USER_APPLICATION_NAME = 0x06;

    /** Largest object value so that any single object fits one response PDU. */
    public static final int MAX_VALUE_BYTES = 244;

    public DeviceIdentity {
        TreeMap<Integer, String> copy = new TreeMap<>();
        for (Map.Entry<Integer, String> e : objects.entrySet()) {
            int id = e.getKey();
            String v = e.getValue();
            if (id < 0 || id > 0xFF) {
                throw new IllegalArgumentException("device id object " + id + " outside 0..255");
            }
            if (!StandardCharsets.US_ASCII.newEncoder().canEncode(v)) {
                throw new IllegalArgumentException("device id object " + id + " is not ASCII: " + v);
            }
            if (v.length() > MAX_VALUE_BYTES) {
                throw new IllegalArgumentException("device id object " + id + " longer than " + MAX_VALUE_BYTES + " bytes");
            }
            copy.put(id, v);
        }
        for (int id = 0; id <= 2; id++) {
            if (!copy.containsKey(id)) {
                throw new IllegalArgumentException("mandatory basic device id object " + id + " missing");
            }
        }
        objects = Collections.unmodifiableSortedMap(copy);
    }

    /**
     * Answers one FC 43/14 request.
     *
     * @return the response, or {@code null} if a readCode-4 request names an absent object
     *     (the server answers 02)
     */
    public ModbusResponse.DeviceIdentification answer(int readCode, int objectId) {
        int conformity = objects.keySet().stream().anyMatch(id -> id >= 0x80) ? 0x83 : 0x82;
        if (readCode == 4) {
            String v = objects.get(objectId);
            if (v == null) {
                return null;
            }
            return new ModbusResponse.DeviceIdentification(4, conformity, false, 0,
                    List.of(new ModbusResponse.DeviceObject(objectId, v)));
        }
        int last = readCode == 1 ? 0x02 : readCode == 2 ? 0x7F : 0xFF;
        int first = objects.containsKey(objectId) && objectId <= last ? objectId : 0;
        List<ModbusResponse.DeviceObject> out = new ArrayList<>();
        int size = 7;
        for (Map.Entry<Integer, String> e : objects.entrySet()) {
            int id = e.getKey();
            if (id < first || id > last) {
                continue;
            }
            int bytes = 2 + e.getValue().length();
            if (size + bytes > io.github.ccrhil.modbus.pdu.FunctionCode.MAX_PDU) {
                return new ModbusResponse.DeviceIdentification(readCode, conformity, true, id, out);
            }
            size += bytes;
            out.add(new ModbusResponse.DeviceObject(id, e.getValue()));
        }
        return new ModbusResponse.DeviceIdentification(readCode, conformity, false, 0, out);
    }
}
