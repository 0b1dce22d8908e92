package io.github.ccrhil.evidence;

import java.util.List;

/**
 * The verdict of one test: a pure function of the plan and the raw traces. An acceptance test
 * and a campaign property are both judged into one of these.
 *
 * @param testId the plan's test id (a campaign property: its name)
 * @param procedure the procedure's plan name (a campaign property: {@code "campaign property"})
 * @param requirement the requirement in words
 * @param clause its clause
 * @param outcome PASS, FAIL, INCONCLUSIVE or NOT_APPLICABLE (FAIL if any check failed)
 * @param reason one line: why it failed or was inconclusive, or what passed
 * @param measurement the measurement source ("plant-trace", "dut-self-report", …)
 * @param selfReported true when the judged values are the DUT's own report
 * @param checks every judged quantity
 * @param files the raw files it was computed from, relative to the bundle
 */
public record Verdict(String testId, String procedure, String requirement, String clause, Outcome outcome,
                      String reason, String measurement, boolean selfReported, List<Check> checks, List<String> files) {

    public Verdict {
        checks = List.copyOf(checks);
        files = List.copyOf(files);
    }

    public boolean failed() {
        return outcome == Outcome.FAIL;
    }
}
