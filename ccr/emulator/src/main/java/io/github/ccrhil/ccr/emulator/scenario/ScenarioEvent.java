package io.github.ccrhil.ccr.emulator.scenario;

import java.time.Duration;

/** Something that happens at a moment of a scenario: an operator action or a fault. */
public sealed interface ScenarioEvent {

    /** When it happens, from the start of the run. */
    Duration at();

    /** The remote (ALCMS) interface commands a brightness step; 0 switches the CCR off. */
    record StepCommand(Duration at, int step) implements ScenarioEvent { }

    /** The key switch is turned to REMOTE, OFF or LOCAL. */
    record SelectorChange(Duration at, String position) implements ScenarioEvent { }

    /** A step key pressed on the local panel (takes effect in LOCAL only). */
    record LocalStep(Duration at, int step) implements ScenarioEvent { }

    /** Reset of a trip, from the remote interface or the panel. */
    record Reset(Duration at, boolean local) implements ScenarioEvent { }

    /** This share of all lamps has failed (open secondaries), from now on. */
    record LampsFailed(Duration at, double fraction) implements ScenarioEvent { }

    /** This share of all lamps is bypassed, a sudden load change. */
    record LampsShorted(Duration at, double fraction) implements ScenarioEvent { }

    /** The series loop opens (true) or is repaired (false). */
    record LoopOpen(Duration at, boolean open) implements ScenarioEvent { }

    /** The CCR output is short-circuited (true) or the short removed (false). */
    record OutputShort(Duration at, boolean shorted) implements ScenarioEvent { }

    /** An earth fault of this resistance appears (infinite: cleared). */
    record EarthFault(Duration at, double ohms) implements ScenarioEvent { }

    /** The input voltage moves to this deviation from nominal, per unit. */
    record MainsDeviation(Duration at, double deviation) implements ScenarioEvent { }

    /** The supply is lost for this long, then returns at the previous deviation. */
    record MainsInterruption(Duration at, Duration length) implements ScenarioEvent { }

    /** The remote control link falls silent for this long (no commands, no heartbeats). */
    record ControlLinkLoss(Duration at, Duration length) implements ScenarioEvent { }
}
