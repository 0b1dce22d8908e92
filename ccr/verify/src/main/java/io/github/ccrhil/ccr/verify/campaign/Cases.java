package io.github.ccrhil.ccr.verify.campaign;

import io.github.ccrhil.ccr.emulator.scenario.Scenario;
import io.github.ccrhil.ccr.emulator.scenario.ScenarioEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The generation model: each kind of case as a record of whole numbers, how it becomes a
 * {@link Scenario}, and how a seeded {@link SplittableRandom} draws one (for the {@code campaign}
 * command; the property tests draw the same records with Americium, from the same ranges).
 * Scenarios are cheap by design: the averaged plant by default and dwells only as long as the
 * judged requirement needs.
 */
public final class Cases {

    private Cases() {
    }

    /** A step "code" 0.. picks any step but {@code previous}; code 0 is the lowest such step. */
    public static int stepOtherThan(int previous, int code, int stepCount) {
        int s = 1 + Math.floorMod(code, stepCount - 1);
        return s >= previous ? s + 1 : s;
    }

    /** One later step change: a step code and how long to stay there. */
    public record Leg(int stepCode, int dwellMs) { }

    /**
     * Soft start to {@code firstStep}, a first dwell, then each leg: a step change and its dwell.
     */
    public record StepChange(OperatingPoint point, int firstStep, int firstDwellMs, List<Leg> legs, long seed) {
        public StepChange {
            legs = List.copyOf(legs);
        }

        public Scenario scenario(String name) {
            int n = point.rating().stepCount();
            int step = 1 + Math.floorMod(firstStep - 1, n);
            List<ScenarioEvent> events = new ArrayList<>();
            events.add(new ScenarioEvent.StepCommand(Duration.ZERO, step));
            long t = firstDwellMs;
            for (Leg leg : legs) {
                step = stepOtherThan(step, leg.stepCode(), n);
                events.add(new ScenarioEvent.StepCommand(Duration.ofMillis(t), step));
                t += leg.dwellMs();
            }
            return point.scenario(name, seed, Duration.ofMillis(t), events);
        }
    }

    /** Regulating on {@code step} (or still soft-starting), then the loop opens at {@code openAtMs}. */
    public record OpenCircuit(OperatingPoint point, int step, int openAtMs, long seed) {
        /** The open loop is watched this long, more than the 3 s limit. */
        public static final int WATCH_MS = 4000;

        public Scenario scenario(String name) {
            int s = 1 + Math.floorMod(step - 1, point.rating().stepCount());
            return point.scenario(name, seed, Duration.ofMillis(openAtMs + WATCH_MS), List.of(
                    new ScenarioEvent.StepCommand(Duration.ZERO, s),
                    new ScenarioEvent.LoopOpen(Duration.ofMillis(openAtMs), true)));
        }
    }

    /**
     * Regulating on {@code step}; at {@code failAtMs} {@code morePercent} more of the lamps fail
     * (capped at 30 % in all). Lamps only fail while the loop is energised: repairs are made
     * de-energised, so a case never lowers the failed share (an energised "repair" is a sudden
     * load increase that no field event produces).
     */
    public record LampEstimate(OperatingPoint point, int step, int failAtMs, int morePercent, long seed) {
        /** Steady time after the lamp event: the 2 s estimate settling plus margin. */
        public static final int WATCH_MS = 4500;

        /** Step codes above the table's top step select the top step. */
        public Scenario scenario(String name) {
            int s = StrictMath.max(1, StrictMath.min(step, point.rating().stepCount()));
            return point.scenario(name, seed, Duration.ofMillis(failAtMs + WATCH_MS), List.of(
                    new ScenarioEvent.StepCommand(Duration.ZERO, s),
                    new ScenarioEvent.LampsFailed(Duration.ofMillis(failAtMs),
                            StrictMath.min(OperatingSpace.FAILED_PERCENT.hi(), point.failedPercent() + morePercent) / 100.0)));
        }
    }

    /**
     * One action of a {@link Sequence}: what ({@code kind} indexes {@link #ACTIONS}), a parameter
     * whose meaning depends on the kind, and the quiet gap that follows it.
     */
    public record Action(int kind, int param, int gapMs) { }

    /** The action kinds of a sequence, in shrinking order (the simplest first). */
    public static final List<String> ACTIONS = List.of("step", "selector", "localStep", "reset", "loopOpen",
            "interruption", "linkLoss", "mains", "lampsFailed", "lampsShorted", "outputShort");

    /** A random sequence of operator and remote commands, faults and power events. */
    public record Sequence(OperatingPoint point, List<Action> actions, long seed) {
        public Sequence {
            actions = List.copyOf(actions);
        }

