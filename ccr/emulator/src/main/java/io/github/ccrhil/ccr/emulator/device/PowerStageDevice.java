package io.github.ccrhil.ccr.emulator.device;

import io.github.ccrhil.ccr.emulator.profile.CcrProfiles;

import io.github.ccrhil.modbus.profile.Point;
import io.github.ccrhil.modbus.profile.PointAccessor;
import io.github.ccrhil.modbus.profile.Profile;
import io.github.ccrhil.modbus.profile.ProfileLoader;
import io.github.ccrhil.modbus.profile.RegisterImage;
import io.github.ccrhil.modbus.server.DeviceIdentity;
import io.github.ccrhil.modbus.server.ModbusServerCore;
import io.github.ccrhil.modbus.server.ModbusServiceException;
import io.github.ccrhil.ccr.plant.CircuitModel;
import io.github.ccrhil.ccr.plant.PlantConditions;
import io.github.ccrhil.ccr.plant.PlantHalfCycle;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The emulated power stage and series loop as a Modbus device (profile {@code power-stage.yaml}):
 * the hardware side of the CCR in its own process, on its own serial port or TCP endpoint.
 * Writing {@code sequence} runs the plant for one mains half-cycle with the gate block as it
 * stands; the measurement block then describes that half-cycle. The plant keeps its own trace:
 * every half-cycle, with the gate command that produced it, goes to the {@link Trace}.
 */
public final class PowerStageDevice implements PointAccessor {

    /** Receives every half-cycle the plant ran, in order, on the server thread. */
    @FunctionalInterface
    public interface Trace {
        void halfCycle(long index, boolean contactorClosed, double firingAngleRad, PlantHalfCycle half);
    }

    private final CircuitModel plant;
    private final Profile profile = CcrProfiles.powerStage();
    private final PlantHalfCycle half = new PlantHalfCycle();
    private final Trace trace;
    private boolean contactor;
    private double firingAngle = Math.PI;
    private int sequence;
    private long halfCycles;
    private double sensorCurrentRms;
    private double sensorVoltageRms;
    private double sensorPower;
    private double sensorPeak;

    public PowerStageDevice(CircuitModel plant, Trace trace) {
        this.plant = Objects.requireNonNull(plant, "plant");
        this.trace = trace == null ? (i, c, a, h) -> { } : trace;
        half.inputVoltageRms = plant.config().mainsVoltageRms();
        half.mainsFrequencyHz = plant.config().mainsFrequencyHz();
        half.insulationResistanceOhms = Double.POSITIVE_INFINITY;
    }

    public Profile profile() {
        return profile;
    }

    /** A server core answering with the power-stage profile. */
    public ModbusServerCore serverCore() {
        return new ModbusServerCore(new RegisterImage(profile, this));
    }

    /** Half-cycles run so far. */
    public synchronized long halfCycles() {
        return halfCycles;
    }

    /** The last half-cycle: sensor view and the plant's truth (do not keep the reference). */
    public synchronized PlantHalfCycle lastHalfCycle() {
        return half;
    }

    @Override
    public synchronized Object read(Point p) {
        PlantConditions c = plant.conditions();
        return switch (p.name()) {
            case "contactor" -> contactor ? 1.0 : 0.0;
            case "firing_angle" -> firingAngle;
            case "sequence", "sequence_echo" -> (double) sequence;
            case "plant_time" -> plant.elapsedSeconds();
            case "current_rms" -> sensorCurrentRms;
            case "voltage_rms" -> sensorVoltageRms;
            case "real_power" -> sensorPower;
            case "peak_current" -> sensorPeak;
            case "input_voltage" -> half.inputVoltageRms;
            case "mains_frequency" -> half.mainsFrequencyHz;
            case "insulation_resistance" -> half.insulationResistanceOhms;
            case "sample_count" -> (double) half.count;
            case "displacement_angle" -> half.displacementAngleRad;
            case "true_current_rms" -> half.trueCurrentRms;
            case "true_peak_current" -> half.truePeakCurrent;
            case "true_voltage_rms" -> half.trueVoltageRms;
            case "true_power" -> half.truePowerW;
            case "conduction_angle" -> half.conductionAngleRad;
            case "half_cycles" -> (double) halfCycles;
            case "loop_open" -> c.loopOpen() ? 1.0 : 0.0;
            case "output_shorted" -> c.outputShorted() ? 1.0 : 0.0;
            case "failed_lamps" -> (double) c.failedLamps();
            case "shorted_lamps" -> (double) c.shortedLamps();
            case "mains_deviation" -> c.mainsDeviation();
            case "earth_fault_resistance" -> Double.isInfinite(c.earthFaultOhms()) ? 0.0 : c.earthFaultOhms();
            default -> throw new IllegalStateException("no binding for point " + p.name());
        };
    }

