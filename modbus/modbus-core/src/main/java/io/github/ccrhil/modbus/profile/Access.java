package io.github.ccrhil.modbus.profile;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Who may write a point: nobody, a remote client, or a remote client after unlocking configuration. */
public enum Access {
    READ("r"),
    READ_WRITE("rw"),
    /** Configuration: writable only while the device's configuration is unlocked. */
    READ_WRITE_PROTECTED("rw-protected");

    private final String yaml;

    Access(String yaml) {
        this.yaml = yaml;
    }

    @JsonValue
    public String yamlName() {
        return yaml;
    }

    public boolean writable() {
        return this != READ;
    }

    @JsonCreator
    public static Access of(String name) {
        for (Access a : values()) {
            if (a.yaml.equals(name)) {
                return a;
            }
        }
        throw new IllegalArgumentException("access must be one of r, rw, rw-protected; was '" + name + "'");
    }
}
