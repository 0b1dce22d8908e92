package io.github.ccrhil.ccr.verify.campaign;

import io.github.ccrhil.ccr.emulator.scenario.ScenarioEvent;
import java.util.Locale;

/**
 * An abstract model of the control board's state machine, the oracle of the stateful property.
 * It knows nothing of currents or timers: it says which state and step the board must be in once
 * every transient of the last event has had time to end (soft start done, open circuit tripped,
 * mains back). It follows the board's documented rules (UFC 3-535-01 §13-16.6 "hold" failsafe,
 * default 3 trips to lock-out, reset rules), not its code.
 *
 * <ul>
 *   <li>selector OFF selects nothing; remote commands are refused in LOCAL, local step keys in
 *       REMOTE; the key switch itself is always obeyed;</li>
 *   <li>the step commanded is kept across selector changes and control-link loss (hold);</li>
 *   <li>an energised regulator on an open loop trips; the {@value #LOCKOUT_TRIPS}th trip (within
 *       the 10 min window: every generated run is shorter) locks it out;</li>
 *   <li>a trip is cleared by a reset from either side, a lock-out only by a local reset; remote
 *       resets are refused in LOCAL;</li>
 *   <li>supply interruptions, supply deviations, lamp failures, shorted lamps, an output short
 *       and link loss leave the settled state unchanged (an open loop trips even with the output
 *       shorted: the emulated plant gives the open loop precedence).</li>
 * </ul>
 */
public final class BoardModel {

    /** Default lock-out trip count of the board (ProtectionSettings "lock-out trip count"). */
    public static final int LOCKOUT_TRIPS = 3;

    public enum State { OFF, REGULATING, TRIPPED, LOCKED_OUT }

    private String selector = "REMOTE";
    private int commanded;
    private boolean loopOpen;
    private State state = State.OFF;
    private int trips;

    /** Applies an event as the board would receive it. */
    public void apply(ScenarioEvent e) {
        if (e instanceof ScenarioEvent.SelectorChange s) {
            selector = s.position().toUpperCase(Locale.ROOT);
        } else if (e instanceof ScenarioEvent.StepCommand s) {
            if (selector.equals("REMOTE")) {
                commanded = s.step();
            }
        } else if (e instanceof ScenarioEvent.LocalStep s) {
            if (selector.equals("LOCAL")) {
                commanded = s.step();
            }
        } else if (e instanceof ScenarioEvent.Reset r) {
            boolean refused = (!r.local() && selector.equals("LOCAL")) || (state == State.LOCKED_OUT && !r.local());
            if (!refused && (state == State.TRIPPED || state == State.LOCKED_OUT)) {
                if (state == State.LOCKED_OUT) {
                    trips = 0;
                }
                state = State.OFF;
            }
        } else if (e instanceof ScenarioEvent.LoopOpen o) {
            loopOpen = o.open();
        }
        // supply, lamps, earth faults, link loss: no change to the settled state
    }

    /** Lets every transient end: what the board must show after a quiet spell. */
    public void settle() {
        if (state == State.TRIPPED || state == State.LOCKED_OUT) {
            return;
        }
        int target = targetStep();
        if (target == 0) {
            state = State.OFF;
        } else if (loopOpen) {
            trips++;
            state = trips >= LOCKOUT_TRIPS ? State.LOCKED_OUT : State.TRIPPED;
        } else {
            state = State.REGULATING;
        }
    }

    public int targetStep() {
        return selector.equals("OFF") ? 0 : commanded;
    }

    public State state() {
        return state;
    }

    /** The active step the board must report: the target while regulating, else 0. */
    public int activeStep() {
        return state == State.REGULATING ? targetStep() : 0;
    }

    @Override
    public String toString() {
        return state + " step " + activeStep() + " (selector " + selector + ", commanded " + commanded
                + (loopOpen ? ", loop open" : "") + ", trips " + trips + ")";
    }
}
