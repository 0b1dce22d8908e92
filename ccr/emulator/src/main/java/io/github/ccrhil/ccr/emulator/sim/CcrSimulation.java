package io.github.ccrhil.ccr.emulator.sim;

import io.github.ccrhil.evidence.time.SimulatedClock;

import io.github.ccrhil.ccr.firmware.board.BoardConfig;
import io.github.ccrhil.ccr.firmware.board.Command;
import io.github.ccrhil.ccr.firmware.board.DesignatedEquipment;
import io.github.ccrhil.ccr.firmware.board.ControlBoard;
import io.github.ccrhil.ccr.firmware.board.Event;
import io.github.ccrhil.ccr.firmware.board.EventKind;
import io.github.ccrhil.ccr.firmware.board.LoopData;
import io.github.ccrhil.ccr.firmware.board.Measurements;
import io.github.ccrhil.ccr.firmware.board.Origin;
import io.github.ccrhil.ccr.firmware.board.Selector;
import io.github.ccrhil.ccr.firmware.control.CurrentControlSoftware;
import io.github.ccrhil.ccr.firmware.control.StepTable;
import io.github.ccrhil.ccr.firmware.control.StepTables;
import io.github.ccrhil.ccr.firmware.control.ToleranceBand;
import io.github.ccrhil.ccr.firmware.control.ToleranceTable;
import io.github.ccrhil.ccr.firmware.control.ToleranceTables;
import io.github.ccrhil.ccr.firmware.panel.DisplayPanel;
import io.github.ccrhil.ccr.firmware.panel.PanelConfig;
import io.github.ccrhil.evidence.BuildHash;
import io.github.ccrhil.ccr.emulator.scenario.Scenario;
import io.github.ccrhil.ccr.emulator.scenario.ScenarioEvent;
import io.github.ccrhil.ccr.emulator.trace.TraceMetrics;
import io.github.ccrhil.ccr.emulator.trace.TraceRow;
import io.github.ccrhil.ccr.plant.CircuitModel;
import io.github.ccrhil.ccr.plant.IsolationTransformer;
import io.github.ccrhil.ccr.plant.LoopConfig;
import io.github.ccrhil.ccr.plant.PlantConditions;
import io.github.ccrhil.ccr.plant.PlantConfig;
import io.github.ccrhil.ccr.plant.PlantHalfCycle;
import io.github.ccrhil.ccr.plant.Plants;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;

/**
 * A CCR scenario run in-process: the firmware model regulating the emulated plant through the
 * {@link InProcessHardwarePort}, one mains half-cycle per control period.
 *
 * <p>The same engine runs in two ways. {@link #run} advances simulated time as fast as the CPU
 * allows, and the same scenario and seed give a bit-identical trace. {@link #runRealTime} paces
 * each control period on the wall clock and counts the periods that ran late.
 *
 * <p>The remote side (an ALCMS) is played by the scenario: its step commands arrive as remote
 * commands, and it keeps the link alive with a heartbeat every {@link #ALCMS_POLL} while the
 * selector is in REMOTE, except during a scenario's link-loss window.
 */
public final class CcrSimulation {

    /** How often the simulated ALCMS talks to the CCR when it has nothing to command. */
    public static final Duration ALCMS_POLL = Duration.ofSeconds(1);

    /** Sensor noise of the emulated measurement chain, fraction of full scale (engineering estimate). */
    public static final double SENSOR_NOISE = 0.002;

    /** Window over which a stretch's final current is averaged. */
    private static final double FINAL_WINDOW_S = 0.5;

    /** Receives every trace row as it is produced. */
    @FunctionalInterface
    public interface TraceSink {
        void accept(TraceRow row) throws IOException;
    }

    /** Told how far the run has got, every so many half-cycles. */
    @FunctionalInterface
    public interface Progress {
        void update(long halfCyclesDone, long halfCyclesTotal);

        /** A real-time run's lag behind the wall clock changed (never called in simulated time). */
        default void lag(Duration lag, long overruns) { }

        Progress NONE = (d, t) -> { };
    }

    private final Scenario scenario;
    private final SimulatedClock clock = new SimulatedClock();
    private final CircuitModel plant;
    private final InProcessHardwarePort port;
    private final ControlBoard board;
    private final DisplayPanel panel;
    private final StepTable steps;
    private final ToleranceTable tolerances;
    private final long totalHalfCycles;
    private final double halfCycleSeconds;

