package io.github.ccrhil.water.plant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.water.plant.plc.LevelControlProgram;
import io.github.ccrhil.water.plant.plc.Profiles;
import io.github.ccrhil.water.plant.plc.Plc;
import io.github.ccrhil.water.plant.sim.PeriodicRunner;
import io.github.ccrhil.evidence.time.SimulatedClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A stage configured with MiniCPS swat-s1's figures reproduces swat-s1 bit for bit. The reference
 * below transcribes examples/swat-s1 (physical_process.py RawWaterTank.main_loop and plc1.py
 * SwatPLC1.main_loop, utils.py constants) line by line, with the PLC scanning every 0.4 s and the
 * process every 0.2 s; at instants where both are due, the PLC runs first.
 */
class SwatS1ReproductionTest {

    // utils.py
    static final double PUMP_FLOWRATE_IN = 2.55;
    static final double PUMP_FLOWRATE_OUT = 2.45;
    static final double TANK_SECTION = 1.5;
    static final double PP_PERIOD_HOURS = (0.20 / 3600.0) * 100;
    static final int PP_SAMPLES = (int) (0.40 / 0.20) * 1000;

    record Trace(List<Double> levels, List<Boolean> mv101, List<Boolean> p101, int breakCount) {
    }

    /** The swat-s1 reference, with inflow as a parameter for the under-flow case. */
    static Trace reference(double level, boolean mv101, boolean p101, double inflow) {
        List<Double> levels = new ArrayList<>();
        List<Boolean> mv = new ArrayList<>();
        List<Boolean> p = new ArrayList<>();
        int breakCount = -1;
        for (int count = 0; count <= PP_SAMPLES; count++) {
            if (count % 2 == 0) { // plc1 main_loop iteration (every 0.4 s)
                double lit101 = level;
                if (lit101 >= 0.800) {
                    mv101 = false;
                } else if (lit101 <= 0.250) {
                    p101 = false;
                } else if (lit101 <= 0.500) {
                    mv101 = true;
                }
            }
            double waterVolume = TANK_SECTION * level;
            if (mv101) {
                waterVolume += inflow * PP_PERIOD_HOURS;
            }
            if (p101) {
                waterVolume -= PUMP_FLOWRATE_OUT * PP_PERIOD_HOURS;
            }
            double newLevel = waterVolume / TANK_SECTION;
            if (newLevel <= 0.0) {
                newLevel = 0.0;
            }
            level = newLevel;
            levels.add(level);
            mv.add(mv101);
            p.add(p101);
            if (newLevel >= 1.200 || newLevel <= 0.250) {
                breakCount = count;
                break;
            }
        }
        return new Trace(levels, mv, p, breakCount);
    }

    /** Our stage and PLC program, driven by the runner on simulated time. */
    static Trace ours(TankConfig cfg, int steps) {
        TankStage tank = new TankStage(cfg);
        TankFieldIo io = new TankFieldIo(tank);
        LevelControlProgram program = new LevelControlProgram(Profiles.intake(),
                new LevelControlProgram.Wiring(io.level(), io.inlet(), io.pump(), List.of()),
                LevelControlProgram.Thresholds.swatS1(), cfg.heightM(), false);
        Plc plc1 = new Plc("PLC1", 1, program, io, Duration.ofMillis(400));
        PeriodicRunner runner = new PeriodicRunner(new SimulatedClock(PeriodicRunner.WATER_EPOCH));
        List<Double> levels = new ArrayList<>();
        List<Boolean> mv = new ArrayList<>();
        List<Boolean> p = new ArrayList<>();
        runner.every("plc1", plc1.scanPeriod(), plc1::scan);
        runner.every("process", Duration.ofMillis(200), now -> {
            io.step(Duration.ofMillis(200));
            levels.add(tank.level());
            mv.add(tank.inletOpen());
            p.add(tank.outletOn());
        });
        runner.runUntil(Duration.ofMillis(200L * (steps - 1)));
        return new Trace(levels, mv, p, -1);
    }

    static void assertSameBits(Trace ref, Trace ours) {
        assertTrue(ours.levels().size() >= ref.levels().size(), "our run is shorter than the reference");
        for (int i = 0; i < ref.levels().size(); i++) {
            assertEquals(Double.doubleToLongBits(ref.levels().get(i)), Double.doubleToLongBits(ours.levels().get(i)),
                    "LIT101 differs at process step " + i + ": " + ref.levels().get(i) + " vs " + ours.levels().get(i));
            assertEquals(ref.mv101().get(i), ours.mv101().get(i), "MV101 differs at step " + i);
            assertEquals(ref.p101().get(i), ours.p101().get(i), "P101 differs at step " + i);
        }
    }

    @Test
    void fromTheStateDatabaseInitLevelOscillatesBetweenLAndHExactlyAsSwatS1() {
        Trace ref = reference(0.500, false, true, PUMP_FLOWRATE_IN);
        assertEquals(PP_SAMPLES + 1, ref.levels().size(), "reference ran its full 2001 samples");
        Trace ours = ours(TankConfig.swatS1(0.500, false, true), PP_SAMPLES + 1);
        assertSameBits(ref, ours);
        // the behaviour itself: the inlet both closes (at H) and reopens (at L) during the run
        assertTrue(ours.mv101().contains(false) && ours.mv101().lastIndexOf(true) > ours.mv101().indexOf(false),
                "MV101 closed at H and reopened at L");
        double max = ours.levels().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        assertTrue(max < 0.8 + 2 * 2.55 * PP_PERIOD_HOURS / TANK_SECTION, "level never overshoots H by more than a PLC period");
    }

    @Test
    void fromThePhysicalProcessPreLoopStateTankHoldsAtH() {
        Trace ref = reference(0.800, true, false, PUMP_FLOWRATE_IN);
        Trace ours = ours(TankConfig.swatS1(0.800, true, false), PP_SAMPLES + 1);
        assertSameBits(ref, ours);
    }

    @Test
    void withoutInflowThePumpStopsAtLowLowExactlyAsSwatS1() {
        Trace ref = reference(0.500, false, true, 0.0);
        assertTrue(ref.breakCount() > 0, "reference reaches LL");
        TankConfig cfg = new TankConfig("RWT", 1.5, 1.6, 0.500, 0.0, 2.45, 100.0, false, true);
        Trace ours = ours(cfg, ref.levels().size() + 10);
        assertSameBits(ref, ours);
        assertFalse(ours.p101().get(ours.p101().size() - 1), "P101 stopped by the LL interlock");
        double last = ours.levels().get(ours.levels().size() - 1);
        assertTrue(last <= 0.25 && last > 0.25 - 3 * 2.45 * PP_PERIOD_HOURS / 1.5, "level held just below LL: " + last);
    }

    @Test
    void oneProcessStepAddsInflowTimesRescaledPeriodOverSection() {
        TankStage tank = new TankStage(TankConfig.swatS1(0.5, true, false));
        tank.step(Duration.ofMillis(200));
        assertEquals(0.5 + 2.55 * (0.2 / 3600.0 * 100) / 1.5, tank.level(), 1e-15);
    }
}
