package io.github.ccrhil.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which shard of a campaign this process runs: {@code k} of {@code n} (1 ≤ k ≤ n), from
 * {@code --shard k/n}, or from a Kubernetes Indexed Job's {@value #INDEX_VARIABLE} (0-based, so
 * index i is shard i + 1) with the shard count from {@code --shards N} or {@value #COUNT_VARIABLE}.
 * Sources that are all given must agree; otherwise the process refuses to start with one line
 * naming both (a pod that ran a shard other than its index would leave a hole nobody sees until
 * the merge).
 *
 * @param shard this process's shard, 1..shards
 * @param shards how many shards the campaign is split into
 */
record ShardSelection(int shard, int shards) {

    /** Set by Kubernetes in each pod of an Indexed Job: the pod's completion index, 0-based. */
    static final String INDEX_VARIABLE = "JOB_COMPLETION_INDEX";
    /** The shard count when {@code --shards} is not given (Kubernetes does not tell a pod its Job's completions). */
    static final String COUNT_VARIABLE = "CCR_HIL_SHARDS";

    ShardSelection {
        if (shards < 1 || shard < 1 || shard > shards) {
            throw new IllegalArgumentException("the shard must be k/n with 1 ≤ k ≤ n, was " + shard + "/" + shards);
        }
    }

    /**
     * The shard from the options and the environment.
     *
     * @param shardOption {@code --shard k/n}, or null when not given
     * @param shardsOption {@code --shards N}, or null when not given
     * @param env the process's environment ({@value #INDEX_VARIABLE}, {@value #COUNT_VARIABLE})
     * @throws IllegalArgumentException with one line saying what is wrong and what would be right
     */
    static ShardSelection resolve(String shardOption, Integer shardsOption, Map<String, String> env) {
        Integer k = null;
        List<String> countSources = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        if (shardOption != null) {
            String[] kn = shardOption.split("/");
            if (kn.length != 2 || !kn[0].matches("\\d{1,6}") || !kn[1].matches("\\d{1,6}")) {
                throw new IllegalArgumentException("--shard must look like k/n, e.g. 2/4, was '" + shardOption + "'");
            }
            k = Integer.parseInt(kn[0]);
            countSources.add("--shard " + shardOption);
            counts.add(Integer.parseInt(kn[1]));
        }
        if (shardsOption != null) {
            if (shardsOption < 1) {
                throw new IllegalArgumentException("--shards must be ≥ 1, was " + shardsOption);
            }
            countSources.add("--shards " + shardsOption);
            counts.add(shardsOption);
        }
        String countText = env.get(COUNT_VARIABLE);
        if (countText != null && !countText.isBlank()) {
            if (!countText.strip().matches("\\d{1,6}") || Integer.parseInt(countText.strip()) < 1) {
                throw new IllegalArgumentException(COUNT_VARIABLE + " must be a shard count ≥ 1, was '" + countText + "'");
            }
            countSources.add(COUNT_VARIABLE + "=" + countText.strip());
            counts.add(Integer.parseInt(countText.strip()));
        }
        for (int i = 1; i < counts.size(); i++) {
            if (!counts.get(i).equals(counts.get(0))) {
                throw new IllegalArgumentException("shard counts disagree: " + countSources.get(0) + " but " + countSources.get(i));
            }
        }
        Integer n = counts.isEmpty() ? null : counts.get(0);
        String indexText = env.get(INDEX_VARIABLE);
        if (indexText != null && !indexText.isBlank()) {
            if (!indexText.strip().matches("\\d{1,6}")) {
                throw new IllegalArgumentException(INDEX_VARIABLE + " must be a completion index ≥ 0, was '" + indexText + "'");
            }
            int index = Integer.parseInt(indexText.strip());
            if (n == null) {
                throw new IllegalArgumentException(INDEX_VARIABLE + "=" + index + " is set but the shard count is not: give --shards N"
                        + " or set " + COUNT_VARIABLE + "=N (the Job's completions)");
            }
            if (index >= n) {
                throw new IllegalArgumentException(INDEX_VARIABLE + "=" + index + " is out of range for " + n + " shards ("
                        + countSources.get(0) + "): indices run 0.." + (n - 1));
            }
            if (k != null && k != index + 1) {
                throw new IllegalArgumentException("--shard " + shardOption + " contradicts " + INDEX_VARIABLE + "=" + index
                        + " (shard " + (index + 1) + "/" + n + ")");
            }
            return new ShardSelection(index + 1, n);
        }
        if (k != null) {
            if (k < 1 || k > n) {
                throw new IllegalArgumentException("--shard must be k/n with 1 ≤ k ≤ n, was " + shardOption);
            }
            return new ShardSelection(k, n);
        }
        if (n != null) {
            throw new IllegalArgumentException(countSources.get(0) + " gives the shard count but not which shard: set "
                    + INDEX_VARIABLE + " (a Kubernetes Indexed Job does) or give --shard k/n");
        }
        return new ShardSelection(1, 1);
    }
}
