package io.github.ccrhil.ccr.emulator.trace;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * Writes a trace as CSV in a byte-stable form and hashes the bytes as they go out.
 *
 * <p>Numbers are printed fixed-point with a set number of decimals, by integer arithmetic on the
 * rounded value: {@code Double.toString} changed its digits between JDK 17 and 19, and a
 * reviewer on another JVM must get the same bytes. Header lines start with {@code #} and carry
 * the scenario, seed and component identity. Rows are flushed every {@link #FLUSH_ROWS} rows, so
 * a crash mid-run leaves everything up to the last flush readable.
 */
public final class TraceWriter implements AutoCloseable {

    public static final int FLUSH_ROWS = 100;

    private final MessageDigest digest;
    private final Writer out;
    private final StringBuilder line = new StringBuilder(256);
    private long rows;
    private String sha256;

    private TraceWriter(OutputStream sink) {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from this JVM", e);
        }
        out = new BufferedWriter(new OutputStreamWriter(new DigestOutputStream(sink, digest), StandardCharsets.UTF_8), 1 << 16);
    }

    /**
     * Opens {@code file} for writing with the header block and the column line already in it: the
     * header is written to a sibling {@code .part} file and moved into place atomically, so a run
     * killed at any moment leaves either no trace file or one that starts with its whole header.
     */
    public static TraceWriter open(Path file, Map<String, String> header) throws IOException {
        byte[] head = headerBytes(header);
        TraceWriter w = new TraceWriter(io.github.ccrhil.evidence.bundle.BundleFiles.createWithHeader(file, head));
        w.digest.update(head);
        return w;
    }

    /** Pushes every row written so far to the file (a crash loses nothing before this). */
    public void flush() throws IOException {
        out.flush();
    }

    /** Writes to any stream; used for in-memory hashing of a run without a file. */
    public static TraceWriter start(OutputStream sink, Map<String, String> header) throws IOException {
        TraceWriter w = new TraceWriter(sink);
        w.out.write(new String(headerBytes(header), StandardCharsets.UTF_8));
        return w;
    }

    private static byte[] headerBytes(Map<String, String> header) {
        StringBuilder b = new StringBuilder(512);
        for (Map.Entry<String, String> e : header.entrySet()) {
            b.append("# ").append(e.getKey()).append(": ").append(e.getValue().replace('\n', ' ')).append('\n');
        }
        b.append(TraceRow.HEADER).append('\n');
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    public void write(TraceRow r) throws IOException {
        StringBuilder b = line;
        b.setLength(0);
        fixed(b, r.timeSeconds(), 4).append(',').append(r.state()).append(',').append(r.step()).append(',');
        fixed(b, r.referenceA(), 4).append(',');
        fixed(b, r.bandLowA(), 3).append(',');
        fixed(b, r.bandHighA(), 3).append(',');
        fixed(b, r.firmwareCurrentRmsA(), 4).append(',');
        fixed(b, r.firmwareVoltageRmsV(), 2).append(',');
        fixed(b, r.firmwarePowerW(), 1).append(',');
        fixed(b, r.powerFactor(), 4).append(',');
        fixed(b, r.firingAngleDeg(), 3).append(',');
        fixed(b, r.plantCurrentRmsA(), 4).append(',');
        fixed(b, r.plantPeakCurrentA(), 4).append(',');
        fixed(b, r.plantVoltageRmsV(), 2).append(',');
        b.append(r.lampFailuresEstimated()).append(',').append(r.lampFailuresActual()).append(',');
        fixed(b, Math.min(r.insulationMohm(), 999_999.0), 3).append(',');
        fixed(b, r.mainsDeviation(), 4).append('\n');
        out.append(b);
        if (++rows % FLUSH_ROWS == 0) {
            out.flush();
        }
    }

    public long rows() {
        return rows;
    }

    /** Closes the file; afterwards {@link #sha256()} is the hash of every byte written. */
    @Override
    public void close() throws IOException {
        if (sha256 == null) {
            out.close();
            sha256 = HexFormat.of().formatHex(digest.digest());
        }
    }

    public String sha256() {
        if (sha256 == null) {
            throw new IllegalStateException("the trace is still open");
        }
        return sha256;
    }

    /**
     * Appends {@code v} with exactly {@code decimals} digits after the point, rounding half away
     * from zero on the binary value. Non-finite values print as NaN, Inf or -Inf.
     */
    public static StringBuilder fixed(StringBuilder b, double v, int decimals) {
        return io.github.ccrhil.evidence.FixedPoint.append(b, v, decimals);
    }
}
