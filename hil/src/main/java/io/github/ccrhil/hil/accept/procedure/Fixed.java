package io.github.ccrhil.hil.accept.procedure;

/** Fixed-point printing by integer arithmetic (byte-stable across JVMs, unlike Double.toString). */
public final class Fixed {

    private Fixed() { }

    public static String format(double v, int decimals) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "Inf" : "-Inf";
        }
        long scale = 1;
        for (int i = 0; i < decimals; i++) {
            scale *= 10;
        }
        double scaled = StrictMath.abs(v) * scale;
        if (scaled >= 9.0e17) {
            return v > 0 ? "Inf" : "-Inf";
        }
        long units = (long) StrictMath.floor(scaled + 0.5);
        StringBuilder b = new StringBuilder();
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
        return b.toString();
    }
}
