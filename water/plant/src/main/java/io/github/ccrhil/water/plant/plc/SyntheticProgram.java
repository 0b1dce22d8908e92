package io.github.ccrhil.water.plant.plc;

import io.github.ccrhil.modbus.profile.Profile;
import io.github.ccrhil.water.plant.FieldIo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Load for scan tests and benchmarks: {@code points} input registers that change every scan
 * (register i = (scan count + i) mod 65536), plus one writable set-point. No field wiring.
 */
public final class SyntheticProgram implements PlcProgram {
    private final Profile points;
    private final int n;
    private long scans;

    public SyntheticProgram(int points) {
        if (points < 1 || points > 10_000) {
            throw new IllegalArgumentException("synthetic PLC points must be 1..10000, was " + points);
        }
        this.n = points;
        this.points = Profiles.synthetic(points);
    }

    /** Field wiring for a PLC with nothing wired. */
    public static final FieldIo NO_FIELD = new FieldIo() {
        @Override
        public double read(String tag) {
            throw new IllegalArgumentException("synthetic PLC has no field tag " + tag);
        }

        @Override
        public void write(String tag, double value) {
            throw new IllegalArgumentException("synthetic PLC has no field tag " + tag);
        }
    };

    @Override
    public Profile points() {
        return points;
    }

    @Override
    public void initialise(PlcMemory memory) {
        memory.set("sp", 1);
    }

    @Override
    public void scan(FieldIo io, PlcMemory m, Duration now) {
        scans++;
        for (int i = 0; i < n; i++) {
            m.set("p" + i, (double) ((scans + i) & 0xFFFF));
        }
    }
}
