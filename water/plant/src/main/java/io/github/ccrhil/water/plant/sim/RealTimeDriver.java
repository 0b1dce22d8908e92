package io.github.ccrhil.water.plant.sim;

import java.time.Duration;
import java.util.Objects;

/**
 * Paces a {@link PeriodicRunner} by the wall clock (System.nanoTime) on its own thread: the same
 * tasks as in simulated runs, now running in real time. This is a driver, not model code.
 */
public final class RealTimeDriver implements AutoCloseable {
    private final PeriodicRunner runner;
    private final Duration tick;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Throwable failure;

    public RealTimeDriver(PeriodicRunner runner, Duration tick, String name) {
        this.runner = Objects.requireNonNull(runner, "runner");
        if (tick == null || tick.isNegative() || tick.isZero()) {
            throw new IllegalArgumentException("tick must be positive");
        }
        this.tick = tick;
        this.thread = new Thread(this::loop, name);
        this.thread.setDaemon(true);
    }

    public RealTimeDriver start() {
        thread.start();
        return this;
    }

    private void loop() {
        long start = System.nanoTime();
        long base = runner.clock().nanos();
        try {
            while (running) {
                long target = base + (System.nanoTime() - start);
                runner.runUntil(Duration.ofNanos(target));
                Thread.sleep(tick.toMillis(), (int) (tick.toNanos() % 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            failure = e;
        }
    }

    /** A task's exception stops the driver; this tells which. */
    public Throwable failure() {
        return failure;
    }

    public boolean isAlive() {
        return thread.isAlive();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
