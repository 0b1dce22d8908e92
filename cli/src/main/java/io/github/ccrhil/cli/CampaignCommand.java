package io.github.ccrhil.cli;

import io.github.ccrhil.hil.campaign.Campaign;
import io.github.ccrhil.hil.campaign.CaseKind;
import io.github.ccrhil.hil.campaign.PropertyChecks;
import io.github.ccrhil.hil.campaign.Verdict;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Runs a property campaign: generated scenarios across the operating space, every property judged
 * on every case, failing cases shrunk and written as scenario files. Against the emulated DUT
 * ({@code --dut model}) in simulated time; real DUTs need the acceptance-suite harness.
 */
@Command(name = "campaign", mixinStandardHelpOptions = true,
        description = {"Run generated scenarios (step changes, open circuits, lamp failures, command/fault/power",
                "sequences) against a DUT, judge every property, shrink and write failing cases.",
                "Exits 1 if any case fails."})
final class CampaignCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--dut", paramLabel = "DUT", defaultValue = "model",
            description = "Device under test. 'model': the firmware model on the emulated plant, in simulated time (default).")
    String dut;

    @Option(names = "--cases", paramLabel = "N", defaultValue = "1000", description = "Cases in the whole campaign (all shards). Default: ${DEFAULT-VALUE}.")
    int cases;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Campaign seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--shard", paramLabel = "k/n", defaultValue = "1/1",
            description = "Run only shard k of n (cases i with i mod n = k-1). Default: ${DEFAULT-VALUE}.")
    String shard;

    @Option(names = "--kinds", paramLabel = "KIND[,KIND...]", split = ",",
            defaultValue = "step-change,open-circuit,lamp-estimate,sequence",
            description = "Case kinds, each case drawing one. Default: ${DEFAULT-VALUE}.")
    List<String> kinds;

    @Option(names = "--waveform-share", paramLabel = "F", defaultValue = "0.1",
            description = "Share of cases on the waveform plant (rest averaged). Default: ${DEFAULT-VALUE}.")
    double waveformShare;

    @Option(names = "--threads", paramLabel = "T", description = "Worker threads. Default: the available processors.")
    Integer threads;

    @Option(names = "--shrink-budget", paramLabel = "RUNS", defaultValue = "200",
            description = "Simulation runs allowed to shrink each failing case (0: write it unshrunk). Default: ${DEFAULT-VALUE}.")
    int shrinkBudget;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder. Default: out/campaign-<seed>-<k>of<n>.")
    Path out;

    @Override
    public Integer call() throws IOException {
        PrintWriter o = spec.commandLine().getOut();
        if (!dut.equals("model")) {
            throw new IllegalArgumentException("--dut " + dut + ": only 'model' (the emulated DUT in simulated time) is "
                    + "available; real DUTs need the acceptance-suite harness (issue #4)");
        }
        String[] kn = shard.split("/");
        if (kn.length != 2 || !kn[0].matches("\\d{1,6}") || !kn[1].matches("\\d{1,6}")) {
            throw new IllegalArgumentException("--shard must look like k/n, e.g. 2/4, was '" + shard + "'");
        }
        List<CaseKind> ks = new ArrayList<>();
        for (String k : kinds) {
            ks.add(CaseKind.parse(k));
        }
        int t = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        Campaign.Config c = new Campaign.Config(cases, seed, Integer.parseInt(kn[0]), Integer.parseInt(kn[1]), ks,
                waveformShare, t, shrinkBudget);
        Path dir = out != null ? out : Path.of("out", "campaign-" + Long.toUnsignedString(seed) + "-" + kn[0] + "of" + kn[1]);
        Campaign.Summary s = Campaign.run(c, dir, n -> { });
        print(o, s, dir);
        return s.failed() == 0 ? 0 : Main.EXIT_FAILED;
    }

    private static void print(PrintWriter o, Campaign.Summary s, Path dir) {
        Campaign.Config c = s.config();
        o.printf(Locale.ROOT, "campaign seed %s shard %d/%d: %d cases on the emulated DUT (simulated time) in %.1f s, "
                        + "%.0f cases/min, %d threads%n", Long.toUnsignedString(c.seed()), c.shard(), c.shards(),
                s.outcomes().size(), s.wallSeconds(), s.outcomes().size() / s.wallSeconds() * 60, c.threads());
        Map<String, int[]> tally = new TreeMap<>();
        for (Campaign.CaseOutcome x : s.outcomes()) {
            for (Verdict v : x.result().verdicts()) {
                tally.computeIfAbsent(v.property(), k -> new int[3])[v.outcome().ordinal()]++;
            }
        }
        o.println("property                      pass   fail    n/a");
        for (String p : PropertyChecks.ALL) {
            int[] n = tally.getOrDefault(p, new int[3]);
            o.printf(Locale.ROOT, "%-28s %6d %6d %6d%n", p, n[0], n[1], n[2]);
        }
        for (Campaign.CaseOutcome x : s.outcomes()) {
            if (x.result().failed()) {
                o.println("FAIL " + x.result().scenario().name() + ": " + x.result().firstFailure().orElseThrow().property()
                        + " — replay: java -jar cli/target/ccr-hil.jar replay " + x.file());
            }
        }
        o.println("results " + dir.resolve("results.json") + "   junit " + dir.resolve("junit.xml")
                + "   failing scenarios " + dir.resolve("failures"));
        o.println(s.failed() == 0 ? "no case failed" : s.failed() + " of " + s.outcomes().size() + " cases FAILED");
    }
}
