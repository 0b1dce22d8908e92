package io.github.ccrhil.ccr.verify.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sageserpent.americium.java.TrialsScaffolding;
import io.github.ccrhil.evidence.Provenance;
import io.github.ccrhil.evidence.TimeLimit;
import io.github.ccrhil.ccr.emulator.scenario.Scenario;
import io.github.ccrhil.ccr.emulator.scenario.ScenarioReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Property-based step-change campaigns over the operating space (issue #5), on the emulated DUT
 * in simulated time. Each failing case is shrunk by Americium, written as a scenario file under
 * target/campaign-failures/ and reported with its replay command.
 *
 * <p>The whole operating space is drawn, LED share 0–100 % included (the soft-start overshoot on
 * LED-heavy loops that once confined these tests to 0–40 % is fixed by the current-control
 * software's approach guard; its counterexamples are kept in {@link RegressionScenariosTest}).
 * Americium draws from a fixed seed, so a CI run is reproducible.
 */
class StepChangeCampaignTest {

    /** Least share of generated cases that must actually exercise the property judged. */
    static final double JUDGED = 0.5;

    /** The LED share drawn: the whole range. */
    static final OperatingSpace.Range LED = OperatingSpace.LED_PERCENT;

    private static final TrialsScaffolding.OptionalLimits SHRINK = TrialsScaffolding.OptionalLimits.builder()
            .shrinkageAttempts(60).build();

    @Test
    void everyStepChangeSettlesIntoTheToleranceBandWithinOneSecond() {
        PropertyHarness.Tally tally = new PropertyHarness.Tally();
        Generators.stepChanges(LED, true).withLimits(600, SHRINK)
                .supplyTo(c -> PropertyHarness.check(c.scenario("settling"), tally, PropertyChecks.SETTLING));
        tally.assertJudgedAtLeast(JUDGED, PropertyChecks.SETTLING);
    }

    @Test
    void theCurrentNeverExceedsSixPointSevenAmpsExceptAsIec61822AllowsAndSoftStartsDoNotOvershoot() {
        PropertyHarness.Tally tally = new PropertyHarness.Tally();
        Generators.stepChanges(LED, true).withLimits(600, SHRINK)
                .supplyTo(c -> PropertyHarness.check(c.scenario("overshoot"), tally, PropertyChecks.OVERSHOOT,
                        PropertyChecks.SOFT_START));
        tally.assertJudgedAtLeast(JUDGED, PropertyChecks.OVERSHOOT);
    }

    @Test
    void stepCurrentsAreMonotoneInTheStepNumber() {
        PropertyHarness.Tally tally = new PropertyHarness.Tally();
        Generators.stepChanges(LED, true).withLimits(500, SHRINK)
                .supplyTo(c -> PropertyHarness.check(c.scenario("monotone"), tally, PropertyChecks.MONOTONE));
        tally.assertJudgedAtLeast(JUDGED, PropertyChecks.MONOTONE);
    }

    @Test
    void theSameScenarioRunTwiceGivesAnIdenticalTrace() {
        PropertyHarness.Tally tally = new PropertyHarness.Tally();
        Generators.stepChanges(OperatingSpace.LED_PERCENT, true).withLimits(300, SHRINK)
                .supplyTo(c -> PropertyHarness.check(c.scenario("determinism"), tally, PropertyChecks.DETERMINISM));
        tally.assertJudgedAtLeast(JUDGED, PropertyChecks.DETERMINISM);
    }

    /**
     * The harness itself: a deliberately impossible settling limit (0 s) must fail, be shrunk,
     * written as a scenario file that reads back to the failing scenario, and the failure must
     * carry the replay command.
     */
    @Test
    void aFailingCaseIsShrunkWrittenAsAScenarioFileAndReportsItsReplayCommand() throws Exception {
        PropertyLimits impossible = new PropertyLimits(PropertyLimits.defaultsFor(6.6).overshootA(),
                new TimeLimit("step-to-step settling", Duration.ZERO, Provenance.defaultValue("planted failure")),
                PropertyLimits.defaultsFor(6.6).openCircuit(), PropertyLimits.defaultsFor(6.6).lampEstimateLamps(),
                PropertyLimits.defaultsFor(6.6).lampEstimateShare(), PropertyLimits.defaultsFor(6.6).steadyAfter());
        Throwable thrown = assertThrows(Throwable.class, () -> Generators.stepChanges(LED, false)
                .withLimits(40, TrialsScaffolding.OptionalLimits.builder().shrinkageAttempts(20).build())
                .supplyTo(c -> PropertyHarness.check(c.scenario("planted"), impossible, PropertyChecks.SETTLING)));
        String message = fullMessage(thrown);
        assertTrue(message.contains("replay: java -jar cli/target/ccr-hil.jar replay "), message);
        Matcher m = Pattern.compile("scenario file: (\\S+\\.yaml)").matcher(message);
        assertTrue(m.find(), message);
        Path file = Path.of(m.group(1));
        assertTrue(Files.exists(file), "the scenario file named in the failure exists: " + file);
        Scenario replayed = ScenarioReader.read(file);
        CaseRunner.Result again = CaseRunner.run(replayed, impossible);
        assertTrue(again.verdict(PropertyChecks.SETTLING).failed(), "the written scenario reproduces the failure: "
                + again.verdicts());
        // shrunk: a single step change (one leg) is the least that can fail settling
        assertEquals(2, replayed.events().size(), "shrunk to one soft start and one step change: " + replayed.events());
    }

    static String fullMessage(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable x = t; x != null; x = x.getCause()) {
            b.append(x.getMessage()).append('\n');
        }
        return b.toString();
    }
}
