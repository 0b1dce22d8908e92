package io.github.ccrhil.cli;

import io.github.ccrhil.ccr.emulator.profile.CcrProfiles;

import io.github.ccrhil.ccr.verify.accept.dut.DutException;
import io.github.ccrhil.ccr.verify.campaign.Campaign;
import io.github.ccrhil.ccr.verify.campaign.LinkedCampaign;
import io.github.ccrhil.modbus.profile.ProfileLoader;
import io.github.ccrhil.ccr.verify.campaign.CaseKind;
import io.github.ccrhil.ccr.verify.campaign.PropertyChecks;
import io.github.ccrhil.evidence.Outcome;
import io.github.ccrhil.evidence.Verdict;
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
 * ({@code --dut emulated}, alias {@code model}) in simulated time; a CCR at {@code tcp:}/{@code rtu:} in wall-clock time
 * through the acceptance suite's linked-DUT session (remote step commands, self-reported verdicts). Output is an
 * evidence bundle of kind ccr-campaign ({@code verify-bundle} checks its manifest).
 */
@Command(name = "campaign", mixinStandardHelpOptions = true,
        description = {"Run generated scenarios (step changes, open circuits, lamp failures, command/fault/power",
                "sequences) against a DUT, judge every property, shrink and write failing cases.",
                "Exits 1 if any case fails."})
