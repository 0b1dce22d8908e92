package io.github.ccrhil.evidence.report;

import static io.github.ccrhil.evidence.report.Markup.escape;

import io.github.ccrhil.evidence.FixedPoint;
import java.util.List;

/**
 * Draws a {@link Plot} as inline SVG. Every coordinate is rounded to a whole pixel and every
 * number printed by {@link FixedPoint}, so the same data give the same bytes on every JVM: no
 * font files, no script, nothing fetched (a PNG renderer's bytes depend on the JVM's fonts and
 * AWT build). Each series is drawn as the min/max envelope of its points per pixel column, so no
 * excursion is hidden however long the record.
 */
public final class SvgPlot {

    static final int W = 900;
    static final int H = 260;
    private static final int ML = 55;
    private static final int MR = 10;
    private static final int MT = 10;
    private static final int MB = 30;

    private SvgPlot() { }

    /** Appends the plot's {@code <svg>} element, or "no data" in italics when it has no finite point. */
    public static StringBuilder render(StringBuilder b, Plot plot) {
        if (plot.empty()) {
            return b.append("<i>no data</i>");
        }
        double x0 = Double.POSITIVE_INFINITY;
        double x1 = Double.NEGATIVE_INFINITY;
        double ymin = Double.POSITIVE_INFINITY;
        double ymax = Double.NEGATIVE_INFINITY;
        for (Plot.Series s : plot.series()) {
            for (Plot.Point p : s.points()) {
                if (p.finite()) {
                    x0 = StrictMath.min(x0, p.x());
                    x1 = StrictMath.max(x1, p.x());
                    ymin = StrictMath.min(ymin, p.y());
                    ymax = StrictMath.max(ymax, p.y());
                }
            }
        }
        for (Plot.LimitLine h : plot.limits()) {
            ymax = StrictMath.max(ymax, h.y());
            ymin = StrictMath.min(ymin, h.y());
        }
        if (plot.yFromZero()) {
            ymin = StrictMath.min(0, ymin);
        }
        if (!(ymax > ymin)) {
            ymax = ymin + 1;
        }
        ymax += 0.05 * (ymax - ymin);
        if (!(x1 > x0)) {
            x1 = x0 + 1;
        }
        double fx = (W - ML - MR) / (x1 - x0);
        double fy = (H - MT - MB) / (ymax - ymin);
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(W).append("\" height=\"").append(H)
                .append("\" font-size=\"10\">");
        b.append("<rect x=\"").append(ML).append("\" y=\"").append(MT).append("\" width=\"").append(W - ML - MR)
                .append("\" height=\"").append(H - MT - MB).append("\" fill=\"#fff\" stroke=\"#999\"/>");
        for (int k = 0; k <= 4; k++) {
            double v = ymin + k * (ymax - ymin) / 4;
            long y = StrictMath.round(H - MB - (v - ymin) * fy);
            b.append("<text x=\"2\" y=\"").append(y + 3).append("\">").append(FixedPoint.format(v, 2)).append("</text>");
        }
        String xUnit = plot.xUnit().isEmpty() ? "" : " " + escape(plot.xUnit());
        for (int k = 0; k <= 5; k++) {
            double t = x0 + k * (x1 - x0) / 5;
            long px = StrictMath.round(ML + (t - x0) * fx);
            b.append("<text x=\"").append(px - 10).append("\" y=\"").append(H - 12).append("\">")
                    .append(FixedPoint.format(t, 1)).append(xUnit).append("</text>");
        }
        b.append("<text x=\"").append(ML + 5).append("\" y=\"").append(H - 1).append("\">").append(escape(plot.yLabel()))
                .append("</text>");
        for (Plot.Marker m : plot.markers()) {
            if (!(m.x() >= x0 && m.x() <= x1)) {
                continue;
            }
            long px = StrictMath.round(ML + (m.x() - x0) * fx);
            b.append("<line x1=\"").append(px).append("\" x2=\"").append(px).append("\" y1=\"").append(MT).append("\" y2=\"")
                    .append(H - MB).append("\" stroke=\"#aaa\" stroke-dasharray=\"1,3\"><title>").append(escape(m.label()))
                    .append("</title></line>");
        }
        for (Plot.LimitLine h : plot.limits()) {
            long y = StrictMath.round(H - MB - (h.y() - ymin) * fy);
            b.append("<line x1=\"").append(ML).append("\" x2=\"").append(W - MR).append("\" y1=\"").append(y).append("\" y2=\"")
                    .append(y).append("\" stroke=\"#d00\" stroke-width=\"1\"><title>").append(escape(h.label()))
                    .append("</title></line>");
            b.append("<text x=\"").append(ML + 4).append("\" y=\"").append(y - 3).append("\" fill=\"#d00\">")
                    .append(escape(h.label())).append("</text>");
        }
        int legend = 0;
        int cols = W - ML - MR;
        for (Plot.Series s : plot.series()) {
            b.append("<polyline fill=\"none\" stroke=\"").append(s.color()).append("\" stroke-width=\"1.2\"")
                    .append(s.dash().isEmpty() ? "" : " stroke-dasharray=\"" + s.dash() + "\"").append(" points=\"");
            envelope(b, s.points(), cols, x0, fx, ymin, fy);
            b.append("\"/>");
            b.append("<text x=\"").append(W - MR - 190).append("\" y=\"").append(MT + 12 + 12 * legend++).append("\" fill=\"")
                    .append(s.color()).append("\">").append(escape(s.name())).append("</text>");
        }
        return b.append("</svg>\n");
    }

    /** The lowest and highest finite y of the points falling in each pixel column, as polyline points. */
    private static void envelope(StringBuilder b, List<Plot.Point> points, int cols, double x0, double fx, double ymin, double fy) {
        int n = points.size();
        for (int c = 0; c < cols && n > 0; c++) {
            int from = (int) ((long) c * n / cols);
            int to = (int) ((long) (c + 1) * n / cols);
            if (to <= from) {
                continue;
            }
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            double at = Double.NaN;
            for (int i = from; i < to; i++) {
                Plot.Point p = points.get(i);
                if (p.finite()) {
                    lo = StrictMath.min(lo, p.y());
                    hi = StrictMath.max(hi, p.y());
                    if (Double.isNaN(at)) {
                        at = p.x();
                    }
                }
            }
            if (!Double.isFinite(lo)) {
                continue;
            }
            long px = StrictMath.round(ML + (at - x0) * fx);
            b.append(px).append(',').append(StrictMath.round(H - MB - (lo - ymin) * fy)).append(' ');
            if (hi > lo) {
                b.append(px).append(',').append(StrictMath.round(H - MB - (hi - ymin) * fy)).append(' ');
            }
        }
    }
}
