package io.github.ccrhil.water.plc;

/** The four Modbus data areas. Writable from the network: coils and holding registers only. */
public enum Area {
    COIL(true, true), DISCRETE_INPUT(true, false), INPUT_REGISTER(false, false), HOLDING_REGISTER(false, true);

    private final boolean bit;
    private final boolean writable;

    Area(boolean bit, boolean writable) {
        this.bit = bit;
        this.writable = writable;
    }

    public boolean isBit() {
        return bit;
    }

    public boolean isWritable() {
        return writable;
    }
}