final class CampaignCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--dut", paramLabel = "DUT", defaultValue = "emulated",
            description = {"Device under test, as in accept. 'emulated' (default; 'model' is kept as an alias): the firmware on the emulated plant, in simulated",
                    "time (default). tcp:<host:port> or rtu:<tty>: a CCR at the end of a link, in wall-clock time, through the",
                    "register profile, driven by generated remote step commands and judged on its own self-report."})
    String dut;

    @Option(names = "--profile", paramLabel = "FILE", description = "Register profile of a linked DUT. Default: the reference CCR profile.")
    Path profile;

    @Option(names = "--dwell", paramLabel = "MIN..MAX", defaultValue = "3..5",
            description = "Linked DUT: seconds watched after each remote step command, drawn per command. Default: ${DEFAULT-VALUE}.")
    String dwell;

    @Option(names = "--commands", paramLabel = "MIN..MAX", defaultValue = "2..4",
            description = "Linked DUT: remote step commands per case. Default: ${DEFAULT-VALUE}.")
    String commands;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "2s",
            description = "Linked DUT: reply timeout per request: 500ms, 2s; a bare number is ms. Default: ${DEFAULT-VALUE}.")
    String timeout;

    @Option(names = "--cases", paramLabel = "N", defaultValue = "1000", description = "Cases in the whole campaign (all shards). Default: ${DEFAULT-VALUE}.")
    int cases;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Campaign seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--shard", paramLabel = "k/n",
            description = {"Run only shard k of n (cases i with i mod n = k-1). Default: 1/1, or from "
                    + ShardSelection.INDEX_VARIABLE + " (below)."})
    String shard;

    @Option(names = "--shards", paramLabel = "N",
            description = {"The shard count when the shard comes from " + ShardSelection.INDEX_VARIABLE
                    + " (set by a Kubernetes Indexed Job, 0-based:",
                    "index i runs shard i+1 of N). Default: " + ShardSelection.COUNT_VARIABLE
                    + " from the environment. Counts and index given more than once must agree."})
    Integer shards;

    /** The process's environment (JOB_COMPLETION_INDEX, CCR_HIL_SHARDS); a test may put its own. */
    Map<String, String> env = System.getenv();

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

    @Option(names = "--expect-identity", paramLabel = "FILE|reference-build",
            description = "A linked DUT's expected identity, declared in the bundle's plan before any case and judged against what the DUT"
                    + " reports of itself: a JSON list of {component, model, revision, sha256} (or a campaign's identity.json), or"
                    + " reference-build (the default acceptance plan's components as this build's reference CCR reports them)."
                    + " Without it the bundle says \"identity not declared\".")
    String expectIdentity;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Bundle folder (must not exist or be empty). Default: out/campaign-<seed>-<k>of<n>, or with -2, -3 … the first that is free.")
    Path out;

    @Override
    public Integer call() throws IOException {
        PrintWriter o = spec.commandLine().getOut();
        boolean linked = dut.startsWith("tcp:") || dut.startsWith("rtu:");
        if (!linked && !dut.equals("model") && !dut.equals("emulated")) {
            throw new IllegalArgumentException("--dut must be model, emulated, tcp:<host:port> or rtu:<tty>, was '" + dut + "'");
        }
        ShardSelection sel = ShardSelection.resolve(shard, shards, env);
        List<CaseKind> ks = new ArrayList<>();
        for (String k : kinds) {
            ks.add(CaseKind.parse(k));
        }
        int t = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        Campaign.Config c = new Campaign.Config(cases, seed, sel.shard(), sel.shards(), ks,
                waveformShare, t, shrinkBudget);
        Path dir = out != null ? out : freeFolder("campaign-" + Long.toUnsignedString(seed) + "-" + sel.shard() + "of" + sel.shards());
        if (linked) {
            return linked(o, c, dir);
        }
        if (expectIdentity != null) {
            throw new IllegalArgumentException("--expect-identity is for a DUT at the end of a link (--dut tcp:|rtu:); a campaign on"
                    + " the emulated DUT declares this build's model");
        }
        Campaign.Summary s = Campaign.run(c, dir, n -> { });
        print(o, s, dir);
        return s.failed() == 0 ? 0 : Main.EXIT_FAILED;
    }

    /** out/NAME, or out/NAME-2, out/NAME-3 …: the first that does not exist (a bundle is never written over another). */
    private static Path freeFolder(String name) {
        Path p = Path.of("out", name);
        for (int n = 2; java.nio.file.Files.exists(p); n++) {
            p = Path.of("out", name + "-" + n);
        }
        return p;
    }

    private static int[] range(String option, String text) {
        String[] p = text.split("\\.\\.");
        if (p.length != 2 || !p[0].matches("\\d{1,6}") || !p[1].matches("\\d{1,6}")) {
            throw new IllegalArgumentException(option + " must look like MIN..MAX, e.g. 2..4, was '" + text + "'");
        }
        return new int[] {Integer.parseInt(p[0]), Integer.parseInt(p[1])};
    }

    private int linked(PrintWriter o, Campaign.Config c, Path dir) throws IOException {
        int[] d = range("--dwell", dwell);
        int[] k = range("--commands", commands);
        LinkedCampaign.Config lc = new LinkedCampaign.Config(c, dut, k[0], k[1], java.time.Duration.ofSeconds(d[0]),
                java.time.Duration.ofSeconds(d[1]));
        List<io.github.ccrhil.evidence.ComponentIdentity> expected = expectIdentity == null ? null
                : io.github.ccrhil.ccr.verify.campaign.LinkedIdentity.expected(expectIdentity);
        io.github.ccrhil.modbus.profile.Profile p;
        try {
            p = profile == null ? CcrProfiles.referenceCcr() : ProfileLoader.load(profile);
        } catch (io.github.ccrhil.modbus.profile.ProfileException e) {
            throw new IllegalArgumentException("--profile " + profile + ": " + e.getMessage(), e);
        }
        o.printf(Locale.ROOT, "campaign seed %s shard %d/%d against %s in wall-clock time (remote step commands; "
                        + "measurement: the DUT's self-report)%n", Long.toUnsignedString(c.seed()), c.shard(), c.shards(), dut);
        o.flush();
        LinkedCampaign.Summary s;
        try {
            s = LinkedCampaign.run(lc, p, LinkOptions.parseDuration(timeout, "--timeout"), java.time.Clock.systemUTC(),
                    instruction -> {
                        o.println("bench: " + instruction + " (not waited for: this campaign injects no faults)");
                        o.flush();
                    }, dir, n -> { }, expected);
        } catch (DutException e) {
            o.println("link fault: " + e.getMessage() + " (partial output in " + dir + ")");
            return Main.EXIT_FAILED;
        }
        Map<String, int[]> tally = new TreeMap<>();
        for (LinkedCampaign.CaseOutcome x : s.outcomes()) {
            for (Verdict v : x.verdicts()) {
                tally.computeIfAbsent(v.testId(), q -> new int[Outcome.values().length])[v.outcome().ordinal()]++;
            }
        }
        o.println("property (self-reported)      pass   fail    n/a");
        for (Map.Entry<String, int[]> e : tally.entrySet()) {
            o.printf(Locale.ROOT, "%-30s %4d %6d %6d%n", e.getKey(), e.getValue()[Outcome.PASS.ordinal()],
                    e.getValue()[Outcome.FAIL.ordinal()], e.getValue()[Outcome.NOT_APPLICABLE.ordinal()]);
        }
        for (LinkedCampaign.CaseOutcome x : s.outcomes()) {
            if (x.failed()) {
                o.println("FAIL " + x.name() + ": " + x.verdicts().stream().filter(Verdict::failed).findFirst().orElseThrow().testId()
                        + " — replay: " + LinkedCampaign.replay(lc, x.index()));
            }
        }
        o.println(s.identity().outcome() + " " + s.identity().testId() + ": " + s.identity().reason());
        o.println("bundle " + dir + " (verify with: verify-bundle " + dir + ")");
        o.println(s.failed() == 0 ? "no case failed" : s.failed() + " of " + s.outcomes().size() + " cases FAILED");
        return s.failed() == 0 && s.identity().outcome() != Outcome.FAIL ? 0 : Main.EXIT_FAILED;
    }

    private static void print(PrintWriter o, Campaign.Summary s, Path dir) {
        Campaign.Config c = s.config();
        o.printf(Locale.ROOT, "campaign seed %s shard %d/%d: %d cases on the emulated DUT (simulated time) in %.1f s, "
                        + "%.0f cases/min, %d threads%n", Long.toUnsignedString(c.seed()), c.shard(), c.shards(),
                s.outcomes().size(), s.wallSeconds(), s.outcomes().size() / s.wallSeconds() * 60, c.threads());
        Map<String, int[]> tally = new TreeMap<>();
        for (Campaign.CaseOutcome x : s.outcomes()) {
            for (Verdict v : x.result().verdicts()) {
                tally.computeIfAbsent(v.testId(), k -> new int[Outcome.values().length])[v.outcome().ordinal()]++;
            }
        }
        o.println("property                      pass   fail    n/a");
        for (String p : PropertyChecks.ALL) {
            int[] n = tally.getOrDefault(p, new int[Outcome.values().length]);
            o.printf(Locale.ROOT, "%-28s %6d %6d %6d%n", p, n[Outcome.PASS.ordinal()], n[Outcome.FAIL.ordinal()],
                    n[Outcome.NOT_APPLICABLE.ordinal()]);
        }
        for (Campaign.CaseOutcome x : s.outcomes()) {
            if (x.result().failed()) {
                o.println("FAIL " + x.result().scenario().name() + ": " + x.result().firstFailure().orElseThrow().testId()
                        + " — replay: java -jar cli/target/ccr-hil.jar replay " + x.file());
            }
        }
        o.println("bundle " + dir + " (verify with: verify-bundle " + dir + ")");
        o.println("results " + dir.resolve("results.json") + "   junit " + dir.resolve("junit.xml")
                + "   failing scenarios " + dir.resolve("failures"));
        o.println(s.failed() == 0 ? "no case failed" : s.failed() + " of " + s.outcomes().size() + " cases FAILED");
    }
}
