package io.github.ccrhil.ccr.verify.accept.dut;

import io.github.ccrhil.ccr.firmware.board.Alarm;
import io.github.ccrhil.ccr.firmware.board.BoardConfig;
import io.github.ccrhil.ccr.firmware.board.BoardStatus;
import io.github.ccrhil.ccr.firmware.board.Command;
import io.github.ccrhil.ccr.firmware.board.CommandOutcome;
import io.github.ccrhil.evidence.ComponentIdentity;
import io.github.ccrhil.ccr.firmware.board.Measurements;
import io.github.ccrhil.ccr.firmware.board.Origin;
import io.github.ccrhil.ccr.firmware.board.Selector;
import io.github.ccrhil.ccr.firmware.control.StepTables;
import io.github.ccrhil.ccr.firmware.control.ToleranceTables;
import io.github.ccrhil.ccr.verify.limits.StepTable;
import io.github.ccrhil.ccr.verify.limits.ToleranceBand;
import io.github.ccrhil.ccr.verify.limits.ToleranceTable;
import io.github.ccrhil.ccr.firmware.hardware.GateCommand;
import io.github.ccrhil.ccr.firmware.hardware.HalfCycleSamples;
import io.github.ccrhil.ccr.firmware.hardware.HardwarePort;
import io.github.ccrhil.ccr.verify.accept.plan.TestPlan;
import io.github.ccrhil.ccr.emulator.sim.CcrSimulation;
import io.github.ccrhil.ccr.emulator.sim.ComponentHashes;
import io.github.ccrhil.ccr.emulator.sim.InProcessHardwarePort;
import io.github.ccrhil.evidence.time.SimulatedClock;
import io.github.ccrhil.ccr.emulator.trace.TraceRow;
import io.github.ccrhil.ccr.plant.CircuitModel;
import io.github.ccrhil.ccr.plant.LoopConfig;
import io.github.ccrhil.ccr.plant.PlantConditions;
import io.github.ccrhil.ccr.plant.PlantConfig;
import io.github.ccrhil.ccr.plant.PlantHalfCycle;
import io.github.ccrhil.ccr.plant.Plants;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The emulated DUT on its emulated bench, in simulated time: the firmware regulating the
 * waveform-level plant through the in-process power stage. The rig injects faults through the
 * plant; the plant's own per-half-cycle truth is the independent measurement.
 *
 * <p>The ALCMS side (a verifier's polls) keeps the control link alive: while the link is up and
 * the key switch is at REMOTE, {@link #advance} polls the DUT's remote interface every
 * {@link #POLL}. Nothing here reads the wall clock.
 */
public final class EmulatedCcr implements Dut {

    /** How often the verifier polls the DUT while it has nothing to command. */
    public static final Duration POLL = Duration.ofSeconds(1);


    private final SimulatedClock clock = new SimulatedClock();
    private final CircuitModel plant;
    private final InProcessHardwarePort port;
    private final GateFaultPort gatePort;
    private final Firmware firmware;
    private final StepTable steps;
    private final ToleranceTable tolerances;
    private final double halfCycleSeconds;
    private final double baseDeviation;
    private double deviation;
    private double interruptionEnds = -1;
    private boolean linkUp = true;
    private double nextPoll;
    private RemoteInterface remote;
    private SampleSink samples;
    private final Object lock = new Object();

    /**
     * @param equipment the rating from the plan
     * @param load connected load fraction
     * @param input supply deviation, per unit
     * @param failed failed-lamp fraction from the start
     * @param seed seeds the plant's sensor noise
     * @param configure changes to the board configuration (a variant's settings); identity for the reference
     * @param factory builds the firmware from the configuration
     */
    public EmulatedCcr(TestPlan.Equipment equipment, double load, double input, double failed, long seed,
                       UnaryOperator<BoardConfig> configure, Firmware.Factory factory) {
        // the verifier's tables (the plan's) for the trace's band columns; the firmware is
        // configured with its own tables of the same names, as a regulator is commissioned
        this.steps = equipment.steps();
        this.tolerances = equipment.tolerances();
        var ownSteps = StepTables.byName(equipment.stepTable());
        var ownTolerances = ToleranceTables.byName(equipment.toleranceTable(), ownSteps);
        double va = equipment.ratedKva() * 1000;
        LoopConfig loop = LoopConfig.forLoad(va, steps.ratedCurrentA(), load, equipment.ledFraction(),
                equipment.cableLengthM(), equipment.mainsHz());
        PlantConfig pc = new PlantConfig(equipment.mainsVoltage(), equipment.mainsHz(), va, steps.ratedCurrentA(), loop,
                200, 1, CcrSimulation.SENSOR_NOISE, seed);
        this.plant = Plants.waveform(pc);
        this.port = new InProcessHardwarePort(plant, clock);
        this.gatePort = new GateFaultPort(port);
        BoardConfig config = CcrSimulation.boardConfig(ownSteps, ownTolerances, equipment.mainsHz(),
                equipment.mainsVoltage(), loop);
        // a variant's changed configuration is a different build: its hashes are those of what it runs
        this.firmware = factory.build(ComponentHashes.restamped(config, configure.apply(config)), clock);
        this.halfCycleSeconds = 0.5 / equipment.mainsHz();
        this.baseDeviation = input;
        this.deviation = input;
        plant.conditions().setMainsDeviation(input);
        plant.conditions().setFailedLamps(lamps(failed));
        firmware.command(new Command.SetSelector(Selector.REMOTE));
        this.remote = new InProcess();
    }

    /**
     * The identity the reference emulated CCR reports under {@code equipment}: each component's
     * hash over this build's classes and the configuration the plan's equipment gives it. This is
     * what a plan's {@code sha256: reference-build} stands for.
     */
    public static List<ComponentIdentity> referenceIdentity(TestPlan.Equipment equipment) {
        var ownSteps = StepTables.byName(equipment.stepTable());
        var ownTolerances = ToleranceTables.byName(equipment.toleranceTable(), ownSteps);
        return CcrSimulation.boardConfig(ownSteps, ownTolerances, equipment.mainsHz(), equipment.mainsVoltage())
                .equipment().components();
    }

    /** Replaces the in-process remote interface (e.g. by the same firmware served over Modbus). */
    public void useRemote(RemoteInterface r) {
        this.remote = r;
    }

    /** Held around every control step; a remote interface served from other threads must hold it too. */
    public Object lock() {
        return lock;
    }

    /** Where the plant's samples go each half-cycle (null: nowhere). */
    @Override
    public void sampleSink(SampleSink sink) {
        this.samples = sink;
    }

    @Override
    public RemoteInterface remote() {
        return remote;
    }

    public Firmware firmware() {
        return firmware;
    }

    @Override
    public StepTable steps() {
        return steps;
    }

    @Override
    public double now() {
        return clock.seconds();
    }

    public double halfCycleSeconds() {
        return halfCycleSeconds;
    }

    @Override
    public int lampCount() {
        return plant.config().loop().lampCount();
    }

    // ------------------------------------------------------------------ the rig (fault injection)

    public int lamps(double fraction) {
        return (int) StrictMath.round(fraction * plant.config().loop().lampCount());
    }

    public PlantConditions conditions() {
        return plant.conditions();
    }

    /** Interrupts the supply for {@code length} from now. */
    public void interruptSupply(Duration length) {
        plant.conditions().setMainsDeviation(-1.0);
        interruptionEnds = clock.seconds() + length.toNanos() / 1e9;
    }

    /** A shorted thyristor: full conduction whenever the contactor is closed. */
    public void gateFault(boolean on) {
        gatePort.forced = on;
    }

    /** Cuts (false) or restores (true) the control link: the verifier stops polling. */
    @Override
    public void link(boolean up) {
        linkUp = up;
        if (up) {
            nextPoll = clock.seconds();
        }
    }

    // ------------------------------------------------------------------ the bench operator

    /** The key switch on the regulator (physical: local). */
    @Override
    public void keySwitch(KeySwitch s) {
        firmware.command(new Command.SetSelector(Selector.valueOf(s.name())));
    }

    /** A step key on the local panel. */
    @Override
    public RemoteInterface.Outcome panelStep(int step) {
        CommandOutcome o = firmware.command(new Command.SelectStep(step, Origin.LOCAL_PANEL));
        return new RemoteInterface.Outcome(o.accepted(), o instanceof CommandOutcome.Refused r ? r.reason() : "accepted");
    }

    @Override
    public Rig rig() {
        return rig;
    }

    private final Rig rig = new Rig() {
        public int lamps(double fraction) {
            return EmulatedCcr.this.lamps(fraction);
        }

        public void shortLamps(int count) {
            plant.conditions().setShortedLamps(count);
        }

        public void failLamps(int count) {
            plant.conditions().setFailedLamps(count);
        }

        public void openLoop(boolean open) {
            plant.conditions().setLoopOpen(open);
        }

        public void shortOutput(boolean shorted) {
            plant.conditions().setOutputShorted(shorted);
        }

        public void earthFaultOhms(double ohms) {
            plant.conditions().setEarthFaultOhms(ohms);
        }

        public void gateFault(boolean on) {
            EmulatedCcr.this.gateFault(on);
        }

        public void interruptSupply(Duration length) {
            EmulatedCcr.this.interruptSupply(length);
        }

        public void supplyDeviation(double perUnit) {
            EmulatedCcr.this.supplyDeviation(perUnit);
        }

        public double baseDeviation() {
            return baseDeviation;
        }
    };

    // ------------------------------------------------------------------ time

    /** Runs for {@code length} of simulated time, one row per half-cycle. */
    @Override
    public void advance(Duration length, RowSink sink) throws IOException, DutException {
        long n = StrictMath.round(length.toNanos() / 1e9 / halfCycleSeconds);
        for (long k = 0; k < n; k++) {
            double t = clock.seconds();
            if (interruptionEnds >= 0 && t + 1e-9 >= interruptionEnds) {
                plant.conditions().setMainsDeviation(deviation);
                interruptionEnds = -1;
            }
            if (linkUp && t + 1e-9 >= nextPoll && firmware.status().selector() == Selector.REMOTE) {
                remote.keepAlive();
                nextPoll = t + POLL.toNanos() / 1e9;
            }
            TraceRow row;
            synchronized (lock) {
                firmware.controlStep(gatePort);
                row = row(firmware.status(), port.lastHalfCycle());
            }
            sink.accept(row);
            if (samples != null) {
                samples.accept(port.lastHalfCycle());
            }
        }
    }

    /** Changes the supply deviation from now on. */
    public void supplyDeviation(double perUnit) {
        deviation = perUnit;
        plant.conditions().setMainsDeviation(perUnit);
    }

    public double baseDeviation() {
        return baseDeviation;
    }

    private TraceRow row(BoardStatus status, PlantHalfCycle half) {
        Measurements m = status.latest();
        int step = status.activeStep();
        ToleranceBand band = step > 0 ? tolerances.band(step) : null;
        PlantConditions c = plant.conditions();
        return new TraceRow(clock.seconds(), status.state().label(), step, status.referenceA(),
                band == null ? 0 : band.loA(), band == null ? 0 : band.hiA(),
                m.currentRmsA(), m.voltageRmsV(), m.realPowerW(), m.powerFactor(),
                StrictMath.toDegrees(firmware.pendingCommand().firingAngleRad()),
                half.trueCurrentRms, half.truePeakCurrent, half.trueVoltageRms,
                m.estimatedFailedLamps(), c.failedLamps(),
                half.insulationResistanceOhms / 1e6, c.mainsDeviation());
    }

    /** The rig's gate-drive fault: forces full conduction while the contactor is closed. */
    private static final class GateFaultPort implements HardwarePort {
        private final HardwarePort inner;
        boolean forced;

        GateFaultPort(HardwarePort inner) {
            this.inner = inner;
        }

        @Override
        public void exchange(GateCommand command, HalfCycleSamples into)
                throws io.github.ccrhil.ccr.firmware.hardware.HardwareFault {
            inner.exchange(forced && command.contactorClosed() ? new GateCommand(true, 0.0) : command, into);
        }
    }

    /** The remote interface as direct calls with origin REMOTE. */
    private final class InProcess implements RemoteInterface {
        @Override
        public Outcome selectStep(int step) {
            CommandOutcome o = firmware.command(new Command.SelectStep(step, Origin.REMOTE));
            return new Outcome(o.accepted(), o instanceof CommandOutcome.Refused r ? r.reason() : "accepted");
        }

        @Override
        public Outcome reset() {
            CommandOutcome o = firmware.command(new Command.Reset(Origin.REMOTE));
            return new Outcome(o.accepted(), o instanceof CommandOutcome.Refused r ? r.reason() : "accepted");
        }

        @Override
        public Outcome acknowledgeAlarms() {
            CommandOutcome o = firmware.command(new Command.AcknowledgeAlarms(Origin.REMOTE));
            return new Outcome(o.accepted(), o instanceof CommandOutcome.Refused r ? r.reason() : "accepted");
        }

        @Override
        public Readout read() {
            firmware.command(new Command.Heartbeat());
            BoardStatus s = firmware.status();
            Set<String> alarms = new LinkedHashSet<>();
            for (Alarm a : s.activeAlarms()) {
                alarms.add(a.name());
            }
            return new Readout(s.state().label(), s.activeStep(), s.latest().currentRmsA(),
                    s.smoothed().estimatedFailedLamps(), alarms, s.selector() == Selector.REMOTE);
        }

        @Override
        public List<ComponentIdentity> identity() {
            return new ArrayList<>(firmware.equipment().components());
        }

        @Override
        public String describe() {
            return "in-process";
        }

        @Override
        public void close() {
        }
    }
}
