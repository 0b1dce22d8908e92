package io.github.ccrhil.evidence.bundle;

import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A raw-data file written sample by sample while a run records it: each line goes out with the
 * recorded time it was taken at, and the file is flushed to the operating system at its first line
 * (the header, if any), then whenever the recorded time has moved on by the flush interval since the
 * last flush, and at {@link #close()}. A process killed with SIGKILL thus leaves every sample but
 * those of the last flush interval of recorded time on disk (the operating system keeps what was
 * flushed; a power cut is another matter: there is no fsync). Lines must not hold a line break.
 */
public final class SampleFile implements Closeable {

    /** The most recorded time a run may hold only in memory: what a kill can lose. */
    public static final Duration FLUSH_EVERY = Duration.ofMillis(500);

    private final Writer out;
    private final Duration every;
    private Duration flushedAt;

    private SampleFile(Writer out, Duration every) {
        this.out = out;
        this.every = every;
    }

    /**
     * Creates {@code file} (and its folder), writes {@code header} (null: none) and flushes it.
     *
     * @param every flush once the recorded time has moved on by this much ({@link #FLUSH_EVERY} at
     *     most; {@link Duration#ZERO} flushes every sample)
     */
    public static SampleFile create(Path file, String header, Duration every) throws IOException {
        if (every.isNegative() || every.compareTo(FLUSH_EVERY) > 0) {
            throw new IllegalArgumentException("flush interval must be 0.." + FLUSH_EVERY + ", was " + every);
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        SampleFile f = new SampleFile(Files.newBufferedWriter(file, StandardCharsets.UTF_8), every);
        if (header != null) {
            f.line(header);
            f.out.flush();
        }
        return f;
    }

    /** One sample, taken at {@code recordedAt} of the run's recorded time (never going back). */
    public synchronized void add(Duration recordedAt, String sample) throws IOException {
        line(sample);
        if (flushedAt == null || recordedAt.minus(flushedAt).compareTo(every) >= 0) {
            out.flush();
            flushedAt = recordedAt;
        }
    }

    private void line(String s) throws IOException {
        if (s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("a sample is one line: " + s);
        }
        out.write(s);
        out.write('\n');
    }

    /** Flushes now (the check's end). */
    public synchronized void flush() throws IOException {
        out.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