    @Override
    public synchronized void write(List<PointWrite> writes) throws ModbusServiceException {
        PlantConditions c = plant.conditions();
        // check first: the plant's setters validate, so try them on the current values only after
        // everything else has been checked; gate values were range-checked by the profile
        boolean run = false;
        boolean newContactor = contactor;
        double newAngle = firingAngle;
        int newSequence = sequence;
        for (PointWrite w : writes) {
            double v = ((Number) w.value()).doubleValue();
            switch (w.point().name()) {
                case "contactor" -> newContactor = v != 0;
                case "firing_angle" -> newAngle = StrictMath.min(Math.PI, v);
                case "sequence" -> {
                    newSequence = (int) v;
                    run = true;
                }
                default -> { }
            }
        }
        try {
            for (PointWrite w : writes) {
                double v = ((Number) w.value()).doubleValue();
                switch (w.point().name()) {
                    case "loop_open" -> c.setLoopOpen(v != 0);
                    case "output_shorted" -> c.setOutputShorted(v != 0);
                    case "failed_lamps" -> c.setFailedLamps((int) v);
                    case "shorted_lamps" -> c.setShortedLamps((int) v);
                    case "mains_deviation" -> c.setMainsDeviation(v);
                    case "earth_fault_resistance" -> c.setEarthFaultOhms(v == 0 ? Double.POSITIVE_INFINITY : v);
                    default -> { }
                }
            }
        } catch (IllegalArgumentException e) {
            throw ModbusServiceException.illegalValue(e.getMessage());
        }
        contactor = newContactor;
        firingAngle = newAngle;
        sequence = newSequence;
        if (run) {
            runHalfCycle();
        }
    }

    private void runHalfCycle() {
        plant.runHalfCycle(contactor, firingAngle, half);
        int n = half.count;
        double ii = 0;
        double vv = 0;
        double vi = 0;
        double peak = 0;
        for (int k = 0; k < n; k++) {
            double i = half.current[k];
            double v = half.voltage[k];
            ii += i * i;
            vv += v * v;
            vi += v * i;
            peak = StrictMath.max(peak, StrictMath.abs(i));
        }
        sensorCurrentRms = n == 0 ? 0 : StrictMath.sqrt(ii / n);
        sensorVoltageRms = n == 0 ? 0 : StrictMath.sqrt(vv / n);
        sensorPower = n == 0 ? 0 : vi / n;
        sensorPeak = peak;
        trace.halfCycle(halfCycles, contactor, firingAngle, half);
        halfCycles++;
    }

    @Override
    public DeviceIdentity identity() {
        return new DeviceIdentity(Map.of(
                DeviceIdentity.VENDOR_NAME, "ccr-hil",
                DeviceIdentity.PRODUCT_CODE, "PLANT",
                DeviceIdentity.MAJOR_MINOR_REVISION, "0.1",
                DeviceIdentity.PRODUCT_NAME, "ccr-hil emulated power stage and series loop",
                DeviceIdentity.MODEL_NAME, plant.getClass().getSimpleName()));
    }
}
