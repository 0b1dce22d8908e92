package io.github.ccrhil.water.plant.plc;

import io.github.ccrhil.modbus.profile.Profile;
import io.github.ccrhil.water.plant.FieldIo;
import io.github.ccrhil.water.plant.Tags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Rapid sand filters and their backwash sequence. A filter is washed when its head loss reaches
 * HEADLOSS.SP, its run time reaches RUNTIME.SP, or an operator sets its BWn.REQUEST coil; one
 * filter at a time: DRAIN (inlet closed) → WASH (backwash valve open) → RINSE (filter-to-waste while the
 * bed ripens) → back in service. Step
 * times are in process hours.
 */
public final class FilterProgram implements PlcProgram {
    /** Sequence steps, published as FLTn.STEP. */
    public enum Step { IN_SERVICE, DRAIN, WASH, RINSE }

    public static final String HEADLOSS_SP = "headloss_sp";
    public static final String RUNTIME_SP = "runtime_sp";
    public static final String AUTO = "auto";
    public static final String FILTERED_TURBIDITY = "filtered_turbidity";
    public static final String WASHES = "washes";
    static final double DRAIN_H = 0.1;
    static final double WASH_H = 0.15;
    static final double RINSE_H = 0.3;

    private final int count;
    private final double timeScale;
    private final Profile points;
    private final Step[] step;
    private final double[] runHours;
    private final double[] stepHours;
    private Duration last;
    private long washes;

    public FilterProgram(int count, double timeScale) {
        this.count = count;
        this.timeScale = timeScale;
        this.points = Profiles.filters(count);
        step = new Step[count];
        runHours = new double[count];
        stepHours = new double[count];
        for (int i = 0; i < count; i++) {
            step[i] = Step.IN_SERVICE;
            runHours[i] = 6.0 * i;
        }
    }

    public static String headLoss(int i) {
        return "flt" + i + "_headloss";
    }

    public static String runTime(int i) {
        return "flt" + i + "_runtime";
    }

    public static String stepPoint(int i) {
        return "flt" + i + "_step";
    }

    public static String washing(int i) {
        return "flt" + i + "_washing";
    }

    public static String request(int i) {
        return "bw" + i + "_request";
    }

    @Override
    public Profile points() {
        return points;
    }

    @Override
    public void initialise(PlcMemory m) {
        m.set(HEADLOSS_SP, 1.5);
        m.set(RUNTIME_SP, 72);
        m.set(AUTO, true);
    }

    @Override
    public void scan(FieldIo io, PlcMemory m, Duration now) {
        double dtH = last == null ? 0 : (now.minus(last).toNanos() / 1e9 / 3600.0) * timeScale;
        last = now;
        int active = -1;
        for (int i = 0; i < count; i++) {
            if (step[i] != Step.IN_SERVICE) {
                active = i;
            }
        }
        for (int i = 0; i < count; i++) {
            double hl = io.read(Tags.filterHeadLoss(i + 1));
            switch (step[i]) {
                case IN_SERVICE -> {
                    runHours[i] += dtH;
                    boolean due = m.bit(AUTO) && (hl >= m.get(HEADLOSS_SP) || runHours[i] >= m.get(RUNTIME_SP));
                    if ((due || m.bit(request(i + 1))) && active < 0) {
                        active = i;
                        step[i] = Step.DRAIN;
                        stepHours[i] = 0;
                        m.set(request(i + 1), false);
                    }
                }
                case DRAIN -> {
                    stepHours[i] += dtH;
                    if (stepHours[i] >= DRAIN_H) {
                        step[i] = Step.WASH;
                        stepHours[i] = 0;
                    }
                }
                case WASH -> {
                    stepHours[i] += dtH;
                    if (stepHours[i] >= WASH_H) {
                        step[i] = Step.RINSE;
                        stepHours[i] = 0;
                    }
                }
                case RINSE -> {
                    stepHours[i] += dtH;
                    if (stepHours[i] >= RINSE_H) {
                        step[i] = Step.IN_SERVICE;
                        runHours[i] = 0;
                        washes++;
                    }
                }
            }
            io.write(Tags.filterInlet(i + 1), step[i] == Step.IN_SERVICE || step[i] == Step.RINSE ? 1 : 0);
            io.write(Tags.filterWaste(i + 1), step[i] == Step.RINSE ? 1 : 0);
            io.write(Tags.filterWash(i + 1), step[i] == Step.WASH ? 1 : 0);
            m.set(headLoss(i + 1), hl);
            m.set(runTime(i + 1), runHours[i]);
            m.set(stepPoint(i + 1), step[i].ordinal());
            m.set(washing(i + 1), step[i] != Step.IN_SERVICE);
        }
        m.set(FILTERED_TURBIDITY, io.read(Tags.FILTERED_TURBIDITY));
        m.set(WASHES, (double) washes);
    }
}
