package io.github.ccrhil.bench.sim;

import io.github.ccrhil.evidence.time.SimulatedClock;
import io.github.ccrhil.ccr.firmware.board.BoardConfig;
import io.github.ccrhil.ccr.firmware.board.Command;
import io.github.ccrhil.ccr.firmware.board.ControlBoard;
import io.github.ccrhil.ccr.firmware.board.Origin;
import io.github.ccrhil.ccr.firmware.control.StepTables;
import io.github.ccrhil.ccr.firmware.hardware.GateCommand;
import io.github.ccrhil.ccr.firmware.hardware.HalfCycleSamples;
import io.github.ccrhil.ccr.firmware.hardware.HardwarePort;
import io.github.ccrhil.ccr.plant.CircuitModel;
import io.github.ccrhil.ccr.plant.PlantConfig;
import io.github.ccrhil.ccr.plant.PlantHalfCycle;
import io.github.ccrhil.ccr.plant.Plants;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One control step of the firmware alone: true-RMS of a half-cycle of 100 samples, monitoring,
 * protections, the state machine and the regulator, against a port that replays one recorded
 * half-cycle of the plant (so the plant's cost is not in the figure).
 *
 * <p>Guards against: the control step growing toward the 10 ms period it must fit in on a real
 * controller, and allocation creeping into the loop.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Thread)
public class ControlStepBenchmark {

    private ControlBoard board;
    private HardwarePort replay;

    /** Simulated time, moved by one half-cycle per control step by the replaying port. */
    private final SimulatedClock clock = new SimulatedClock();

    private static final Duration HALF_CYCLE = Duration.ofMillis(10);

    @Setup
    public void setUp() {
        CircuitModel plant = Plants.waveform(PlantConfig.reference(0.6, 0.5));
        PlantHalfCycle recorded = new PlantHalfCycle();
        for (int k = 0; k < 200; k++) {
            plant.runHalfCycle(true, Math.toRadians(80), recorded);
        }
        double[] i = java.util.Arrays.copyOf(recorded.current, recorded.count);
        double[] v = java.util.Arrays.copyOf(recorded.voltage, recorded.count);
        double dt = recorded.sampleIntervalSeconds;
        double vin = recorded.inputVoltageRms;
        double hz = recorded.mainsFrequencyHz;
        replay = (GateCommand command, HalfCycleSamples into) -> {
            System.arraycopy(i, 0, into.current(), 0, i.length);
            System.arraycopy(v, 0, into.voltage(), 0, v.length);
            into.set(i.length, dt, vin, hz, 1e9);
            clock.advance(HALF_CYCLE);
        };
        BoardConfig config = BoardConfig.defaults(StepTables.SIX_SIX_FIVE_STEP);
        board = new ControlBoard(config.withTuning(config.tuning().withMeasurementDelay(1)), clock);
        board.command(new Command.SelectStep(5, Origin.REMOTE));
        for (int k = 0; k < 500; k++) {
            board.controlStep(replay);
            board.command(new Command.Heartbeat());
        }
    }

    @Benchmark
    public GateCommand oneControlStep() {
        board.controlStep(replay);
        return board.pendingCommand();
    }
}
