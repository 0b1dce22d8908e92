package io.github.ccrhil.water.plant.plc;

import io.github.ccrhil.water.plant.FieldIo;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/** A PLC: a program, its data table, its field wiring and its own scan period. */
public final class Plc {
    private final String name;
    private final int unitId;
    private final PlcProgram program;
    private final PlcMemory memory;
    private final FieldIo io;
    private final Duration scanPeriod;
    private final AtomicLong scans = new AtomicLong();

    public Plc(String name, int unitId, PlcProgram program, FieldIo io, Duration scanPeriod) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("PLC name must not be blank");
        }
        if (unitId < 0 || unitId > 247) {
            throw new IllegalArgumentException("PLC " + name + ": unit id must be 0..247, was " + unitId);
        }
        if (scanPeriod == null || scanPeriod.isZero() || scanPeriod.isNegative()) {
            throw new IllegalArgumentException("PLC " + name + ": scan period must be positive");
        }
        this.name = name;
        this.unitId = unitId;
        this.program = Objects.requireNonNull(program, "program");
        this.io = Objects.requireNonNull(io, "io");
        this.scanPeriod = scanPeriod;
        this.memory = new PlcMemory(program.points());
        synchronized (memory) {
            program.initialise(memory);
        }
    }

    /** Runs one scan of the program (holding the data-table lock). */
    public void scan(Duration now) {
        synchronized (memory) {
            program.scan(io, memory, now);
        }
        scans.incrementAndGet();
    }

    public String name() {
        return name;
    }

    public int unitId() {
        return unitId;
    }

    public PlcProgram program() {
        return program;
    }

    public PlcMemory memory() {
        return memory;
    }

    public Duration scanPeriod() {
        return scanPeriod;
    }

    /** Scans completed since start. */
    public long scanCount() {
        return scans.get();
    }
}
