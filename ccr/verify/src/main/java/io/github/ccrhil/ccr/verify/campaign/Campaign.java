package io.github.ccrhil.ccr.verify.campaign;

import io.github.ccrhil.ccr.emulator.scenario.Scenario;
import io.github.ccrhil.ccr.emulator.sim.CcrSimulation;
import io.github.ccrhil.ccr.emulator.trace.TraceWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A campaign of generated cases against the emulated DUT (firmware model on the emulated plant)
 * in simulated time. Case {@code i} of a campaign is a pure function of the seed and {@code i},
 * so a shard {@code k/n} (the cases with {@code i mod n = k − 1}) finds exactly the cases the
 * whole campaign would have, whichever runner runs it.
 *
 * <p>Writes into the output folder (new or empty), as an evidence bundle of kind
 * {@value CampaignBundle#KIND} ({@link CampaignBundle}): {@code results.json} (every case, every
 * verdict), {@code junit.xml} (one test case per generated case, for CI), {@code report.html}, and
 * {@code failures/*.yaml}: each failing case, shrunk, as a scenario file with its replay command
 * in its header.
 */
public final class Campaign {

    /**
     * @param cases total cases of the whole campaign (all shards together)
     * @param seed campaign seed
     * @param shard this runner's shard, 1..shards
     * @param shards number of shards
     * @param kinds case kinds, each case's drawn from them
     * @param waveformShare share of cases on the waveform plant (the rest averaged)
     * @param threads worker threads
     * @param shrinkBudget simulation runs allowed for shrinking each failing case (0: no shrinking)
     */
    public record Config(int cases, long seed, int shard, int shards, List<CaseKind> kinds, double waveformShare,
                         int threads, int shrinkBudget) {
        public Config {
            kinds = List.copyOf(kinds);
            if (cases < 0) {
                throw new IllegalArgumentException("--cases must be ≥ 0, was " + cases);
            }
            if (shards < 1 || shard < 1 || shard > shards) {
                throw new IllegalArgumentException("--shard must be k/n with 1 ≤ k ≤ n, was " + shard + "/" + shards);
            }
            if (kinds.isEmpty()) {
                throw new IllegalArgumentException("at least one case kind is needed");
            }
            if (!(waveformShare >= 0 && waveformShare <= 1)) {
                throw new IllegalArgumentException("waveform share must be within 0..1, was " + waveformShare);
            }
            if (threads < 1) {
                throw new IllegalArgumentException("--threads must be ≥ 1, was " + threads);
            }
        }
    }

    /** One case as run: its global index, kind, verdicts and (if it failed) the shrunk scenario file. */
    public record CaseOutcome(int index, CaseKind kind, CaseRunner.Result result, Scenario shrunk, Path file) { }

    /** The whole shard's outcome. */
    public record Summary(Config config, List<CaseOutcome> outcomes, double wallSeconds) {
        public long failed() {
            return outcomes.stream().filter(o -> o.result().failed()).count();
        }
    }

    private Campaign() {
    }

    /** Case {@code i}'s kind: drawn from seed and index (not round-robin, so that every shard gets every kind). */
    public static CaseKind kind(Config c, int index) {
        return c.kinds().get(random(c, index).nextInt(c.kinds().size()));
    }

    /** Case {@code i}'s scenario: a pure function of seed and index, whatever the sharding. */
    public static Scenario scenario(Config c, int index) {
        SplittableRandom r = random(c, index);
        CaseKind kind = c.kinds().get(r.nextInt(c.kinds().size()));
        return Cases.draw(kind, r, c.waveformShare(), kind.label() + "-" + Long.toUnsignedString(c.seed()) + "-" + index);
    }

    private static SplittableRandom random(Config c, int index) {
        return new SplittableRandom(c.seed() * 0x9E3779B97F4A7C15L + index);
    }

    /** Runs this shard's cases, judged against the default limits, each run twice, and writes the bundle into {@code out}. */
    public static Summary run(Config c, Path out, java.util.function.IntConsumer progress) throws IOException {
        return run(CampaignPlan.of(c), out, progress);
    }

    /**
     * Runs the plan's cases (its shard), judged against the plan's limits, and writes the bundle
     * into {@code out} (new or empty), the plan first.
     */
    public static Summary run(CampaignPlan plan, Path out, java.util.function.IntConsumer progress) throws IOException {
        Objects.requireNonNull(out, "out");
        Config c = plan.config();
        long start = System.nanoTime();
        CampaignBundle bundle = CampaignBundle.create(out, plan);
        ExecutorService pool = Executors.newFixedThreadPool(c.threads(), r -> {
            Thread t = new Thread(r, "campaign-worker");
            t.setDaemon(true);
            return t;
        });
        AtomicInteger done = new AtomicInteger();
        List<Future<CaseOutcome>> futures = new ArrayList<>();
        try {
            for (int i : plan.indices()) {
                futures.add(pool.submit(() -> {
                    CaseOutcome o = runCase(plan, i, bundle);
                    progress.accept(done.incrementAndGet());
                    return o;
                }));
            }
            List<CaseOutcome> outcomes = new ArrayList<>();
            for (Future<CaseOutcome> f : futures) {
                try {
                    outcomes.add(f.get());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("campaign interrupted", e);
                } catch (java.util.concurrent.ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof IOException io) {
                        throw io;
                    }
                    if (cause instanceof RuntimeException re) {
                        throw re;
                    }
                    throw new IllegalStateException(cause);
                }
            }
            Summary s = new Summary(c, List.copyOf(outcomes), (System.nanoTime() - start) / 1e9);
            bundle.finish(bundleRun(c), entries(s), CampaignBundle.modelIdentity());
            return s;
        } finally {
            pool.shutdownNow();
        }
    }

    static final String DUT_MODEL = "model (firmware model on the emulated plant, simulated time)";

    /**
     * Runs case {@code index}: its raw trace streamed into the bundle, a second run hashed (when
     * the plan runs cases twice), the case judged from the bundle's files as read back (as
     * {@code verify-bundle} will judge it), a failing case shrunk and written to failures/, then
     * the case's files appended to the manifest.
     */
    static CaseOutcome runCase(CampaignPlan plan, int index, CampaignBundle bundle) throws IOException {
        Config c = plan.config();
        CaseKind kind = kind(c, index);
        Scenario s = scenario(c, index);
        PropertyLimits limits = plan.limitsFor(s);
        long rows;
        try (CampaignBundle.CaseTrace t = bundle.startCase(index, s)) {
            CcrSimulation.of(s).run(t::accept, CcrSimulation.Progress.NONE);
            rows = t.rows();
        }
        if (plan.rerun()) {
            try (TraceWriter w = TraceWriter.start(java.io.OutputStream.nullOutputStream(), CampaignBundle.rerunHeader(index, s))) {
                CcrSimulation.of(s).run(w::write, CcrSimulation.Progress.NONE);
                w.close();
                bundle.writeRerun(index, s, w.sha256(), w.rows());
            }
        }
        String dir = CampaignBundle.caseDir(index, s);
        CaseRunner.Result r = new CaseRunner.Result(s, CampaignBundle.judgeCase(bundle.dir(), dir, s, limits, plan.rerun()),
                (int) rows);
        if (!r.failed()) {
            bundle.caseFinished(dir, null);
            return new CaseOutcome(index, kind, r, null, null);
        }
        String property = r.firstFailure().orElseThrow().testId();
        java.util.function.Function<Scenario, CaseRunner.Result> judge = x -> CaseRunner.run(x, plan.limitsFor(x), plan.rerun());
        Scenario shrunk = c.shrinkBudget() <= 0 ? s : Shrinker.shrink(s,
                x -> judge.apply(x).verdicts().stream().anyMatch(v -> v.failed() && v.testId().equals(property)),
                c.shrinkBudget());
        CaseRunner.Result shrunkResult = shrunk.equals(s) ? r : judge.apply(shrunk);
        Path file = FailureFiles.write(shrunk, shrunkResult.verdicts(), bundle.failures(), Campaign::inBundle);
        bundle.caseFinished(dir, file);
        return new CaseOutcome(index, kind, r, shrunk, file);
    }

    /** results.json's header, the JUnit suite and the report's title of a campaign on the emulated DUT. */
    static CampaignBundle.Run bundleRun(Config c) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("tool", "ccr-hil campaign");
        root.put("dut", DUT_MODEL);
        root.put("selfReported", false);
        root.put("seed", c.seed());
        root.put("cases", c.cases());
        root.put("shard", c.shard() + "/" + c.shards());
        root.put("kinds", c.kinds().stream().map(CaseKind::label).toList());
        root.put("waveformShare", c.waveformShare());
        root.put("properties", PropertyChecks.ALL);
        Map<String, String> junit = new LinkedHashMap<>();
        junit.put("seed", Long.toUnsignedString(c.seed()));
        junit.put("shard", c.shard() + "/" + c.shards());
        junit.put("dut", DUT_MODEL);
        return new CampaignBundle.Run(String.format(Locale.ROOT, "ccr-hil campaign seed %s shard %d/%d",
                Long.toUnsignedString(c.seed()), c.shard(), c.shards()), junit, root, DUT_MODEL, false);
    }

    /** Every case of the shard as the bundle records it. */
    static List<CampaignBundle.Entry> entries(Summary s) {
        List<CampaignBundle.Entry> out = new ArrayList<>();
        for (CaseOutcome o : s.outcomes()) {
            out.add(new CampaignBundle.Entry(o.index(), o.kind().label(), o.result().scenario().name(), o.result().verdicts(),
                    o.file(), o.file() == null ? null : FailureFiles.replayCommand(inBundle(o.file())), Map.of()));
        }
        return out;
    }

    /** A failure file as the bundle names it: no absolute path, so the same seed gives the same bytes in any folder. */
    static Path inBundle(Path failureFile) {
        return Path.of("<bundle>", CampaignBundle.FAILURES_DIR, failureFile.getFileName().toString());
    }
}
