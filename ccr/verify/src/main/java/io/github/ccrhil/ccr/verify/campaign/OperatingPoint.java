package io.github.ccrhil.ccr.verify.campaign;

import io.github.ccrhil.ccr.emulator.scenario.Scenario;
import io.github.ccrhil.ccr.emulator.scenario.ScenarioEvent;
import io.github.ccrhil.ccr.plant.LoopConfig;
import java.time.Duration;
import java.util.List;

/**
 * Where in the operating space a generated case runs. Every coordinate is a whole number, so a
 * case is exact in a scenario file and shrinks by integer steps towards its lower bound.
 *
 * @param rating regulator rating and tables
 * @param loadPercent connected load, % of the rating (0 = short circuit, cable only)
 * @param failedPercent lamps failed from the start, %
 * @param ledPercent share of LED lamps, % (rest halogen)
 * @param cableLengthM primary cable length, m
 * @param inputPermille input voltage deviation from nominal, ‰ (−100..+100 is the rated range)
 * @param mainsHz 50 or 60
 * @param fidelity plant model: averaged (cheap) or waveform
 */
public record OperatingPoint(Rating rating, int loadPercent, int failedPercent, int ledPercent, int cableLengthM,
                             int inputPermille, int mainsHz, Scenario.Fidelity fidelity) {

    /** Nominal input voltage of every generated case, V. */
    public static final double INPUT_VOLTAGE_V = 400.0;

    public OperatingPoint {
        OperatingSpace.LOAD_PERCENT.check("load %", loadPercent);
        OperatingSpace.FAILED_PERCENT.check("failed %", failedPercent);
        OperatingSpace.LED_PERCENT.check("LED %", ledPercent);
        OperatingSpace.CABLE_M.check("cable length m", cableLengthM);
        OperatingSpace.INPUT_PERMILLE.check("input ‰", inputPermille);
        if (mainsHz != 50 && mainsHz != 60) {
            throw new IllegalArgumentException("mains must be 50 or 60 Hz, was " + mainsHz);
        }
    }

    /**
     * The loop this point describes, with the load raised to the least the cable alone already
     * presents (a 4 km cable is about 5 % of a 10 kVA rating): {@link LoopConfig#forLoad} refuses
     * a load smaller than its own cable. Zero load (cable only, a short circuit) stays zero.
     */
    public OperatingPoint feasible() {
        if (loadPercent == 0) {
            return this;
        }
        double ratedA = rating.stepTable().startsWith("20A") ? 20.0 : 6.6;
        double km = cableLengthM / 1000.0;
        double omega = 2 * StrictMath.PI * mainsHz;
        double zCable = StrictMath.hypot(LoopConfig.CABLE_6MM2_OHM_PER_KM * km, omega * LoopConfig.CABLE_6MM2_H_PER_KM * km);
        int least = (int) StrictMath.ceil(zCable * ratedA * ratedA / (rating.ratedKva() * 1000.0) * 100.0) + 1;
        return loadPercent >= least ? this
                : new OperatingPoint(rating, StrictMath.min(100, least), failedPercent, ledPercent, cableLengthM,
                        inputPermille, mainsHz, fidelity);
    }

    /** A scenario at this point (made {@link #feasible()}) with the given events. */
    public Scenario scenario(String name, long seed, Duration duration, List<ScenarioEvent> events) {
        OperatingPoint p = feasible();
        return new Scenario(name, seed, p.fidelity,
                new Scenario.CcrRating(p.rating.ratedKva() * 1000.0, p.rating.stepTable(), List.of(), p.rating.toleranceTable()),
                new Scenario.Mains(INPUT_VOLTAGE_V, p.mainsHz, p.inputPermille / 1000.0),
                new Scenario.Loop(p.loadPercent / 100.0, p.cableLengthM, p.ledPercent / 100.0, p.failedPercent / 100.0),
                duration, events);
    }
}
