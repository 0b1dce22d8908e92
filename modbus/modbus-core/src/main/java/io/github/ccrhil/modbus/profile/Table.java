package io.github.ccrhil.modbus.profile;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The four Modbus data tables. YAML names: coil, discrete, input, holding. */
public enum Table {
    COIL("coil", true),
    DISCRETE_INPUT("discrete", true),
    INPUT_REGISTER("input", false),
    HOLDING_REGISTER("holding", false);

    private final String yaml;
    private final boolean bits;

    Table(String yaml, boolean bits) {
        this.yaml = yaml;
        this.bits = bits;
    }

    @JsonValue
    public String yamlName() {
        return yaml;
    }

    /** Single-bit table (coil, discrete input) rather than 16-bit registers. */
    public boolean isBits() {
        return bits;
    }

    /** Whether a client can write this table at all. */
    public boolean isWritable() {
        return this == COIL || this == HOLDING_REGISTER;
    }

    @JsonCreator
    public static Table of(String name) {
        for (Table t : values()) {
            if (t.yaml.equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("table must be one of coil, discrete, input, holding; was '" + name + "'");
    }
}
