package io.github.ccrhil.ccr.emulator.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.ccr.emulator.sim.InProcessHardwarePort;
import io.github.ccrhil.ccr.firmware.board.BoardConfig;
import io.github.ccrhil.ccr.firmware.board.ControlBoard;
import io.github.ccrhil.ccr.firmware.control.StepTables;
import io.github.ccrhil.ccr.plant.LoopConfig;
import io.github.ccrhil.ccr.plant.PlantConfig;
import io.github.ccrhil.ccr.plant.Plants;
import io.github.ccrhil.evidence.time.SimulatedClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** What `serve --rt` gives the loop's thread is done on that thread, before its first period, or the loop does not run. */
class FirmwareLoopSetupTest {

    private static FirmwareLoop loop(long periods) {
        var steps = StepTables.SIX_SIX_FIVE_STEP;
        PlantConfig config = new PlantConfig(400, 50, 10_000, steps.ratedCurrentA(),
                LoopConfig.forLoad(10_000, steps.ratedCurrentA(), 0.8, 0.0, 2000.0, 50), 200, 1, 0.002, 1L);
        SimulatedClock clock = new SimulatedClock();
        ControlBoard board = new ControlBoard(BoardConfig.defaults(steps, 50), clock);
        return new FirmwareLoop(board, new InProcessHardwarePort(Plants.averaged(config), clock), new Object(),
                Duration.ofMillis(10), false, periods);
    }

    @Test
    void theSetupIsGivenTheLoopsThreadWhichWaitsForItBeforeItsFirstPeriod() throws Exception {
        AtomicReference<String> comm = new AtomicReference<>();
        AtomicReference<Long> periodsThen = new AtomicReference<>();
        FirmwareLoop[] holder = new FirmwareLoop[1];
        holder[0] = loop(20);
        holder[0].start(tid -> {
            comm.set(Files.readString(Path.of("/proc/self/task", tid, "comm")).trim());
            // the loop's thread parks until the setup is done; were it not waiting, it would run its 20 lock-step periods and end
            Thread loopThread = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("firmware-loop"))
                    .findFirst().orElseThrow();
            long until = System.nanoTime() + 10_000_000_000L;
            while (loopThread.getState() != Thread.State.WAITING && loopThread.getState() != Thread.State.TERMINATED
                    && System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            assertEquals(Thread.State.WAITING, loopThread.getState());
            periodsThen.set(holder[0].periods());
        });
        assertEquals("firmware-loop", comm.get(), "the kernel's id of the loop's own thread");
        assertEquals(0L, periodsThen.get());
        assertTrue(holder[0].await(Duration.ofSeconds(30)), "20 lock-step periods end");
        assertEquals(20, holder[0].periods());
    }

    @Test
    void aSetupThatIsRefusedIsThrownByStartAndNoPeriodRuns() throws Exception {
        FirmwareLoop l = loop(Long.MAX_VALUE);
        IllegalStateException refused = new IllegalStateException("chrt -f -p 10 1234: chrt: failed to set pid 1234's policy: Operation not permitted");
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> l.start(tid -> {
            throw refused;
        }));
        assertSame(refused, thrown);
        assertTrue(l.await(Duration.ofSeconds(10)), "the loop's thread has ended");
        assertEquals(0, l.periods());
    }
}
