package io.github.ccrhil.ccr.verify.accept.procedure;

import io.github.ccrhil.ccr.emulator.trace.TraceWriter;

/** Fixed-point printing by integer arithmetic (byte-stable across JVMs, unlike Double.toString). */
public final class Fixed {

    private Fixed() { }

    /** The same digits as the trace files: see {@link TraceWriter#fixed}. */
    public static String format(double v, int decimals) {
        return TraceWriter.fixed(new StringBuilder(), v, decimals).toString();
    }
}
