package io.github.ccrhil.ccr.verify.campaign;

import io.github.ccrhil.ccr.verify.limits.LimitTables;
import io.github.ccrhil.ccr.verify.limits.StepTable;
import io.github.ccrhil.evidence.Provenance;
import io.github.ccrhil.ccr.emulator.scenario.Scenario;
import io.github.ccrhil.ccr.emulator.sim.CcrSimulation;
import java.util.Objects;

/**
 * What the property functions need to know besides the trace rows: the scenario as run, its
 * step table, the loop's lamp count, the limits, and what the plant could reach.
 */
public record RunContext(Scenario scenario, StepTable steps, int lampCount, PropertyLimits limits,
                         Reachability reachability) {

    public RunContext {
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(steps, "steps");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(reachability, "reachability");
    }

    /** The context of a run on the emulated plant: default limits, reachability from the plant. */
    public static RunContext of(Scenario scenario) {
        return of(scenario, PropertyLimits.defaultsFor(steps(scenario).ratedCurrentA()));
    }

    /** As {@link #of(Scenario)} with other limits (a test plan's, or a deliberately strict one). */
    public static RunContext of(Scenario scenario, PropertyLimits limits) {
        StepTable steps = steps(scenario);
        int lamps = CcrSimulation.plantConfig(scenario).loop().lampCount();
        return new RunContext(scenario, steps, lamps, limits, Reachability.ofPlant(scenario));
    }

    /** The step table a scenario names (catalogue or custom). */
    public static StepTable steps(Scenario s) {
        if (s.ccr().stepTable().equals("custom")) {
            double[] c = s.ccr().customSteps().stream().mapToDouble(Double::doubleValue).toArray();
            return StepTable.custom("custom", c[c.length - 1], Provenance.of("the scenario's custom steps"), c);
        }
        return stepsNamed(s.ccr().stepTable());
    }

    /** The verifier's catalogue step table of that name (never the firmware's). */
    public static StepTable stepsNamed(String name) {
        return LimitTables.builtIn().steps(name);
    }

    public double halfCycleSeconds() {
        return 0.5 / scenario.mains().frequencyHz();
    }
}
