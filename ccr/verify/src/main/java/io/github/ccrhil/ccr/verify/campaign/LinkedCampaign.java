package io.github.ccrhil.ccr.verify.campaign;

import io.github.ccrhil.evidence.Verdict;
import io.github.ccrhil.evidence.ComponentIdentity;
import io.github.ccrhil.ccr.verify.limits.StepTable;
import io.github.ccrhil.ccr.verify.accept.dut.Dut;
import io.github.ccrhil.ccr.verify.accept.dut.DutException;
import io.github.ccrhil.ccr.verify.accept.dut.LinkedDutSessions;
import io.github.ccrhil.ccr.verify.accept.dut.Operator;
import io.github.ccrhil.ccr.verify.accept.dut.RemoteInterface;
import io.github.ccrhil.ccr.verify.accept.plan.Conditions;
import io.github.ccrhil.ccr.verify.accept.plan.PlanReader;
import io.github.ccrhil.ccr.verify.accept.plan.TestPlan;
import io.github.ccrhil.modbus.profile.Profile;
import io.github.ccrhil.ccr.emulator.trace.TraceMetrics;
import io.github.ccrhil.ccr.emulator.trace.TraceRow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

/**
 * A campaign against a DUT at the end of a link ({@code tcp:<host:port>} or {@code rtu:<tty>}),
 * in wall-clock time, through the acceptance suite's {@link LinkedDutSessions} and a register
 * profile. Only what makes sense on real equipment without a rig is generated: sequences of
 * remote step commands with drawn dwells. The measurement is the DUT's self-report, read every
 * {@link LinkedDutSessions#POLL}; every verdict says so. Properties that need the plant (peak
 * current, open circuit, lamp faults, soft start) or a repeatable run (determinism) are not
 * applicable, with the reason. Case {@code i} is a pure function of seed and {@code i}; a shard
 * {@code k/n} runs the cases with {@code i mod n = k − 1}.
 */
public final class LinkedCampaign {

    public static final String SELF_REPORTED = "[self-reported] ";
    public static final String REMOTE_COMMANDS = "remote step commands accepted";

    /**
     * @param campaign cases, seed and shard (kinds, waveform share, threads, shrink budget are not used: one link, one case at a time)
     * @param address tcp:<host:port> or rtu:<tty>
     * @param commandsMin fewest step commands per case
     * @param commandsMax most step commands per case
     * @param dwellMin shortest dwell after a command
     * @param dwellMax longest dwell after a command
     */
    public record Config(Campaign.Config campaign, String address, int commandsMin, int commandsMax,
                         Duration dwellMin, Duration dwellMax) {
        public Config {
            if (commandsMin < 1 || commandsMax < commandsMin) {
                throw new IllegalArgumentException("commands per case must be 1 ≤ min ≤ max, was " + commandsMin + ".." + commandsMax);
            }
            if (dwellMin.isNegative() || dwellMin.isZero() || dwellMax.compareTo(dwellMin) < 0) {
                throw new IllegalArgumentException("dwell must be 0 < min ≤ max, was " + dwellMin + ".." + dwellMax);
            }
        }
    }

    /** One generated command: the step and how long to watch afterwards. */
    public record Command(int step, Duration dwell) { }

    /** One case as run. */
    public record CaseOutcome(int index, String name, List<Command> commands, List<Verdict> verdicts, Path failureFile) {
        public boolean failed() {
            return verdicts.stream().anyMatch(Verdict::failed);
        }
    }

    /**
     * @param identity the campaign's identity line: the DUT's report of itself against the identity
     *     the campaign declares ({@link LinkedIdentity}; NOT_APPLICABLE, "identity not declared", when none was)
     */
    public record Summary(Config config, String dutDescription, List<CaseOutcome> outcomes, double wallSeconds, Verdict identity) {
        public long failed() {
            return outcomes.stream().filter(CaseOutcome::failed).count();
        }
    }

    private LinkedCampaign() { }

