package io.github.ccrhil.ccr.verify.accept;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.ccr.verify.accept.dut.DutStartupException;
import io.github.ccrhil.ccr.verify.accept.dut.EmulatedCcrSessions;
import io.github.ccrhil.ccr.verify.accept.dut.Firmware;
import io.github.ccrhil.ccr.verify.accept.plan.PlanReader;
import io.github.ccrhil.ccr.verify.accept.plan.TestPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A firmware whose own step table is invalid (its class initialiser rejects it, as the firmware's
 * StepTables does for a non-increasing table) cannot start: the run ends with an error naming the
 * cause, never with a FAIL verdict and never with a bare ExceptionInInitializerError.
 */
class BadFirmwareTableTest {

    @TempDir
    Path dir;

    @Test
    void aFirmwareThatRejectsItsOwnStepTableIsADutErrorWithTheFirmwaresMessage() {
        TestPlan plan = PlanReader.defaultPlan();
        Firmware.Factory broken = (config, clock) -> {
            throw new ExceptionInInitializerError(new IllegalArgumentException(
                    "step currents must be positive, finite and strictly increasing; step 3 = 3.3 after 3.4"));
        };
        Path bundle = dir.resolve("bundle");
        DutStartupException e = assertThrows(DutStartupException.class, () -> new AcceptanceRun(plan,
                PlanReader.defaultPlanText(), EmulatedCcrSessions.of(plan, c -> c, broken), "in-process (broken table)",
                AcceptanceRun.Progress.NONE, Clock.systemUTC()).run(bundle));
        assertEquals("the emulated CCR's firmware cannot start: IllegalArgumentException: step currents must be positive,"
                + " finite and strictly increasing; step 3 = 3.3 after 3.4", e.getMessage());
        assertTrue(Files.exists(bundle.resolve("run.log")), "the run log says where it stopped");
    }
}
