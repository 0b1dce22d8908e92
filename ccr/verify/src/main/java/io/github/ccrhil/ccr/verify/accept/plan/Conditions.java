package io.github.ccrhil.ccr.verify.accept.plan;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What a test runs under: the steps exercised and the operating points, each point one run
 * (or one per step, for procedures that make a run per step). In a plan, points are written as
 * lists whose every combination is a point (load × input × failed lamps), plus any number of
 * further such blocks under {@code more:}. A block may also set the loop's LED share
 * ({@code led: [100%]}); without it the point runs on the equipment's loop ({@code equipment.led}).
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
     * @param led share of the loop's load that is LED fixtures, when the test sets it; empty: the
     *            equipment's own loop
     */
    public record Point(double load, double input, double failed, OptionalDouble led) {

        public Point {
            Objects.requireNonNull(led, "led");
        }

        /** A point on the equipment's own loop (its LED share). */
        public Point(double load, double input, double failed) {
            this(load, input, failed, OptionalDouble.empty());
        }

        /** The LED share of this point's loop: the test's, or else the equipment's. */
        public double ledOr(double equipmentLed) {
            return led.orElse(equipmentLed);
        }

        /** A short, file-name-safe label, e.g. "load080-in-10-fail30" or "load100-in+00-fail00-led100". */
        public String label() {
            String base = String.format(Locale.ROOT, "load%03d-in%+03d-fail%02d", Math.round(load * 100),
                    Math.round(input * 100), Math.round(failed * 100));
            return led.isPresent() ? base + String.format(Locale.ROOT, "-led%03d", Math.round(led.getAsDouble() * 100))
                    : base;
        }
    }

    /** Every combination of the lists, loads outermost, on the equipment's own loop. */
    public static List<Point> product(List<Double> loads, List<Double> inputs, List<Double> failed) {
        return product(loads, inputs, failed, List.of(OptionalDouble.empty()));
    }

    /** Every combination of the lists, loads outermost, LED shares innermost. */
    public static List<Point> product(List<Double> loads, List<Double> inputs, List<Double> failed,
                                      List<OptionalDouble> leds) {
        java.util.ArrayList<Point> out = new java.util.ArrayList<>();
        for (double l : loads) {
            for (double i : inputs) {
                for (double f : failed) {
                    for (OptionalDouble led : leds) {
                        out.add(new Point(l, i, f, led));
                    }
                }
            }
        }
        return out;
    }
}
