package io.github.ccrhil.ccr.firmware.board;

import io.github.ccrhil.ccr.firmware.control.CurrentControlSoftware;
import io.github.ccrhil.ccr.firmware.control.ToleranceBand;
import io.github.ccrhil.ccr.firmware.control.TrueRms;
import io.github.ccrhil.ccr.firmware.hardware.GateCommand;
import io.github.ccrhil.ccr.firmware.hardware.HalfCycleSamples;
import io.github.ccrhil.ccr.firmware.hardware.HardwareFault;
import io.github.ccrhil.ccr.firmware.hardware.HardwarePort;
import io.github.ccrhil.ccr.firmware.hardware.MissedSample;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The control board: state machine, protections, monitoring and the command interface, around
 * the {@link CurrentControlSoftware}. Single-threaded: the caller runs {@link #controlStep} once
 * per mains half-cycle and calls {@link #command} between steps. Reads the injected clock,
 * never advances it.
 *
 * <p>Order within a control step: exchange (send the command computed last step, receive the
 * last half-cycle) → measurements → mains / link supervision → protections → state machine →
 * next gate command → alarms and hours.
 */
public final class ControlBoard {

    private final InstantSource clock;
    private final CurrentControlSoftware software;
    private final HalfCycleSamples samples = new HalfCycleSamples();
    private final EventLog log;
    private final Smoother smoother;
    private final Duration period;
    private final ArrayDeque<Instant> recentTrips = new ArrayDeque<>();
    private final EnumSet<Alarm> active = EnumSet.noneOf(Alarm.class);
    private final EnumSet<Alarm> unacknowledged = EnumSet.noneOf(Alarm.class);
    private final EnumMap<ProtectionCause, Long> trips = new EnumMap<>(ProtectionCause.class);
    private final Duration[] hours;

    private BoardConfig config;
    private ProtectionSettings settings;
    private FailsafeMode failsafe;
    private BoardState state = new BoardState.Off();
    private Selector selector = Selector.REMOTE;
    private int commandedStep;
    private int activeStep;
    private final LampEstimateMonitor lampMonitor;
    private int lampEstimate = -1;
    private GateCommand nextCommand = GateCommand.OFF;
    private Measurements latest = Measurements.NONE;
    private Measurements smoothed = Measurements.NONE;
    private Instant lastStepAt;
    private Instant lastRemoteContact;
    private boolean linkLost;
    private Instant mainsLowSince;
    private Instant over105Since;
    private Instant over125Since;
    private Instant openSince;
    private Instant outOfBandSince;
    private Instant targetChangedAt;
    private int lastTargetStep = -1;
    private long energisations;
    private long surgeHolds;
    private long fastCuts;
    private long mainsLosses;
    private long linkLosses;
    private long missedSamples;
    private int consecutiveMisses;
    private long heartbeats;

    public ControlBoard(BoardConfig config, InstantSource clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = config.settings();
        this.failsafe = config.failsafe();
        this.software = new CurrentControlSoftware(config.tuning()
                .withDynamicResponseMargin(settings.dynamicResponseMargin().value()));
        this.log = new EventLog(config.eventLogCapacity());
        this.smoother = new Smoother(config.smoothingHalfCycles());
        this.period = config.tuning().period();
        this.lampMonitor = new LampEstimateMonitor(period);
        this.hours = new Duration[config.steps().stepCount() + 1];
        java.util.Arrays.fill(hours, Duration.ZERO);
        for (ProtectionCause c : ProtectionCause.values()) {
            trips.put(c, 0L);
        }
        this.lastRemoteContact = clock.instant();
        log.append(clock.instant(), EventKind.STATE_CHANGED, "power-up: " + state.label() + ", selector " + selector);
    }

    // ------------------------------------------------------------------ commands

    /** Applies a command; a refused command changes nothing but the event log. */
    public CommandOutcome command(Command c) {
        Objects.requireNonNull(c, "command");
        Instant now = clock.instant();
        String refusal = refusal(c);
        if (refusal != null) {
            log.append(now, EventKind.COMMAND_REFUSED, describe(c) + ": " + refusal);
            return new CommandOutcome.Refused(refusal);
        }
        if (c.origin() == Origin.REMOTE) {
            remoteContact(now);
        }
        if (c instanceof Command.Heartbeat) {
            // Counted, not logged: one per poll interval would push trips out of the log.
            heartbeats++;
            return CommandOutcome.ACCEPTED;
        }
        log.append(now, EventKind.COMMAND_ACCEPTED, describe(c));
        if (c instanceof Command.SelectStep s) {
            commandedStep = s.step();
        } else if (c instanceof Command.SetSelector s) {
            setSelector(s.selector(), now);
        } else if (c instanceof Command.Reset) {
            reset(now);
        } else if (c instanceof Command.AcknowledgeAlarms) {
            unacknowledged.clear();
            log.append(now, EventKind.ALARMS_ACKNOWLEDGED, "active: " + active);
        } else if (c instanceof Command.ChangeSettings s) {
            settings = s.settings();
            config = config.withSettings(s.settings());
            software.setDynamicResponseMargin(s.settings().dynamicResponseMargin().value());
        } else if (c instanceof Command.SetFailsafe f) {
            failsafe = f.mode();
        }
        return CommandOutcome.ACCEPTED;
    }

    private String refusal(Command c) {
        if (c.origin() == Origin.REMOTE && selector == Selector.LOCAL) {
            return "selector LOCAL: remote commands refused";
        }
        if (c instanceof Command.SelectStep s) {
            if (s.step() < 0 || s.step() > config.steps().stepCount()) {
                return "step " + s.step() + " outside 0.." + config.steps().stepCount();
            }
            if (selector == Selector.OFF) {
                return "selector OFF: no step can be selected";
            }
            if (selector == Selector.REMOTE && s.origin() == Origin.LOCAL_PANEL) {
                return "selector REMOTE: local step keys inactive";
            }
        } else if (c instanceof Command.Reset r) {
            if (state instanceof BoardState.LockedOut && r.origin() != Origin.LOCAL_PANEL) {
                return "locked out: only a local reset clears it";
            }
            if (!(state instanceof BoardState.Tripped) && !(state instanceof BoardState.LockedOut)) {
                return "nothing to reset in state " + state.label();
            }
        } else if (c instanceof Command.SetFailsafe f) {
            if (f.mode() instanceof FailsafeMode.FixedStep fs && fs.step() > config.steps().stepCount()) {
                return "failsafe step " + fs.step() + " outside 0.." + config.steps().stepCount();
            }
        }
        return null;
    }

    private static String describe(Command c) {
        if (c instanceof Command.SelectStep s) {
            return "select step " + s.step() + " from " + s.origin();
        } else if (c instanceof Command.SetSelector s) {
            return "selector " + s.selector();
        } else if (c instanceof Command.Reset r) {
            return "reset from " + r.origin();
        } else if (c instanceof Command.AcknowledgeAlarms a) {
            return "acknowledge alarms from " + a.origin();
        } else if (c instanceof Command.Heartbeat) {
            return "heartbeat";
        } else if (c instanceof Command.ChangeSettings s) {
            return "change settings from " + s.origin();
        } else if (c instanceof Command.SetFailsafe f) {
            return "failsafe " + f.mode() + " from " + f.origin();
        }
        throw new IllegalStateException("unknown command " + c);
    }

    private void setSelector(Selector s, Instant now) {
        if (s == selector) {
            return;
        }
        selector = s;
        if (s == Selector.REMOTE) {
            remoteContact(now);
        }
    }

    private void remoteContact(Instant now) {
        lastRemoteContact = now;
        if (linkLost) {
            linkLost = false;
            clearAlarm(Alarm.LINK_LOSS, now);
        }
    }

    private void reset(Instant now) {
        if (state instanceof BoardState.LockedOut) {
            recentTrips.clear();
        }
        transition(new BoardState.Off(), now, "reset");
        clearAlarm(Alarm.OPEN_CIRCUIT, now);
        clearAlarm(Alarm.OVERCURRENT, now);
        clearAlarm(Alarm.HARDWARE_FAULT, now);
        clearAlarm(Alarm.LOCKED_OUT, now);
    }

    // ------------------------------------------------------------------ control period

    /**
     * One control period. A {@link MissedSample} holds the gate command and is counted; the
     * "missed-sample trip count"-th in a row, or any other {@link HardwareFault}, de-energises the
     * output, trips with cause {@link ProtectionCause#HARDWARE_FAULT} and is logged; neither is rethrown.
     */
    public void controlStep(HardwarePort port) {
        Objects.requireNonNull(port, "port");
        Instant now = clock.instant();
        Duration dt = lastStepAt == null ? period : Duration.between(lastStepAt, now);
        if (dt.isNegative()) {
            dt = Duration.ZERO;
        }
        lastStepAt = now;
        try {
            port.exchange(nextCommand, samples);
        } catch (MissedSample m) {
            missedSamples++;
            consecutiveMisses++;
            int limit = (int) settings.missedSampleTripCount().value();
            if (consecutiveMisses < limit) {
                // as a real sampling board does: keep the gate command of the last good half-cycle,
                // skip measurement-based protections and regulation for this one
                if (consecutiveMisses == 1) {
                    log.append(now, EventKind.SAMPLE_MISSED, m.getMessage() + "; holding firing angle "
                            + String.format(java.util.Locale.ROOT, "%.4f", nextCommand.firingAngleRad()) + " rad (trip after "
                            + limit + " in a row, " + settings.missedSampleTripCount().name() + ")");
                }
                return;
            }
            hardwareFault(now, consecutiveMisses + " consecutive half-cycles without a measurement ("
                    + settings.missedSampleTripCount().name() + " " + limit + ", "
                    + settings.missedSampleTripCount().provenance() + "); last: " + m.getMessage());
            return;
        } catch (HardwareFault f) {
            hardwareFault(now, String.valueOf(f.getMessage()));
            return;
        }
        if (consecutiveMisses > 0) {
            log.append(now, EventKind.SAMPLES_RESUMED, "measurements resumed after " + consecutiveMisses
                    + " missed half-cycle" + (consecutiveMisses == 1 ? "" : "s") + " (" + missedSamples + " in all)");
            consecutiveMisses = 0;
        }
        measure();
        boolean mainsOk = superviseMains(now);
        superviseLink(now);
        int targetStep = targetStep();
        if (state.energised() && mainsOk) {
            protections(now, targetStep);
        }
        stateMachine(now, targetStep, mainsOk);
        nextCommand = gate(now, targetStep, mainsOk);
        if (software.lastCallCut()) {
            fastCuts++;
        }
        alarms(now, targetStep);
        if (state instanceof BoardState.Regulating && activeStep > 0) {
            hours[activeStep] = hours[activeStep].plus(dt);
        }
    }

    private void hardwareFault(Instant now, String what) {
        if (!active.contains(Alarm.HARDWARE_FAULT)) {
            // logged once per fault episode, not once per half-cycle
            log.append(now, EventKind.HARDWARE_FAULT, what);
        }
        raiseAlarm(Alarm.HARDWARE_FAULT, now);
        latest = Measurements.NONE;
        if (!(state instanceof BoardState.LockedOut) && !(state instanceof BoardState.Tripped)) {
            trip(ProtectionCause.HARDWARE_FAULT, now);
        }
        nextCommand = software.off();
    }

    private void measure() {
        int n = samples.count();
        double i = TrueRms.rms(samples.current(), n);
        double v = TrueRms.rms(samples.voltage(), n);
        double w = TrueRms.meanPower(samples.voltage(), samples.current(), n);
        double va = i * v;
        double pf = va > 0 ? w / va : 0.0;
        double peak = TrueRms.peak(samples.current(), n);
        latest = new Measurements(i, v, va, w, pf, peak, samples.inputVoltageRms(), samples.mainsFrequencyHz(),
                samples.insulationResistanceOhms(), -1);
        smoothed = smoother.add(latest);
        Optional<LoopData> loop = config.loop();
        if (loop.isPresent()) {
            // Steady, not in band: a loop the CCR cannot drive to its band still has lamps to count.
            int regulatingStep = state instanceof BoardState.Regulating ? activeStep : 0;
            lampEstimate = lampMonitor.update(loop.get(), regulatingStep, latest.currentRmsA(), latest.realPowerW(),
                    smoothed.currentRmsA(), clock.instant(), 2.0 * StrictMath.PI * samples.mainsFrequencyHz(),
                    peak, samples.displacementAngleRad());
            smoothed = smoothed.withFailedLamps(lampEstimate);
            latest = latest.withFailedLamps(lampEstimate);
        }
    }

    /** @return true when the mains is present or within the ride-through. */
    private boolean superviseMains(Instant now) {
        boolean low = samples.inputVoltageRms() < settings.mainsLossLevel().value() * config.nominalInputVoltageV();
        if (!low) {
            mainsLowSince = null;
            return true;
        }
        if (mainsLowSince == null) {
            mainsLowSince = now.minus(period);
        }
        return false;
    }

    private boolean mainsLostBeyondRideThrough(Instant now) {
        return mainsLowSince != null
                && Duration.between(mainsLowSince, now).compareTo(settings.mainsRideThrough().value()) > 0;
    }

    private void superviseLink(Instant now) {
        if (selector != Selector.REMOTE || linkLost) {
            return;
        }
        if (Duration.between(lastRemoteContact, now).compareTo(settings.linkLossTimeout().value()) >= 0) {
            linkLost = true;
            linkLosses++;
            raiseAlarm(Alarm.LINK_LOSS, now);
            log.append(now, EventKind.FAILSAFE_APPLIED, "control link lost; failsafe " + failsafe);
        }
    }

    /** The step the board should be regulating now, from selector, commands and failsafe. */
    private int targetStep() {
        if (selector == Selector.OFF) {
            return 0;
        }
        if (selector == Selector.REMOTE && linkLost) {
            if (failsafe instanceof FailsafeMode.FixedStep f) {
                return StrictMath.min(f.step(), config.steps().stepCount());
            }
            return failsafe instanceof FailsafeMode.TurnOff ? 0 : commandedStep;
        }
        return commandedStep;
    }

    private void protections(Instant now, int targetStep) {
        double top = config.steps().topStepCurrentA();
        double i = latest.currentRmsA();
        // overcurrent timers run in every energised state, surge hold included
        over125Since = timer(i > settings.overcurrentHighLevel().value() * top, over125Since, now);
        over105Since = timer(i > settings.overcurrentLowLevel().value() * top, over105Since, now);
        if (elapsed(over125Since, now, settings.overcurrentHighDelay().value())) {
            trip(ProtectionCause.OVERCURRENT_HIGH, now);
            return;
        }
        if (elapsed(over105Since, now, settings.overcurrentLowDelay().value())) {
            trip(ProtectionCause.OVERCURRENT_LOW, now);
            return;
        }
        boolean conducting = state instanceof BoardState.Starting || state instanceof BoardState.Regulating;
        double ref = software.reference();
        boolean open = conducting && ref >= settings.openCircuitMinReference().value()
                && i < settings.openCircuitCurrentFraction().value() * ref;
        openSince = timer(open, openSince, now);
        if (elapsed(openSince, now, settings.openCircuitTripDelay().value())) {
            trip(ProtectionCause.OPEN_CIRCUIT, now);
            return;
        }
        boolean surge = latest.peakCurrentA() >= settings.surgePeakFactor().value() * settings.maxNormalPeak().value()
                || i >= settings.surgeRmsLevel().value() * top;
        if (surge && conducting) {
            surgeHolds++;
            long halfCycles = 2L * (long) settings.surgeHoldCycles().value();
            Instant until = now.plus(period.multipliedBy(halfCycles));
            raiseAlarm(Alarm.SURGE, now);
            transition(new BoardState.SurgeHold(now, until), now,
                    String.format("surge: %.2f A rms, %.2f A peak", i, latest.peakCurrentA()));
        }
    }

    private static Instant timer(boolean condition, Instant since, Instant now) {
        return condition ? (since == null ? now : since) : null;
    }

    private static boolean elapsed(Instant since, Instant now, Duration limit) {
        return since != null && Duration.between(since, now).compareTo(limit) >= 0;
    }

    private void trip(ProtectionCause cause, Instant now) {
        trips.merge(cause, 1L, Long::sum);
        recentTrips.addLast(now);
        while (!recentTrips.isEmpty()
                && Duration.between(recentTrips.peekFirst(), now).compareTo(settings.lockoutWindow().value()) > 0) {
            recentTrips.removeFirst();
        }
        log.append(now, EventKind.PROTECTION_TRIPPED, cause.name());
        raiseAlarm(switch (cause) {
            case OPEN_CIRCUIT -> Alarm.OPEN_CIRCUIT;
            case OVERCURRENT_LOW, OVERCURRENT_HIGH -> Alarm.OVERCURRENT;
            case HARDWARE_FAULT -> Alarm.HARDWARE_FAULT;
        }, now);
        if (recentTrips.size() >= (int) settings.lockoutTrips().value()) {
            raiseAlarm(Alarm.LOCKED_OUT, now);
            transition(new BoardState.LockedOut(cause, now), now, recentTrips.size() + " trips within "
                    + settings.lockoutWindow().value());
        } else {
            transition(new BoardState.Tripped(cause, now), now, cause.name());
        }
        clearTimers();
    }

    private void clearTimers() {
        over105Since = null;
        over125Since = null;
        openSince = null;
        outOfBandSince = null;
    }

    private void stateMachine(Instant now, int targetStep, boolean mainsOk) {
        if (state instanceof BoardState.Off) {
            if (targetStep > 0 && mainsOk) {
                energisations++;
                software.softStart();
                transition(new BoardState.Starting(now), now, "soft start to step " + targetStep);
            }
        } else if (state instanceof BoardState.Starting || state instanceof BoardState.Regulating) {
            if (targetStep == 0) {
                transition(new BoardState.Off(), now, "step 0");
            } else if (mainsLostBeyondRideThrough(now)) {
                enterMainsLoss(now);
            } else if (state instanceof BoardState.Starting
                    && software.rampReached(config.steps().nominalCurrentA(targetStep))) {
                transition(new BoardState.Regulating(now), now, "reference reached step " + targetStep);
            }
        } else if (state instanceof BoardState.SurgeHold h) {
            if (targetStep == 0) {
                clearAlarm(Alarm.SURGE, now);
                transition(new BoardState.Off(), now, "step 0");
            } else if (!now.isBefore(h.until())) {
                clearAlarm(Alarm.SURGE, now);
                // IEC 61822 §5.3.10 allows ≤ 500 ms back into tolerance: a plain ramp, no tracking
                software.softStart();
                software.endReferenceTracking();
                transition(new BoardState.Starting(now), now, "surge hold over, soft start to step " + targetStep);
            }
        } else if (state instanceof BoardState.MainsLoss) {
            if (targetStep == 0) {
                clearAlarm(Alarm.MAINS_LOSS, now);
                transition(new BoardState.Off(), now, "step 0");
            } else if (mainsOk) {
                clearAlarm(Alarm.MAINS_LOSS, now);
                software.softStart();
                transition(new BoardState.Starting(now), now, "mains back, soft start to step " + targetStep);
            }
        }
        // Tripped and LockedOut leave only through a Reset command
    }

    private void enterMainsLoss(Instant now) {
        mainsLosses++;
        raiseAlarm(Alarm.MAINS_LOSS, now);
        transition(new BoardState.MainsLoss(now), now, "mains lost longer than " + settings.mainsRideThrough().value());
    }

    private GateCommand gate(Instant now, int targetStep, boolean mainsOk) {
        if (state instanceof BoardState.Starting || state instanceof BoardState.Regulating) {
            return regulateOrRide(targetStep, mainsOk);
        }
        if (state instanceof BoardState.SurgeHold || state instanceof BoardState.MainsLoss) {
            activeStep = targetStep;
            return software.blocked();
        }
        activeStep = 0;
        return software.off();
    }

    /**
     * Within the mains ride-through the regulator is frozen and the software fires the half-cycles
     * after the gap below the held demand (its supply return rule, see the control package notes).
     */
    private GateCommand regulateOrRide(int targetStep, boolean mainsOk) {
        activeStep = targetStep;
        if (!mainsOk) {
            return software.rideThrough(nextCommand);
        }
        return software.regulate(config.steps().nominalCurrentA(targetStep),
                config.tolerances().band(targetStep).hiA(), latest.currentRmsA(), latest.powerFactor(),
                samples.inputVoltageRms());
    }

    private void alarms(Instant now, int targetStep) {
        // insulation
        double ins = latest.insulationResistanceOhms();
        if (samples.count() > 0) {
            setAlarm(Alarm.EARTH_FAULT_1, ins < settings.earthFaultLevel1().value(), now);
            setAlarm(Alarm.EARTH_FAULT_2, ins < settings.earthFaultLevel2().value(), now);
        }
        // lamps
        Optional<LoopData> loop = config.loop();
        if (loop.isPresent() && state instanceof BoardState.Regulating && smoothed.estimatedFailedLamps() >= 0) {
            double pct = 100.0 * smoothed.estimatedFailedLamps() / loop.get().lampCount();
            setAlarm(Alarm.LAMP_FAILURE_1, pct >= settings.lampFailureLevel1().value(), now);
            setAlarm(Alarm.LAMP_FAILURE_2, pct >= settings.lampFailureLevel2().value(), now);
        }
        // tolerance, once settled on the step
        if (targetStep != lastTargetStep) {
            lastTargetStep = targetStep;
            targetChangedAt = now;
            outOfBandSince = null;
        }
        if (state instanceof BoardState.Regulating && targetStep > 0
                && software.rampReached(config.steps().nominalCurrentA(targetStep))) {
            ToleranceBand band = config.tolerances().band(targetStep);
            double i = latest.currentRmsA();
            boolean out = !band.contains(i);
            outOfBandSince = timer(out, outOfBandSince, now);
            boolean alarm = elapsed(outOfBandSince, now, settings.toleranceAlarmDelay().value());
            setAlarm(Alarm.I_MIN, alarm && i < band.loA(), now);
            setAlarm(Alarm.I_MAX, alarm && i > band.hiA(), now);
        } else if (!state.energised()) {
            outOfBandSince = null;
            setAlarm(Alarm.I_MIN, false, now);
            setAlarm(Alarm.I_MAX, false, now);
        }
    }

    private void setAlarm(Alarm a, boolean on, Instant now) {
        if (on) {
            raiseAlarm(a, now);
        } else {
            clearAlarm(a, now);
        }
    }

    private void raiseAlarm(Alarm a, Instant now) {
        if (active.add(a)) {
            unacknowledged.add(a);
            log.append(now, EventKind.ALARM_RAISED, a.name());
        }
    }

    private void clearAlarm(Alarm a, Instant now) {
        if (active.remove(a)) {
            log.append(now, EventKind.ALARM_CLEARED, a.name());
        }
    }

    private void transition(BoardState next, Instant now, String why) {
        BoardState previous = state;
        state = next;
        if (!next.energised()) {
            software.softStart();
        }
        if (!(next instanceof BoardState.Regulating)) {
            outOfBandSince = null;
        }
        log.append(now, EventKind.STATE_CHANGED, previous.label() + " -> " + next.label() + ": " + why);
    }

    // ------------------------------------------------------------------ read side

    public BoardStatus status() {
        Map<Integer, Duration> perStep = new LinkedHashMap<>();
        for (int s = 1; s < hours.length; s++) {
            perStep.put(s, hours[s]);
        }
        Map<ProtectionCause, Long> t = new LinkedHashMap<>(trips);
        int target = activeStep;
        return new BoardStatus(clock.instant(), state, selector, commandedStep, activeStep,
                config.steps().nominalCurrentA(target), software.reference(), software.demand(), latest, smoothed,
                Collections.unmodifiableSet(EnumSet.copyOf(setOrEmpty(active))),
                Collections.unmodifiableSet(EnumSet.copyOf(setOrEmpty(unacknowledged))),
                new Counters(t, energisations, surgeHolds, fastCuts, mainsLosses, linkLosses, log.dropped(), missedSamples,
                        heartbeats),
                Collections.unmodifiableMap(perStep), failsafe, linkLost, config.steps().name(),
                config.tolerances().name(), log.lastSequence());
    }

    private static EnumSet<Alarm> setOrEmpty(EnumSet<Alarm> s) {
        return s.isEmpty() ? EnumSet.noneOf(Alarm.class) : s;
    }

    public BoardState state() {
        return state;
    }

    /** The last half-cycle's measurements, without building a whole {@link #status()} snapshot. */
    public Measurements latestMeasurements() {
        return latest;
    }

    /** The step being regulated now (0 when de-energised). */
    public int activeStep() {
        return activeStep;
    }

    /** The ramped current reference the regulator follows, A. */
    public double referenceA() {
        return software.reference();
    }

    public Selector selector() {
        return selector;
    }

    public EventLog events() {
        return log;
    }

    public BoardConfig config() {
        return config;
    }

    public ProtectionSettings settings() {
        return settings;
    }

    public DesignatedEquipment equipment() {
        return config.equipment();
    }

    /** The gate command that the next {@link #controlStep} will send. */
    public GateCommand pendingCommand() {
        return nextCommand;
    }

    /** The current-control software instance (read-only use: reference, demand, PI terms). */
    public CurrentControlSoftware software() {
        return software;
    }

    /** Moving average over the last n half-cycles; preallocated, no allocation per add beyond the result. */
    private static final class Smoother {
        private final double[][] ring;
        private int next;
        private int filled;

        Smoother(int n) {
            ring = new double[n][9];
        }

        Measurements add(Measurements m) {
            double[] r = ring[next];
            r[0] = m.currentRmsA();
            r[1] = m.voltageRmsV();
            r[2] = m.apparentPowerVA();
            r[3] = m.realPowerW();
            r[4] = m.peakCurrentA();
            r[5] = m.inputVoltageRmsV();
            r[6] = m.mainsFrequencyHz();
            r[7] = m.insulationResistanceOhms();
            r[8] = m.currentRmsA() * m.currentRmsA();
            next = (next + 1) % ring.length;
            filled = StrictMath.min(filled + 1, ring.length);
            double[] sum = new double[9];
            for (int k = 0; k < filled; k++) {
                for (int j = 0; j < 9; j++) {
                    sum[j] += ring[k][j];
                }
            }
            double irms = StrictMath.sqrt(sum[8] / filled);
            double v = sum[1] / filled;
            double va = sum[2] / filled;
            double w = sum[3] / filled;
            double peak = 0;
            double ins = Double.POSITIVE_INFINITY;
            for (int k = 0; k < filled; k++) {
                peak = StrictMath.max(peak, ring[k][4]);
                ins = StrictMath.min(ins, ring[k][7]);
            }
            return new Measurements(irms, v, va, w, va > 0 ? w / va : 0.0, peak, sum[5] / filled, sum[6] / filled,
                    ins, -1);
        }
    }
}
