package io.github.ccrhil.ccr.verify.accept.fleet;

import io.github.ccrhil.ccr.verify.accept.AcceptanceRun;
import io.github.ccrhil.ccr.verify.accept.bundle.BundleVerifier;
import io.github.ccrhil.ccr.verify.accept.plan.PlanReader;
import io.github.ccrhil.ccr.verify.accept.plan.TestPlan;
import io.github.ccrhil.ccr.verify.accept.plan.TestSpec;
import io.github.ccrhil.ccr.verify.accept.procedure.Procedures;
import io.github.ccrhil.ccr.verify.accept.verdict.BundleJudge;
import io.github.ccrhil.evidence.Outcome;
import io.github.ccrhil.evidence.Verdict;
import io.github.ccrhil.evidence.Verdicts;
import io.github.ccrhil.evidence.bundle.BundleCheck;
import io.github.ccrhil.evidence.bundle.BundleFolder;
import io.github.ccrhil.evidence.bundle.BundleMarker;
import io.github.ccrhil.evidence.bundle.Manifest;
import io.github.ccrhil.evidence.yaml.ConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One acceptance plan against every CCR of a fleet ({@code accept --fleet}). Concurrency follows
 * the topology: behind a Modbus TCP gateway, as many CCRs at once as the gateway takes; on an RS-485
 * bus, every CCR at once, each transaction taking its turn on the line (the sessions say how). Each
 * CCR gets a whole acceptance bundle of its own under {@value #CCRS}/; the fleet bundle holds the fleet
 * file, the fleet plan, the CCR × test matrix of verdicts (results.json, junit.xml, report.html),
 * the identity drift (drift.csv) and a manifest covering its own files and each CCR bundle's
 * manifest, grown as each CCR completes. A CCR that stops answering ends INCONCLUSIVE; the others go on.
 */
public final class FleetRun {

    /** The folder of the CCR bundles. */
    public static final String CCRS = "ccrs";
    public static final String FLEET_FILE = "fleet.yaml";
    public static final String PLAN_FILE = "fleet-plan.yaml";
    public static final String DRIFT_FILE = "drift.csv";
    public static final String LOG_FILE = "run.log";

    /** The DUTs of a fleet: one CCR's sessions for its plan, closed after its run. */
    public interface Duts {
        Procedures.Session open(Fleet.Ccr ccr, TestPlan plan) throws IOException;

        /** How the CCR is reached, for its bundle and the log. */
        String describe(Fleet.Ccr ccr);
    }

    /** Told about each CCR's progress (from several threads at once). */
    public interface Progress {
        void ccrStarted(Fleet.Ccr ccr, int running);

        void testJudged(Fleet.Ccr ccr, int index, int total, Verdict v);

        void ccrDone(Fleet.Ccr ccr, Outcome outcome, Duration took, int done, int total);

        Progress NONE = new Progress() {
            public void ccrStarted(Fleet.Ccr c, int r) { }

            public void testJudged(Fleet.Ccr c, int i, int n, Verdict v) { }

            public void ccrDone(Fleet.Ccr c, Outcome o, Duration t, int d, int n) { }
        };
    }

    /**
     * @param byCcr each CCR's verdicts, in fleet order
     * @param identities each CCR's reported identity against its declaration
     */
    public record Result(Path bundle, Outcome outcome, Map<String, List<Verdict>> byCcr, Map<String, FleetIdentity> identities,
                         Duration wallTime) {
        /** CCR → test → outcome, for every verdict other than PASS. */
        public Map<String, Map<String, Outcome>> findings() {
            Map<String, Map<String, Outcome>> out = new LinkedHashMap<>();
            byCcr.forEach((c, vs) -> vs.stream().filter(v -> v.outcome() != Outcome.PASS)
                    .forEach(v -> out.computeIfAbsent(c, k -> new LinkedHashMap<>()).put(v.testId(), v.outcome())));
            return out;
        }
    }

    private final Fleet fleet;
    private final String fleetText;
    private final String planText;
    private final Duts duts;
    private final Progress progress;
    private final Clock wallClock;

    /**
     * @param fleetText the fleet file as read (copied into the bundle)
     * @param planText the fleet plan as read (copied into the bundle; each CCR's plan is made from it)
     */
    public FleetRun(Fleet fleet, String fleetText, String planText, Duts duts, Progress progress, Clock wallClock) {
        this.fleet = Objects.requireNonNull(fleet, "fleet");
        this.fleetText = fleetText;
        this.planText = planText;
        this.duts = duts;
        this.progress = progress;
        this.wallClock = wallClock;
    }

    public Result run(Path bundle) throws IOException, ConfigException {
        TestPlan fleetPlan = PlanReader.read(PLAN_FILE, planText);
        Map<String, FleetPlans.CcrPlan> plans = new LinkedHashMap<>();
        for (Fleet.Ccr c : fleet.ccrs()) {
            plans.put(c.name(), FleetPlans.forCcr(planText, PLAN_FILE, c)); // every CCR's plan reads before anything runs
        }
        Instant start = wallClock.instant();
        BundleFolder folder = BundleFolder.create(bundle, FleetBundle.MARKER);
        Files.writeString(bundle.resolve(FLEET_FILE), fleetText, StandardCharsets.UTF_8);
        Files.writeString(bundle.resolve(PLAN_FILE), planText, StandardCharsets.UTF_8);
        Files.createDirectories(bundle.resolve(CCRS));
        Manifest.append(bundle, List.of(BundleMarker.FILE, FLEET_FILE, PLAN_FILE));
        Map<String, List<Verdict>> verdicts = new ConcurrentHashMap<>();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        List<ExecutorService> pools = new ArrayList<>();
        List<Future<?>> futures = new ArrayList<>();
        try {
            for (Map.Entry<String, List<Fleet.Ccr>> m : fleet.byMedium().entrySet()) {
                int threads = m.getKey().startsWith("rtu:") ? m.getValue().size() : fleet.gateway(m.getKey()).concurrent();
                ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, m.getValue().size()), named(m.getKey()));
                pools.add(pool);
                for (Fleet.Ccr c : m.getValue()) {
                    futures.add(pool.submit(() -> {
                        running.incrementAndGet();
                        progress.ccrStarted(c, running.get());
                        Instant t0 = wallClock.instant();
                        List<Verdict> vs = runOne(bundle, c, plans.get(c.name()));
                        verdicts.put(c.name(), vs);
                        synchronized (this) {
                            Manifest.append(bundle, List.of(CCRS + "/" + c.name() + "/" + Manifest.FILE));
                            log(bundle, c.name() + " " + Verdicts.overall(vs) + " in " + Duration.between(t0, wallClock.instant()).toMillis()
                                    + " ms (" + c.address().describe() + ")");
                        }
                        running.decrementAndGet();
                        progress.ccrDone(c, Verdicts.overall(vs), Duration.between(t0, wallClock.instant()), done.incrementAndGet(),
                                fleet.ccrs().size());
                        return null;
                    }));
                }
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("fleet run interrupted", e);
                } catch (java.util.concurrent.ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof IOException io) {
                        throw io;
                    }
                    throw new IOException("a CCR's run failed: " + cause, cause);
                }
            }
        } finally {
            pools.forEach(ExecutorService::shutdownNow);
        }
        Map<String, List<Verdict>> ordered = new LinkedHashMap<>();
        Map<String, FleetIdentity> identities = new LinkedHashMap<>();
        for (Fleet.Ccr c : fleet.ccrs()) {
            ordered.put(c.name(), FleetBundle.complete(fleetPlan, verdicts.getOrDefault(c.name(), List.of()),
                    "the CCR's run did not reach this test"));
            identities.put(c.name(), FleetIdentity.read(bundle, c, plans.get(c.name()).plan(), BundleJudge.REFERENCE_RESOLVER));
        }
        List<String> written = FleetBundle.writeDerived(bundle, fleet, fleetPlan, ordered, identities);
        Manifest.append(bundle, written);
        log(bundle, "fleet " + fleet.name() + ": " + Verdicts.overall(FleetBundle.flatten(ordered)));
        // run.log is the one file with wall-clock times; it is covered last, as in every bundle
        Manifest.append(bundle, List.of(LOG_FILE));
        Duration wall = Duration.between(start, wallClock.instant());
        return new Result(bundle, Verdicts.overall(FleetBundle.flatten(ordered)), ordered, identities, wall);
    }

    /** One CCR's acceptance run into its own bundle; a run that ends abnormally is read back as its bundle says. */
    private List<Verdict> runOne(Path fleetBundle, Fleet.Ccr c, FleetPlans.CcrPlan plan) throws IOException {
        Path dir = fleetBundle.resolve(CCRS).resolve(c.name());
        Procedures.Session session = duts.open(c, plan.plan());
        try {
            AcceptanceRun.Result r = new AcceptanceRun(plan.plan(), plan.text(), session, duts.describe(c), new AcceptanceRun.Progress() {
                public void testStarted(int i, int n, TestSpec t) { }

                public void runStarted(String t, String r) { }

                public void testJudged(int i, int n, Verdict v) {
                    progress.testJudged(c, i, n, v);
                }
            }, wallClock).run(dir);
            return r.verdicts();
        } catch (IOException | RuntimeException e) {
            // the CCR's bundle records what it finished; the rest is INCONCLUSIVE, as verify-bundle reads it
            try {
                return BundleCheck.verify(dir, BundleVerifier.kinds(BundleJudge.REFERENCE_RESOLVER)).recomputed();
            } catch (ConfigException | IOException | RuntimeException again) {
                return List.of();
            }
        } finally {
            if (session instanceof AutoCloseable a) {
                try {
                    a.close();
                } catch (Exception e) {
                    log(fleetBundle, c.name() + ": closing its sessions: " + e);
                }
            }
        }
    }

    private void log(Path bundle, String line) {
        try {
            Files.writeString(bundle.resolve(LOG_FILE), Instant.now(wallClock) + " " + line + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ThreadFactory named(String medium) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "fleet " + medium + " #" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