    private int nextEvent;
    private long done;
    private boolean started;
    private double maxCurrent;
    private final Segments segments;
    private final PriorityQueue<Pending> pending = new PriorityQueue<>();
    private long pendingSequence;
    private double baselineDeviation;
    private int linkLossDepth;
    private double nextHeartbeatSeconds;

    private CcrSimulation(Scenario scenario, CircuitModel plant, BoardConfig boardConfig, StepTable steps,
                          ToleranceTable tolerances) {
        this.scenario = scenario;
        this.plant = plant;
        this.port = new InProcessHardwarePort(plant, clock);
        this.board = new ControlBoard(boardConfig, clock);
        this.panel = new DisplayPanel(board, clock, PanelConfig.defaults());
        this.steps = steps;
        this.tolerances = tolerances;
        this.halfCycleSeconds = 0.5 / scenario.mains().frequencyHz();
        this.totalHalfCycles = (long) StrictMath.ceil(scenario.duration().toNanos() / 1e9 / halfCycleSeconds - 1e-9);
        this.baselineDeviation = scenario.mains().deviation();
        this.segments = new Segments();
    }

    /** Builds plant, firmware and panel for a scenario; throws IllegalArgumentException on nonsense. */
    public static CcrSimulation of(Scenario scenario) {
        StepTable steps = stepTable(scenario.ccr());
        ToleranceTable tolerances = toleranceTable(scenario.ccr(), steps);
        PlantConfig plantConfig = plantConfig(scenario, steps);
        CircuitModel plant = scenario.fidelity() == Scenario.Fidelity.WAVEFORM
                ? Plants.waveform(plantConfig)
                : Plants.averaged(plantConfig);
        BoardConfig boardConfig = boardConfig(steps, tolerances, scenario.mains().frequencyHz(),
                scenario.mains().voltageRms(), plantConfig.loop());
        return new CcrSimulation(scenario, plant, boardConfig, steps, tolerances);
    }

    /**
     * The reference firmware's configuration as the emulated CCR runs it: the given tables,
     * nominal input voltage, this build's component identity (see {@link ComponentHashes}), and a measurement delay of one
     * period, because an in-process port (and the power-stage device) runs the plant under the
     * command it is handed and returns that very half-cycle.
     */
    public static BoardConfig boardConfig(StepTable steps, ToleranceTable tolerances, double mainsHz,
                                          double mainsVoltageV) {
        BoardConfig config = BoardConfig.defaults(steps, mainsHz)
                .withTolerances(tolerances)
                .withNominalInputVoltage(mainsVoltageV)
                .withEquipment(DesignatedEquipment.model());
        return ComponentHashes.stamped(config.withTuning(config.tuning().withMeasurementDelay(1)));
    }

    /** As {@link #boardConfig(StepTable, ToleranceTable, double, double)}, told about its loop's lamps. */
    public static BoardConfig boardConfig(StepTable steps, ToleranceTable tolerances, double mainsHz,
                                          double mainsVoltageV, LoopConfig loop) {
        BoardConfig config = boardConfig(steps, tolerances, mainsHz, mainsVoltageV);
        if (loop.lampCount() == 0) {
            return config;
        }
        IsolationTransformer t = loop.isolationTransformer();
        return config.withLoop(new LoopData(loop.lampCount(), loop.lampRatedWatts(), steps.ratedCurrentA(),
                loop.ledFraction(), loop.cableResistanceOhm(), t.coreLossOhm(), t.windingResistanceOhm(),
                loop.cableInductanceH(), t.leakageInductanceH(), t.magnetisingInductanceH(), t.saturationCurrentA()));
    }

    /**
     * SHA-256 of the current-control software's classes actually running (see {@link BuildHash});
     * the identity the board reports also covers its configuration (see {@link ComponentHashes}).
     */
    public static String currentControlSoftwareSha256() {
        return SoftwareHash.VALUE;
    }

    /** Computed once per JVM: the classes do not change while it runs. */
    private static final class SoftwareHash {
        static final String VALUE = BuildHash.ofPackageTree(CurrentControlSoftware.class, "io.github.ccrhil.ccr.firmware.control");
    }

    static StepTable stepTable(Scenario.CcrRating ccr) {
        if (ccr.stepTable().equals("custom")) {
            double[] currents = ccr.customSteps().stream().mapToDouble(Double::doubleValue).toArray();
            return StepTables.custom("custom", currents[currents.length - 1], currents);
        }
        return StepTables.byName(ccr.stepTable());
    }