    /** Case {@code i}'s commands: a pure function of seed and index. */
    public static List<Command> commands(Config c, StepTable steps, int index) {
        SplittableRandom r = new SplittableRandom(c.campaign().seed() * 0x9E3779B97F4A7C15L + index);
        int n = c.commandsMin() + r.nextInt(c.commandsMax() - c.commandsMin() + 1);
        long lo = c.dwellMin().toMillis();
        long hi = c.dwellMax().toMillis();
        List<Command> out = new ArrayList<>();
        int last = -1;
        for (int k = 0; k < n; k++) {
            int step;
            do {
                step = 1 + r.nextInt(steps.stepCount());
            } while (step == last && steps.stepCount() > 1);
            last = step;
            out.add(new Command(step, Duration.ofMillis(lo + (hi > lo ? r.nextLong(hi - lo + 1) : 0))));
        }
        return out;
    }

    /**
     * Runs this shard's cases one after the other on the DUT at {@code c.address()} and writes the
     * bundle into {@code out}.
     *
     * @param operator told only where the bench must be set (no fault is injected)
     */
    public static Summary run(Config c, Profile profile, Duration timeout, Clock clock, Operator operator, Path out,
                              java.util.function.IntConsumer progress) throws IOException, DutException {
        return run(c, profile, timeout, clock, operator, out, progress, null);
    }

    /**
     * As {@link #run(Config, Profile, Duration, Clock, Operator, Path, java.util.function.IntConsumer)},
     * the DUT expected to be {@code expectedIdentity} (declared in the bundle's plan before any case;
     * null: not declared, and the bundle says so).
     */
    public static Summary run(Config c, Profile profile, Duration timeout, Clock clock, Operator operator, Path out,
                              java.util.function.IntConsumer progress, List<ComponentIdentity> expectedIdentity)
            throws IOException, DutException {
        Campaign.Config cc = c.campaign();
        TestPlan full = PlanReader.defaultPlan();
        TestPlan plan = new TestPlan(full.name(), cc.seed(), new TestPlan.DutSpec(c.address(), "reference-ccr"),
                TestPlan.Rig.OPERATOR_PROMPT, TestPlan.Measurement.DUT_SELF_REPORT, full.equipment(), full.identity(), List.of());
        // the verifier's own step table (the plan's), never the DUT's: the limits follow from it
        StepTable steps = full.equipment().steps();
        PropertyLimits limits = PropertyLimits.defaultsFor(steps.ratedCurrentA());
        CampaignPlan recorded = plan(c, steps.name(), limits, expectedIdentity);
        long start = System.nanoTime();
        CampaignBundle bundle = CampaignBundle.create(out, recorded);
        List<CaseOutcome> outcomes = new ArrayList<>();
        List<ComponentIdentity> identity = new ArrayList<>();
        String description;
        try (LinkedDutSessions session = new LinkedDutSessions(plan, c.address(), profile, timeout, clock, keepAlive -> operator)) {
            description = session.describe();
            Dut dut = session.open(new Conditions.Point(1, 0, 0), cc.seed(), io.github.ccrhil.ccr.verify.accept.dut.DutSettings.AS_DELIVERED);
            identity.addAll(dut.remote().identity());
            int done = 0;
            for (int i : recorded.indices()) {
                outcomes.add(runCase(c, i, dut, steps, limits, bundle, out));
                progress.accept(++done);
            }
        }
        double wall = (System.nanoTime() - start) / 1e9;
        List<CampaignBundle.Entry> entries = new ArrayList<>();
        for (CaseOutcome o : outcomes) {
            entries.add(entry(c, steps, o.index(), o.verdicts(), o.failureFile()));
        }
        bundle.finish(bundleRun(c, description), entries, identity);
        // judged from the bundle as written, as verify-bundle judges it
        return new Summary(c, description, List.copyOf(outcomes), wall, LinkedIdentity.judge(out, recorded));
    }

    /**
     * What the bundle records of a linked campaign: its options, the step table, the limits, the
     * identity it expects (null: not declared); each case run once.
     */
    static CampaignPlan plan(Config c, String stepTable, PropertyLimits limits, List<ComponentIdentity> expectedIdentity) {
        return new CampaignPlan(c.campaign(), new CampaignPlan.Linked(c.address(), stepTable, c.commandsMin(), c.commandsMax(),
                c.dwellMin(), c.dwellMax()), Map.of(stepTable, limits), false, expectedIdentity);
    }

