package io.github.ccrhil.ccr.emulator.trace;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The one definition of each trace metric: settling time, peak and overshoot, time in band.
 * Acceptance ({@code Judge}), the campaigns and {@code simulate}'s summary all use these, so a
 * settling time means the same thing in every report.
 *
 * <p>Conventions, for every metric:
 * <ul>
 *   <li>A row's time is the end of the interval it stands for (for a simulated or plant trace,
 *       the end of its mains half-cycle; for a polled DUT, the instant of the reading). A row
 *       covers the interval from the previous row's time (the window's start for the first row).</li>
 *   <li>In band means {@code lo ≤ I ≤ hi}: both edges belong to the band.</li>
 *   <li>A NaN reading is no measurement: it is neither in nor out of the band and never a peak.</li>
 *   <li>The band limits and the window are the caller's: no metric reads a tolerance table.</li>
 * </ul>
 *
 * <p><b>Settling</b> (IEC 61822-style): the current is settled from the instant it entered the
 * band and stayed there to the end of the window, i.e. from the time of the last measured row
 * outside the band (the window's start when none was). Every re-exit moves that instant later.
 * When the last measured row is outside the band it never settled ({@code +∞}); with no
 * measured row at all there is nothing to say ({@code NaN}).
 *
 * <p><b>Peak</b>: the largest measured half-cycle rms; <b>overshoot</b> above a level: how far the
 * peak went above it, 0 when it stayed at or below.
 *
 * <p><b>Time in band</b>: the total length of the intervals whose row was measured in the band.
 */
public final class TraceMetrics {

    private TraceMetrics() {
    }

    /**
     * The streaming form, for callers that see one row at a time (the simulation's control
     * loop): reset it for a window, feed it rows in time order, read the metrics at any moment.
     * It allocates nothing per row. The list functions of {@link TraceMetrics} are this, fed
     * from a list, so both forms give the same answer.
     */
    public static final class Window {
        private double from;
        private double lo;
        private double hi;
        private double lastOut;
        private boolean lastIn;
        private int measured;
        private int outside;
        private double peak;
        private double lowest;
        private double previousT;
        private double inBandSeconds;
        private double outsideSeconds;

        /** An empty window opening at {@code fromSeconds} with the band {@code lo..hi}. */
        public Window(double fromSeconds, double loA, double hiA) {
            reset(fromSeconds, loA, hiA);
        }

        /** Starts again: a window opening at {@code fromSeconds} judged against {@code lo..hi}. */
        public Window reset(double fromSeconds, double loA, double hiA) {
            this.from = fromSeconds;
            this.lo = loA;
            this.hi = hiA;
            this.lastOut = fromSeconds;
            this.lastIn = false;
            this.measured = 0;
            this.outside = 0;
            this.peak = Double.NaN;
            this.lowest = Double.NaN;
            this.previousT = fromSeconds;
            this.inBandSeconds = 0;
            this.outsideSeconds = 0;
            return this;
        }

        /** The next row: its time and its rms current (NaN: no measurement). */
        public void accept(double tSeconds, double currentA) {
            double span = StrictMath.max(0, tSeconds - previousT);
            previousT = tSeconds;
            if (Double.isNaN(currentA)) {
                return;
            }
            measured++;
            if (Double.isNaN(peak) || currentA > peak) {
                peak = currentA;
            }
            if (Double.isNaN(lowest) || currentA < lowest) {
                lowest = currentA;
            }
            if (currentA >= lo && currentA <= hi) {
                lastIn = true;
                inBandSeconds += span;
            } else {
                markOutside(tSeconds, span);
            }
        }

        /**
         * The next row is outside the band whatever its current says (for example a DUT
         * reporting itself at another step than the one being judged).
         */
        public void acceptOutside(double tSeconds) {
            double span = StrictMath.max(0, tSeconds - previousT);
            previousT = tSeconds;
            measured++;
            markOutside(tSeconds, span);
        }

        private void markOutside(double t, double span) {
            lastIn = false;
            lastOut = t;
            outside++;
            outsideSeconds += span;
        }

        /** When the window opened, s. */
        public double fromSeconds() {
            return from;
        }

        /** Rows with a measurement so far. */
        public int rowsMeasured() {
            return measured;
        }

        /** Measured rows outside the band so far (half-cycles, on a half-cycle trace). */
        public int rowsOutside() {
            return outside;
        }

        /** The instant the current entered the band for good; +∞ if it is outside now, NaN if nothing was measured. */
        public double settledAtSeconds() {
            if (measured == 0) {
                return Double.NaN;
            }
            return lastIn ? lastOut : Double.POSITIVE_INFINITY;
        }

        /** Time from the window's start to {@link #settledAtSeconds()}; +∞ never, NaN nothing measured. */
        public double settlingSeconds() {
            return settledAtSeconds() - from;
        }

        /** The largest measured current, A; NaN if nothing was measured. */
        public double peakA() {
            return peak;
        }

        /** The smallest measured current, A; NaN if nothing was measured. */
        public double lowestA() {
            return lowest;
        }

        /** How far the peak went above {@code levelA}, A (0 if not above); NaN if nothing was measured. */
        public double overshootA(double levelA) {
            return Double.isNaN(peak) ? Double.NaN : StrictMath.max(0, peak - levelA);
        }

        /** Total length of the intervals whose row was in the band, s. */
        public double timeInBandSeconds() {
            return inBandSeconds;
        }

        /** Total length of the intervals whose row was outside the band, s. */
        public double timeOutsideBandSeconds() {
            return outsideSeconds;
        }

        /** True when something was measured and every measured row was in the band. */
        public boolean allInBand() {
            return measured > 0 && outside == 0;
        }
    }

    /** {@code rows} fed to a {@link Window} opening at {@code fromSeconds} with the band {@code lo..hi}. */
    public static Window window(List<TraceRow> rows, double fromSeconds, ToDoubleFunction<TraceRow> current,
                                double lo, double hi) {
        Window w = new Window(fromSeconds, lo, hi);
        for (TraceRow r : rows) {
            w.accept(r.timeSeconds(), current.applyAsDouble(r));
        }
        return w;
    }

    /**
     * Settling time after {@code fromSeconds} into {@code lo..hi}, judged to the last row:
     * +∞ if the current is outside the band at the end, NaN if nothing was measured.
     */
    public static double settlingSeconds(List<TraceRow> rows, double fromSeconds, ToDoubleFunction<TraceRow> current,
                                         double lo, double hi) {
        return window(rows, fromSeconds, current, lo, hi).settlingSeconds();
    }

    /** The same over primitive arrays: rows {@code [start, end)} of times {@code t} and currents {@code i}. */
    public static double settlingSeconds(double[] t, double[] i, int start, int end, double fromSeconds,
                                         double lo, double hi) {
        Window w = new Window(fromSeconds, lo, hi);
        for (int k = start; k < end; k++) {
            w.accept(t[k], i[k]);
        }
        return w.settlingSeconds();
    }

    /** The largest measured current of {@code rows}, A; NaN if none was measured. */
    public static double peakA(List<TraceRow> rows, ToDoubleFunction<TraceRow> current) {
        double peak = Double.NaN;
        for (TraceRow r : rows) {
            double i = current.applyAsDouble(r);
            if (!Double.isNaN(i) && (Double.isNaN(peak) || i > peak)) {
                peak = i;
            }
        }
        return peak;
    }

    /** The smallest measured current of {@code rows}, A; NaN if none was measured. */
    public static double lowestA(List<TraceRow> rows, ToDoubleFunction<TraceRow> current) {
        double lowest = Double.NaN;
        for (TraceRow r : rows) {
            double i = current.applyAsDouble(r);
            if (!Double.isNaN(i) && (Double.isNaN(lowest) || i < lowest)) {
                lowest = i;
            }
        }
        return lowest;
    }

    /** How far the peak of {@code rows} went above {@code levelA}, A (0 if not above); NaN if none was measured. */
    public static double overshootA(List<TraceRow> rows, ToDoubleFunction<TraceRow> current, double levelA) {
        double peak = peakA(rows, current);
        return Double.isNaN(peak) ? Double.NaN : StrictMath.max(0, peak - levelA);
    }

    /**
     * Consecutive rows from {@code start} on whose current is strictly above {@code levelA} (a
     * row without a measurement ends the run): the length of an overcurrent in half-cycles.
     */
    public static int runAbove(List<TraceRow> rows, int start, ToDoubleFunction<TraceRow> current, double levelA) {
        int k = start;
        while (k < rows.size() && current.applyAsDouble(rows.get(k)) > levelA) {
            k++;
        }
        return k - start;
    }

    /** The longest run of consecutive rows strictly above {@code levelA} (see {@link #runAbove}); 0 if none. */
    public static int longestRunAbove(List<TraceRow> rows, ToDoubleFunction<TraceRow> current, double levelA) {
        int longest = 0;
        int run = 0;
        for (TraceRow r : rows) {
            run = current.applyAsDouble(r) > levelA ? run + 1 : 0;
            longest = StrictMath.max(longest, run);
        }
        return longest;
    }

    /** Total length of the intervals of {@code rows} (window opening at {@code fromSeconds}) measured in {@code lo..hi}, s. */
    public static double timeInBandSeconds(List<TraceRow> rows, double fromSeconds, ToDoubleFunction<TraceRow> current,
                                           double lo, double hi) {
        return window(rows, fromSeconds, current, lo, hi).timeInBandSeconds();
    }
}