    static ToleranceTable toleranceTable(Scenario.CcrRating ccr, StepTable steps) {
        String name = ccr.toleranceTable();
        if (name.startsWith("±") || name.startsWith("+-")) {
            String pct = name.replace("±", "").replace("+-", "").replace("%", "").trim();
            return ToleranceTables.percent(steps, Double.parseDouble(pct));
        }
        return ToleranceTables.byName(name, steps);
    }

    /** The plant of a scenario, rated by the scenario's own step table. */
    public static PlantConfig plantConfig(Scenario s) {
        return plantConfig(s, stepTable(s.ccr()));
    }

    public static PlantConfig plantConfig(Scenario s, StepTable steps) {
        LoopConfig loop = LoopConfig.forLoad(s.ccr().ratedPowerVa(), steps.ratedCurrentA(), s.loop().loadFraction(),
                s.loop().ledFraction(), s.loop().cableLengthM(), s.mains().frequencyHz());
        return new PlantConfig(s.mains().voltageRms(), s.mains().frequencyHz(), s.ccr().ratedPowerVa(),
                steps.ratedCurrentA(), loop, 200, 1, SENSOR_NOISE, s.seed());
    }

    public Scenario scenario() { return scenario; }

    public ControlBoard board() { return board; }

    public DisplayPanel panel() { return panel; }

    public CircuitModel plant() { return plant; }

    public StepTable steps() { return steps; }

    public ToleranceTable tolerances() { return tolerances; }

    public long totalHalfCycles() { return totalHalfCycles; }

    /** Runs the whole scenario in simulated time. */
    public RunSummary run(TraceSink sink, Progress progress) throws IOException {
        return execute(sink, progress, null);
    }

    /**
     * Runs the whole scenario paced on the wall clock: one control period per mains half-cycle.
     * The plant still advances exactly one half-cycle per period; what is measured is whether the
     * firmware and plant keep up, and how late each period starts.
     */
    public RunSummary runRealTime(TraceSink sink, Progress progress) throws IOException {
        return runRealTime(sink, progress, DEFAULT_MAX_LAG);
    }

    /** The lag behind the wall clock past which a real-time run is not valid for timing judgements, by default. */
    public static final Duration DEFAULT_MAX_LAG = Duration.ofMillis(100);

    /**
     * As {@link #runRealTime(TraceSink, Progress)}; a run whose lag passes {@code maxLag} says so
     * in its summary ({@link RunSummary#timingInvalid()}).
     */
    public RunSummary runRealTime(TraceSink sink, Progress progress, Duration maxLag) throws IOException {
        return runRealTime(sink, progress, maxLag, RealTimePacer.onWallClock(Duration.ofNanos(Math.round(halfCycleSeconds * 1e9)),
                (int) Math.min(totalHalfCycles, 1_000_000)));
    }

    /** With a given pacer (tests: a pacer on a fake clock). */
    RunSummary runRealTime(TraceSink sink, Progress progress, Duration maxLag, RealTimePacer pacer) throws IOException {
        return execute(sink, progress, pacer, maxLag);
    }

    private RunSummary execute(TraceSink sink, Progress progress, RealTimePacer pacer) throws IOException {
        return execute(sink, progress, pacer, DEFAULT_MAX_LAG);
    }

    private RunSummary execute(TraceSink sink, Progress progress, RealTimePacer pacer, Duration maxLag) throws IOException {
        long wallStart = System.nanoTime();
        long progressEvery = Math.max(1, totalHalfCycles / 200);
        if (pacer != null) {
            pacer.start();
        }
        while (done < totalHalfCycles) {
            advance(1, sink);
            if (done % progressEvery == 0 || done == totalHalfCycles) {
                progress.update(done, totalHalfCycles);
            }
            if (pacer != null && done < totalHalfCycles) {
                long overrunsBefore = pacer.overruns();
                if (!pacer.awaitNextPeriod()) {
                    Thread.currentThread().interrupt();
                    break;
                }
                if (pacer.overruns() != overrunsBefore) {
                    progress.lag(pacer.lag(), pacer.overruns());
                }
            }
        }
        List<Event> trips = new ArrayList<>();
        for (Event e : board.events().snapshot()) {
            if (e.kind() == EventKind.PROTECTION_TRIPPED) {
                trips.add(e);
            }
        }
        return new RunSummary(scenario.name(), scenario.seed(), done,
                Duration.ofNanos(Math.round(done * halfCycleSeconds * 1e9)),
                Duration.ofNanos(System.nanoTime() - wallStart), board.state().label(), segments.finish(),
                List.copyOf(trips), maxCurrent, pacer == null ? 0 : pacer.overruns(),
                pacer == null ? Duration.ZERO : pacer.latenessQuantile(0.99),
                pacer == null ? Duration.ZERO : pacer.worstOverrun(), pacer == null ? Duration.ZERO : pacer.lag(), maxLag);
    }

