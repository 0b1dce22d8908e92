package io.github.ccrhil.ccr.firmware.control;

/** True-rms arithmetic over one half-cycle's samples; no allocation. */
public final class TrueRms {

    private TrueRms() {
    }

    /** sqrt(Σx²/n) over {@code x[0..count)}; 0 when count is 0. */
    public static double rms(double[] x, int count) {
        check(x, count);
        if (count == 0) {
            return 0.0;
        }
        double sum = 0.0;
        for (int k = 0; k < count; k++) {
            sum += x[k] * x[k];
        }
        return StrictMath.sqrt(sum / count);
    }

    /** Mean power Σv·i/n, W; 0 when count is 0. */
    public static double meanPower(double[] v, double[] i, int count) {
        check(v, count);
        check(i, count);
        if (count == 0) {
            return 0.0;
        }
        double sum = 0.0;
        for (int k = 0; k < count; k++) {
            sum += v[k] * i[k];
        }
        return sum / count;
    }

    /** max |x| over {@code x[0..count)}; 0 when count is 0. */
    public static double peak(double[] x, int count) {
        check(x, count);
        double p = 0.0;
        for (int k = 0; k < count; k++) {
            double a = StrictMath.abs(x[k]);
            if (a > p) {
                p = a;
            }
        }
        return p;
    }

    private static void check(double[] x, int count) {
        if (count < 0 || count > x.length) {
            throw new IllegalArgumentException("sample count " + count + " outside 0.." + x.length);
        }
    }
}
