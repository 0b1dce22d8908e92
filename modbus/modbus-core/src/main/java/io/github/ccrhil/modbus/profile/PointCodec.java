package io.github.ccrhil.modbus.profile;

import java.nio.charset.StandardCharsets;

/**
 * Converts between a point's engineering value and its registers. Engineering values are
 * {@link Double} for numbers, {@link Boolean} for bits, {@link String} for strings.
 */
public final class PointCodec {

    private final boolean bigEndianWords;

    public PointCodec(boolean bigEndianWords) {
        this.bigEndianWords = bigEndianWords;
    }

    public static PointCodec of(Profile profile) {
        return new PointCodec(profile.bigEndianWords());
    }

    /**
     * Registers for a value the device reports. Numbers beyond the type's range saturate (an
     * infinite insulation resistance reads as the largest value); NaN reads as 0.
     */
    public int[] encodeForRead(Point p, Object value) {
        int[] out = new int[p.size()];
        switch (p.type()) {
            case BOOL -> throw new IllegalArgumentException(p.name() + " is a bit, not registers");
            case STRING -> {
                byte[] b = String.valueOf(value == null ? "" : value).getBytes(StandardCharsets.US_ASCII);
                for (int i = 0; i < out.length; i++) {
                    int hi = 2 * i < b.length ? b[2 * i] & 0xFF : 0;
                    int lo = 2 * i + 1 < b.length ? b[2 * i + 1] & 0xFF : 0;
                    out[i] = (hi << 8) | lo;
                }
            }
            case FLOAT32 -> put32(out, Float.floatToIntBits((float) (number(value) / p.effectiveScale())));
            default -> {
                double scaled = number(value) / p.effectiveScale();
                long raw = Double.isNaN(scaled) ? 0 : (long) StrictMath.max(min(p.type()), StrictMath.min(max(p.type()), StrictMath.rint(scaled)));
                if (p.type().words() == 1) {
                    out[0] = (int) (raw & 0xFFFF);
                } else {
                    put32(out, (int) raw);
                }
            }
        }
        return out;
    }

    /** The engineering value a client wrote; throws IllegalArgumentException if the raw value cannot be meant. */
    public Object decode(Point p, int[] words, int offset) {
        return switch (p.type()) {
            case BOOL -> throw new IllegalArgumentException(p.name() + " is a bit, not registers");
            case U16 -> words[offset] * p.effectiveScale();
            case S16 -> (short) words[offset] * p.effectiveScale();
            case U32 -> (get32(words, offset) & 0xFFFF_FFFFL) * p.effectiveScale();
            case S32 -> get32(words, offset) * p.effectiveScale();
            case FLOAT32 -> {
                float f = Float.intBitsToFloat(get32(words, offset));
                if (!Float.isFinite(f)) {
                    throw new IllegalArgumentException(p.name() + ": " + f + " is not a number");
                }
                yield f * p.effectiveScale();
            }
            case STRING -> {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < p.size(); i++) {
                    int w = words[offset + i];
                    if ((w >> 8) == 0) {
                        break;
                    }
                    sb.append((char) (w >> 8));
                    if ((w & 0xFF) == 0) {
                        break;
                    }
                    sb.append((char) (w & 0xFF));
                }
                yield sb.toString();
            }
        };
    }

    /**
     * Registers for a value a client wants to write, or IllegalArgumentException (one line) if it
     * cannot be represented or is outside the point's min/max/values.
     */
    public int[] encodeForWrite(Point p, Object value) {
        check(p, value);
        if (p.type() == PointType.STRING) {
            String s = String.valueOf(value);
            if (s.length() > 2 * p.size() || !StandardCharsets.US_ASCII.newEncoder().canEncode(s)) {
                throw new IllegalArgumentException(p.name() + ": '" + s + "' is not ASCII of at most " + 2 * p.size() + " characters");
            }
            return encodeForRead(p, s);
        }
        double v = number(value);
        double scaled = v / p.effectiveScale();
        if (p.type() != PointType.FLOAT32) {
            double raw = StrictMath.rint(scaled);
            if (raw < min(p.type()) || raw > max(p.type())) {
                throw new IllegalArgumentException(p.name() + ": " + v + " does not fit " + p.type().yamlName() + " with scale " + p.effectiveScale());
            }
        }
        return encodeForRead(p, v);
    }

    /** Checks a decoded or requested value against the point's min, max and enumerated values. */
    public void check(Point p, Object value) {
        if (p.type() == PointType.STRING || p.type() == PointType.BOOL) {
            return;
        }
        double v = number(value);
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(p.name() + ": " + v + " is not a finite number");
        }
        double tolerance = StrictMath.abs(p.effectiveScale()) * 1e-6;
        if (p.min() != null && v < p.min() - tolerance) {
            throw new IllegalArgumentException(p.name() + ": " + v + " is below the minimum " + p.min());
        }
        if (p.max() != null && v > p.max() + tolerance) {
            throw new IllegalArgumentException(p.name() + ": " + v + " is above the maximum " + p.max());
        }
        if (p.values() != null) {
            double raw = StrictMath.rint(v / p.effectiveScale());
            if (raw != (int) raw || !p.values().containsKey((int) raw)) {
                throw new IllegalArgumentException(p.name() + ": " + v + " is none of " + p.values());
            }
        }
    }

    private static double number(Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof Boolean b) {
            return b ? 1 : 0;
        }
        throw new IllegalArgumentException("not a number: " + value);
    }

    private static double min(PointType t) {
        return switch (t) {
            case U16, U32 -> 0;
            case S16 -> Short.MIN_VALUE;
            case S32 -> Integer.MIN_VALUE;
            default -> -Double.MAX_VALUE;
        };
    }

    private static double max(PointType t) {
        return switch (t) {
            case U16 -> 0xFFFF;
            case S16 -> Short.MAX_VALUE;
            case U32 -> 0xFFFF_FFFFL;
            case S32 -> Integer.MAX_VALUE;
            default -> Double.MAX_VALUE;
        };
    }

    private void put32(int[] out, int v) {
        int hi = (v >>> 16) & 0xFFFF;
        int lo = v & 0xFFFF;
        out[0] = bigEndianWords ? hi : lo;
        out[1] = bigEndianWords ? lo : hi;
    }

    private int get32(int[] w, int offset) {
        int hi = bigEndianWords ? w[offset] : w[offset + 1];
        int lo = bigEndianWords ? w[offset + 1] : w[offset];
        return (hi << 16) | lo;
    }
}
