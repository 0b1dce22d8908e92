package io.github.ccrhil.ccr.verify.accept.procedure;

import io.github.ccrhil.evidence.ComponentIdentity;
import io.github.ccrhil.evidence.host.HostMonitor;
import io.github.ccrhil.ccr.verify.accept.dut.DutException;
import io.github.ccrhil.ccr.verify.accept.dut.Dut;
import io.github.ccrhil.ccr.verify.accept.dut.DutSettings;
import io.github.ccrhil.ccr.verify.accept.dut.KeySwitch;
import io.github.ccrhil.ccr.verify.accept.dut.RemoteInterface;
import io.github.ccrhil.ccr.verify.accept.plan.Conditions;
import io.github.ccrhil.ccr.verify.accept.plan.TestPlan;
import io.github.ccrhil.ccr.verify.accept.plan.TestSpec;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The procedures as code: each drives the DUT through its remote interface, injects faults
 * through the rig and lets simulated time run, recording raw traces only. Judgement is
 * elsewhere ({@code verdict.Judge}), from the files written here.
 */
public final class Procedures {

    /** The file the identity procedure writes: what the DUT reported, one component a line. */
    public static final String IDENTITY_FILE = "reported-identity.csv";

    /** Opens the DUT for one run at an operating point. */
    @FunctionalInterface
    public interface Session {
        /**
         * @param point the run's operating point
         * @param seed the run's seed
         * @param configure plan-driven configuration of the DUT (e.g. the declared fallback)
         */
        Dut open(Conditions.Point point, long seed, DutSettings configure) throws DutException;
    }

    /** Told when a run starts (for progress). */
    @FunctionalInterface
    public interface Listener {
        void run(String testId, String runName);

        Listener NONE = (t, r) -> { };
    }

    private Procedures() { }

    /** The file beside a run's trace that holds what the verifier's host did during the run ({@link HostMonitor#csv}). */
    public static final String HOST_SUFFIX = ".host.csv";

    /** Runs {@code test}, writing its raw data under {@code dir}; returns the run names written. */
    public static List<String> run(TestPlan plan, TestSpec test, int testIndex, Path dir, Session session,
                                   Listener listener) throws IOException {
        return run(plan, test, testIndex, dir, session, listener, null);
    }

    /**
     * As above; with a {@code host} monitor (a DUT in wall-clock time), each run also gets
     * {@code <run>.host.csv}: the verifier host's samples from the run's opening to its end.
     */
    public static List<String> run(TestPlan plan, TestSpec test, int testIndex, Path dir, Session session,
                                   Listener listener, HostMonitor host) throws IOException {
        Files.createDirectories(dir);
        List<String> runs = new ArrayList<>();
        if (test.procedure() == io.github.ccrhil.ccr.verify.accept.plan.Procedure.IDENTITY) {
            identity(plan, test, dir, session);
            runs.add(IDENTITY_FILE);
            return runs;
        }
        List<Conditions.Point> points = test.conditions().points();
        List<List<Integer>> stepSets = stepSets(test);
        int runIndex = 0;
        for (List<Integer> steps : stepSets) {
            for (Conditions.Point p : points) {
                String name = (stepSets.size() > 1 ? "step" + steps.get(0) + "-" : "") + p.label();
                long seed = plan.seed() + 1_000_003L * testIndex + 7919L * runIndex++;
                listener.run(test.id(), name);
                Map<String, String> header = new LinkedHashMap<>();
                header.put("plan", plan.name());
                header.put("test", test.id());
                header.put("procedure", test.procedure().planName());
                header.put("run", name);
                header.put("seed", Long.toString(seed));
                header.put("load", Fixed.format(p.load(), 3));
                header.put("input", Fixed.format(p.input(), 3));
                header.put("failed", Fixed.format(p.failed(), 3));
                if (p.led().isPresent()) {
                    header.put("led", Fixed.format(p.led().getAsDouble(), 3));
                }
                boolean transient_ = TRANSIENTS.contains(test.procedure());
                java.time.Instant opened = java.time.Instant.now(); // the host monitor's own clock
                try (RunRecorder rec = RunRecorder.open(dir, name, header); WaveCapture wave = new WaveCapture(dir, name)) {
                    Script s = null;
                    try {
                        Dut ccr = session.open(p, seed, configure(test));
                        s = new Script(ccr, rec, transient_ ? wave : null,
                                test.procedure() == io.github.ccrhil.ccr.verify.accept.plan.Procedure.STEP_CHANGE);
                        rec.event(ccr.now(), "harness", "lamps-in-loop", Integer.toString(ccr.lampCount()));
                        if (test.procedure().security() && !SecurityScripts.applies(test, s)) {
                            runs.add(name);
                            continue;
                        }
                        startingState(s, test.duration("startingStatePatience", STARTING_STATE_PATIENCE));
                        if (test.procedure().security()) {
                            SecurityScripts.run(test, steps, s, seed, dir, name);
                        } else {
                            script(test, steps, s);
                        }
                    } catch (DutException e) {
                        rec.event(s == null ? 0 : s.ccr.now(), "harness", "inconclusive", String.valueOf(e.getMessage()));
                    } catch (RuntimeException e) {
                        rec.event(s == null ? 0 : s.ccr.now(), "harness", "inconclusive",
                                "harness error: " + e.getClass().getSimpleName() + ": " + e.getMessage());
                        throw e;
                    }
                } finally {
                    if (host != null) {
                        Files.writeString(dir.resolve(name + HOST_SUFFIX), host.csv(opened, java.time.Instant.now()),
                                StandardCharsets.UTF_8);
                    }
                }
                runs.add(name);
            }
        }
        return runs;
    }