    /**
     * Runs the next {@code halfCycles} control periods in simulated time (fewer if the scenario
     * ends first), handing every trace row to {@code sink}. {@link #run} is this from start to end.
     */
    public void advance(long halfCycles, TraceSink sink) throws IOException {
        if (done == 0 && !started) {
            started = true;
            applyInitialConditions();
        }
        long until = Math.min(totalHalfCycles, done + halfCycles);
        while (done < until) {
            double now = done * halfCycleSeconds;
            boolean disturbed = applyDueEvents(now);
            if (board.selector() == Selector.REMOTE && linkLossDepth == 0 && now + 1e-9 >= nextHeartbeatSeconds) {
                board.command(new Command.Heartbeat());
                nextHeartbeatSeconds = now + ALCMS_POLL.toNanos() / 1e9;
            }
            board.controlStep(port);
            PlantHalfCycle half = port.lastHalfCycle();
            TraceRow row = row(half);
            sink.accept(row);
            segments.accept(row, disturbed);
            maxCurrent = Math.max(maxCurrent, half.trueCurrentRms);
            done++;
        }
    }

    /** Half-cycles run so far. */
    public long halfCyclesDone() {
        return done;
    }

    private TraceRow row(PlantHalfCycle half) {
        Measurements m = board.latestMeasurements();
        int step = board.activeStep();
        ToleranceBand band = step > 0 ? tolerances.band(step) : null;
        PlantConditions c = plant.conditions();
        return new TraceRow(clock.seconds(), board.state().label(), step, board.referenceA(),
                band == null ? 0 : band.loA(), band == null ? 0 : band.hiA(),
                m.currentRmsA(), m.voltageRmsV(), m.realPowerW(), m.powerFactor(),
                StrictMath.toDegrees(board.pendingCommand().firingAngleRad()),
                half.trueCurrentRms, half.truePeakCurrent, half.trueVoltageRms,
                m.estimatedFailedLamps(), c.failedLamps(),
                half.insulationResistanceOhms / 1e6, c.mainsDeviation());
    }

    private void applyInitialConditions() {
        PlantConditions c = plant.conditions();
        c.setMainsDeviation(baselineDeviation);
        c.setFailedLamps(lamps(scenario.loop().failedFraction()));
        board.command(new Command.SetSelector(Selector.REMOTE));
    }

    private int lamps(double fraction) {
        return (int) StrictMath.round(fraction * plant.config().loop().lampCount());
    }

    /** Applies the scenario's events (and the ends of timed ones) due by {@code now}; true if any was. */
    private boolean applyDueEvents(double now) {
        boolean any = false;
        while (!pending.isEmpty() && pending.peek().atSeconds <= now + 1e-9) {
            pending.poll().action.run();
            any = true;
        }
        List<ScenarioEvent> events = scenario.events();
        while (nextEvent < events.size() && events.get(nextEvent).at().toNanos() / 1e9 <= now + 1e-9) {
            apply(events.get(nextEvent++), now);
            any = true;
        }
        return any;
    }

