package io.github.ccrhil.modbus.profile;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How a point's value sits in registers. 32-bit types use the profile's word order. */
public enum PointType {
    BOOL("bool", 0),
    U16("u16", 1),
    S16("s16", 1),
    U32("u32", 2),
    S32("s32", 2),
    FLOAT32("float32", 2),
    /** ASCII, two characters per register (first in the high byte), NUL-padded; size from {@code length}. */
    STRING("string", -1);

    private final String yaml;
    private final int words;

    PointType(String yaml, int words) {
        this.yaml = yaml;
        this.words = words;
    }

    @JsonValue
    public String yamlName() {
        return yaml;
    }

    /** Registers used, -1 when given by the point's length (strings), 0 for bits. */
    public int words() {
        return words;
    }

    @JsonCreator
    public static PointType of(String name) {
        for (PointType t : values()) {
            if (t.yaml.equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("type must be one of bool, u16, s16, u32, s32, float32, string; was '" + name + "'");
    }
}
