package io.github.ccrhil.ccr.panelweb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.ccrhil.ccr.firmware.board.BoardConfig;
import io.github.ccrhil.ccr.firmware.board.ControlBoard;
import io.github.ccrhil.ccr.firmware.board.Selector;
import io.github.ccrhil.ccr.firmware.control.StepTables;
import io.github.ccrhil.ccr.firmware.panel.DisplayPanel;
import io.github.ccrhil.ccr.firmware.panel.PanelConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class QueuedPanelAccessTest {

    private final ControlBoard board = new ControlBoard(BoardConfig.defaults(StepTables.SIX_SIX_FIVE_STEP), Clock.systemUTC());
    private final DisplayPanel panel = new DisplayPanel(board, Clock.systemUTC(), PanelConfig.defaults());

    @Test
    void aCallRunsOnTheControlLoopsThreadBetweenPeriods() throws Exception {
        QueuedPanelAccess access = new QueuedPanelAccess(panel, Duration.ofSeconds(10));
        AtomicReference<String> ranOn = new AtomicReference<>();
        CompletableFuture<Selector> result = CompletableFuture.supplyAsync(() -> access.call(p -> {
            ranOn.set(Thread.currentThread().getName());
            p.turnSelector(Selector.LOCAL);
            return p.view().selector();
        }));
        Thread loop = new Thread(() -> {
            while (!result.isDone()) {
                access.runPending();
                Thread.onSpinWait();
            }
        }, "control-loop");
        loop.start();
        assertEquals(Selector.LOCAL, result.get(10, TimeUnit.SECONDS));
        loop.join();
        assertEquals("control-loop", ranOn.get());
    }

    @Test
    void aCallTheLoopNeverTakesFailsAndNeverRunsLater() {
        QueuedPanelAccess access = new QueuedPanelAccess(panel, Duration.ofMillis(50));
        PanelBusyException e = assertThrows(PanelBusyException.class, () -> access.call(p -> p.turnSelector(Selector.LOCAL)));
        assertEquals("the control loop did not take the call within 50 ms", e.getMessage());
        access.runPending();
        assertEquals(Selector.REMOTE, board.selector(), "the cancelled call did not run when the loop came back");
    }
}
