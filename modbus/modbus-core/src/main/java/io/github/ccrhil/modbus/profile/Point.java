package io.github.ccrhil.modbus.profile;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;
import java.util.TreeMap;

/**
 * One semantic point of a register map. Engineering value = raw × {@code scale}.
 *
 * @param name semantic name, lower_snake_case, unique in the profile
 * @param table which Modbus table
 * @param address 0-based protocol address, 0..65535
 * @param type register layout ({@code bool} for coils and discrete inputs)
 * @param length registers of a {@code string}; ignored otherwise
 * @param scale engineering units per raw count, non-zero (1 when omitted)
 * @param unit engineering unit, free text ("A", "V", "s"), may be empty
 * @param access r, rw or rw-protected
 * @param min smallest value a client may write, engineering units (optional)
 * @param max largest value a client may write (optional)
 * @param values names of enumerated raw values (optional, documentation and CLI)
 * @param description one line for people
 */
@JsonPropertyOrder({"name", "table", "address", "type", "length", "scale", "unit", "access", "min", "max", "values", "description"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Point(
        String name,
        Table table,
        int address,
        PointType type,
        Integer length,
        Double scale,
        String unit,
        Access access,
        Double min,
        Double max,
        Map<Integer, String> values,
        String description) {

    @JsonCreator
    public Point(
            @JsonProperty(value = "name", required = true) String name,
            @JsonProperty(value = "table", required = true) Table table,
            @JsonProperty(value = "address", required = true) int address,
            @JsonProperty(value = "type", required = true) PointType type,
            @JsonProperty("length") Integer length,
            @JsonProperty("scale") Double scale,
            @JsonProperty("unit") String unit,
            @JsonProperty(value = "access", required = true) Access access,
            @JsonProperty("min") Double min,
            @JsonProperty("max") Double max,
            @JsonProperty("values") Map<Integer, String> values,
            @JsonProperty("description") String description) {
        if (name == null || !name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("name: '" + name + "' must be lower_snake_case");
        }
        if (address < 0 || address > 0xFFFF) {
            throw new IllegalArgumentException("address: " + address + " outside 0..65535");
        }
        if (table.isBits() != (type == PointType.BOOL)) {
            throw new IllegalArgumentException("type: " + type.yamlName() + " does not fit table " + table.yamlName()
                    + (table.isBits() ? " (bits are type bool)" : " (registers are not bool)"));
        }
        if (access.writable() && !table.isWritable()) {
            throw new IllegalArgumentException("access: " + access.yamlName() + " on read-only table " + table.yamlName());
        }
        if (type == PointType.STRING) {
            if (length == null || length < 1 || length > 123) {
                throw new IllegalArgumentException("length: a string needs 1..123 registers, was " + length);
            }
        } else if (length != null) {
            throw new IllegalArgumentException("length: only strings have a length");
        }
        if (scale != null && (scale == 0.0 || !Double.isFinite(scale))) {
            throw new IllegalArgumentException("scale: must be finite and non-zero, was " + scale);
        }
        if (min != null && max != null && min > max) {
            throw new IllegalArgumentException("min: " + min + " is above max " + max);
        }
        this.name = name;
        this.table = table;
        this.address = address;
        this.type = type;
        this.length = length;
        this.scale = scale;
        this.unit = unit == null ? "" : unit;
        this.access = access;
        this.min = min;
        this.max = max;
        this.values = values == null ? null : java.util.Collections.unmodifiableSortedMap(new TreeMap<>(values));
        this.description = description == null ? "" : description;
    }

    /** Registers (or bits) occupied. */
    @JsonIgnore
    public int size() {
        return type == PointType.BOOL ? 1 : type == PointType.STRING ? length : type.words();
    }

    /** The scale, 1 when omitted. */
    @JsonIgnore
    public double effectiveScale() {
        return scale == null ? 1.0 : scale;
    }

    /** Last address occupied. */
    @JsonIgnore
    public int lastAddress() {
        return address + size() - 1;
    }
}
