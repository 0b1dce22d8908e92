package io.github.ccrhil.ccr.emulator.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.ccr.firmware.board.BoardConfig;
import io.github.ccrhil.ccr.firmware.control.StepTables;
import io.github.ccrhil.ccr.plant.LoopConfig;
import io.github.ccrhil.ccr.plant.PlantConfig;
import io.github.ccrhil.ccr.plant.Plants;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ControlPathWarmupTest {

    @Test
    void theWarmUpVisitsEveryStepThroughTheRegisterMapAndTheLinkEvenWithNoTimeLeft() throws Exception {
        var steps = StepTables.SIX_SIX_FIVE_STEP;
        PlantConfig plant = new PlantConfig(400, 50, 10_000, steps.ratedCurrentA(),
                LoopConfig.forLoad(10_000, steps.ratedCurrentA(), 0.8, 0.0, 2000.0, 50), 200, 1, 0.002, 1L);
        ControlPathWarmup.Report r = ControlPathWarmup.run(BoardConfig.defaults(steps, 50), Plants.averaged(plant),
                Duration.ZERO, 400);
        assertEquals(400, r.halfCycles());
        assertEquals(8, r.stepCommands(), "every step of the warm-up sequence commanded once");
        assertTrue(r.toString().startsWith("warmed the control path: 400 half-cycles"), r.toString());
    }
}
