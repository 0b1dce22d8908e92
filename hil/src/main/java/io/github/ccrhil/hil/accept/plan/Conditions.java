package io.github.ccrhil.hil.accept.plan;

import java.util.List;
import java.util.Objects;

/**
 * What a test runs under. Every combination of load × input × failed lamps is one run; each
 * run goes through {@link #steps}.
 *
 * @param steps brightness steps exercised, in order (empty: every step of the table)
 * @param loads connected load as a fraction of the rating
 * @param inputs input voltage deviation from nominal, per unit
 * @param failedLamps share of lamps failed from the start of the run
 */
public record Conditions(List<Integer> steps, List<Double> loads, List<Double> inputs, List<Double> failedLamps) {

    public Conditions {
        steps = List.copyOf(Objects.requireNonNull(steps, "steps"));
        loads = List.copyOf(loads);
        inputs = List.copyOf(inputs);
        failedLamps = List.copyOf(failedLamps);
    }

    /** One point of the operating space a run is made at. */
    public record Point(double load, double input, double failed) {
        /** A short, file-name-safe label, e.g. "load080-in-10-fail30". */
        public String label() {
            return String.format(java.util.Locale.ROOT, "load%03d-in%+03d-fail%02d", Math.round(load * 100),
                    Math.round(input * 100), Math.round(failed * 100));
        }
    }

    /** Every run's operating point, loads outermost, in plan order. */
    public List<Point> points() {
        java.util.ArrayList<Point> out = new java.util.ArrayList<>();
        for (double l : loads) {
            for (double i : inputs) {
                for (double f : failedLamps) {
                    out.add(new Point(l, i, f));
                }
            }
        }
        return out;
    }
}
