package io.github.ccrhil.water.verify.accept;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.ccrhil.evidence.Outcome;
import io.github.ccrhil.evidence.Verdict;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The water suite proves itself: each deliberately defective supervisory server fails the check
 * meant to catch it, and only that one among the functional checks (the timed ones are measured,
 * and judged by the suite, as in {@link AcceptanceSuiteTest}).
 */
class DefectiveServerTest {

    static final List<String> FUNCTIONAL = List.of(WaterPlan.COMMAND_AUTHORITY, WaterPlan.COMMAND_REPLAY, WaterPlan.LOGIN_RATE_LIMIT,
            WaterPlan.HISTORIAN_COMPLETENESS, WaterPlan.PLC_SAFE_SERVER_FLOODED_OR_DOWN,
            WaterPlan.PLC_AUTONOMY, WaterPlan.TURBIDITY_STEP);

    @TempDir
    Path dir;

    Map<String, Outcome> functionalOutcomes(ServerDefect defect) throws Exception {
        AcceptanceSuite suite = new AcceptanceSuite(new AcceptanceSuite.Options(Duration.ofMillis(250), 3, 100, 4,
                dir.resolve("work-" + defect), null)).withDefect(defect);
        List<Verdict> verdicts = suite.run(dir.resolve("bundle-" + defect));
        verdicts.stream().filter(v -> v.outcome() != Outcome.PASS)
                .forEach(v -> System.out.println(defect + " " + v.testId() + " " + v.outcome() + ": " + v.reason()));
        return verdicts.stream().filter(v -> FUNCTIONAL.contains(v.testId()))
                .collect(Collectors.toMap(Verdict::testId, Verdict::outcome, (a, b) -> a, java.util.TreeMap::new));
    }

    static Map<String, Outcome> allPassBut(String failing) {
        return FUNCTIONAL.stream().collect(Collectors.toMap(id -> id, id -> id.equals(failing) ? Outcome.FAIL : Outcome.PASS,
                (a, b) -> a, java.util.TreeMap::new));
    }

    @Test
    void aServerThatIgnoresRolesFailsCommandAuthorityAndCommandReplayBothOfWhichSendWrongRoles() throws Exception {
        Map<String, Outcome> expected = allPassBut(WaterPlan.COMMAND_AUTHORITY);
        expected.put(WaterPlan.COMMAND_REPLAY, Outcome.FAIL);
        assertEquals(expected, functionalOutcomes(ServerDefect.IGNORES_ROLES));
    }

    @Test
    void aServerThatExecutesARetriedCommandAgainFailsCommandAuthorityCountedAtThePlc() throws Exception {
        assertEquals(allPassBut(WaterPlan.COMMAND_AUTHORITY), functionalOutcomes(ServerDefect.DOUBLE_EXECUTES));
    }

    @Test
    void aServerWhoseConfirmationsCanBeReplayedFailsCommandReplayCountedAtThePlc() throws Exception {
        assertEquals(allPassBut(WaterPlan.COMMAND_REPLAY), functionalOutcomes(ServerDefect.REPLAYS_CONFIRMATIONS));
    }

    @Test
    void aServerWithoutALimitOnFailedLoginsFailsLoginRateLimit() throws Exception {
        assertEquals(allPassBut(WaterPlan.LOGIN_RATE_LIMIT), functionalOutcomes(ServerDefect.NO_LOGIN_LIMIT));
    }

    @Test
    void aPlcThatFollowsTheLastCommandWhenTheServerFallsSilentFailsPlcSafety() throws Exception {
        assertEquals(allPassBut(WaterPlan.PLC_SAFE_SERVER_FLOODED_OR_DOWN), functionalOutcomes(ServerDefect.PLC_FOLLOWS_LAST_COMMAND));
    }

    @Test
    void aStandbyThatDropsSamplesWhenItTakesOverFailsHistorianCompleteness() throws Exception {
        assertEquals(allPassBut(WaterPlan.HISTORIAN_COMPLETENESS), functionalOutcomes(ServerDefect.DROPS_SAMPLES_ON_FAILOVER));
    }
}
