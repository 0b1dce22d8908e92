package io.github.ccrhil.ccr.verify.accept.bundle;

import io.github.ccrhil.ccr.emulator.trace.TraceRow;
import io.github.ccrhil.evidence.report.Plot;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * A CCR trace as the evidence core's {@link Plot}, for every CCR report (acceptance runs,
 * campaign cases): the output current measured by the plant and as the DUT reports it, within
 * the commanded step's band.
 */
public final class TracePlots {

    /** One quantity of the trace as a curve. */
    public record Curve(String name, String color, String dash, ToDoubleFunction<TraceRow> f) { }

    private TracePlots() { }

    /** Output current (A rms): the step's band, the plant's measurement and the DUT's own report. */
    public static Plot current(String title, String source, List<TraceRow> rows, List<Plot.LimitLine> limits,
                               List<Plot.Marker> markers) {
        return plot(title, source, "A rms", rows, List.of(
                new Curve("band low", "#0a0", "2,2", r -> r.bandHighA() > 0 ? r.bandLowA() : Double.NaN),
                new Curve("band high", "#0a0", "2,2", r -> r.bandHighA() > 0 ? r.bandHighA() : Double.NaN),
                new Curve("I rms plant (independent)", "#05c", "", TraceRow::plantCurrentRmsA),
                new Curve("I rms DUT (self-reported)", "#e70", "4,3", TraceRow::firmwareCurrentRmsA)), limits, markers, true);
    }

    /** Any quantities of the trace against time (s). */
    public static Plot plot(String title, String source, String yLabel, List<TraceRow> rows, List<Curve> curves,
                            List<Plot.LimitLine> limits, List<Plot.Marker> markers, boolean yFromZero) {
        List<Plot.Series> series = new ArrayList<>();
        for (Curve c : curves) {
            List<Plot.Point> points = new ArrayList<>(rows.size());
            for (TraceRow r : rows) {
                points.add(new Plot.Point(r.timeSeconds(), c.f().applyAsDouble(r)));
            }
            series.add(new Plot.Series(c.name(), c.color(), c.dash(), points));
        }
        return new Plot(title, source, "s", yLabel, series, limits, markers, yFromZero);
    }
}
