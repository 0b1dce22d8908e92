package io.github.ccrhil.cli;

import io.github.ccrhil.ccr.emulator.trace.TraceRow;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYDifferenceRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Renders the loop current of a run against the tolerance band of the active step, as a PNG.
 * Long runs are thinned to a min/max envelope per pixel column so that no excursion is hidden.
 */
final class TracePlot {

    private static final int WIDTH = 1400;
    private static final int HEIGHT = 700;

    private TracePlot() { }

    static void write(List<TraceRow> rows, String title, double overshootLimitA, Path png) throws IOException {
        XYSeries bandLow = new XYSeries("tolerance band (low)", false, true);
        XYSeries bandHigh = new XYSeries("tolerance band (high)", false, true);
        XYSeries firmware = new XYSeries("I rms, firmware", false, true);
        XYSeries plant = new XYSeries("I rms, plant (independent)", false, true);
        XYSeries reference = new XYSeries("reference", false, true);
        int n = rows.size();
        int buckets = Math.min(n, WIDTH * 2);
        for (int b = 0; b < buckets; b++) {
            int from = (int) ((long) b * n / buckets);
            int to = (int) ((long) (b + 1) * n / buckets);
            int lo = from;
            int hi = from;
            for (int i = from; i < to; i++) {
                if (rows.get(i).plantCurrentRmsA() < rows.get(lo).plantCurrentRmsA()) {
                    lo = i;
                }
                if (rows.get(i).plantCurrentRmsA() > rows.get(hi).plantCurrentRmsA()) {
                    hi = i;
                }
            }
            for (int i : lo <= hi ? new int[] {lo, hi} : new int[] {hi, lo}) {
                TraceRow r = rows.get(i);
                double t = r.timeSeconds();
                plant.add(t, r.plantCurrentRmsA());
                firmware.add(t, r.firmwareCurrentRmsA());
                reference.add(t, r.referenceA());
                bandLow.add(t, r.bandHighA() > 0 ? r.bandLowA() : Double.NaN);
                bandHigh.add(t, r.bandHighA() > 0 ? r.bandHighA() : Double.NaN);
            }
        }
        XYSeriesCollection band = new XYSeriesCollection();
        band.addSeries(bandHigh);
        band.addSeries(bandLow);
        XYSeriesCollection lines = new XYSeriesCollection();
        lines.addSeries(plant);
        lines.addSeries(firmware);
        lines.addSeries(reference);

        NumberAxis time = new NumberAxis("time (s)");
        NumberAxis amps = new NumberAxis("loop current (A rms)");
        amps.setAutoRangeIncludesZero(true);
        XYPlot plot = new XYPlot(lines, time, amps, null);
        XYLineAndShapeRenderer lineRenderer = new XYLineAndShapeRenderer(true, false);
        lineRenderer.setSeriesPaint(0, new Color(0, 90, 200));
        lineRenderer.setSeriesStroke(0, new BasicStroke(1.6f));
        lineRenderer.setSeriesPaint(1, new Color(230, 120, 0));
        lineRenderer.setSeriesStroke(1, new BasicStroke(1.0f));
        lineRenderer.setSeriesPaint(2, Color.DARK_GRAY);
        lineRenderer.setSeriesStroke(2, new BasicStroke(1.0f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4f, 4f}, 0f));
        plot.setRenderer(0, lineRenderer);
        plot.setDataset(1, band);
        XYDifferenceRenderer bandRenderer = new XYDifferenceRenderer(new Color(0, 170, 0, 70), new Color(0, 170, 0, 70), false);
        bandRenderer.setSeriesPaint(0, new Color(0, 140, 0));
        bandRenderer.setSeriesPaint(1, new Color(0, 140, 0));
        plot.setRenderer(1, bandRenderer);
        org.jfree.chart.plot.ValueMarker limit = new org.jfree.chart.plot.ValueMarker(overshootLimitA, Color.RED, new BasicStroke(1.2f));
        limit.setLabel(String.format(java.util.Locale.ROOT, "%.1f A overshoot limit (IEC 61822 §5.3.9)", overshootLimitA));
        limit.setLabelAnchor(org.jfree.chart.ui.RectangleAnchor.TOP_RIGHT);
        limit.setLabelTextAnchor(org.jfree.chart.ui.TextAnchor.BOTTOM_RIGHT);
        limit.setLabelPaint(Color.RED);
        plot.addRangeMarker(limit);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, WIDTH, HEIGHT);
    }
}
