package io.github.ccrhil.cli;

import io.github.ccrhil.ccr.verify.campaign.CampaignMerge;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Joins the shard bundles of one campaign (e.g. the pods of a Kubernetes Indexed Job, or N local
 * processes) into the one bundle the campaign run in one process would have written.
 */
@Command(name = "merge-bundles", mixinStandardHelpOptions = true,
        description = {"Join the shard bundles of one campaign into one campaign bundle: the same files, byte for byte,",
                "as the campaign run in one process; every case is judged again from the merged raw data.",
                "Refuses shards of different seeds, plans, splits or builds, a shard given twice and missing shards.",
                "Exits 0 when no case failed, 1 when one did, 2 when the shards cannot be merged."})
final class MergeBundlesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "OUT", description = "The merged bundle's folder (must not exist or be empty).")
    Path out;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "SHARD", description = "Every shard bundle of the campaign, in any order.")
    List<Path> shards;

    @Option(names = "--threads", paramLabel = "T", description = "Worker threads judging cases. Default: the available processors.")
    Integer threads;

    @Override
    public Integer call() throws IOException {
        PrintWriter o = spec.commandLine().getOut();
        long start = System.nanoTime();
        CampaignMerge.Summary s = CampaignMerge.merge(out, shards, threads != null ? threads : Runtime.getRuntime().availableProcessors());
        o.printf(Locale.ROOT, "merged %d shards of campaign seed %s: %d cases, %d failed, re-judged in %.1f s%n", s.shards(),
                Long.toUnsignedString(s.plan().config().seed()), s.cases(), s.failed(), (System.nanoTime() - start) / 1e9);
        o.println("bundle " + out + " (verify with: verify-bundle " + out + ")");
        return s.failed() == 0 ? 0 : Main.EXIT_FAILED;
    }
}
