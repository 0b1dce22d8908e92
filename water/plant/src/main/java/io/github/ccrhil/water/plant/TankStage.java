package io.github.ccrhil.water.plant;

import java.time.Duration;

/**
 * Mass balance of one tank, written in the same order of floating-point operations as MiniCPS
 * swat-s1's {@code RawWaterTank.main_loop} so that it reproduces it bit for bit:
 * volume = section·level; += inflow·h if the inlet is open; -= outflow·h if the pump runs;
 * level = volume/section, clamped at 0 (and here also at the tank height, which swat-s1 never reaches).
 * h = (dt in s / 3600) · timeScale.
 */
public final class TankStage {
    private final TankConfig config;
    private double level;
    private boolean inletOpen;
    private boolean outletOn;
    private double lastInflow;
    private double lastOutflow;

    public TankStage(TankConfig config) {
        this.config = config;
        this.level = config.initialLevelM();
        this.inletOpen = config.inletOpen();
        this.outletOn = config.outletOn();
    }

    public TankConfig config() {
        return config;
    }

    /** Advances by {@code dt} with the configured fixed flows. */
    public void step(Duration dt) {
        step(dt, inletOpen ? config.inflowM3h() : 0.0, outletOn ? config.outflowM3h() : 0.0);
    }

    /**
     * Advances by {@code dt} with the given flows (m³/h). The outflow actually delivered is
     * {@link #lastOutflowM3h()}: less than asked when the tank runs dry.
     */
    public void step(Duration dt, double inflowM3h, double outflowM3h) {
        double hours = processHours(dt, config.timeScale());
        double volume = config.sectionM2() * level;
        if (inflowM3h != 0.0) {
            volume += inflowM3h * hours;
        }
        double available = volume;
        if (outflowM3h != 0.0) {
            volume -= outflowM3h * hours;
        }
        double newLevel = volume / config.sectionM2();
        lastInflow = inflowM3h;
        lastOutflow = outflowM3h;
        if (newLevel <= 0.0) {
            newLevel = 0.0;
            lastOutflow = hours > 0 ? StrictMath.max(0.0, available) / hours : 0.0;
        }
        if (newLevel > config.heightM()) {
            newLevel = config.heightM(); // overflow to the drain
        }
        level = newLevel;
    }

    /** Process hours represented by a simulated step (MiniCPS: PP_PERIOD_HOURS). */
    public static double processHours(Duration dt, double timeScale) {
        double seconds = dt.toNanos() / 1e9;
        return (seconds / 3600.0) * timeScale;
    }

    public double level() {
        return level;
    }

    public boolean inletOpen() {
        return inletOpen;
    }

    public boolean outletOn() {
        return outletOn;
    }

    public void setInletOpen(boolean open) {
        inletOpen = open;
    }

    public void setOutletOn(boolean on) {
        outletOn = on;
    }

    /** Flow measured at the inlet in the last step, m³/h (FIT101 in swat-s1). */
    public double lastInflowM3h() {
        return lastInflow;
    }

    /** Flow delivered at the outlet in the last step, m³/h (FIT201 in swat-s1). */
    public double lastOutflowM3h() {
        return lastOutflow;
    }
}