    private void apply(ScenarioEvent e, double now) {
        PlantConditions c = plant.conditions();
        if (e instanceof ScenarioEvent.StepCommand s) {
            board.command(new Command.SelectStep(s.step(), Origin.REMOTE));
        } else if (e instanceof ScenarioEvent.LocalStep s) {
            board.command(new Command.SelectStep(s.step(), Origin.LOCAL_PANEL));
        } else if (e instanceof ScenarioEvent.SelectorChange s) {
            board.command(new Command.SetSelector(Selector.valueOf(s.position().toUpperCase(Locale.ROOT))));
        } else if (e instanceof ScenarioEvent.Reset r) {
            board.command(new Command.Reset(r.local() ? Origin.LOCAL_PANEL : Origin.REMOTE));
        } else if (e instanceof ScenarioEvent.LampsFailed f) {
            c.setFailedLamps(lamps(f.fraction()));
        } else if (e instanceof ScenarioEvent.LampsShorted s) {
            c.setShortedLamps(lamps(s.fraction()));
        } else if (e instanceof ScenarioEvent.LoopOpen o) {
            c.setLoopOpen(o.open());
        } else if (e instanceof ScenarioEvent.OutputShort o) {
            c.setOutputShorted(o.shorted());
        } else if (e instanceof ScenarioEvent.EarthFault f) {
            c.setEarthFaultOhms(f.ohms());
        } else if (e instanceof ScenarioEvent.MainsDeviation d) {
            baselineDeviation = d.deviation();
            c.setMainsDeviation(d.deviation());
        } else if (e instanceof ScenarioEvent.MainsInterruption i) {
            c.setMainsDeviation(-1.0);
            schedule(now + i.length().toNanos() / 1e9, () -> plant.conditions().setMainsDeviation(baselineDeviation));
        } else if (e instanceof ScenarioEvent.ControlLinkLoss l) {
            linkLossDepth++;
            schedule(now + l.length().toNanos() / 1e9, () -> linkLossDepth--);
        } else {
            throw new IllegalStateException("unhandled scenario event " + e);
        }
    }

    private void schedule(double atSeconds, Runnable action) {
        pending.add(new Pending(atSeconds, pendingSequence++, action));
    }

    private record Pending(double atSeconds, long sequence, Runnable action) implements Comparable<Pending> {
        @Override
        public int compareTo(Pending o) {
            int c = Double.compare(atSeconds, o.atSeconds);
            return c != 0 ? c : Long.compare(sequence, o.sequence);
        }
    }

    /**
     * Cuts the trace into stretches of constant active step while regulating, and measures each
     * with {@link TraceMetrics}: settling over the stretch up to the first scenario event in it
     * (a fault or supply step is not part of the step change), excursions after that.
     */
    private final class Segments {
        private final List<StepSegment> done = new ArrayList<>();
        private int step;
        private double start;
        private double end;
        private ToleranceBand band;
        private boolean settlingOpen;
        private double settledAt;
        private final TraceMetrics.Window settling = new TraceMetrics.Window(0, 1, 2);
        private final TraceMetrics.Window after = new TraceMetrics.Window(0, 1, 2);
        private final double[] window = new double[(int) StrictMath.ceil(FINAL_WINDOW_S / halfCycleSeconds)];
        private int filled;
        private int cursor;

        /** The next row; {@code disturbed} when a scenario event acted in its half-cycle. */
        void accept(TraceRow r, boolean disturbed) {
            int s = r.state().equalsIgnoreCase("REGULATING") ? r.step() : 0;
            boolean first = s != step;
            if (first) {
                close();
                step = s;
                start = r.timeSeconds() - halfCycleSeconds;
                if (step > 0) {
                    band = tolerances.band(step);
                    settling.reset(start, band.loA(), band.hiA());
                    settlingOpen = true;
                }
                filled = 0;
                cursor = 0;
            }
            if (step > 0) {
                double i = r.plantCurrentRmsA();
                double t = r.timeSeconds();
                if (settlingOpen && disturbed && !first) {
                    closeSettling(t - halfCycleSeconds);
                }
                (settlingOpen ? settling : after).accept(t, i);
                window[cursor] = i;
                cursor = (cursor + 1) % window.length;
                filled = Math.min(filled + 1, window.length);
                end = t;
            }
        }

        private void closeSettling(double at) {
            settlingOpen = false;
            settledAt = settling.settledAtSeconds();
            after.reset(at, band.loA(), band.hiA());
        }

        private void close() {
            if (step > 0 && filled > 0) {
                if (settlingOpen) {
                    closeSettling(end);
                }
                double[] last = java.util.Arrays.copyOf(window, filled);
                java.util.Arrays.sort(last);
                double median = filled % 2 == 1 ? last[filled / 2] : 0.5 * (last[filled / 2 - 1] + last[filled / 2]);
                double peak = StrictMath.max(orZero(settling.peakA()), orZero(after.peakA()));
                done.add(new StepSegment(step, start, end, band, peak, Double.isInfinite(settledAt) ? Double.NaN : settledAt,
                        after.rowsOutside(), median));
            }
        }

        private static double orZero(double v) {
            return Double.isNaN(v) ? 0 : v;
        }

        List<StepSegment> finish() {
            close();
            step = 0;
            return List.copyOf(done);
        }
    }
}
