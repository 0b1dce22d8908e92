package io.github.ccrhil.ccr.firmware.board;

import io.github.ccrhil.ccr.firmware.control.StepTable;
import io.github.ccrhil.evidence.Limit;
import io.github.ccrhil.evidence.Provenance;
import io.github.ccrhil.evidence.TimeLimit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Every protection and alarm threshold of the board, each named and with its provenance.
 * Levels relative to the top step or the reference are fractions ("× top step").
 */
public record ProtectionSettings(
        TimeLimit openCircuitTripDelay,
        TimeLimit openCircuitDeadline,
        Limit openCircuitCurrentFraction,
        Limit openCircuitMinReference,
        Limit overcurrentLowLevel,
        TimeLimit overcurrentLowDelay,
        Limit overcurrentHighLevel,
        TimeLimit overcurrentHighDelay,
        Limit maxNormalPeak,
        Limit surgePeakFactor,
        Limit surgeRmsLevel,
        Limit surgeHoldCurrent,
        Limit surgeHoldCycles,
        TimeLimit surgeRecovery,
        Limit dynamicResponseMargin,
        Limit mainsLossLevel,
        TimeLimit mainsRideThrough,
        TimeLimit linkLossTimeout,
        Limit lockoutTrips,
        TimeLimit lockoutWindow,
        Limit lampFailureLevel1,
        Limit lampFailureLevel2,
        Limit earthFaultLevel1,
        Limit earthFaultLevel2,
        TimeLimit toleranceAlarmDelay,
        Limit missedSampleTripCount) {

    private static final Provenance IEC_5_3_10 = Provenance.of("IEC 61822 §5.3.10");

    public ProtectionSettings {
        List<Object> all = new ArrayList<>();
        for (Object o : new Object[] {openCircuitTripDelay, openCircuitDeadline, openCircuitCurrentFraction,
                openCircuitMinReference, overcurrentLowLevel, overcurrentLowDelay, overcurrentHighLevel,
                overcurrentHighDelay, maxNormalPeak, surgePeakFactor, surgeRmsLevel, surgeHoldCurrent,
                surgeHoldCycles, surgeRecovery, dynamicResponseMargin, mainsLossLevel, mainsRideThrough,
                linkLossTimeout, lockoutTrips, lockoutWindow, lampFailureLevel1, lampFailureLevel2,
                earthFaultLevel1, earthFaultLevel2, toleranceAlarmDelay, missedSampleTripCount}) {
            all.add(Objects.requireNonNull(o, "protection setting"));
        }
        if (openCircuitTripDelay.value().compareTo(openCircuitDeadline.value()) > 0) {
            throw new IllegalArgumentException(openCircuitTripDelay.name() + " " + openCircuitTripDelay.value()
                    + " exceeds " + openCircuitDeadline.name() + " " + openCircuitDeadline.value());
        }
        double cycles = surgeHoldCycles.value();
        if (cycles != StrictMath.rint(cycles) || cycles < 1 || cycles > 4) {
            throw new IllegalArgumentException(surgeHoldCycles.name() + " must be a whole number 1..4 (IEC 61822 §5.3.10), was " + cycles);
        }
        if (!(overcurrentHighLevel.value() > overcurrentLowLevel.value()) || !(overcurrentLowLevel.value() > 1.0)) {
            throw new IllegalArgumentException("overcurrent levels need 1 < low < high, were "
                    + overcurrentLowLevel.value() + ", " + overcurrentHighLevel.value());
        }
        if (!(earthFaultLevel1.value() > earthFaultLevel2.value()) || !(earthFaultLevel2.value() > 0)) {
            throw new IllegalArgumentException("earth-fault levels need level 1 > level 2 > 0 Ω, were "
                    + earthFaultLevel1.value() + ", " + earthFaultLevel2.value());
        }
        if (!(lampFailureLevel2.value() >= lampFailureLevel1.value()) || !(lampFailureLevel1.value() > 0)) {
            throw new IllegalArgumentException("lamp-failure levels need 0 < level 1 ≤ level 2, were "
                    + lampFailureLevel1.value() + ", " + lampFailureLevel2.value());
        }
        if (missedSampleTripCount.value() < 1 || missedSampleTripCount.value() != StrictMath.rint(missedSampleTripCount.value())) {
            throw new IllegalArgumentException(missedSampleTripCount.name() + " must be a whole number ≥ 1, was "
                    + missedSampleTripCount.value());
        }
        if (lockoutTrips.value() < 1 || lockoutTrips.value() != StrictMath.rint(lockoutTrips.value())) {
            throw new IllegalArgumentException(lockoutTrips.name() + " must be a whole number ≥ 1, was " + lockoutTrips.value());
        }
        for (Limit l : new Limit[] {openCircuitCurrentFraction, openCircuitMinReference, maxNormalPeak,
                surgePeakFactor, surgeRmsLevel, surgeHoldCurrent, dynamicResponseMargin, mainsLossLevel}) {
            if (!(l.value() > 0.0)) {
                throw new IllegalArgumentException(l.name() + " must be positive, was " + l.value());
            }
        }
        if (linkLossTimeout.value().isZero() || mainsRideThrough.value().isNegative()) {
            throw new IllegalArgumentException(linkLossTimeout.name() + " must be positive");
        }
    }

    /** Defaults for a regulator with step table {@code steps}. */
    public static ProtectionSettings defaults(StepTable steps) {
        double top = steps.topStepCurrentA();
        return new ProtectionSettings(
                new TimeLimit("open-circuit trip delay", Duration.ofSeconds(2),
                        Provenance.defaultValue("vendor data; UFC 3-535-01 §14-7.1 requires ≤ 3 s")),
                new TimeLimit("open-circuit de-energise deadline", Duration.ofSeconds(3),
                        Provenance.of("UFC 3-535-01 §14-7.1")),
                new Limit("open-circuit current fraction", 0.1, "× reference",
                        Provenance.defaultValue("loop current below 10 % of the reference while conducting; 30 % "
                                + "also matched a heavily loaded loop still rising at start-up")),
                new Limit("open-circuit minimum reference", 0.1 * top, "A",
                        Provenance.defaultValue("open-circuit check armed above 10 % of the top step")),
                new Limit("overcurrent low level", 1.05, "× top step", Provenance.defaultValue("ccr.md: > 105 % for 5 s")),
                new TimeLimit("overcurrent low delay", Duration.ofSeconds(5), Provenance.defaultValue("ccr.md: > 105 % for 5 s")),
                new Limit("overcurrent high level", 1.25, "× top step", Provenance.defaultValue("ccr.md: > 125 % for 1 s")),
                new TimeLimit("overcurrent high delay", Duration.ofSeconds(1), Provenance.defaultValue("ccr.md: > 125 % for 1 s")),
                new Limit("maximum normal peak current", 2.0 * top, "A",
                        Provenance.defaultValue("crest factor 2 at the top step (phase-controlled waveform)")),
                new Limit("surge peak factor", 2.0, "× maximum normal peak", IEC_5_3_10),
                new Limit("surge rms level", 1.25, "× top step", IEC_5_3_10),
                new Limit("surge hold current", 2.0, "A rms", IEC_5_3_10),
                new Limit("surge hold cycles", 2, "cycles", Provenance.defaultValue("IEC 61822 §5.3.10 allows 1–4 cycles")),
                new TimeLimit("surge recovery", Duration.ofMillis(500), IEC_5_3_10),
                new Limit("dynamic response margin", 0.05, "× reference",
                        Provenance.defaultValue("fast cut above 105 % of the reference (IEC 61822 §5.3.10 one half-cycle)")),
                new Limit("mains loss level", 0.5, "× nominal input", Provenance.defaultValue("mains lost below 50 % of nominal")),
                new TimeLimit("mains ride-through", Duration.ofMillis(20), Provenance.defaultValue("ccr.md: ride through ≤ 20 ms")),
                new TimeLimit("control link loss timeout", Duration.ofSeconds(5),
                        Provenance.defaultValue("no remote command or heartbeat for 5 s")),
                new Limit("lock-out trip count", 3, "trips", Provenance.defaultValue("lock out after 3 trips within the window")),
                new TimeLimit("lock-out window", Duration.ofMinutes(10), Provenance.defaultValue("trips counted over 10 min")),
                new Limit("lamp failure level 1", 5.0, "% of lamps", Provenance.defaultValue("vendor practice")),
                new Limit("lamp failure level 2", 10.0, "% of lamps", Provenance.defaultValue("vendor practice")),
                new Limit("earth fault level 1", 10e6, "Ω", Provenance.defaultValue("warning below 10 MΩ")),
                new Limit("earth fault level 2", 1e6, "Ω", Provenance.defaultValue("alarm below 1 MΩ")),
                new TimeLimit("tolerance alarm delay", Duration.ofSeconds(1),
                        Provenance.defaultValue("ccr.md: step settling ≤ 1.0 s")),
                new Limit("missed-sample trip count", 5, "half-cycles",
                        Provenance.defaultValue("firing angle held through up to 4 consecutive missed samples, trip on "
                                + "the 5th: at serve's 200 ms power-stage link timeout that is at most 1 s without "
                                + "a measurement, inside the 3 s open-circuit deadline (UFC 3-535-01 §14-7.1)")));
    }

    /** All numeric limits, in declaration order. */
    public List<Limit> limits() {
        return List.of(openCircuitCurrentFraction, openCircuitMinReference, overcurrentLowLevel, overcurrentHighLevel,
                maxNormalPeak, surgePeakFactor, surgeRmsLevel, surgeHoldCurrent, surgeHoldCycles, dynamicResponseMargin,
                mainsLossLevel, lockoutTrips, lampFailureLevel1, lampFailureLevel2, earthFaultLevel1, earthFaultLevel2,
                missedSampleTripCount);
    }

    /** All time limits, in declaration order. */
    public List<TimeLimit> timeLimits() {
        return List.of(openCircuitTripDelay, openCircuitDeadline, overcurrentLowDelay, overcurrentHighDelay,
                surgeRecovery, mainsRideThrough, linkLossTimeout, lockoutWindow, toleranceAlarmDelay);
    }

    /** A copy with the numeric limit called {@code name} set to {@code value}. */
    public ProtectionSettings withLimit(String name, double value) {
        if (limits().stream().noneMatch(l -> l.name().equals(name))) {
            throw new IllegalArgumentException("unknown limit '" + name + "'; known: "
                    + limits().stream().map(Limit::name).toList());
        }
        return map(l -> l.name().equals(name) ? l.withValue(value) : l, t -> t);
    }

    /** A copy with the time limit called {@code name} set to {@code value}. */
    public ProtectionSettings withTime(String name, Duration value) {
        if (timeLimits().stream().noneMatch(l -> l.name().equals(name))) {
            throw new IllegalArgumentException("unknown time limit '" + name + "'; known: "
                    + timeLimits().stream().map(TimeLimit::name).toList());
        }
        return map(l -> l, t -> t.name().equals(name) ? t.withValue(value) : t);
    }

    private ProtectionSettings map(UnaryOperator<Limit> l, UnaryOperator<TimeLimit> t) {
        return new ProtectionSettings(t.apply(openCircuitTripDelay), t.apply(openCircuitDeadline),
                l.apply(openCircuitCurrentFraction), l.apply(openCircuitMinReference), l.apply(overcurrentLowLevel),
                t.apply(overcurrentLowDelay), l.apply(overcurrentHighLevel), t.apply(overcurrentHighDelay),
                l.apply(maxNormalPeak), l.apply(surgePeakFactor), l.apply(surgeRmsLevel), l.apply(surgeHoldCurrent),
                l.apply(surgeHoldCycles), t.apply(surgeRecovery), l.apply(dynamicResponseMargin), l.apply(mainsLossLevel),
                t.apply(mainsRideThrough), t.apply(linkLossTimeout), l.apply(lockoutTrips), t.apply(lockoutWindow),
                l.apply(lampFailureLevel1), l.apply(lampFailureLevel2), l.apply(earthFaultLevel1),
                l.apply(earthFaultLevel2), t.apply(toleranceAlarmDelay), l.apply(missedSampleTripCount));
    }
}
