package io.github.ccrhil.ccr.firmware.fake;

import io.github.ccrhil.ccr.firmware.board.BoardConfig;
import io.github.ccrhil.ccr.firmware.board.BoardState;
import io.github.ccrhil.ccr.firmware.board.Command;
import io.github.ccrhil.ccr.firmware.board.CommandOutcome;
import io.github.ccrhil.ccr.firmware.board.ControlBoard;
import io.github.ccrhil.ccr.firmware.board.Origin;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Board + R-L fake plant + fake clock, stepped one 10 ms half-cycle at a time. */
public final class Rig {

    public static final Duration HALF_CYCLE = Duration.ofMillis(10);

    public final FakeClock clock = new FakeClock();
    public final FakeRlPlant plant;
    public final ControlBoard board;
    /** Plant rms of every simulated half-cycle since the last {@link #clearTrace()}. */
    public final List<Double> trace = new ArrayList<>();
    public final List<BoardState> states = new ArrayList<>();
    /** Whether a new current half-wave was fired in each half-cycle of {@link #trace}. */
    public final List<Boolean> fired = new ArrayList<>();
    public boolean heartbeats = true;

    public Rig(BoardConfig config, FakeRlPlant plant) {
        this.plant = plant;
        this.board = new ControlBoard(config, clock);
    }

    public CommandOutcome remoteStep(int step) {
        return board.command(new Command.SelectStep(step, Origin.REMOTE));
    }

    /** One half-cycle: advance the clock, one control step, record the plant's rms. */
    public void step() {
        clock.advance(HALF_CYCLE);
        if (heartbeats && plant.exchanges % 50 == 0) {
            board.command(new Command.Heartbeat());
        }
        board.controlStep(plant);
        trace.add(plant.lastRms());
        fired.add(plant.firedLast);
        states.add(board.state());
    }

    public void run(Duration d) {
        long n = d.dividedBy(HALF_CYCLE);
        for (long k = 0; k < n; k++) {
            step();
        }
    }

    /** Steps until {@code until} holds or {@code max} passes; returns the half-cycles stepped. */
    public int runUntil(Predicate<ControlBoard> until, Duration max) {
        long n = max.dividedBy(HALF_CYCLE);
        for (int k = 1; k <= n; k++) {
            step();
            if (until.test(board)) {
                return k;
            }
        }
        return -1;
    }

    public void clearTrace() {
        trace.clear();
        states.clear();
        fired.clear();
    }

    public double maxTrace() {
        double m = 0;
        for (double x : trace) {
            m = Math.max(m, x);
        }
        return m;
    }
}