    /** The linked campaign's options as its bundle records them. */
    static Config config(CampaignPlan p) {
        CampaignPlan.Linked l = p.linked();
        return new Config(p.config(), l.address(), l.commandsMin(), l.commandsMax(), l.dwellMin(), l.dwellMax());
    }

    /** A case as the bundle records it: the commands (a function of seed and index) and, if it failed, its file and replay. */
    static CampaignBundle.Entry entry(Config c, StepTable steps, int index, List<Verdict> verdicts, Path failureFile) {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("selfReported", true);
        extra.put("commands", commands(c, steps, index).stream()
                .map(k -> Map.of("step", k.step(), "dwellMs", k.dwell().toMillis())).toList());
        return new CampaignBundle.Entry(index, KIND, caseName(c, index), verdicts, failureFile,
                failureFile == null ? null : replay(c, index), extra);
    }

    /** The case kind of every linked case. */
    static final String KIND = "remote-steps";

    /** The case's folder, relative to the bundle (its name is {@code remote-steps-<seed>-<index>}). */
    static String caseDir(Config c, int index) {
        return CampaignBundle.caseDir(index, caseName(c, index));
    }

    static String caseName(Config c, int index) {
        return KIND + "-" + Long.toUnsignedString(c.campaign().seed()) + "-" + index;
    }

    /** The command that runs exactly this case again: shard (i+1)/N of a campaign of N cases. */
    public static String replay(Config c, int index) {
        return "java -jar " + FailureFiles.CLI_JAR + " campaign --dut " + c.address() + " --seed "
                + Long.toUnsignedString(c.campaign().seed()) + " --cases " + c.campaign().cases() + " --shard " + (index + 1)
                + "/" + c.campaign().cases();
    }

    /** A command as sent: when, which step, from which step the DUT reported itself at just before (≤ 0: off), and its answer. */
    record Mark(double t, int step, int from, RemoteInterface.Outcome answer) { }

    /** A case's commands as sent. */
    static final String COMMANDS_FILE = "commands.csv";
    private static final String REMOTE_AT_START = "# remote at start: ";

    private static CaseOutcome runCase(Config c, int index, Dut dut, StepTable steps, PropertyLimits limits,
                                       CampaignBundle bundle, Path out) throws IOException, DutException {
        List<Command> commands = commands(c, steps, index);
        String name = caseName(c, index);
        String dirName = caseDir(c, index);
        Path dir = out.resolve(dirName);
        Files.createDirectories(dir);
        List<Mark> marks = new ArrayList<>();
        RemoteInterface.Readout before = dut.remote().read();
        // the self-reported rows go to the disk as they come (flushed every 0.5 s of recorded time)
        try (CampaignBundle.CaseTrace trace = CampaignBundle.CaseTrace.open(dir.resolve(CampaignBundle.TRACE_FILE),
                traceHeader(index))) {
            for (Command k : commands) {
                int from = dut.remote().read().activeStep();
                double t = dut.now();
                marks.add(new Mark(t, k.step(), from, dut.remote().selectStep(k.step())));
                dut.advance(k.dwell(), trace::accept);
            }
        }
        // then the commands as sent; the case is judged from both files as read back (as verify-bundle judges it)
        StringBuilder sent = new StringBuilder("# case " + index + ": remote step commands as sent (t_s,step,from,accepted,detail;"
                + " from: the step the DUT reported just before, 0 off)\n");
        sent.append(REMOTE_AT_START).append(before.remote()).append('\n');
        for (Mark m : marks) {
            sent.append(String.format(Locale.ROOT, "%.3f,%d,%d,%s,%s%n", m.t(), m.step(), m.from(), m.answer().accepted(),
                    m.answer().detail().replace(',', ';').replace('\n', ' ')));
        }
        Files.writeString(dir.resolve(COMMANDS_FILE), sent.toString(), StandardCharsets.UTF_8);
        List<Verdict> verdicts = judgeCase(out, dirName, limits, steps);
        Path failure = null;
        if (verdicts.stream().anyMatch(Verdict::failed)) {
            failure = bundle.failures().resolve(name + ".yaml");
            Files.writeString(failure, failureText(c, index, verdicts, commands), StandardCharsets.UTF_8);
        }
        bundle.caseFinished(dirName, failure);
        return new CaseOutcome(index, name, commands, verdicts, failure);
    }

