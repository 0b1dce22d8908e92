package io.github.ccrhil.ccr.verify.accept.bundle;

import io.github.ccrhil.ccr.verify.accept.plan.PlanReader;
import io.github.ccrhil.ccr.verify.accept.plan.TestPlan;
import io.github.ccrhil.ccr.verify.accept.plan.TestSpec;
import io.github.ccrhil.ccr.verify.accept.verdict.BundleJudge;
import io.github.ccrhil.evidence.Verdict;
import io.github.ccrhil.evidence.bundle.BundleCheck;
import io.github.ccrhil.evidence.bundle.BundleKind;
import io.github.ccrhil.evidence.bundle.Results;
import io.github.ccrhil.evidence.bundle.BundleMarker;
import io.github.ccrhil.evidence.yaml.ConfigException;
import io.github.ccrhil.ccr.verify.accept.verdict.IdentityResolver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The CCR acceptance bundle as a {@link BundleKind}: its verdicts are re-derived from plan.yaml
 * and the raw traces by {@link BundleJudge}, the same pure function the run used.
 */
public final class AcceptanceBundle implements BundleKind {

    public static final String KIND = "ccr-acceptance";
    /** 1: bundle.json, plan.yaml, traces/, results.json, junit.xml, report.html, comtrade/, identity.json, run.log, manifest.sha256. */
    public static final int FORMAT_VERSION = 1;
    public static final BundleMarker MARKER = new BundleMarker(KIND, FORMAT_VERSION);

    private final IdentityResolver resolver;

    /** @param resolver resolves the plan's firmware and profile names, as the run did */
    public AcceptanceBundle(IdentityResolver resolver) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    @Override
    public String kind() {
        return KIND;
    }

    /** A bundle written before bundle.json: one with a plan.yaml. */
    @Override
    public boolean recognises(Path bundle) {
        return Files.exists(bundle.resolve(BundleWriter.PLAN_FILE));
    }

    @Override
    public String planFile() {
        return BundleWriter.PLAN_FILE;
    }

