package io.github.ccrhil.ccr.emulator.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TraceWriterTest {

    @Test
    void fixedPointFormattingRoundsHalfAwayFromZero() {
        assertEquals("6.6000", TraceWriter.fixed(new StringBuilder(), 6.6, 4).toString());
        assertEquals("-0.125", TraceWriter.fixed(new StringBuilder(), -0.1249999, 3).toString());
        assertEquals("0.000", TraceWriter.fixed(new StringBuilder(), -0.0001, 3).toString());
        assertEquals("12", TraceWriter.fixed(new StringBuilder(), 11.5, 0).toString());
        assertEquals("0.05", TraceWriter.fixed(new StringBuilder(), 0.05, 2).toString());
        assertEquals("NaN", TraceWriter.fixed(new StringBuilder(), Double.NaN, 2).toString());
        assertEquals("Inf", TraceWriter.fixed(new StringBuilder(), 1e300, 2).toString());
    }

    @Test
    void theHashCoversEveryByteWritten() throws IOException {
        String a = hashOf(row(6.6));
        String b = hashOf(row(6.6));
        String c = hashOf(row(6.6001));
        assertEquals(a, b);
        assertNotEquals(a, c);
    }

    @Test
    void headerLinesPrecedeTheColumnLine() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Map<String, String> header = new LinkedHashMap<>();
        header.put("scenario", "default");
        header.put("seed", "42");
        try (TraceWriter w = TraceWriter.start(bytes, header)) {
            w.write(row(2.8));
        }
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals("# scenario: default", lines[0]);
        assertEquals("# seed: 42", lines[1]);
        assertEquals(TraceRow.HEADER, lines[2]);
        assertEquals("0.0100,Regulating,1,2.8000,2.720,2.880,2.8000,500.00,1400.0,0.9500,90.000,2.8000,4.0000,500.00,0,0,1000.000,0.0000", lines[3]);
    }

    private static TraceRow row(double amps) {
        return new TraceRow(0.01, "Regulating", 1, amps, 2.72, 2.88, amps, 500, 1400, 0.95, 90, amps, 4.0, 500, 0, 0, 1000, 0);
    }

    private static String hashOf(TraceRow r) throws IOException {
        TraceWriter w = TraceWriter.start(new ByteArrayOutputStream(), Map.of());
        w.write(r);
        w.close();
        return w.sha256();
    }
}
