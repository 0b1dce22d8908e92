package io.github.ccrhil.ccr.panelweb;

import io.github.ccrhil.ccr.firmware.panel.DisplayPanel;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Panel calls handed to the control loop's own thread: the loop calls {@link #runPending()} once
 * per control period, between periods, as a real panel's keys are read once per cycle. For a loop
 * that holds no lock (the simulation runner).
 */
public final class QueuedPanelAccess implements PanelAccess {

    private final DisplayPanel panel;
    private final Duration wait;
    private final ConcurrentLinkedQueue<FutureTask<?>> pending = new ConcurrentLinkedQueue<>();

    /** @param wait how long a caller waits for the loop to take its call */
    public QueuedPanelAccess(DisplayPanel panel, Duration wait) {
        this.panel = Objects.requireNonNull(panel, "panel");
        this.wait = Objects.requireNonNull(wait, "wait");
    }

    /** Runs every call queued so far. Only the control loop's thread calls this. */
    public void runPending() {
        FutureTask<?> t;
        while ((t = pending.poll()) != null) {
            t.run();
        }
    }

    @Override
    public <T> T call(Function<DisplayPanel, T> action) {
        FutureTask<T> task = new FutureTask<>(() -> action.apply(panel));
        pending.add(task);
        try {
            return task.get(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            if (task.cancel(false)) {
                throw new PanelBusyException("the control loop did not take the call within " + wait.toMillis() + " ms");
            }
            return join(task);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            task.cancel(false);
            throw new PanelBusyException("interrupted while waiting for the control loop");
        } catch (ExecutionException e) {
            throw rethrow(e);
        }
    }

    private static <T> T join(FutureTask<T> task) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return task.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw rethrow(e);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static RuntimeException rethrow(ExecutionException e) {
        if (e.getCause() instanceof RuntimeException r) {
            return r;
        }
        if (e.getCause() instanceof Error err) {
            throw err;
        }
        return new IllegalStateException(e.getCause());
    }
}