    /** Procedures whose stimuli are transients: the plant's waveform is captured around each. */
    public static final java.util.Set<io.github.ccrhil.ccr.verify.accept.plan.Procedure> TRANSIENTS = java.util.EnumSet.of(
            io.github.ccrhil.ccr.verify.accept.plan.Procedure.STEP_CHANGE, io.github.ccrhil.ccr.verify.accept.plan.Procedure.LOAD_CHANGE,
            io.github.ccrhil.ccr.verify.accept.plan.Procedure.SURGE, io.github.ccrhil.ccr.verify.accept.plan.Procedure.OPEN_CIRCUIT,
            io.github.ccrhil.ccr.verify.accept.plan.Procedure.OVERCURRENT, io.github.ccrhil.ccr.verify.accept.plan.Procedure.POWER_INTERRUPTION);

    /** Procedures that make one run per step do so; the rest walk all their steps in one run. */
    private static List<List<Integer>> stepSets(TestSpec test) {
        List<Integer> steps = test.conditions().steps();
        return switch (test.procedure()) {
            case LOAD_CHANGE, SURGE, OPEN_CIRCUIT, OVERCURRENT, POWER_INTERRUPTION, LINK_LOSS, LAMP_COUNT, EARTH_FAULT -> {
                List<List<Integer>> out = new ArrayList<>();
                for (int s : steps.isEmpty() ? List.of(5) : steps) {
                    out.add(List.of(s));
                }
                yield out;
            }
            default -> List.of(steps);
        };
    }

    private static DutSettings configure(TestSpec test) {
        String fallback = test.param("fallback", null);
        return fallback == null ? DutSettings.AS_DELIVERED : new DutSettings(java.util.Optional.of(fallback));
    }

    private static void identity(TestPlan plan, TestSpec test, Path dir, Session session) throws IOException {
        try (Writer w = Files.newBufferedWriter(dir.resolve(IDENTITY_FILE), StandardCharsets.UTF_8)) {
            w.write("component,model,revision,sha256\n");
            try {
                Dut ccr = session.open(new Conditions.Point(0.8, 0, 0), plan.seed(), DutSettings.AS_DELIVERED);
                for (ComponentIdentity c : ccr.remote().identity()) {
                    w.write(clean(c.component()) + "," + clean(c.model()) + "," + clean(c.revision()) + ","
                            + clean(c.sha256()) + "\n");
                }
            } catch (DutException e) {
                w.write("# inconclusive: " + clean(String.valueOf(e.getMessage())) + "\n");
            }
        }
    }

