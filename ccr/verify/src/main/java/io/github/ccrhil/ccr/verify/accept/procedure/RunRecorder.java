package io.github.ccrhil.ccr.verify.accept.procedure;

import io.github.ccrhil.ccr.emulator.trace.TraceRow;
import io.github.ccrhil.ccr.emulator.trace.TraceWriter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes one run's raw data before any judgement: the per-half-cycle trace (byte-stable CSV,
 * {@link TraceWriter}) and the run's event file (what the rig, the verifier and the bench
 * operator did, and what the DUT answered), {@code t_s,source,kind,value}. Events are flushed
 * as they happen, the trace every {@link TraceWriter#FLUSH_ROWS} rows, so a crash leaves
 * everything up to then readable.
 */
public final class RunRecorder implements AutoCloseable {

    public static final String EVENTS_HEADER = "t_s,source,kind,value";
    public static final String EVENTS_SUFFIX = ".events.csv";

    private final TraceWriter trace;
    private final Writer events;

    private RunRecorder(TraceWriter trace, Writer events) {
        this.trace = trace;
        this.events = events;
    }

    /** Opens {@code dir/name.csv} and {@code dir/name.events.csv}. */
    public static RunRecorder open(Path dir, String name, Map<String, String> header) throws IOException {
        Files.createDirectories(dir);
        TraceWriter t = TraceWriter.open(dir.resolve(name + ".csv"), header);
        // header first, moved into place whole: a run killed at any moment never leaves an empty file
        Writer e = new BufferedWriter(new java.io.OutputStreamWriter(io.github.ccrhil.evidence.bundle.BundleFiles.createWithHeader(
                dir.resolve(name + EVENTS_SUFFIX), (EVENTS_HEADER + "\n").getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8));
        return new RunRecorder(t, e);
    }

    /** Most recorded time between two flushes of the trace: a crash loses at most this much. */
    public static final double FLUSH_SECONDS = 0.5;

    private double flushedUpTo = Double.NEGATIVE_INFINITY;

    public void row(TraceRow r) throws IOException {
        trace.write(r);
        if (r.timeSeconds() - flushedUpTo >= FLUSH_SECONDS - 1e-9 || flushedUpTo == Double.NEGATIVE_INFINITY) {
            trace.flush();
            flushedUpTo = r.timeSeconds();
        }
    }

    /** Records an event at simulated time {@code t}; commas and line breaks in the value become spaces/semicolons. */
    public void event(double t, String source, String kind, String value) throws IOException {
        StringBuilder b = new StringBuilder();
        b.append(Fixed.format(t, 4)).append(',').append(source).append(',').append(kind).append(',')
                .append(value.replace(',', ';').replace('\n', ' ').replace('\r', ' ')).append('\n');
        events.write(b.toString());
        events.flush();
    }

    public String traceSha256() {
        return trace.sha256();
    }

    @Override
    public void close() throws IOException {
        try {
            trace.close();
        } finally {
            events.close();
        }
    }
}
