package io.github.ccrhil.ccr.verify.campaign;

import io.github.ccrhil.evidence.Outcome;
import io.github.ccrhil.evidence.Verdict;
import io.github.ccrhil.ccr.emulator.scenario.Scenario;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Judges one generated scenario inside an Americium trial. A failure writes the scenario under
 * {@code target/campaign-failures/} (named by its content, so the shrunk case Americium finally
 * reports has its own file) and throws an AssertionError whose message gives the file and the
 * exact replay command.
 */
final class PropertyHarness {

    /** Where failing cases go: the module's build folder (surefire runs in the module folder). */
    static final Path FAILURES = Path.of("target", "campaign-failures");

    private PropertyHarness() {
    }

    /** Counts how many cases actually exercised a property, so that a test cannot pass vacuously. */
    static final class Tally {
        private final java.util.concurrent.atomic.AtomicInteger cases = new java.util.concurrent.atomic.AtomicInteger();
        private final java.util.concurrent.atomic.AtomicInteger judged = new java.util.concurrent.atomic.AtomicInteger();

        void count(CaseRunner.Result r, String property) {
            cases.incrementAndGet();
            if (r.verdict(property).outcome() == Outcome.PASS) {
                judged.incrementAndGet();
            }
        }

        /** Asserts that at least {@code share} of the cases judged the property (passed it, not n/a). */
        void assertJudgedAtLeast(double share, String property) {
            System.out.println(property + ": judged in " + judged.get() + " of " + cases.get() + " generated cases");
            if (judged.get() < share * cases.get()) {
                throw new AssertionError(property + " was judged in only " + judged.get() + " of " + cases.get()
                        + " generated cases: the generator misses what it is meant to exercise");
            }
        }
    }

    /** Runs {@code s}, throws if any of {@code properties} fails, and counts the first property in {@code tally}. */
    static void check(Scenario s, Tally tally, String... properties) {
        CaseRunner.Result r = check(s, PropertyLimits.defaultsFor(RunContext.steps(s).ratedCurrentA()), properties);
        tally.count(r, properties[0]);
    }

    /** Runs {@code s} and throws if any of {@code properties} fails. */
    static CaseRunner.Result check(Scenario s, PropertyLimits limits, String... properties) {
        CaseRunner.Result r = CaseRunner.run(s, limits, List.of(properties).contains(PropertyChecks.DETERMINISM));
        List<Verdict> failing = r.verdicts().stream()
                .filter(v -> v.failed() && List.of(properties).contains(v.testId())).toList();
        if (failing.isEmpty()) {
            return r;
        }
        Path file;
        try {
            file = FailureFiles.write(s, failing, FAILURES);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new AssertionError(FailureFiles.message(failing, file.toAbsolutePath()));
    }

}
