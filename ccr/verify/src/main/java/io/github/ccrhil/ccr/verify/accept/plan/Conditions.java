package io.github.ccrhil.ccr.verify.accept.plan;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What a test runs under: the steps exercised and the operating points, each point one run
 * (or one per step, for procedures that make a run per step). In a plan, points are written as
 * lists whose every combination is a point (load × input × failed lamps), plus any number of
 * further such blocks under {@code more:}.
 *
 * @param steps brightness steps exercised, in order (empty: every step of the table)
 * @param points the operating points, in plan order
 */
public record Conditions(List<Integer> steps, List<Point> points) {

    public Conditions {
        steps = List.copyOf(Objects.requireNonNull(steps, "steps"));
        points = List.copyOf(points);
        if (points.isEmpty()) {
            throw new IllegalArgumentException("at least one operating point");
        }
    }

    /**
     * One point of the operating space a run is made at.
     *
     * @param load connected load as a fraction of the rating (0 = short circuit)
     * @param input input voltage deviation from nominal, per unit
     * @param failed share of lamps failed from the start of the run
     */
    public record Point(double load, double input, double failed) {
        /** A short, file-name-safe label, e.g. "load080-in-10-fail30". */
        public String label() {
            return String.format(Locale.ROOT, "load%03d-in%+03d-fail%02d", Math.round(load * 100),
                    Math.round(input * 100), Math.round(failed * 100));
        }
    }

    /** Every combination of the lists, loads outermost. */
    public static List<Point> product(List<Double> loads, List<Double> inputs, List<Double> failed) {
        java.util.ArrayList<Point> out = new java.util.ArrayList<>();
        for (double l : loads) {
            for (double i : inputs) {
                for (double f : failed) {
                    out.add(new Point(l, i, f));
                }
            }
        }
        return out;
    }
}
