package io.github.ccrhil.ccr.verify.campaign;

import io.github.ccrhil.ccr.emulator.scenario.Scenario;
import io.github.ccrhil.ccr.emulator.scenario.ScenarioEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Greedy shrinking of a failing scenario, for the {@code campaign} command (the property tests
 * shrink with Americium instead). It tries simpler scenarios one change at a time — fewer events,
 * a shorter run, no failed lamps, all halogen, no cable, nominal input, 50 Hz, the averaged
 * plant, values halfway to those — and keeps any that still fails the same way, until nothing
 * simpler fails or the budget of runs is spent.
 */
public final class Shrinker {

    private Shrinker() {
    }

    public static Scenario shrink(Scenario failing, Predicate<Scenario> stillFails, int budget) {
        Scenario best = failing;
        int runs = 0;
        boolean progress = true;
        while (progress && runs < budget) {
            progress = false;
            for (Scenario candidate : candidates(best)) {
                if (runs >= budget) {
                    break;
                }
                runs++;
                boolean fails;
                try {
                    fails = stillFails.test(candidate);
                } catch (IllegalArgumentException e) {
                    fails = false; // not a valid scenario (e.g. a cable longer than its load)
                }
                if (fails) {
                    best = candidate;
                    progress = true;
                    break;
                }
            }
        }
        return best;
    }

    private static List<Scenario> candidates(Scenario s) {
        List<Scenario> out = new ArrayList<>();
        List<ScenarioEvent> ev = s.events();
        for (int i = ev.size() - 1; i >= 0; i--) {
            List<ScenarioEvent> fewer = new ArrayList<>(ev);
            fewer.remove(i);
            out.add(with(s, s.loop(), s.mains(), s.fidelity(), s.duration(), fewer));
        }
        long lastEvent = ev.isEmpty() ? 0 : ev.get(ev.size() - 1).at().toMillis();
        long ms = s.duration().toMillis();
        long shorter = lastEvent + (ms - lastEvent) / 2;
        if (shorter > lastEvent && shorter < ms) {
            out.add(with(s, s.loop(), s.mains(), s.fidelity(), Duration.ofMillis(shorter), ev));
        }
        Scenario.Loop l = s.loop();
        for (double[] v : new double[][] {{0, l.failedFraction()}, {1, l.ledFraction()}, {2, l.cableLengthM()}}) {
            for (double target : new double[] {0, half(v[1])}) {
                if (target == v[1]) {
                    continue;
                }
                Scenario.Loop nl = switch ((int) v[0]) {
                    case 0 -> new Scenario.Loop(l.loadFraction(), l.cableLengthM(), l.ledFraction(), target);
                    case 1 -> new Scenario.Loop(l.loadFraction(), l.cableLengthM(), target, l.failedFraction());
                    default -> new Scenario.Loop(l.loadFraction(), StrictMath.rint(target), l.ledFraction(), l.failedFraction());
                };
                out.add(with(s, nl, s.mains(), s.fidelity(), s.duration(), ev));
            }
        }
        Scenario.Mains m = s.mains();
        for (double d : new double[] {0, half(m.deviation())}) {
            if (d != m.deviation()) {
                out.add(with(s, l, new Scenario.Mains(m.voltageRms(), m.frequencyHz(), d), s.fidelity(), s.duration(), ev));
            }
        }
        if (m.frequencyHz() != 50) {
            out.add(with(s, l, new Scenario.Mains(m.voltageRms(), 50, m.deviation()), s.fidelity(), s.duration(), ev));
        }
        if (s.fidelity() != Scenario.Fidelity.AVERAGED) {
            out.add(with(s, l, m, Scenario.Fidelity.AVERAGED, s.duration(), ev));
        }
        return out;
    }

    /** Halfway to zero, rounded to a whole per cent (keeps the file readable). */
    private static double half(double v) {
        double h = StrictMath.rint(v * 50.0) / 100.0;
        return StrictMath.abs(v) > 2 ? StrictMath.rint(v / 2) : h;
    }

    private static Scenario with(Scenario s, Scenario.Loop loop, Scenario.Mains mains, Scenario.Fidelity f, Duration d,
                                 List<ScenarioEvent> events) {
        return new Scenario(s.name(), s.seed(), f, s.ccr(), mains, loop, d, events);
    }
}
