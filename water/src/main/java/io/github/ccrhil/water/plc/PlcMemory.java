package io.github.ccrhil.water.plc;

import com.ghgande.j2mod.modbus.procimg.SimpleDigitalIn;
import com.ghgande.j2mod.modbus.procimg.SimpleDigitalOut;
import com.ghgande.j2mod.modbus.procimg.SimpleInputRegister;
import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;

/**
 * A PLC's data table, backed by a j2mod process image that the Modbus server serves. Every access
 * (the PLC's scan, the server's request handling) holds this object's lock, so a client never
 * sees half a scan.
 */
public final class PlcMemory {
    private final PointMap map;
    private final SimpleProcessImage image;

    public PlcMemory(PointMap map, int unitId) {
        this.map = map;
        this.image = new SimpleProcessImage(unitId);
        for (int i = 0; i < map.size(Area.COIL); i++) {
            image.addDigitalOut(new SimpleDigitalOut(false));
        }
        for (int i = 0; i < map.size(Area.DISCRETE_INPUT); i++) {
            image.addDigitalIn(new SimpleDigitalIn(false));
        }
        for (int i = 0; i < map.size(Area.INPUT_REGISTER); i++) {
            image.addInputRegister(new SimpleInputRegister(0));
        }
        for (int i = 0; i < map.size(Area.HOLDING_REGISTER); i++) {
            image.addRegister(new SimpleRegister(0));
        }
    }

    public PointMap map() {
        return map;
    }

    SimpleProcessImage image() {
        return image;
    }

    /** Engineering value of a point. */
    public synchronized double get(String name) {
        Point p = map.get(name);
        return p.toEngineering(raw(p));
    }

    public synchronized boolean bit(String name) {
        return get(name) >= 0.5;
    }

    /** Raw value of a point (0/1 for bits). */
    public synchronized int raw(Point p) {
        return switch (p.area()) {
            case COIL -> image.getDigitalOut(p.address()).isSet() ? 1 : 0;
            case DISCRETE_INPUT -> image.getDigitalIn(p.address()).isSet() ? 1 : 0;
            case INPUT_REGISTER -> image.getInputRegister(p.address()).toUnsignedShort();
            case HOLDING_REGISTER -> image.getRegister(p.address()).toUnsignedShort();
        };
    }

    /** Sets a point from the PLC's own logic (no range check: the logic is trusted). */
    public synchronized void set(String name, double engineering) {
        Point p = map.get(name);
        int raw = p.toRaw(engineering);
        switch (p.area()) {
            case COIL -> image.getDigitalOut(p.address()).set(raw == 1);
            case DISCRETE_INPUT -> ((SimpleDigitalIn) image.getDigitalIn(p.address())).set(raw == 1);
            case INPUT_REGISTER -> ((SimpleInputRegister) image.getInputRegister(p.address())).setValue(raw);
            case HOLDING_REGISTER -> image.getRegister(p.address()).setValue(raw);
        }
    }

    public synchronized void set(String name, boolean on) {
        set(name, on ? 1.0 : 0.0);
    }
}
