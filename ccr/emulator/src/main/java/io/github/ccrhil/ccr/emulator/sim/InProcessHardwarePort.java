package io.github.ccrhil.ccr.emulator.sim;

import io.github.ccrhil.evidence.time.SimulatedClock;

import io.github.ccrhil.ccr.firmware.hardware.GateCommand;
import io.github.ccrhil.ccr.firmware.hardware.HalfCycleSamples;
import io.github.ccrhil.ccr.firmware.hardware.HardwarePort;
import io.github.ccrhil.ccr.plant.CircuitModel;
import io.github.ccrhil.ccr.plant.PlantHalfCycle;

/**
 * The power stage as an in-process call: each exchange runs the emulated plant for one mains
 * half-cycle under the given gate command and hands back what the CCR's sensors saw. The plant's
 * own truth for the same half-cycle stays readable in {@link #lastHalfCycle()}: the independent
 * measurement the harness records beside the firmware's view.
 */
public final class InProcessHardwarePort implements HardwarePort {

    private final CircuitModel plant;
    private final SimulatedClock clock;
    private final PlantHalfCycle half = new PlantHalfCycle();
    private GateCommand lastCommand = GateCommand.OFF;

    /**
     * @param plant the emulated power stage and loop
     * @param clock the simulated clock the firmware reads; each exchange moves it to the plant's
     *     time at the end of the half-cycle, so the firmware sees the moment its samples end
     */
    public InProcessHardwarePort(CircuitModel plant, SimulatedClock clock) {
        this.plant = plant;
        this.clock = clock;
    }

    @Override
    public void exchange(GateCommand command, HalfCycleSamples into) {
        lastCommand = command;
        plant.runHalfCycle(command.contactorClosed(), command.firingAngleRad(), half);
        int n = half.count;
        System.arraycopy(half.current, 0, into.current(), 0, n);
        System.arraycopy(half.voltage, 0, into.voltage(), 0, n);
        into.set(n, half.sampleIntervalSeconds, half.inputVoltageRms, half.mainsFrequencyHz,
                half.insulationResistanceOhms);
        into.setDisplacementAngle(half.displacementAngleRad);
        long plantNanos = Math.round(plant.elapsedSeconds() * 1e9);
        if (plantNanos > clock.nanos()) {
            clock.advance(java.time.Duration.ofNanos(plantNanos - clock.nanos()));
        }
    }

    /** The plant's record of the half-cycle just run: sensor view and truth. */
    public PlantHalfCycle lastHalfCycle() {
        return half;
    }

    public GateCommand lastCommand() {
        return lastCommand;
    }

    public CircuitModel plant() {
        return plant;
    }
}