        public Scenario scenario(String name) {
            int n = point.rating().stepCount();
            List<ScenarioEvent> events = new ArrayList<>();
            long t = 0;
            int failed = point.failedPercent();
            for (Action a : actions) {
                Duration at = Duration.ofMillis(t);
                int p = StrictMath.abs(a.param());
                events.add(switch (ACTIONS.get(Math.floorMod(a.kind(), ACTIONS.size()))) {
                    case "step" -> new ScenarioEvent.StepCommand(at, p % (n + 1));
                    case "selector" -> new ScenarioEvent.SelectorChange(at, List.of("REMOTE", "LOCAL", "OFF").get(p % 3));
                    case "localStep" -> new ScenarioEvent.LocalStep(at, p % (n + 1));
                    case "reset" -> new ScenarioEvent.Reset(at, p % 2 == 1);
                    case "loopOpen" -> new ScenarioEvent.LoopOpen(at, p % 2 == 0);
                    // 10 ms rides through; 100..1000 ms is a supply loss
                    case "interruption" -> new ScenarioEvent.MainsInterruption(at,
                            Duration.ofMillis(p % 11 == 0 ? 10 : 100 * (p % 11)));
                    case "linkLoss" -> new ScenarioEvent.ControlLinkLoss(at, Duration.ofMillis(1000L * (1 + p % 8)));
                    case "mains" -> new ScenarioEvent.MainsDeviation(at, ((p % 21) - 10) / 100.0);
                    // lamps only fail while energised (see LampEstimate): the share never drops
                    case "lampsFailed" -> new ScenarioEvent.LampsFailed(at,
                            (failed = StrictMath.max(failed, p % (OperatingSpace.FAILED_PERCENT.hi() + 1))) / 100.0);
                    // a sudden load change: 0..30 % of the lamps bypassed
                    case "lampsShorted" -> new ScenarioEvent.LampsShorted(at, (p % 31) / 100.0);
                    case "outputShort" -> new ScenarioEvent.OutputShort(at, p % 2 == 0);
                    default -> throw new IllegalStateException();
                });
                t += a.gapMs();
            }
            return point.scenario(name, seed, Duration.ofMillis(StrictMath.max(t, 1)), events);
        }
    }

    /** Gap after each action of a sequence: longer than the settling of any transient it causes. */
    public static final OperatingSpace.Range GAP_MS = new OperatingSpace.Range(4000, 6000);
    public static final OperatingSpace.Range SEQUENCE_LENGTH = new OperatingSpace.Range(1, 12);
    public static final OperatingSpace.Range OPEN_AT_MS = new OperatingSpace.Range(200, 5000);
    public static final OperatingSpace.Range FAIL_AT_MS = new OperatingSpace.Range(3500, 5000);

    // ------------------------------------------------------------------ random drawing (campaign command)

    /** Draws an operating point; {@code waveformShare} of them use the waveform plant. */
    public static OperatingPoint point(SplittableRandom r, double waveformShare) {
        return new OperatingPoint(Rating.ALL.get(r.nextInt(Rating.ALL.size())),
                OperatingSpace.LOAD_PERCENT.draw(r), OperatingSpace.FAILED_PERCENT.draw(r),
                OperatingSpace.LED_PERCENT.draw(r), OperatingSpace.CABLE_M.draw(r), OperatingSpace.INPUT_PERMILLE.draw(r),
                r.nextBoolean() ? 50 : 60,
                r.nextDouble() < waveformShare ? Scenario.Fidelity.WAVEFORM : Scenario.Fidelity.AVERAGED);
    }

    public static StepChange stepChange(SplittableRandom r, double waveformShare) {
        OperatingPoint p = point(r, waveformShare);
        int changes = OperatingSpace.CHANGES.draw(r);
        List<Leg> legs = new ArrayList<>();
        for (int i = 0; i < changes; i++) {
            legs.add(new Leg(r.nextInt(8), OperatingSpace.DWELL_MS.draw(r)));
        }
        return new StepChange(p, 1 + r.nextInt(8), OperatingSpace.FIRST_DWELL_MS.draw(r), legs, r.nextLong());
    }

    public static OpenCircuit openCircuit(SplittableRandom r, double waveformShare) {
        return new OpenCircuit(point(r, waveformShare), 1 + r.nextInt(8), OPEN_AT_MS.draw(r), r.nextLong());
    }

    public static LampEstimate lampEstimate(SplittableRandom r, double waveformShare) {
        return new LampEstimate(point(r, waveformShare), 1 + r.nextInt(8), FAIL_AT_MS.draw(r),
                OperatingSpace.FAILED_PERCENT.draw(r), r.nextLong());
    }

    public static Sequence sequence(SplittableRandom r, double waveformShare) {
        int n = SEQUENCE_LENGTH.draw(r);
        List<Action> actions = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            actions.add(new Action(r.nextInt(ACTIONS.size()), r.nextInt(1000), GAP_MS.draw(r)));
        }
        return new Sequence(point(r, waveformShare), actions, r.nextLong());
    }

    /** The scenario of case {@code index} of kind {@code kind}, drawn from {@code r}. */
    public static Scenario draw(CaseKind kind, SplittableRandom r, double waveformShare, String name) {
        return switch (kind) {
            case STEP_CHANGE -> stepChange(r, waveformShare).scenario(name);
            case OPEN_CIRCUIT -> openCircuit(r, waveformShare).scenario(name);
            case LAMP_ESTIMATE -> lampEstimate(r, waveformShare).scenario(name);
            case SEQUENCE -> sequence(r, waveformShare).scenario(name);
        };
    }
}
