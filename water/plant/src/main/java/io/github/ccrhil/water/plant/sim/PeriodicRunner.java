package io.github.ccrhil.water.plant.sim;

import io.github.ccrhil.evidence.time.SimulatedClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Drives periodic tasks (plant steps, PLC scans) on simulated time. Deterministic: at an instant
 * where several tasks are due they run in the order they were added; due times are whole
 * multiples of each period from the start (no drift). The clock only moves here.
 */
public final class PeriodicRunner {

    /** One thing to run each period; receives the elapsed simulated time. */
    @FunctionalInterface
    public interface Task {
        void run(Duration now);
    }

    private static final class Entry {
        final String name;
        final long periodNanos;
        final Task task;
        long nextDue;

        Entry(String name, long periodNanos, Task task, long firstDue) {
            this.name = name;
            this.periodNanos = periodNanos;
            this.task = task;
            this.nextDue = firstDue;
        }
    }

    /** The epoch water runs start from by default: 2026-01-01T00:00:00Z, so traces are stable. */
    public static final java.time.Instant WATER_EPOCH = java.time.Instant.parse("2026-01-01T00:00:00Z");

    private final SimulatedClock clock;
    private final List<Entry> entries = new ArrayList<>();

    public PeriodicRunner(SimulatedClock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public SimulatedClock clock() {
        return clock;
    }

    /** Adds a task first due now (at the current simulated time), then every {@code period}. */
    public PeriodicRunner every(String name, Duration period, Task task) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(task, "task");
        if (period == null || period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("period of task " + name + " must be positive, was " + period);
        }
        entries.add(new Entry(name, period.toNanos(), task, clock.nanos()));
        return this;
    }

    /** Runs every due task up to and including {@code until} (elapsed simulated time). */
    public void runUntil(Duration until) {
        long end = until.toNanos();
        while (true) {
            long next = Long.MAX_VALUE;
            for (Entry e : entries) {
                next = Math.min(next, e.nextDue);
            }
            if (next == Long.MAX_VALUE || next > end) {
                break;
            }
            clock.advanceTo(next);
            Duration now = Duration.ofNanos(next);
            for (Entry e : entries) {
                if (e.nextDue == next) {
                    e.task.run(now);
                    e.nextDue += e.periodNanos;
                }
            }
        }
        if (end > clock.nanos()) {
            clock.advanceTo(end);
        }
    }

    /** Runs for {@code span} more simulated time. */
    public void runFor(Duration span) {
        runUntil(clock.elapsed().plus(span));
    }
}