    /** The header of a linked case's trace. */
    static Map<String, String> traceHeader(int index) {
        Map<String, String> header = new LinkedHashMap<>();
        header.put("case", Integer.toString(index));
        header.put("measurement", "the DUT's self-report over the link, every " + LinkedDutSessions.POLL.toMillis() + " ms");
        return header;
    }

    /** A failing linked case's file: its replay command, its verdicts and its commands. */
    static String failureText(Config c, int index, List<Verdict> verdicts, List<Command> commands) {
        StringBuilder f = new StringBuilder("# failing linked campaign case " + index + "\n# replay: " + replay(c, index) + "\n");
        for (Verdict v : verdicts) {
            f.append("# ").append(PropertyVerdicts.line(v).trim()).append('\n');
        }
        f.append("commands:\n");
        for (Command k : commands) {
            f.append("  - {step: ").append(k.step()).append(", dwell: ").append(k.dwell()).append("}\n");
        }
        return f.toString();
    }

    /**
     * Judges a linked case from the bundle: the commands as sent and the DUT's answers
     * ({@value #COMMANDS_FILE}) and its self-reported rows ({@code trace.csv.gz}), as read back.
     * The run and {@code verify-bundle} both call this.
     */
    static List<Verdict> judgeCase(Path bundle, String caseDir, PropertyLimits limits, StepTable steps) throws IOException {
        String file = caseDir + "/" + COMMANDS_FILE;
        List<String> lines = Files.readAllLines(bundle.resolve(file), StandardCharsets.UTF_8);
        Boolean remote = null;
        List<Mark> marks = new ArrayList<>();
        for (int n = 0; n < lines.size(); n++) {
            String l = lines.get(n);
            if (l.startsWith(REMOTE_AT_START)) {
                remote = Boolean.parseBoolean(l.substring(REMOTE_AT_START.length()).trim());
                continue;
            }
            if (l.startsWith("#") || l.isBlank()) {
                continue;
            }
            String[] f = l.split(",", 5);
            try {
                if (f.length != 5 || !(f[3].equals("true") || f[3].equals("false"))) {
                    throw new NumberFormatException("5 fields");
                }
                marks.add(new Mark(Double.parseDouble(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2]),
                        new RemoteInterface.Outcome(Boolean.parseBoolean(f[3]), f[4])));
            } catch (NumberFormatException e) {
                throw new IOException(file + ": line " + (n + 1) + " is not t_s,step,from,accepted,detail");
            }
        }
        if (remote == null) {
            throw new IOException(file + ": no '" + REMOTE_AT_START.substring(2).trim() + "' line");
        }
        List<TraceRow> rows = CampaignBundle.readTrace(bundle, caseDir + "/" + CampaignBundle.TRACE_FILE);
        return judge(remote, marks, List.of(), rows, limits, steps);
    }

    /** Judges one case from its command marks and the self-reported rows. Pure. */
    static List<Verdict> judge(boolean remoteAtStart, List<Mark> marks, List<Command> commands, List<TraceRow> rows,
                               PropertyLimits limits, StepTable steps) {
        List<Verdict> out = new ArrayList<>();
        if (!remoteAtStart) {
            String why = SELF_REPORTED + "the DUT reported its key switch at LOCAL: remote commands are not expected to act";
            out.add(PropertyVerdicts.notApplicable(REMOTE_COMMANDS, why));
            out.add(PropertyVerdicts.notApplicable(PropertyChecks.SETTLING, why));
            out.add(PropertyVerdicts.notApplicable(PropertyChecks.MONOTONE, why));
        } else {
            List<String> rejected = new ArrayList<>();
            for (Mark m : marks) {
                if (!m.answer().accepted()) {
                    rejected.add("step " + m.step() + " at " + String.format(Locale.ROOT, "%.2f s", m.t()) + ": " + m.answer().detail());
                }
            }
            out.add(rejected.isEmpty() ? PropertyVerdicts.pass(REMOTE_COMMANDS, SELF_REPORTED + marks.size() + " commands accepted")
                    : PropertyVerdicts.fail(REMOTE_COMMANDS, SELF_REPORTED + "rejected: " + String.join("; ", rejected)));
            out.add(settling(marks, rows, limits));
            out.add(monotone(marks, rows, steps));
        }
        String noPlant = "needs the plant's waveform; the link gives the DUT's own rms reading every "
                + LinkedDutSessions.POLL.toMillis() + " ms";
        out.add(PropertyVerdicts.notApplicable(PropertyChecks.OVERSHOOT, SELF_REPORTED + "peak current " + noPlant));
        out.add(PropertyVerdicts.notApplicable(PropertyChecks.SOFT_START, SELF_REPORTED + "not generated: energising from off " + noPlant));
        out.add(PropertyVerdicts.notApplicable(PropertyChecks.OPEN_CIRCUIT, "needs a rig to open the loop; not generated on a linked DUT"));
        out.add(PropertyVerdicts.notApplicable(PropertyChecks.LAMP_ESTIMATE, "needs a rig to fail lamps and the lamp count; not generated on a linked DUT"));
        out.add(PropertyVerdicts.notApplicable(PropertyChecks.STATE_MACHINE, "the model of the state machine is judged on the plant's events; not on a linked DUT"));
        out.add(PropertyVerdicts.notApplicable(PropertyChecks.DETERMINISM, "a wall-clock run on equipment cannot be re-run row for row"));
        // every verdict of a linked campaign rests on what the DUT said about itself
        return out.stream().map(PropertyVerdicts::selfReported).toList();
    }

    private static List<TraceRow> window(List<TraceRow> rows, double from, double to) {
        return rows.stream().filter(r -> r.timeSeconds() >= from && r.timeSeconds() < to).toList();
    }

    private static Verdict settling(List<Mark> marks, List<TraceRow> rows, PropertyLimits limits) {
        double limit = limits.settling().value().toNanos() / 1e9;
        double resolution = LinkedDutSessions.POLL.toNanos() / 1e9;
        double worst = 0;
        int judged = 0;
        for (int k = 0; k < marks.size(); k++) {
            Mark m = marks.get(k);
            if (m.from() <= 0) {
                continue; // energising from off: a soft start, not a step-to-step change
            }
            judged++;
            double end = k + 1 < marks.size() ? marks.get(k + 1).t() : Double.POSITIVE_INFINITY;
            List<TraceRow> w = window(rows, m.t(), end);
            if (w.isEmpty()) {
                return PropertyVerdicts.notApplicable(PropertyChecks.SETTLING, SELF_REPORTED + "no readout after the command to step " + m.step());
            }
            // settled from the last reading outside the commanded step's band; a reading at another
            // step is outside it whatever its current
            TraceRow atStep = w.stream().filter(r -> r.step() == m.step()).findFirst().orElse(null);
            TraceMetrics.Window band = new TraceMetrics.Window(m.t(), atStep == null ? Double.NaN : atStep.bandLowA(),
                    atStep == null ? Double.NaN : atStep.bandHighA());
            for (TraceRow r : w) {
                if (r.step() == m.step()) {
                    band.accept(r.timeSeconds(), r.firmwareCurrentRmsA());
                } else {
                    band.acceptOutside(r.timeSeconds());
                }
            }
            double settle = band.settlingSeconds();
            if (Double.isNaN(settle)) {
                return PropertyVerdicts.notApplicable(PropertyChecks.SETTLING, SELF_REPORTED + "no current reading after the command to step " + m.step());
            }
            if (Double.isInfinite(settle)) {
                return PropertyVerdicts.fail(PropertyChecks.SETTLING, String.format(Locale.ROOT,
                        "%sstep %d commanded at %.2f s: the DUT's own reading was not in its band at the end of the %.2f s dwell",
                        SELF_REPORTED, m.step(), m.t(), w.get(w.size() - 1).timeSeconds() - m.t()));
            }
            worst = StrictMath.max(worst, settle);
            if (settle > limit + resolution) {
                return PropertyVerdicts.fail(PropertyChecks.SETTLING, String.format(Locale.ROOT,
                        "%sstep %d commanded at %.2f s: in band and staying only after %.2f s > %s (+%.1f s poll resolution)",
                        SELF_REPORTED, m.step(), m.t(), settle, limits.settling(), resolution));
            }
        }
        if (judged == 0) {
            return PropertyVerdicts.notApplicable(PropertyChecks.SETTLING, SELF_REPORTED + "no step-to-step change (every command energised from off)");
        }
        return PropertyVerdicts.pass(PropertyChecks.SETTLING, String.format(Locale.ROOT,
                "%s%d step-to-step changes, worst %.2f s into the band and staying (limit %s, +%.1f s poll resolution)", SELF_REPORTED, judged, worst,
                limits.settling(), resolution));
    }

    /** Steady readings (last half of each dwell, mean) by step must rise with the step. */
    private static Verdict monotone(List<Mark> marks, List<TraceRow> rows, StepTable steps) {
        java.util.TreeMap<Integer, Double> steady = new java.util.TreeMap<>();
        for (int k = 0; k < marks.size(); k++) {
            Mark m = marks.get(k);
            double end = k + 1 < marks.size() ? marks.get(k + 1).t() : rows.isEmpty() ? m.t() : rows.get(rows.size() - 1).timeSeconds() + 1e-9;
            List<TraceRow> w = window(rows, m.t() + (end - m.t()) / 2, end).stream().filter(r -> r.step() == m.step()).toList();
            if (!w.isEmpty()) {
                steady.put(m.step(), w.stream().mapToDouble(TraceRow::firmwareCurrentRmsA).average().orElseThrow());
            }
        }
        if (steady.size() < 2) {
            return PropertyVerdicts.notApplicable(PropertyChecks.MONOTONE, SELF_REPORTED + "fewer than two distinct steps held steady");
        }
        Map.Entry<Integer, Double> prev = null;
        for (Map.Entry<Integer, Double> e : steady.entrySet()) {
            if (prev != null && !(e.getValue() > prev.getValue())) {
                return PropertyVerdicts.fail(PropertyChecks.MONOTONE, String.format(Locale.ROOT, "%sstep %d reads %.3f A, not above step %d's %.3f A",
                        SELF_REPORTED, e.getKey(), e.getValue(), prev.getKey(), prev.getValue()));
            }
            prev = e;
        }
        return PropertyVerdicts.pass(PropertyChecks.MONOTONE, SELF_REPORTED + "steady readings rise with the step over " + steady.keySet());
    }

    /** results.json's header, the JUnit suite and the report's title of a linked campaign. */
    static CampaignBundle.Run bundleRun(Config config, String dutDescription) {
        Map<String, Object> root = new LinkedHashMap<>();
        Campaign.Config c = config.campaign();
        root.put("tool", "ccr-hil campaign");
        root.put("dut", config.address());
        root.put("dutLink", dutDescription);
        root.put("measurement", PropertyVerdicts.DUT_SELF_REPORT);
        root.put("selfReported", true);
        root.put("seed", c.seed());
        root.put("cases", c.cases());
        root.put("shard", c.shard() + "/" + c.shards());
        root.put("kinds", List.of(KIND));
        Map<String, String> junit = new LinkedHashMap<>();
        junit.put("seed", Long.toUnsignedString(c.seed()));
        junit.put("shard", c.shard() + "/" + c.shards());
        junit.put("dut", config.address());
        junit.put("measurement", PropertyVerdicts.DUT_SELF_REPORT);
        return new CampaignBundle.Run(String.format(Locale.ROOT, "ccr-hil campaign %s seed %s shard %d/%d (self-reported)",
                config.address(), Long.toUnsignedString(c.seed()), c.shard(), c.shards()), junit, root,
                config.address() + " (" + dutDescription + ")", true);
    }
}
