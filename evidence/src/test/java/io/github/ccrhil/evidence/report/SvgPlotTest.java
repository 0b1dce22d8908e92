package io.github.ccrhil.evidence.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Plots are drawn by integer arithmetic and hide no excursion. */
class SvgPlotTest {

    @Test
    void aOneSampleSpikeInALongRecordStillShows() {
        List<Plot.Point> pts = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            pts.add(new Plot.Point(i * 1e-3, i == 54_321 ? 10.0 : 1.0));
        }
        String svg = SvgPlot.render(new StringBuilder(), new Plot("r", "", "s", "A", List.of(new Plot.Series("i", "#000", "", pts)),
                List.of(), List.of(), true)).toString();
        String points = svg.replaceAll("(?s).*points=\"([^\"]*)\".*", "$1");
        long top = SvgPlot.H - 30 - Math.round((10.0 - 0) * (SvgPlot.H - 40) / (10.5));
        assertTrue(points.contains("," + top + " "), "the spike's pixel row " + top + " is drawn: " + points.length());
    }

    @Test
    void gapsAreSkippedAndAPlotWithoutFiniteDataSaysSo() {
        Plot none = new Plot("r", "", "s", "A", List.of(new Plot.Series("i", "#000", "", List.of(new Plot.Point(0, Double.NaN)))),
                List.of(), List.of(), false);
        assertEquals("<i>no data</i>", SvgPlot.render(new StringBuilder(), none).toString());
    }

    @Test
    void colorsAndDashesAreCheckedSoNothingCanBeInjectedThroughThem() {
        assertThrows(IllegalArgumentException.class, () -> new Plot.Series("s", "red\" onload=\"x", "", List.of()));
        assertThrows(IllegalArgumentException.class, () -> new Plot.Series("s", "#000", "4,3\"", List.of()));
    }
}
