package io.github.ccrhil.ccr.emulator.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Settling time, overshoot and time in band on hand-built 50 Hz traces (one row per 10 ms
 * half-cycle) whose answer is known: step 5 of a 6.6 A regulator, UFC band 6.40..6.70 A.
 */
class TraceMetricsTest {

    private static final double HC = 0.01;
    private static final double LO = 6.40;
    private static final double HI = 6.70;
    private static final double EPS = 1e-9;

    /** {@code n} half-cycles from t = 0: row k ends at (k + 1) × 10 ms; current by row index. */
    private static List<TraceRow> trace(int n, java.util.function.IntToDoubleFunction current) {
        List<TraceRow> rows = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            rows.add(row((k + 1) * HC, current.applyAsDouble(k)));
        }
        return rows;
    }

    private static TraceRow row(double t, double plantA) {
        return new TraceRow(t, "REGULATING", 5, 6.6, LO, HI, 0, 0, 0, 0, 0, plantA, 0, 0, -1, 0, 1e3, 0);
    }

    private static double settling(List<TraceRow> rows) {
        return TraceMetrics.settlingSeconds(rows, 0.0, TraceRow::plantCurrentRmsA, LO, HI);
    }

    @Test
    void aCurrentThatEntersTheBandAfterThirtyHalfCyclesAndStaysSettlesInThreeHundredMilliseconds() {
        List<TraceRow> rows = trace(200, k -> k < 30 ? 5.0 + 0.04 * k : 6.6);
        assertEquals(0.30, settling(rows), EPS);
        assertEquals(0.30, TraceMetrics.window(rows, 0.0, TraceRow::plantCurrentRmsA, LO, HI).settledAtSeconds(), EPS);
    }

    @Test
    void theSettlingClockStartsAtTheInstantTheCallerGives() {
        List<TraceRow> rows = trace(200, k -> k < 30 ? 5.0 : 6.6);
        assertEquals(0.25, TraceMetrics.settlingSeconds(rows, 0.05, TraceRow::plantCurrentRmsA, LO, HI), EPS);
    }

    @Test
    void aCurrentAlreadyInTheBandHasSettledAtOnce() {
        assertEquals(0.0, settling(trace(50, k -> 6.55)), EPS);
    }

    @Test
    void aCurrentThatNeverReachesTheBandNeverSettles() {
        List<TraceRow> rows = trace(300, k -> 6.0);
        assertEquals(Double.POSITIVE_INFINITY, settling(rows));
        assertEquals(Double.POSITIVE_INFINITY, TraceMetrics.window(rows, 0, TraceRow::plantCurrentRmsA, LO, HI)
                .settledAtSeconds());
    }

    @Test
    void aCurrentInTheBandThatLeavesItAtTheEndOfTheWindowHasNotSettled() {
        assertEquals(Double.POSITIVE_INFINITY, settling(trace(100, k -> k < 99 ? 6.6 : 6.8)));
    }

    @Test
    void aCurrentThatEntersLeavesAndReEntersSettlesOnlyAtTheLastEntry() {
        // in from 0.20 s, out for three half-cycles ending 0.53 s, back in for good
        List<TraceRow> rows = trace(200, k -> k < 20 ? 6.0 : k >= 50 && k < 53 ? 6.75 : 6.6);
        assertEquals(0.53, settling(rows), EPS);
    }

    @Test
    void noiseExactlyOnTheBandEdgesCountsAsInside() {
        List<TraceRow> rows = trace(100, k -> k < 10 ? 6.3 : k % 2 == 0 ? LO : HI);
        assertEquals(0.10, settling(rows), EPS);
        assertTrue(TraceMetrics.window(rows.subList(10, 100), 0.10, TraceRow::plantCurrentRmsA, LO, HI).allInBand());
    }

    @Test
    void noiseJustOutsideTheBandEdgeIsAnExcursion() {
        List<TraceRow> rows = trace(100, k -> k == 70 ? Math.nextUp(HI) : 6.6);
        assertEquals(0.71, settling(rows), EPS);
        assertEquals(1, TraceMetrics.window(rows, 0, TraceRow::plantCurrentRmsA, LO, HI).rowsOutside());
    }

    @Test
    void anEmptyTraceHasNoMetricsAtAll() {
        List<TraceRow> none = List.of();
        assertTrue(Double.isNaN(settling(none)));
        assertTrue(Double.isNaN(TraceMetrics.peakA(none, TraceRow::plantCurrentRmsA)));
        assertTrue(Double.isNaN(TraceMetrics.overshootA(none, TraceRow::plantCurrentRmsA, HI)));
        assertEquals(0.0, TraceMetrics.timeInBandSeconds(none, 0, TraceRow::plantCurrentRmsA, LO, HI));
        assertEquals(0, TraceMetrics.longestRunAbove(none, TraceRow::plantCurrentRmsA, HI));
        assertFalse(TraceMetrics.window(none, 0, TraceRow::plantCurrentRmsA, LO, HI).allInBand());
    }

    @Test
    void aReadingThatIsMissingIsNoMeasurementNeitherInNorOut() {
        List<TraceRow> rows = trace(100, k -> k < 20 ? 6.0 : k == 99 || k == 60 ? Double.NaN : 6.6);
        assertEquals(0.20, settling(rows), EPS);
        assertEquals(6.6, TraceMetrics.peakA(rows, TraceRow::plantCurrentRmsA), EPS);
        assertTrue(Double.isNaN(settling(trace(10, k -> Double.NaN))), "nothing measured, nothing to say");
    }

    @Test
    void aRowKnownToBeAtAnotherStepIsOutsideWhateverItsCurrent() {
        TraceMetrics.Window w = new TraceMetrics.Window(0, LO, HI);
        w.accept(0.1, 6.6);
        w.acceptOutside(0.2);
        w.accept(0.3, 6.6);
        assertEquals(0.2, w.settlingSeconds(), EPS);
    }

    @Test
    void anOvershootOfKnownSizeIsMeasuredAboveTheGivenLevel() {
        List<TraceRow> rows = trace(200, k -> k == 40 ? 6.93 : k == 41 ? 6.81 : 6.6);
        assertEquals(6.93, TraceMetrics.peakA(rows, TraceRow::plantCurrentRmsA), EPS);
        assertEquals(0.23, TraceMetrics.overshootA(rows, TraceRow::plantCurrentRmsA, HI), EPS);
        assertEquals(0.0, TraceMetrics.overshootA(rows, TraceRow::plantCurrentRmsA, 7.0), EPS);
        assertEquals(6.6, TraceMetrics.lowestA(rows, TraceRow::plantCurrentRmsA), EPS);
        assertEquals(2, TraceMetrics.longestRunAbove(rows, TraceRow::plantCurrentRmsA, HI));
        assertEquals(1, TraceMetrics.longestRunAbove(rows, TraceRow::plantCurrentRmsA, 6.85));
        assertEquals(2, TraceMetrics.runAbove(rows, 40, TraceRow::plantCurrentRmsA, HI));
        assertEquals(0, TraceMetrics.runAbove(rows, 39, TraceRow::plantCurrentRmsA, HI));
    }

    @Test
    void timeInBandAddsTheHalfCyclesMeasuredInsideIt() {
        // 30 half-cycles below, 150 inside, 20 above: 1.50 s in, 0.50 s out
        List<TraceRow> rows = trace(200, k -> k < 30 ? 6.0 : k < 180 ? 6.6 : 6.8);
        TraceMetrics.Window w = TraceMetrics.window(rows, 0, TraceRow::plantCurrentRmsA, LO, HI);
        assertEquals(1.50, w.timeInBandSeconds(), EPS);
        assertEquals(0.50, w.timeOutsideBandSeconds(), EPS);
        assertEquals(50, w.rowsOutside());
        assertEquals(200, w.rowsMeasured());
        assertEquals(1.50, TraceMetrics.timeInBandSeconds(rows, 0, TraceRow::plantCurrentRmsA, LO, HI), EPS);
    }

    @Test
    void theStreamingWindowTheListFunctionsAndThePrimitiveArraysAgree() {
        List<TraceRow> rows = trace(300, k -> 6.55 + 0.3 * StrictMath.sin(k * 0.37) * StrictMath.exp(-k / 40.0));
        double[] t = rows.stream().mapToDouble(TraceRow::timeSeconds).toArray();
        double[] i = rows.stream().mapToDouble(TraceRow::plantCurrentRmsA).toArray();
        TraceMetrics.Window w = new TraceMetrics.Window(0, LO, HI);
        for (TraceRow r : rows) {
            w.accept(r.timeSeconds(), r.plantCurrentRmsA());
        }
        double s = settling(rows);
        assertTrue(s > 0 && s < 3, "settles inside the trace: " + s);
        assertEquals(s, w.settlingSeconds());
        assertEquals(s, TraceMetrics.settlingSeconds(t, i, 0, t.length, 0, LO, HI));
        // and a window reused after reset forgets what it saw
        w.reset(1.0, LO, HI);
        assertEquals(0, w.rowsMeasured());
        assertTrue(Double.isNaN(w.settlingSeconds()));
    }
}