    /**
     * The plan as the run ran it: plan.yaml is the vendor's file, byte for byte (its SHA-256 is what
     * {@code --expect-plan} checks), while {@code accept --dut} and {@code --seed} may have pointed
     * it at another DUT address or profile, or another seed. Those are facts of the run that
     * results.json records; the files derived from them are regenerated with them.
     */
    static TestPlan runPlan(Path bundle, TestPlan plan) throws IOException {
        Path results = bundle.resolve(BundleWriter.RESULTS_FILE);
        if (!Files.exists(results)) {
            return plan;
        }
        com.fasterxml.jackson.databind.JsonNode r;
        try {
            r = Results.JSON.readTree(results.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return plan; // an unreadable results.json is reported as such by the manifest and verdict checks
        }
        String dut = r.path("dut").asText(plan.dut().address());
        String profile = r.path("profile").asText(plan.dut().profile());
        TestPlan out = plan;
        if (!dut.equals(plan.dut().address()) || !profile.equals(plan.dut().profile())) {
            out = out.withDut(new TestPlan.DutSpec(dut, profile));
        }
        if (r.path("seed").isIntegralNumber() && r.path("seed").asLong() != plan.seed()) {
            out = out.withSeed(r.path("seed").asLong());
        }
        return out;
    }

    /**
     * junit.xml, report.html and every COMTRADE record regenerated from the re-derived verdicts
     * and the raw traces, byte for byte; identity.json's DUT list against the identity test's raw
     * record; profile.yaml against the reference profile this build ships (when the plan names
     * it); and every folder under traces/ against the plan's tests.
     */
    @Override
    public List<String> rederiveFiles(Path bundle, List<Verdict> recomputed) throws IOException {
        List<String> out = new ArrayList<>();
        TestPlan plan;
        try {
            plan = runPlan(bundle, PlanReader.read(bundle.resolve(BundleWriter.PLAN_FILE)));
        } catch (ConfigException e) {
            return List.of(e.getMessage());
        }
        java.util.Set<String> ids = new java.util.HashSet<>();
        plan.tests().forEach(t -> ids.add(t.id()));
        Path traces = bundle.resolve(BundleJudge.TRACES);
        if (Files.isDirectory(traces)) {
            try (var s = Files.list(traces)) {
                for (Path d : s.sorted().toList()) {
                    if (!ids.contains(d.getFileName().toString())) {
                        out.add(BundleJudge.TRACES + "/" + d.getFileName() + ": raw data of a test that is not in "
                                + BundleWriter.PLAN_FILE);
                    }
                }
            }
        }
        for (int i = 0; i < plan.tests().size(); i++) {
            headers(bundle, plan, i, out);
        }
        String dutLink = Results.JSON.readTree(bundle.resolve(BundleWriter.RESULTS_FILE).toFile()).path("dutLink").asText("");
        Path tmp = Files.createTempDirectory("ccr-hil-verify-");
        try {
            BundleWriter writer = new BundleWriter(bundle, plan, dutLink);
            writer.writeDerived(tmp, recomputed);
            add(out, BundleCheck.differs(bundle, BundleWriter.JUNIT_FILE, Files.readAllBytes(tmp.resolve(BundleWriter.JUNIT_FILE))));
            add(out, BundleCheck.differs(bundle, BundleWriter.REPORT_FILE, Files.readAllBytes(tmp.resolve(BundleWriter.REPORT_FILE))));
            java.util.Set<String> regenerated = new java.util.TreeSet<>(files(tmp, BundleWriter.COMTRADE_DIR));
            for (String f : regenerated) {
                add(out, BundleCheck.differs(bundle, f, Files.readAllBytes(tmp.resolve(f))));
            }
            for (String f : files(bundle, BundleWriter.COMTRADE_DIR)) {
                if (!regenerated.contains(f)) {
                    out.add(f + ": no trace in the bundle gives this record");
                }
            }
            if (plan.dut().profile().equals("reference-ccr") && Files.exists(bundle.resolve(BundleWriter.PROFILE_FILE))) {
                byte[] reference = BundleWriter.referenceProfile();
                if (reference != null) {
                    add(out, BundleCheck.differs(bundle, BundleWriter.PROFILE_FILE, reference));
                }
            }
            Path identity = bundle.resolve(BundleWriter.IDENTITY_FILE);
            if (Files.exists(identity)) {
                writer.writeIdentityTo(tmp);
                var recorded = Results.JSON.readTree(identity.toFile()).path("dut");
                var derived = Results.JSON.readTree(tmp.resolve(BundleWriter.IDENTITY_FILE).toFile()).path("dut");
                if (!recorded.equals(derived)) {
                    out.add(BundleWriter.IDENTITY_FILE + ": its DUT components are not those the identity test recorded ("
                            + derived + ")");
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            out.add(BundleWriter.IDENTITY_FILE + ": not valid JSON (" + e.getOriginalMessage() + ")");
        } finally {
            try (var s = Files.walk(tmp)) {
                for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
        return out;
    }

    /**
     * Each trace's header against the plan: plan, test, procedure and run name, and a seed the
     * plan gives this test's runs (plan seed + 1000003 × test index + 7919 × run index).
     */
    private static void headers(Path bundle, TestPlan plan, int index, List<String> out) throws IOException {
        TestSpec t = plan.tests().get(index);
        Path dir = bundle.resolve(BundleJudge.testDir(t));
        if (!Files.isDirectory(dir)) {
            return;
        }
        // the runs are those with an events file, as the judge reads them; each has its trace
        String suffix = io.github.ccrhil.ccr.verify.accept.procedure.RunRecorder.EVENTS_SUFFIX;
        List<Path> traces;
        try (var s = Files.list(dir)) {
            traces = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(suffix)).sorted()
                    .map(n -> dir.resolve(n.substring(0, n.length() - suffix.length()) + ".csv"))
                    .filter(Files::isRegularFile).toList();
        }
        java.util.Set<String> seeds = new java.util.HashSet<>();
        for (int k = 0; k < traces.size(); k++) {
            seeds.add(Long.toString(plan.seed() + 1_000_003L * index + 7919L * k));
        }
        for (Path p : traces) {
            String rel = BundleJudge.testDir(t) + "/" + p.getFileName();
            String run = p.getFileName().toString().substring(0, p.getFileName().toString().length() - 4);
            java.util.Map<String, String> h = new java.util.LinkedHashMap<>();
            try (var lines = Files.lines(p, java.nio.charset.StandardCharsets.UTF_8)) {
                for (String l : (Iterable<String>) lines.takeWhile(l -> l.startsWith("# "))::iterator) {
                    int c = l.indexOf(": ");
                    if (c > 2) {
                        h.put(l.substring(2, c), l.substring(c + 2));
                    }
                }
            } catch (java.io.UncheckedIOException e) {
                out.add(rel + ": its header cannot be read (" + e.getCause().getMessage() + ")");
                continue;
            }
            List<String> wrong = new ArrayList<>();
            expect(h, "plan", plan.name(), wrong);
            expect(h, "test", t.id(), wrong);
            expect(h, "procedure", t.procedure().planName(), wrong);
            expect(h, "run", run, wrong);
            if (!seeds.contains(h.get("seed"))) {
                wrong.add("seed " + h.get("seed") + " is none the plan gives this test's runs " + new java.util.TreeSet<>(seeds));
            }
            if (!wrong.isEmpty()) {
                out.add(rel + ": header " + String.join("; ", wrong));
            }
        }
    }

    private static void expect(java.util.Map<String, String> header, String key, String expected, List<String> wrong) {
        if (!expected.equals(header.get(key))) {
            wrong.add(key + " " + header.get(key) + ", the plan gives " + expected);
        }
    }

    private static void add(List<String> out, String problem) {
        if (problem != null) {
            out.add(problem);
        }
    }

    /** Files under {@code dir} of {@code root}, relative to root, '/'-separated. */
    private static List<String> files(Path root, String dir) throws IOException {
        Path d = root.resolve(dir);
        if (!Files.isDirectory(d)) {
            return List.of();
        }
        try (var s = Files.walk(d)) {
            return s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace('\\', '/')).sorted().toList();
        }
    }

    @Override
    public List<Verdict> rederivePartial(Path bundle, java.util.Set<String> covered, java.util.Set<String> recorded,
                                         List<String> notes) throws IOException, ConfigException {
        TestPlan plan = PlanReader.read(bundle.resolve(BundleWriter.PLAN_FILE));
        List<Verdict> out = new ArrayList<>();
        String lastComplete = null;
        for (TestSpec t : plan.tests()) {
            List<String> files = new ArrayList<>();
            Path dir = bundle.resolve(BundleJudge.testDir(t));
            if (Files.isDirectory(dir)) {
                try (var s = Files.list(dir)) {
                    s.map(p -> BundleJudge.testDir(t) + "/" + p.getFileName()).sorted().forEach(files::add);
                }
            }
            boolean complete = !files.isEmpty() && covered.containsAll(files) && (recorded == null || recorded.contains(t.id()));
            if (complete) {
                out.addAll(rederive(bundle, plan, List.of(t)));
                lastComplete = t.id();
            } else {
                String why = files.isEmpty() ? "not run: the run ended before this test"
                        : "run ended inside this test: not judged from its partial raw data";
                if (!files.isEmpty()) {
                    notes.add(t.id() + ": the run ended inside this test");
                }
                out.add(new Verdict(t.id(), t.procedure().planName(), t.requirement(), t.clause(),
                        io.github.ccrhil.evidence.Outcome.INCONCLUSIVE, why,
                        plan.measurement().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
                        !plan.measurement().independent(), List.of(), files));
            }
        }
        notes.add(0, "last complete test: " + (lastComplete == null ? "none" : lastComplete));
        return out;
    }

    @Override
    public List<Verdict> rederive(Path bundle) throws IOException, ConfigException {
        TestPlan plan = PlanReader.read(bundle.resolve(BundleWriter.PLAN_FILE));
        return rederive(bundle, plan, plan.tests());
    }

    private List<Verdict> rederive(Path bundle, TestPlan plan, List<TestSpec> tests) throws IOException {
        List<Verdict> out = new ArrayList<>();
        for (TestSpec t : tests) {
            try {
                out.add(BundleJudge.judge(bundle, plan, t, resolver));
            } catch (RuntimeException e) {
                // raw data the judge cannot read (a flipped byte in an events file, say): no verdict
                // from it, and the files it came from named
                List<String> files = new ArrayList<>();
                Path dir = bundle.resolve(BundleJudge.testDir(t));
                if (Files.isDirectory(dir)) {
                    try (var s = Files.list(dir)) {
                        s.map(p -> BundleJudge.testDir(t) + "/" + p.getFileName()).sorted().forEach(files::add);
                    }
                }
                out.add(new Verdict(t.id(), t.procedure().planName(), t.requirement(), t.clause(),
                        io.github.ccrhil.evidence.Outcome.INCONCLUSIVE, "the raw data of this test cannot be judged ("
                        + e.getMessage() + "); files: " + String.join(", ", files),
                        plan.measurement().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
                        !plan.measurement().independent(), List.of(), files));
            }
        }
        return out;
    }
}
