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

    /** How long a PLC waits, with no Modbus request arriving, before it treats its supervisory server as gone. */
    public static final Duration DEFAULT_SUPERVISOR_TIMEOUT = Duration.ofSeconds(5);

    private volatile Duration supervisorTimeout = DEFAULT_SUPERVISOR_TIMEOUT;
    private volatile boolean contact;
    private Duration lastContact;
    private volatile boolean silent;

    /** A Modbus request reached the PLC (its server calls this for each one). */
    public void contact() {
        contact = true;
    }

    /**
     * Sets how long the PLC waits with no request before {@link PlcProgram#supervisorSilent}; null
     * never (a PLC that follows the last command it was given, whoever stopped watching).
     */
    public void supervisorTimeout(Duration timeout) {
        if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
            throw new IllegalArgumentException("PLC " + name + ": supervisor timeout must be positive");
        }
        this.supervisorTimeout = timeout;
    }

    /** The supervisor timeout, or null when the PLC has none. */
    public Duration supervisorTimeout() {
        return supervisorTimeout;
    }

    /** Whether the PLC found its supervisory link silent at its last scan (its own view, cleared by the next request). */
    public boolean supervisorSilent() {
        return silent;
    }

    /** Runs one scan of the program (holding the data-table lock). */
    public void scan(Duration now) {
        synchronized (memory) {
            if (contact || lastContact == null) {
                contact = false;
                lastContact = now;
                silent = false;
            }
            Duration timeout = supervisorTimeout;
            if (timeout != null && !silent && now.minus(lastContact).compareTo(timeout) >= 0) {
                silent = true;
                program.supervisorSilent(memory);
            }
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
