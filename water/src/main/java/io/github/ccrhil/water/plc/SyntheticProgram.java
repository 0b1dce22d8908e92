package io.github.ccrhil.water.plc;

import io.github.ccrhil.water.plant.FieldIo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Load for scan tests and benchmarks: {@code points} input registers that change every scan
 * (register i = (scan count + i) mod 65536), plus one writable set-point. No field wiring.
 */
public final class SyntheticProgram implements PlcProgram {
    private final PointMap points;
    private final int n;
    private long scans;

    public SyntheticProgram(int points) {
        if (points < 1 || points > 10_000) {
            throw new IllegalArgumentException("synthetic PLC points must be 1..10000, was " + points);
        }
        this.n = points;
        List<Point> p = new ArrayList<>();
        for (int i = 0; i < points; i++) {
            p.add(Point.input("P" + i, i, 1, ""));
        }
        p.add(Point.setpoint("SP", 0, 1, "", 0, 1000));
        this.points = new PointMap(p);
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
    public PointMap points() {
        return points;
    }

    @Override
    public void initialise(PlcMemory memory) {
        memory.set("SP", 1);
    }

    @Override
    public void scan(FieldIo io, PlcMemory m, Duration now) {
        scans++;
        for (int i = 0; i < n; i++) {
            m.set("P" + i, (double) ((scans + i) & 0xFFFF));
        }
    }
}
