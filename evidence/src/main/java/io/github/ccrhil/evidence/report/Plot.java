package io.github.ccrhil.evidence.report;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A plot as data, for any kind of bundle: series of x/y points, horizontal limit lines with
 * their labels, vertical markers (stimuli, events) and axis labels. {@link SvgPlot} draws it.
 *
 * @param title what the plot shows, e.g. the run's name
 * @param source the raw file it was drawn from, relative to the bundle ("" when none)
 * @param xUnit unit of the x axis, printed after each tick, e.g. "s"
 * @param yLabel the y axis' quantity and unit, e.g. "A rms"
 * @param series the curves, drawn in order
 * @param limits horizontal limit lines
 * @param markers vertical lines at moments of interest
 * @param yFromZero true to start the y axis at zero whatever the data
 */
public record Plot(String title, String source, String xUnit, String yLabel, List<Series> series,
                   List<LimitLine> limits, List<Marker> markers, boolean yFromZero) {

    private static final Pattern COLOR = Pattern.compile("#[0-9a-fA-F]{3}|#[0-9a-fA-F]{6}");
    private static final Pattern DASH = Pattern.compile("|[0-9]+(,[0-9]+)*");

    public Plot {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(xUnit, "xUnit");
        Objects.requireNonNull(yLabel, "yLabel");
        series = List.copyOf(series);
        limits = List.copyOf(limits);
        markers = List.copyOf(markers);
    }

    /** True when no series has a finite point. */
    public boolean empty() {
        return series.stream().flatMap(s -> s.points().stream()).noneMatch(Point::finite);
    }

    /**
     * One curve. Points are in increasing x; a point with a non-finite y is a gap.
     *
     * @param name the legend's text
     * @param color "#rgb" or "#rrggbb"
     * @param dash SVG dash pattern ("4,3"), "" for a solid line
     */
    public record Series(String name, String color, String dash, List<Point> points) {
        public Series {
            Objects.requireNonNull(name, "name");
            if (!COLOR.matcher(color).matches()) {
                throw new IllegalArgumentException("color must be #rgb or #rrggbb, was " + color);
            }
            if (!DASH.matcher(dash).matches()) {
                throw new IllegalArgumentException("dash must be like 4,3 or empty, was " + dash);
            }
            points = List.copyOf(points);
        }
    }

    /** One sample. */
    public record Point(double x, double y) {
        boolean finite() {
            return Double.isFinite(x) && Double.isFinite(y);
        }
    }

    /** A horizontal limit line at {@code y}, e.g. "overshoot ≤ 6.7 A (IEC 61822 §5.3.9)". */
    public record LimitLine(double y, String label) {
        public LimitLine {
            Objects.requireNonNull(label, "label");
            if (!Double.isFinite(y)) {
                throw new IllegalArgumentException("limit line must be finite, was " + y + " (" + label + ")");
            }
        }
    }

    /** A vertical line at {@code x}, e.g. a stimulus. */
    public record Marker(double x, String label) {
        public Marker {
            Objects.requireNonNull(label, "label");
        }
    }
}