    /**
     * Below this an output carries no current, as the measurement shows it: an off regulator, or
     * an open series loop. Above the sensor noise of an off output, below a tenth of the lowest
     * step of any table (2.8 A of 6.6 A, 8.5 A of 20 A).
     */
    public static final double NO_CURRENT_A = 0.1;

    /**
     * After a supply interruption the measured current must fall to this share of the step's
     * nominal current: an interruption longer than the ride-through stops the output, and the
     * regulator restarts from off; half the step is far outside any step's tolerance band.
     */
    public static final double INTERRUPTED_SHARE = 0.5;

    /** How long the DUT's report is given to show a key switch turned on the bench. */
    public static final Duration KEY_SWITCH_PATIENCE = Duration.ofSeconds(2);

    /** How long a DUT is given to reach a run's starting state, unless the test says otherwise. */
    public static final Duration STARTING_STATE_PATIENCE = Duration.ofSeconds(20);

    /**
     * Brings the DUT to the run's starting state and waits until the measurement shows it: off,
     * step 0, no trip, no alarm, no output current (the bench condition was set when the run was
     * opened). Where it is not there already, the verifier acknowledges alarms, resets a trip and
     * commands step 0, again every 0.2 s, within {@code patience}; rows seen meanwhile are not the
     * run's. A DUT that does not get there ends the run INCONCLUSIVE with what was seen.
     */
    static void startingState(Script s, Duration patience) throws IOException, DutException {
        Dut d = s.ccr;
        RemoteInterface.Readout r = d.remote().read();
        double i = d.measuredCurrentA();
        if (!atStart(r, i)) {
            s.rec.event(d.now(), "verifier", "to-starting-state", seen(r, i));
            double until = d.now() + patience.toNanos() / 1e9;
            while (!atStart(r, i)) {
                if (d.now() >= until) {
                    throw new DutException("the DUT did not reach the run's starting state (off, step 0, no trip, no alarm,"
                            + " no current) within " + patience.toMillis() / 1000.0 + " s: " + seen(r, i));
                }
                if (!r.alarms().isEmpty()) {
                    d.remote().acknowledgeAlarms();
                }
                if (tripped(r)) {
                    d.remote().reset();
                }
                if (r.activeStep() != 0 || !"OFF".equalsIgnoreCase(r.state())) {
                    d.remote().selectStep(0);
                }
                d.advance(Duration.ofMillis(200), row -> { });
                r = d.remote().read();
                i = d.measuredCurrentA();
            }
        }
        s.rec.event(d.now(), "harness", "starting-state", "observed: " + seen(r, i));
    }

    private static boolean atStart(RemoteInterface.Readout r, double measuredA) {
        return "OFF".equalsIgnoreCase(r.state()) && r.activeStep() == 0 && r.alarms().isEmpty()
                && StrictMath.abs(measuredA) <= NO_CURRENT_A;
    }

    private static boolean tripped(RemoteInterface.Readout r) {
        String st = r.state().toUpperCase(java.util.Locale.ROOT);
        return st.contains("TRIP") || st.contains("LOCK") || st.contains("FAULT");
    }

    private static String seen(RemoteInterface.Readout r, double measuredA) {
        return r.state() + " step " + r.activeStep() + " " + Fixed.format(measuredA, 3) + " A alarms "
                + (r.alarms().isEmpty() ? "none" : String.join(" ", r.alarms()));
    }

    private static String clean(String s) {
        return s.replace(',', ';').replace('\n', ' ');
    }

