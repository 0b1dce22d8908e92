package io.github.ccrhil.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A campaign pod of a Kubernetes Indexed Job takes its shard from JOB_COMPLETION_INDEX (0-based)
 * and the shard count from --shards or CCR_HIL_SHARDS; every source given must agree, and a
 * process that cannot tell which shard it is refuses to start with one line.
 */
class ShardSelectionTest {

    private static ShardSelection resolve(String shard, Integer shards, Map<String, String> env) {
        return ShardSelection.resolve(shard, shards, env);
    }

    private static String refused(String shard, Integer shards, Map<String, String> env) {
        String m = assertThrows(IllegalArgumentException.class, () -> resolve(shard, shards, env)).getMessage();
        assertTrue(m.lines().count() == 1, m);
        return m;
    }

    @Test
    void withoutShardOptionsOrAnIndexTheWholeCampaignIsOneShard() {
        assertEquals(new ShardSelection(1, 1), resolve(null, null, Map.of()));
    }

    @Test
    void theShardOptionStillSelectsAShard() {
        assertEquals(new ShardSelection(2, 4), resolve("2/4", null, Map.of()));
    }

    @Test
    void anIndexedJobsCompletionIndexIsTheZeroBasedShard() {
        assertEquals(new ShardSelection(1, 4), resolve(null, 4, Map.of("JOB_COMPLETION_INDEX", "0")));
        assertEquals(new ShardSelection(4, 4), resolve(null, null, Map.of("JOB_COMPLETION_INDEX", "3", "CCR_HIL_SHARDS", "4")));
        assertEquals(new ShardSelection(3, 4), resolve("3/4", 4, Map.of("JOB_COMPLETION_INDEX", "2", "CCR_HIL_SHARDS", "4")));
    }

    @Test
    void anIndexWithoutACountIsRefused() {
        String m = refused(null, null, Map.of("JOB_COMPLETION_INDEX", "1"));
        assertEquals("JOB_COMPLETION_INDEX=1 is set but the shard count is not: give --shards N or set CCR_HIL_SHARDS=N"
                + " (the Job's completions)", m);
    }

    @Test
    void countsThatDisagreeAreRefused() {
        assertEquals("shard counts disagree: --shards 4 but CCR_HIL_SHARDS=3",
                refused(null, 4, Map.of("JOB_COMPLETION_INDEX", "1", "CCR_HIL_SHARDS", "3")));
        assertEquals("shard counts disagree: --shard 1/2 but --shards 4", refused("1/2", 4, Map.of()));
    }

    @Test
    void aShardOptionThatContradictsTheIndexIsRefused() {
        assertEquals("--shard 2/4 contradicts JOB_COMPLETION_INDEX=0 (shard 1/4)",
                refused("2/4", null, Map.of("JOB_COMPLETION_INDEX", "0")));
    }

    @Test
    void anIndexOutsideTheCountIsRefused() {
        assertEquals("JOB_COMPLETION_INDEX=4 is out of range for 4 shards (--shards 4): indices run 0..3",
                refused(null, 4, Map.of("JOB_COMPLETION_INDEX", "4")));
        assertTrue(refused(null, 4, Map.of("JOB_COMPLETION_INDEX", "-1")).startsWith("JOB_COMPLETION_INDEX must be"));
        assertTrue(refused(null, null, Map.of("JOB_COMPLETION_INDEX", "0", "CCR_HIL_SHARDS", "four"))
                .startsWith("CCR_HIL_SHARDS must be"));
    }

    @Test
    void aCountWithoutAnIndexIsRefused() {
        assertEquals("--shards 4 gives the shard count but not which shard: set JOB_COMPLETION_INDEX (a Kubernetes Indexed"
                + " Job does) or give --shard k/n", refused(null, 4, Map.of()));
        assertTrue(refused("5/4", null, Map.of()).startsWith("--shard must be k/n with 1 ≤ k ≤ n"));
    }

    @Test
    void campaignRefusesAnInconsistentShardWithTheBadInputExitCode() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new String[] {"campaign", "--cases", "2", "--shard", "1/2", "--shards", "3"},
                new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(Main.EXIT_INPUT, exit, out.toString());
        assertEquals("ccr-hil: shard counts disagree: --shard 1/2 but --shards 3\n", err.toString());
    }
}
