package io.github.ccrhil.ccr.emulator.device;

import io.github.ccrhil.ccr.firmware.board.ControlBoard;
import io.github.ccrhil.ccr.firmware.hardware.HardwarePort;
import io.github.ccrhil.ccr.emulator.sim.RealTimePacer;
import java.time.Duration;
import java.util.Objects;

/**
 * Runs the control board's loop on its own thread: one {@code controlStep} per mains half-cycle,
 * holding {@code lock} (the lock a {@link CcrModbusDevice} on the same board uses). Paced on the
 * wall clock ({@code realTime}) or as fast as the hardware port answers (lock-step with a
 * power stage that runs in plant time).
 */
public final class FirmwareLoop implements AutoCloseable {

    /**
     * A control period whose work ended after the next deadline (real time only).
     *
     * @param period index of the period that overran
     * @param late how far past the deadline its work ended
     * @param skipped whole periods dropped to catch up (the emulated clock falls behind by these)
     * @param lag total lag behind the wall clock after this overrun
     */
    public record Overrun(long period, Duration late, long skipped, Duration lag) { }

    /** Receives every overrun, on the loop thread: keep it short. */
    @FunctionalInterface
    public interface OverrunListener {
        void overrun(Overrun o);
    }

    private final ControlBoard board;
    private final HardwarePort port;
    private final Object lock;
    private final Duration period;
    private final boolean realTime;
    private final long maxPeriods;
    private final Thread thread;
    private volatile boolean stop;
    private volatile long periods;
    private volatile long overruns;
    private volatile long lagNanos;
    private volatile long worstOverrunNanos;
    private volatile OverrunListener listener = o -> { };
    private volatile RuntimeException failure;
    private final java.util.concurrent.CompletableFuture<String> loopTid = new java.util.concurrent.CompletableFuture<>();
    private final java.util.concurrent.CompletableFuture<Boolean> go = new java.util.concurrent.CompletableFuture<>();
    private volatile boolean withSetup;

    /**
     * Work done for the loop's thread before its first period (e.g. giving it a real-time policy
     * with {@code chrt -p}), given the kernel's id of that thread. It runs on the thread that
     * calls {@link #start(ThreadSetup)}, not on the loop's: what it starts (a {@code chrt}
     * process, the JDK's process reaper thread) does not inherit what it gives the loop.
     */
    @FunctionalInterface
    public interface ThreadSetup {
        void apply(String loopTid) throws Exception;
    }

    /**
     * @param period one mains half-cycle (10 ms at 50 Hz)
     * @param maxPeriods stop after this many periods (Long.MAX_VALUE: until closed)
     */
    public FirmwareLoop(ControlBoard board, HardwarePort port, Object lock, Duration period, boolean realTime, long maxPeriods) {
        this.board = Objects.requireNonNull(board, "board");
        this.port = Objects.requireNonNull(port, "port");
        this.lock = Objects.requireNonNull(lock, "lock");
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period must be positive, was " + period);
        }
        this.period = period;
        this.realTime = realTime;
        this.maxPeriods = maxPeriods;
        this.thread = new Thread(this::loop, "firmware-loop");
        thread.setDaemon(true);
    }

    /** Sets who hears of overruns (before {@link #start()}). */
    public FirmwareLoop onOverrun(OverrunListener l) {
        this.listener = Objects.requireNonNull(l, "listener");
        return this;
    }

    public FirmwareLoop start() {
        thread.start();
        return this;
    }

    /**
     * Starts the loop's thread, runs {@code setup} for it while it waits, then lets it run its
     * first period. If the setup fails the loop ends without a single period, and the setup's
     * exception is thrown here.
     */
    public FirmwareLoop start(ThreadSetup setup) throws Exception {
        Objects.requireNonNull(setup, "setup");
        withSetup = true;
        thread.start();
        String tid;
        try {
            tid = loopTid.get();
        } catch (java.util.concurrent.ExecutionException e) {
            go.complete(false);
            throw new IllegalStateException("the loop's thread id: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            go.complete(false);
            throw e;
        }
        try {
            setup.apply(tid);
        } catch (Exception | Error e) {
            go.complete(false);
            throw e;
        }
        go.complete(true);
        return this;
    }

    private void loop() {
        if (withSetup) {
            try {
                loopTid.complete(io.github.ccrhil.ccr.emulator.sim.ThreadScheduling.currentTid());
                if (!go.get()) {
                    return;
                }
            } catch (java.io.IOException | java.util.concurrent.ExecutionException e) {
                loopTid.completeExceptionally(e);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        RealTimePacer pacer = realTime ? RealTimePacer.onWallClock(period, 1000) : null;
        if (pacer != null) {
            pacer.start();
        }
        try {
            while (!stop && periods < maxPeriods) {
                synchronized (lock) {
                    board.controlStep(port);
                }
                periods++;
                if (pacer != null) {
                    if (!pacer.awaitNextPeriod()) {
                        return;
                    }
                    long skippedBefore = lagNanos / period.toNanos();
                    if (pacer.overruns() != overruns) {
                        overruns = pacer.overruns();
                        lagNanos = pacer.lag().toNanos();
                        worstOverrunNanos = pacer.worstOverrun().toNanos();
                        listener.overrun(new Overrun(periods - 1, pacer.lastOverrun(),
                                pacer.skippedPeriods() - skippedBefore, pacer.lag()));
                    }
                }
            }
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    /** Control periods run. */
    public long periods() {
        return periods;
    }

    /** Periods whose work ended after the next deadline (real time only). */
    public long overruns() {
        return overruns;
    }

    /** How far the loop has fallen behind the wall clock (whole periods lost to overruns; real time only). */
    public Duration lag() {
        return Duration.ofNanos(lagNanos);
    }

    /** The largest overrun so far (real time only). */
    public Duration worstOverrun() {
        return Duration.ofNanos(worstOverrunNanos);
    }

    /** Waits until the loop ended by itself (maxPeriods) or the timeout passed; true if it ended. */
    public boolean await(Duration timeout) throws InterruptedException {
        thread.join(StrictMath.max(1, timeout.toMillis()));
        if (failure != null) {
            throw failure;
        }
        return !thread.isAlive();
    }

    @Override
    public void close() {
        // let the period in progress finish its exchange: an interrupt in the middle of one is a
        // link fault, and the board would trip on the way out
        stop = true;
        try {
            thread.join(StrictMath.max(200, 20 * period.toMillis()));
            thread.interrupt();
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
