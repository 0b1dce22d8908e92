package io.github.ccrhil.ccr.verify.accept.procedure;

import io.github.ccrhil.ccr.plant.PlantHalfCycle;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Records the plant's sampled loop current and output voltage around transients, as a
 * disturbance recorder on the CCR output would: {@link #PRE_HALF_CYCLES} half-cycles before each
 * trigger and {@link #POST_HALF_CYCLES} after it (extended when triggers overlap), into
 * {@code <run>.wave.csv}: {@code capture,t_s,i_A,v_V}, one line per sample, fixed decimals (the sensor
 * view, with the plant's seeded measurement noise).
 * The file is raw data: the COMTRADE records are made from it.
 */
public final class WaveCapture implements AutoCloseable {

    public static final String SUFFIX = ".wave.csv";
    public static final String HEADER = "capture,t_s,i_A,v_V";
    public static final int PRE_HALF_CYCLES = 10;
    public static final int POST_HALF_CYCLES = 50;

    private final Path file;
    private Writer out;
    private final double[][] ringI = new double[PRE_HALF_CYCLES][];
    private final double[][] ringV = new double[PRE_HALF_CYCLES][];
    private final double[] ringStart = new double[PRE_HALF_CYCLES];
    private final double[] ringDt = new double[PRE_HALF_CYCLES];
    private int ringNext;
    private int ringFilled;
    private int remaining;
    private int capture;

    public WaveCapture(Path dir, String run) {
        this.file = dir.resolve(run + SUFFIX);
    }

    /**
     * Starts (or extends) a capture: the buffered half-cycles, then the next
     * {@link #POST_HALF_CYCLES}. A new capture starts with a line {@code # trigger <n> at <t> s}.
     */
    public void trigger(double atSeconds) throws IOException {
        if (out == null) {
            // the header goes in whole before any sample: a run killed mid-capture leaves a readable file
            out = new BufferedWriter(new java.io.OutputStreamWriter(io.github.ccrhil.evidence.bundle.BundleFiles.createWithHeader(
                    file, (HEADER + "\n").getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8));
        }
        if (remaining == 0) {
            capture++;
            out.write("# trigger " + capture + " at " + Fixed.format(atSeconds, 6) + " s\n");
            for (int k = 0; k < ringFilled; k++) {
                int i = (ringNext - ringFilled + k + PRE_HALF_CYCLES) % PRE_HALF_CYCLES;
                write(ringStart[i], ringDt[i], ringI[i], ringV[i], ringI[i].length);
            }
            ringFilled = 0;
        }
        remaining = POST_HALF_CYCLES;
    }

    /** Offers one half-cycle of plant samples. */
    public void halfCycle(PlantHalfCycle h) throws IOException {
        if (remaining > 0) {
            write(h.startSeconds, h.sampleIntervalSeconds, h.current, h.voltage, h.count);
            if (--remaining == 0) {
                out.flush();
            }
            return;
        }
        int i = ringNext;
        if (ringI[i] == null || ringI[i].length != h.count) {
            ringI[i] = new double[h.count];
            ringV[i] = new double[h.count];
        }
        System.arraycopy(h.current, 0, ringI[i], 0, h.count);
        System.arraycopy(h.voltage, 0, ringV[i], 0, h.count);
        ringStart[i] = h.startSeconds;
        ringDt[i] = h.sampleIntervalSeconds;
        ringNext = (ringNext + 1) % PRE_HALF_CYCLES;
        ringFilled = StrictMath.min(ringFilled + 1, PRE_HALF_CYCLES);
    }

    private void write(double start, double dt, double[] i, double[] v, int n) throws IOException {
        StringBuilder b = new StringBuilder(n * 32);
        for (int k = 0; k < n; k++) {
            b.append(capture).append(',').append(Fixed.format(start + k * dt, 6)).append(',')
                    .append(Fixed.format(i[k], 4)).append(',').append(Fixed.format(v[k], 2)).append('\n');
        }
        out.write(b.toString());
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            out.close();
        }
    }
}
