package io.github.ccrhil.web;

import java.util.Locale;

/** A small JSON writer for the pages' snapshots: objects, arrays, strings, numbers, booleans. */
public final class Json {

    private final StringBuilder sb = new StringBuilder(256);
    private boolean needComma;

    public Json beginObject() {
        comma();
        sb.append('{');
        needComma = false;
        return this;
    }

    public Json endObject() {
        sb.append('}');
        needComma = true;
        return this;
    }

    public Json beginArray() {
        comma();
        sb.append('[');
        needComma = false;
        return this;
    }

    public Json endArray() {
        sb.append(']');
        needComma = true;
        return this;
    }

    /** Writes a member name; the next value is its value. */
    public Json name(String name) {
        comma();
        quote(sb, name);
        sb.append(':');
        needComma = false;
        return this;
    }

    public Json value(String s) {
        comma();
        if (s == null) {
            sb.append("null");
        } else {
            quote(sb, s);
        }
        needComma = true;
        return this;
    }

    public Json value(boolean b) {
        comma();
        sb.append(b);
        needComma = true;
        return this;
    }

    public Json value(long n) {
        comma();
        sb.append(n);
        needComma = true;
        return this;
    }

    /** A number with {@code decimals} places; NaN and infinities are written as null. */
    public Json value(double x, int decimals) {
        comma();
        if (Double.isFinite(x)) {
            String f = String.format(Locale.ROOT, "%." + decimals + "f", x);
            sb.append(f.matches("-0(\\.0*)?") ? f.substring(1) : f);
        } else {
            sb.append("null");
        }
        needComma = true;
        return this;
    }

    public Json member(String name, String s) {
        return name(name).value(s);
    }

    public Json member(String name, boolean b) {
        return name(name).value(b);
    }

    public Json member(String name, long n) {
        return name(name).value(n);
    }

    public Json member(String name, double x, int decimals) {
        return name(name).value(x, decimals);
    }

    private void comma() {
        if (needComma) {
            sb.append(',');
        }
    }

    @Override
    public String toString() {
        return sb.toString();
    }

    /** {@code s} as a JSON string literal, control characters and non-ASCII line breaks escaped. */
    public static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2);
        quote(out, s);
        return out.toString();
    }

    private static void quote(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029' || c == '<') {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