    private static void script(TestSpec test, List<Integer> steps, Script s) throws IOException, DutException {
        Duration first = test.duration("firstDwell", Duration.ofSeconds(4));
        Duration dwell = test.duration("dwell", Duration.ofMillis(2500));
        List<Integer> all = steps.isEmpty() ? allSteps(s) : steps;
        switch (test.procedure()) {
            case STEP_ACCURACY -> {
                boolean firstStep = true;
                for (int st : all) {
                    s.select(st);
                    s.dwell(firstStep ? first : dwell);
                    firstStep = false;
                }
            }
            case STEP_CHANGE -> {
                List<Integer> seq = test.param("sequence", List.of(0, 1, 5, 1));
                int previous = 0;
                for (int i = 0; i < seq.size(); i++) {
                    int st = seq.get(i);
                    if (i == 0 && st == 0) {
                        continue;
                    }
                    s.select(st);
                    s.dwell(previous == 0 ? first : dwell);
                    previous = st;
                }
            }
            case LOAD_CHANGE -> {
                s.select(all.get(0));
                s.dwell(Duration.ofSeconds(4));
                for (double f : test.<List<Double>>param("shortedLamps", List.of(0.2, 0.0))) {
                    int n = s.ccr.rig().lamps(f);
                    s.rig("shorted-lamps", Integer.toString(n), () -> s.ccr.rig().shortLamps(n));
                    s.dwell(dwell);
                }
            }
            case SURGE -> {
                s.select(all.get(0));
                s.dwell(Duration.ofSeconds(4));
                s.rig("output-short", "1", () -> s.ccr.rig().shortOutput(true));
                s.dwell(dwell);
                s.rig("output-short", "0", () -> s.ccr.rig().shortOutput(false));
                s.dwell(Duration.ofSeconds(2));
            }
            case OPEN_CIRCUIT -> {
                s.select(all.get(0));
                s.dwell(Duration.ofSeconds(4));
                s.rig("loop-open", "1", () -> s.ccr.rig().openLoop(true));
                // an open series loop carries no current: unless the measurement shows that, the
                // fault never reached the loop, and the DUT's response to it cannot be judged
                s.expectNoCurrent("the loop was opened");
                s.dwell(dwell.plus(Duration.ofSeconds(3)));
                s.requireEffect();
                s.restore("loop-open", () -> s.ccr.rig().openLoop(false));
            }
            case OVERCURRENT -> {
                s.select(all.get(0));
                s.dwell(Duration.ofSeconds(4));
                s.rig("gate-fault", "1", () -> s.ccr.rig().gateFault(true));
                s.dwell(dwell.plus(Duration.ofSeconds(5)));
            }
            case POWER_INTERRUPTION -> {
                Duration length = test.duration("interruption", Duration.ofMillis(200));
                s.select(all.get(0));
                s.dwell(Duration.ofSeconds(4));
                s.rigHeld("supply-interrupted", length, () -> s.ccr.rig().interruptSupply(length));
                // a supply interrupted past the ride-through stops the output, and a regulator restarts
                // from off: unless the measurement shows the current fall, the supply was never cut
                s.expectBelow(INTERRUPTED_SHARE * s.ccr.steps().nominalCurrentA(all.get(0)), "the supply was interrupted");
                s.dwell(dwell);
                s.requireEffect();
                Double sag = test.param("sag", null);
                if (sag != null) {
                    // a brownout above the mains-loss level: the regulator saturates, then the supply comes back
                    double base = s.ccr.rig().baseDeviation();
                    s.rig("supply-sag", Fixed.format(sag, 4), () -> s.ccr.rig().supplyDeviation(base - sag));
                    s.dwell(test.duration("sagLength", Duration.ofSeconds(2)));
                    s.rig("supply-restored", Fixed.format(base, 4), () -> s.ccr.rig().supplyDeviation(base));
                    s.dwell(dwell);
                }
            }
            case LINK_LOSS -> {
                Duration loss = test.duration("loss", Duration.ofSeconds(10));
                s.select(all.get(0));
                s.dwell(Duration.ofSeconds(4));
                s.rig("link", "down", () -> s.ccr.link(false));
                s.dwell(loss);
                s.rig("link", "up", () -> s.ccr.link(true));
                s.dwell(dwell);
            }
            case LOCAL_REMOTE -> {
                if (all.size() < 4) {
                    throw new IllegalArgumentException("local-remote needs four steps: start, refused remote, local, remote");
                }
                s.select(all.get(0));
                s.dwell(first);
                s.bench("key-switch", "LOCAL", () -> s.ccr.keySwitch(KeySwitch.LOCAL));
                s.awaitKeySwitch(false);
                s.select(all.get(1));
                s.dwell(dwell);
                int local = all.get(2);
                var o = s.ccr.panelStep(local);
                s.rec.event(s.ccr.now(), "bench", "panel-step", Integer.toString(local));
                s.rec.event(s.ccr.now(), "dut", "outcome", o.accepted() ? "accepted" : "refused: " + o.detail());
                s.dwell(dwell);
                s.bench("key-switch", "REMOTE", () -> s.ccr.keySwitch(KeySwitch.REMOTE));
                s.awaitKeySwitch(true);
                s.select(all.get(3));
                s.dwell(dwell);
            }
            case LAMP_COUNT -> {
                s.select(all.get(0));
                s.dwell(Duration.ofSeconds(4));
                for (double f : test.<List<Double>>param("failedSequence", List.of(0.0, 0.1))) {
                    int n = s.ccr.rig().lamps(f);
                    s.rig("failed-lamps", Integer.toString(n), () -> s.ccr.rig().failLamps(n));
                    s.dwell(dwell);
                    RemoteInterface.Readout r = s.ccr.remote().read();
                    s.rec.event(s.ccr.now(), "dut", "failed-lamps", Integer.toString(r.failedLamps()));
                }
            }
            case EARTH_FAULT -> {
                s.select(all.get(0));
                s.dwell(Duration.ofSeconds(3));
                for (double mohm : test.<List<Double>>param("earthFaultMohm", List.of(50.0, 5.0, 0.5))) {
                    s.rig("earth-fault-mohm", Fixed.format(mohm, 4), () -> s.ccr.rig().earthFaultOhms(mohm * 1e6));
                    s.dwell(dwell);
                    RemoteInterface.Readout r = s.ccr.remote().read();
                    s.rec.event(s.ccr.now(), "dut", "alarms", String.join(" ", r.alarms()));
                }
                s.restore("earth-fault-mohm", () -> s.ccr.rig().earthFaultOhms(Double.POSITIVE_INFINITY));
            }
            case IDENTITY -> throw new IllegalStateException("identity has no runs");
            case PROTOCOL_ROBUSTNESS, FLOOD, CONNECTION_EXHAUSTION, AUTHORITY ->
                    throw new IllegalStateException("security procedures are scripted in SecurityScripts");
        }
    }

