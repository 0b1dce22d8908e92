package io.github.ccrhil.ccr.emulator.device;

import io.github.ccrhil.ccr.emulator.profile.CcrProfiles;

import io.github.ccrhil.ccr.firmware.hardware.GateCommand;
import io.github.ccrhil.ccr.firmware.hardware.HalfCycleSamples;
import io.github.ccrhil.ccr.firmware.hardware.HardwareFault;
import io.github.ccrhil.ccr.firmware.hardware.HardwarePort;
import io.github.ccrhil.ccr.firmware.hardware.MissedSample;
import io.github.ccrhil.modbus.client.LinkCrcException;
import io.github.ccrhil.modbus.client.LinkTimeoutException;
import io.github.ccrhil.modbus.client.LinkException;
import io.github.ccrhil.modbus.client.ModbusClient;
import io.github.ccrhil.modbus.profile.Point;
import io.github.ccrhil.modbus.profile.Profile;
import io.github.ccrhil.modbus.profile.ProfileLoader;
import io.github.ccrhil.evidence.time.SimulatedClock;
import java.time.Duration;

/**
 * The firmware's {@link HardwarePort} over a Modbus link to a {@link PowerStageDevice} (or real
 * power-stage I/O speaking the same profile): one FC 23 transaction per half-cycle writes the
 * gate block and reads the measurement block of the half-cycle it caused.
 *
 * <p>The link carries the half-cycle's true-RMS current and voltage, mean power, peak
 * current and the meter's displacement angle φ<sub>1</sub> (fundamental current behind fundamental
 * voltage), not the waveform (it would need several hundred registers). The port rebuilds an
 * equivalent sample set that reproduces all four exactly, which is everything the control board
 * computes from samples (see {@code ControlBoard.measure}). An answer that does not come within the
 * link's timeout, comes corrupted (CRC) or answers an earlier half-cycle (sequence mismatch) is a
 * {@link MissedSample}: the board holds its firing angle and counts it. Any other link fault or
 * a non-finite value is a {@link HardwareFault}.
 */
public final class ModbusHardwarePort implements HardwarePort {

    private final ModbusClient client;
    private final int unitId;
    private final SimulatedClock clock;
    private final int gateAddress;
    private final int blockAddress;
    private final int blockLength;
    private final int[] gate = new int[3];
    private int sequence;
    private long transactions;
    private long missed;

    /**
     * @param clock simulated clock of the firmware, moved to the plant's time after each
     *     exchange (lock-step with the plant), or {@code null} when the firmware runs on a wall clock
     */
    public ModbusHardwarePort(ModbusClient client, int unitId, SimulatedClock clock) {
        this.client = client;
        this.unitId = unitId;
        this.clock = clock;
        Profile p = CcrProfiles.powerStage();
        this.gateAddress = p.require("contactor").address();
        Point first = p.require("sequence_echo");
        Point last = p.require("displacement_angle");
        this.blockAddress = first.address();
        this.blockLength = last.lastAddress() - first.address() + 1;
        if (p.require("firing_angle").address() != gateAddress + 1 || p.require("sequence").address() != gateAddress + 2) {
            throw new IllegalStateException("power-stage profile: gate block must be contactor, firing_angle, sequence");
        }
    }

    /** Transactions done. */
    public long transactions() {
        return transactions;
    }

    /** Half-cycles whose answer came late, corrupted or stale. */
    public long missedSamples() {
        return missed;
    }

    @Override
    public void exchange(GateCommand command, HalfCycleSamples into) throws HardwareFault {
        sequence = (sequence + 1) & 0xFFFF;
        gate[0] = command.contactorClosed() ? 1 : 0;
        gate[1] = (int) StrictMath.min(31416, StrictMath.round(command.firingAngleRad() * 1e4));
        gate[2] = sequence;
        int[] w;
        try {
            w = client.readWriteMultipleRegisters(unitId, blockAddress, blockLength, gateAddress, gate);
        } catch (LinkTimeoutException | LinkCrcException e) {
            missed++;
            throw new MissedSample("power stage link: half-cycle " + sequence + " missed: " + e.getMessage(), e);
        } catch (LinkException e) {
            throw new HardwareFault("power stage link: " + e.getMessage(), e);
        }
        transactions++;
        if (w[0] != sequence) {
            missed++;
            throw new MissedSample("power stage answered half-cycle " + w[0] + ", expected " + sequence);
        }
        double plantTime = (((long) w[1] << 16) | w[2]) * 1e-5;
        double iRms = f32(w, 3);
        double vRms = f32(w, 5);
        double power = f32(w, 7);
        double peak = f32(w, 9);
        double inputV = f32(w, 11);
        double hz = f32(w, 13);
        double insulation = f32(w, 15);
        // w[17] is sample_count; the displacement angle follows (NaN: no current to measure it on)
        double angle = f32(w, 18);
        for (double v : new double[] {iRms, vRms, power, peak, inputV, hz}) {
            if (!Double.isFinite(v)) {
                throw new HardwareFault("power stage sent a non-finite measurement: " + v);
            }
        }
        equivalentSamples(iRms, vRms, power, peak, hz, into);
        into.set(into.count(), into.sampleIntervalSeconds(), inputV, hz, insulation);
        into.setDisplacementAngle(angle);
        if (clock != null) {
            long nanos = StrictMath.round(plantTime * 1e9);
            if (nanos > clock.nanos()) {
                clock.advance(Duration.ofNanos(nanos - clock.nanos()));
            }
        }
    }

    private static double f32(int[] w, int i) {
        return Float.intBitsToFloat((w[i] << 16) | w[i + 1]);
    }

    /** Fills {@code into} with the plant's equivalent sample set ({@code PlantHalfCycle.equivalentSamples}). */
    static void equivalentSamples(double iRms, double vRms, double power, double peak, double hz, HalfCycleSamples into) {
        int n = io.github.ccrhil.ccr.plant.PlantHalfCycle.equivalentSamples(iRms, vRms, power, peak,
                into.current(), into.voltage());
        into.set(n, 0.5 / hz / n, 0, hz, Double.POSITIVE_INFINITY);
    }
}
