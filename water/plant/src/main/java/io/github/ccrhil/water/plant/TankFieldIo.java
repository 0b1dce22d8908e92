package io.github.ccrhil.water.plant;

/**
 * Field wiring of a lone {@link TankStage}: tags NAME.LEVEL, NAME.INFLOW, NAME.OUTFLOW (sensors),
 * NAME.INLET and NAME.PUMP (actuators, 0/1). For swat-s1: RWT.LEVEL = LIT101, RWT.INLET = MV101,
 * RWT.PUMP = P101, RWT.INFLOW = FIT101, RWT.OUTFLOW = FIT201.
 */
public final class TankFieldIo implements FieldIo {
    private final TankStage tank;
    private final String prefix;

    public TankFieldIo(TankStage tank) {
        this.tank = tank;
        this.prefix = tank.config().name() + ".";
    }

    public String level() {
        return prefix + "LEVEL";
    }

    public String inlet() {
        return prefix + "INLET";
    }

    public String pump() {
        return prefix + "PUMP";
    }

    public String inflow() {
        return prefix + "INFLOW";
    }

    public String outflow() {
        return prefix + "OUTFLOW";
    }

    @Override
    public synchronized double read(String tag) {
        if (tag.equals(level())) {
            return tank.level();
        } else if (tag.equals(inlet())) {
            return tank.inletOpen() ? 1 : 0;
        } else if (tag.equals(pump())) {
            return tank.outletOn() ? 1 : 0;
        } else if (tag.equals(inflow())) {
            return tank.lastInflowM3h();
        } else if (tag.equals(outflow())) {
            return tank.lastOutflowM3h();
        }
        throw new IllegalArgumentException("unknown tag of tank " + tank.config().name() + ": " + tag);
    }

    @Override
    public synchronized void write(String tag, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("actuator " + tag + " needs a finite value, was " + value);
        }
        if (tag.equals(inlet())) {
            tank.setInletOpen(value >= 0.5);
        } else if (tag.equals(pump())) {
            tank.setOutletOn(value >= 0.5);
        } else {
            throw new IllegalArgumentException("not an actuator of tank " + tank.config().name() + ": " + tag);
        }
    }

    /** Steps the tank (holding the wiring lock, so PLC threads see whole steps). */
    public synchronized void step(java.time.Duration dt) {
        tank.step(dt);
    }
}