    private static List<Integer> allSteps(Script s) {
        List<Integer> out = new ArrayList<>();
        for (int i = 1; i <= s.ccr.steps().stepCount(); i++) {
            out.add(i);
        }
        return out;
    }

    /** A rig or bench action; an operator may fail to confirm it. */
    @FunctionalInterface
    interface Action {
        void run() throws DutException;
    }

    /** A run being scripted: the DUT, its recorder, and small verbs that log what they do. */
    static final class Script {
        final Dut ccr;
        final RunRecorder rec;
        final WaveCapture wave;

        final boolean captureSteps;

        Script(Dut ccr, RunRecorder rec, WaveCapture wave, boolean captureSteps) {
            this.captureSteps = captureSteps;
            this.ccr = ccr;
            this.rec = rec;
            this.wave = wave;
            if (wave != null) {
                ccr.sampleSink(wave::halfCycle);
            }
        }

        void select(int step) throws IOException, DutException {
            rec.event(ccr.now(), "verifier", "select-step", Integer.toString(step));
            if (wave != null && captureSteps) {
                wave.trigger(ccr.now());
            }
            RemoteInterface.Outcome o = ccr.remote().selectStep(step);
            rec.event(ccr.now(), "dut", "outcome", o.accepted() ? "accepted" : "refused: " + o.detail());
        }

        /** The effect a rig action must show in the measurement, while it is awaited; null when none is. */
        private String awaited;
        private double awaitedA = NO_CURRENT_A;
        private double lowest = Double.NaN;

        void dwell(Duration d) throws IOException, DutException {
            ccr.advance(d, row -> {
                rec.row(row);
                if (awaited != null) {
                    double m = measured(row);
                    if (!Double.isNaN(m)) {
                        lowest = Double.isNaN(lowest) ? m : StrictMath.min(lowest, m);
                        if (m <= awaitedA) {
                            rec.event(row.timeSeconds(), "harness", "fault-observed", awaited + ": " + Fixed.format(m, 3) + " A");
                            awaited = null;
                        }
                    }
                }
            });
        }

