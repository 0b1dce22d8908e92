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
     * Every step, LED share 0–100 %, lamps failing after the start. Where one lamp cannot be
     * resolved the estimate says so (−1) and is not judged; the tally requires enough judged cases.
     */
    @Test
    void theFailedLampEstimateIsWithinItsStatedAccuracy() {
        PropertyHarness.Tally tally = new PropertyHarness.Tally();
        Generators.lampEstimates(StepChangeCampaignTest.LED, 1).withLimits(500, SHRINK)
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
