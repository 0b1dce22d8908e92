package io.github.ccrhil.ccr.emulator.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.ccr.emulator.profile.CcrProfiles;
import io.github.ccrhil.ccr.emulator.sim.InProcessHardwarePort;
import io.github.ccrhil.ccr.firmware.board.BoardConfig;
import io.github.ccrhil.ccr.firmware.board.Command;
import io.github.ccrhil.ccr.firmware.board.ControlBoard;
import io.github.ccrhil.ccr.firmware.board.Origin;
import io.github.ccrhil.ccr.firmware.control.StepTables;
import io.github.ccrhil.ccr.plant.LoopConfig;
import io.github.ccrhil.ccr.plant.PlantConfig;
import io.github.ccrhil.ccr.plant.PlantHalfCycle;
import io.github.ccrhil.ccr.plant.Plants;
import io.github.ccrhil.evidence.time.SimulatedClock;
import io.github.ccrhil.modbus.profile.Point;
import io.github.ccrhil.modbus.profile.Profile;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each measurement register carries what its description says, checked against the plant's own
 * trace (its noise-free truth) at the default averaged fidelity and on the waveform plant.
 */
class RegisterTruthTest {

    /** Register → the words its description must hold, and the plant truth it must carry. */
    private static final Map<String, Map.Entry<String, ToDoubleFunction<PlantHalfCycle>>> TRUTH = Map.of(
            "output_current", Map.entry("True-RMS loop current", h -> h.trueCurrentRms),
            "output_voltage", Map.entry("RMS output voltage", h -> h.trueVoltageRms),
            "active_power", Map.entry("real power", h -> h.truePowerW),
            "peak_current", Map.entry("Largest instantaneous loop current", h -> h.truePeakCurrent));

    @ParameterizedTest(name = "{0} plant")
    @ValueSource(strings = {"averaged", "waveform"})
    void everyMeasurementRegisterCarriesWhatItsDescriptionSaysAgainstThePlantsTrace(String fidelity) {
        var steps = StepTables.SIX_SIX_FIVE_STEP;
        PlantConfig config = new PlantConfig(400, 50, 10_000, steps.ratedCurrentA(),
                LoopConfig.forLoad(10_000, steps.ratedCurrentA(), 0.8, 0.0, 2000.0, 50), 200, 1, 0.002, 1L);
        SimulatedClock clock = new SimulatedClock();
        ControlBoard board = new ControlBoard(BoardConfig.defaults(steps, 50), clock);
        InProcessHardwarePort port = new InProcessHardwarePort(
                fidelity.equals("averaged") ? Plants.averaged(config) : Plants.waveform(config), clock);
        Object lock = new Object();
        CcrModbusDevice device = new CcrModbusDevice(board, lock);
        board.command(new Command.SelectStep(5, Origin.REMOTE));
        for (int k = 0; k < 400; k++) {
            board.controlStep(port);
        }
        device.beginRequest();
        PlantHalfCycle truth = port.lastHalfCycle();
        assertTrue(truth.truePeakCurrent > 1.3 * truth.trueCurrentRms,
                "a phase-controlled half-cycle's peak is well above its rms: " + truth.truePeakCurrent + " vs " + truth.trueCurrentRms);
        Profile map = CcrProfiles.referenceCcr();
        for (var e : TRUTH.entrySet()) {
            Point p = map.require(e.getKey());
            assertTrue(p.description().contains(e.getValue().getKey()), p.name() + ": " + p.description());
            double carried = ((Number) device.read(p)).doubleValue();
            double expected = e.getValue().getValue().applyAsDouble(truth);
            assertEquals(expected, carried, 0.03 * expected, p.name() + " (" + p.description() + ") at " + fidelity + " fidelity");
        }
    }
}