        /** The run's measurement in a row: the plant or the external meter, else the DUT's own report. */
        private static double measured(io.github.ccrhil.ccr.emulator.trace.TraceRow row) {
            return Double.isNaN(row.plantCurrentRmsA()) ? row.firmwareCurrentRmsA() : row.plantCurrentRmsA();
        }

        /** From now on the measurement must show no current (at most {@link #NO_CURRENT_A}). */
        void expectNoCurrent(String after) {
            expectBelow(NO_CURRENT_A, after);
        }

        /** From now on the measurement must show the current at most {@code amps}. */
        void expectBelow(double amps, String after) {
            awaited = after;
            awaitedA = amps;
            lowest = Double.NaN;
        }

        /**
         * The DUT's report must show the key switch where the operator turned it (REMOTE when
         * {@code remote}), within {@link #KEY_SWITCH_PATIENCE}; otherwise the run ends
         * INCONCLUSIVE: a key nobody turned says nothing about the regulator's authority.
         */
        void awaitKeySwitch(boolean remote) throws IOException, DutException {
            double until = ccr.now() + KEY_SWITCH_PATIENCE.toNanos() / 1e9;
            boolean seen = ccr.remote().read().remote();
            while (seen != remote && ccr.now() < until) {
                dwell(Duration.ofMillis(100));
                seen = ccr.remote().read().remote();
            }
            if (seen != remote) {
                throw new DutException("bench action not observed: the key switch was turned to " + (remote ? "REMOTE" : "LOCAL")
                        + " but the DUT still reports " + (seen ? "REMOTE" : "LOCAL") + " after "
                        + Fixed.format(KEY_SWITCH_PATIENCE.toNanos() / 1e9, 1) + " s");
            }
            rec.event(ccr.now(), "harness", "key-switch-observed", remote ? "REMOTE" : "LOCAL");
        }

        /**
         * The awaited effect was seen, or the run ends INCONCLUSIVE: "fault not observed", never a
         * FAIL of the DUT, whose response to a fault that never happened cannot be judged.
         */
        void requireEffect() throws DutException {
            if (awaited != null) {
                String what = awaited;
                awaited = null;
                throw new DutException("fault not observed: " + what + " but the measured current never fell to "
                        + Fixed.format(awaitedA, awaitedA < 1 ? 1 : 2) + " A or below (lowest "
                        + (Double.isNaN(lowest) ? "not measured" : Fixed.format(lowest, 3) + " A") + ")");
            }
        }

        /** Takes a fault off the loop after the judged part of the run, so the bench is as it was for the next run. */
        void restore(String kind, Action action) throws IOException, DutException {
            action.run();
            rec.event(ccr.now(), "rig", "restored", kind);
        }

        /**
         * Applies a rig action and records it at the moment it took effect: at once in simulated
         * time, at the operator's confirmation on a real bench.
         */
        void rig(String kind, String value, Action action) throws IOException, DutException {
            action.run();
            rec.event(ccr.now(), "rig", kind, value);
            if (wave != null) {
                wave.trigger(ccr.now());
            }
        }

        /**
         * A rig action that holds a fault for {@code length}: in simulated time it returns at once
         * and the fault is recorded from then; in wall-clock time an operator (or a relay) confirms
         * it when it is over, so it is recorded {@code length} before the confirmation (at the
         * earliest at the instruction): the judge's window after it then starts no earlier than
         * the confirmation, when the verifier samples again.
         */
        void rigHeld(String kind, Duration length, Action action) throws IOException, DutException {
            double before = ccr.now();
            action.run();
            double t = StrictMath.max(before, ccr.now() - length.toNanos() / 1e9);
            rec.event(t, "rig", kind, Fixed.format(length.toNanos() / 1e9, 4));
            if (wave != null) {
                wave.trigger(t);
            }
        }

        void bench(String kind, String value, Action action) throws IOException, DutException {
            action.run();
            rec.event(ccr.now(), "bench", kind, value);
        }
    }
}
