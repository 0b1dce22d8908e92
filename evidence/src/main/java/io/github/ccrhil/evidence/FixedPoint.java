package io.github.ccrhil.evidence;

/**
 * Fixed-point printing by integer arithmetic: the same digits on every JVM (unlike
 * {@code Double.toString} or {@code String.format}), so traces and reports are byte-stable.
 */
public final class FixedPoint {

    private FixedPoint() { }

    /** {@code v} with {@code decimals} digits after the point, rounded half up; NaN, Inf and -Inf as such. */
    public static String format(double v, int decimals) {
        return append(new StringBuilder(), v, decimals).toString();
    }

    /** Appends {@link #format(double, int)} of {@code v} to {@code b}. */
    public static StringBuilder append(StringBuilder b, double v, int decimals) {
        if (Double.isNaN(v)) {
            return b.append("NaN");
        }
        if (Double.isInfinite(v)) {
            return b.append(v > 0 ? "Inf" : "-Inf");
        }
        long scale = 1;
        for (int i = 0; i < decimals; i++) {
            scale *= 10;
        }
        double scaled = Math.abs(v) * scale;
        if (scaled >= 9.0e17) {
            return b.append(v > 0 ? "Inf" : "-Inf");
        }
        long units = (long) Math.floor(scaled + 0.5);
        if (v < 0 && units != 0) {
            b.append('-');
        }
        b.append(units / scale);
        if (decimals > 0) {
            b.append('.');
            String frac = Long.toString(units % scale);
            for (int i = frac.length(); i < decimals; i++) {
                b.append('0');
            }
            b.append(frac);
        }
        return b;
    }
}
