package io.github.ccrhil.ccr.verify.campaign;

import static com.sageserpent.americium.java.Trials.api;

import com.sageserpent.americium.java.Trials;
import io.github.ccrhil.ccr.emulator.scenario.Scenario;
import java.util.List;

/**
 * Americium trials over the generation model of {@link Cases}, drawn from the same
 * {@link OperatingSpace} ranges the {@code campaign} command uses. Every coordinate shrinks
 * towards the simplest value: the first rating, nominal input, 50 Hz, the averaged plant, no
 * failed lamps, all halogen, no cable, the shortest dwell, fewest events.
 */
final class Generators {

    private Generators() {
    }

    static Trials<Integer> ints(OperatingSpace.Range r, int shrinkTo) {
        return api().integers(r.lo(), r.hi(), shrinkTo);
    }

    static Trials<Integer> ints(OperatingSpace.Range r) {
        return ints(r, r.lo());
    }

    /**
     * Operating points with the LED share limited to {@code led}; {@code waveform}: whether the
     * waveform plant is drawn too (one case in four) or only the averaged one.
     */
    static Trials<OperatingPoint> points(OperatingSpace.Range led, boolean waveform) {
        Trials<Scenario.Fidelity> fidelity = waveform
                ? api().chooseWithWeights(List.of(java.util.Map.entry(3, Scenario.Fidelity.AVERAGED),
                        java.util.Map.entry(1, Scenario.Fidelity.WAVEFORM)))
                : api().only(Scenario.Fidelity.AVERAGED);
        return api().choose(Rating.ALL).flatMap(rating ->
                ints(OperatingSpace.LOAD_PERCENT, 60).flatMap(load ->
                ints(OperatingSpace.FAILED_PERCENT).flatMap(failed ->
                ints(led).flatMap(ledPercent ->
                ints(OperatingSpace.CABLE_M).flatMap(cable ->
                ints(OperatingSpace.INPUT_PERMILLE, 0).flatMap(input ->
                api().choose(50, 60).flatMap(hz ->
                fidelity.map(f -> new OperatingPoint(rating, load, failed, ledPercent, cable, input, hz, f)))))))));
    }

    static Trials<Cases.StepChange> stepChanges(OperatingSpace.Range led, boolean waveform) {
        Trials<Cases.Leg> leg = api().integers(0, 7, 0).flatMap(code ->
                ints(OperatingSpace.DWELL_MS).map(dwell -> new Cases.Leg(code, dwell)));
        return points(led, waveform).flatMap(p ->
                api().integers(1, 8, 1).flatMap(first ->
                ints(OperatingSpace.FIRST_DWELL_MS).flatMap(firstDwell ->
                ints(OperatingSpace.CHANGES).flatMap(n ->
                leg.immutableListsOfSize(n).flatMap(legs ->
                api().longs(0, 1_000_000, 0).map(seed -> new Cases.StepChange(p, first, firstDwell, legs, seed)))))));
    }

    static Trials<Cases.OpenCircuit> openCircuits(OperatingSpace.Range led, boolean waveform) {
        return points(led, waveform).flatMap(p ->
                api().integers(1, 8, 1).flatMap(step ->
                ints(Cases.OPEN_AT_MS).flatMap(at ->
                api().longs(0, 1_000_000, 0).map(seed -> new Cases.OpenCircuit(p, step, at, seed)))));
    }

    static Trials<Cases.LampEstimate> lampEstimates(OperatingSpace.Range led, int lowestStepCode) {
        return points(led, false).flatMap(p ->
                api().integers(lowestStepCode, 8, 8).flatMap(step ->
                ints(Cases.FAIL_AT_MS).flatMap(at ->
                ints(OperatingSpace.FAILED_PERCENT).flatMap(more ->
                api().longs(0, 1_000_000, 0).map(seed -> new Cases.LampEstimate(p, step, at, more, seed))))));
    }

    static Trials<Cases.Sequence> sequences(OperatingSpace.Range led, boolean waveform) {
        Trials<Cases.Action> action = api().integers(0, Cases.ACTIONS.size() - 1, 0).flatMap(kind ->
                api().integers(0, 999, 0).flatMap(param ->
                ints(Cases.GAP_MS).map(gap -> new Cases.Action(kind, param, gap))));
        return points(led, waveform).flatMap(p ->
                ints(Cases.SEQUENCE_LENGTH).flatMap(n ->
                action.immutableListsOfSize(n).flatMap(actions ->
                api().longs(0, 1_000_000, 0).map(seed -> new Cases.Sequence(p, List.copyOf(actions), seed)))));
    }
}
