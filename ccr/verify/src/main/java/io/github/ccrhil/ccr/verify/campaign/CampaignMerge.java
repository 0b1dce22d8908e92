package io.github.ccrhil.ccr.verify.campaign;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ccrhil.ccr.emulator.scenario.Scenario;
import io.github.ccrhil.evidence.Verdict;
import io.github.ccrhil.evidence.bundle.BundleFiles;
import io.github.ccrhil.evidence.bundle.Manifest;
import io.github.ccrhil.evidence.bundle.Results;
import io.github.ccrhil.evidence.yaml.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Joins the shard bundles of one campaign (on the emulated DUT) into the bundle the whole
 * campaign run in one process would have written: its plan is the shards' plan as shard 1/1,
 * every case's raw files and failure file are copied from the shard that ran it, every case is
 * judged again from the merged bundle's own files (by the function the run and
 * {@code verify-bundle} use, never copied from a shard's results), and results.json, junit.xml,
 * report.html and run.log are written by the campaign's own writers. So merging the n shards of a
 * seed gives, byte for byte, the bundle of the same seed run as one shard (identity.json is the
 * shards' own: it names the build that ran the cases).
 *
 * <p>It refuses, before writing anything, with one line naming the bundles: a folder that is not a
 * finished campaign bundle or does not match its manifest, shards of different seeds, plans
 * (options or limits) or splits, shards of different builds (their identity.json differ), a
 * shard given twice, and missing shards.
 */
public final class CampaignMerge {

    /** A merge that cannot be made, with the one-line reason. */
    public static final class Refused extends IllegalArgumentException {
        public Refused(String message) {
            super(message);
        }
    }

    /** What the merge did: the merged plan, the cases, how many failed. */
    public record Summary(CampaignPlan plan, int cases, long failed, int shards) { }

    private record Shard(Path dir, CampaignPlan plan, JsonNode planJson, JsonNode identity) {
        String label() {
            return plan.config().shard() + "/" + plan.config().shards();
        }
    }

    private CampaignMerge() {
    }

    /**
     * Merges {@code shards} into {@code out} (new or empty).
     *
     * @param threads workers judging cases
     * @throws Refused when the shards do not make one whole campaign, or a shard is not one
     */
    public static Summary merge(Path out, List<Path> shards, int threads) throws IOException {
        Objects.requireNonNull(out, "out");
        if (shards.isEmpty()) {
            throw new Refused("no shard bundles given");
        }
        if (threads < 1) {
            throw new Refused("--threads must be ≥ 1, was " + threads);
        }
        List<Shard> read = new ArrayList<>();
        for (Path p : shards) {
            read.add(read(p));
        }
        Shard first = read.get(0);
        for (Shard s : read.subList(1, read.size())) {
            same(first, s);
        }
        int n = first.plan().config().shards();
        Map<Integer, Shard> byShard = new TreeMap<>();
        for (Shard s : read) {
            Shard before = byShard.put(s.plan().config().shard(), s);
            if (before != null) {
                throw new Refused("shard " + s.label() + " given twice: " + before.dir() + " and " + s.dir());
            }
        }
        List<String> missing = new ArrayList<>();
        for (int k = 1; k <= n; k++) {
            if (!byShard.containsKey(k)) {
                missing.add(k + "/" + n);
            }
        }
        if (!missing.isEmpty()) {
            throw new Refused("missing shard" + (missing.size() == 1 ? " " : "s ") + String.join(", ", missing) + " of seed "
                    + Long.toUnsignedString(first.plan().config().seed()) + " (given: "
                    + String.join(", ", byShard.values().stream().map(Shard::label).toList()) + ")");
        }
        for (Shard s : read) {
            caseFolders(s);
        }

        Campaign.Config c = first.plan().config();
        Campaign.Config whole = new Campaign.Config(c.cases(), c.seed(), 1, 1, c.kinds(), c.waveformShare(), 1, c.shrinkBudget());
        CampaignPlan plan = new CampaignPlan(whole, null, first.plan().limits(), first.plan().rerun());
        CampaignBundle bundle = CampaignBundle.create(out, plan);
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "merge-worker");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<CampaignBundle.Entry>> futures = new ArrayList<>();
            for (int i : plan.indices()) {
                Shard from = byShard.get(i % n + 1);
                futures.add(pool.submit(() -> copyAndJudge(plan, i, from, bundle)));
            }
            List<CampaignBundle.Entry> entries = new ArrayList<>();
            for (Future<CampaignBundle.Entry> f : futures) {
                entries.add(get(f));
            }
            Files.copy(first.dir().resolve(BundleFiles.IDENTITY), out.resolve(BundleFiles.IDENTITY));
            CampaignBundle.writeDerived(out, out, Campaign.bundleRun(whole), entries);
            Manifest.write(out);
            return new Summary(plan, entries.size(), entries.stream().filter(CampaignBundle.Entry::failed).count(), n);
        } finally {
            pool.shutdownNow();
        }
    }

    private static <T> T get(Future<T> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("merge interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Copies case {@code index}'s raw files and failure file from its shard, judges it from the merged bundle, adds it to the manifest. */
    private static CampaignBundle.Entry copyAndJudge(CampaignPlan plan, int index, Shard from, CampaignBundle bundle)
            throws IOException {
        Scenario s = Campaign.scenario(plan.config(), index);
        String dir = CampaignBundle.caseDir(index, s);
        Files.createDirectories(bundle.dir().resolve(dir));
        for (String f : CampaignBundle.listed(from.dir(), dir)) {
            Files.copy(from.dir().resolve(f), bundle.dir().resolve(f), StandardCopyOption.COPY_ATTRIBUTES);
        }
        List<Verdict> verdicts = CampaignBundle.judgeCase(bundle.dir(), dir, s, plan.limitsFor(s), plan.rerun());
        boolean failed = verdicts.stream().anyMatch(Verdict::failed);
        String failure = failureFile(from.dir(), s.name());
        if (failed && failure == null) {
            throw new Refused(from.dir() + ": no failure file for failing case " + index + " " + s.name()
                    + " (verify-bundle " + from.dir() + " names what is wrong)");
        }
        if (!failed && failure != null) {
            throw new Refused(from.dir() + ": " + failure + " is the failure file of case " + index + " " + s.name()
                    + ", which passes (verify-bundle " + from.dir() + " names what is wrong)");
        }
        Path file = null;
        if (failure != null) {
            Files.copy(from.dir().resolve(failure), bundle.failures().resolve(Path.of(failure).getFileName().toString()),
                    StandardCopyOption.COPY_ATTRIBUTES);
            file = bundle.failures().resolve(Path.of(failure).getFileName().toString());
        }
        bundle.caseFinished(dir, file);
        return new CampaignBundle.Entry(index, Campaign.kind(plan.config(), index).label(), s.name(), verdicts, file,
                file == null ? null : FailureFiles.replayCommand(Campaign.inBundle(file)), Map.of());
    }

    /** The shard's failure file of the case named {@code name} (relative to the bundle), or null. */
    private static String failureFile(Path shard, String name) throws IOException {
        String prefix = CampaignBundle.FAILURES_DIR + "/" + name;
        for (String f : CampaignBundle.listed(shard, CampaignBundle.FAILURES_DIR)) {
            if (f.matches(java.util.regex.Pattern.quote(prefix) + "-[0-9a-f]{10}\\.yaml")) {
                return f;
            }
        }
        return null;
    }

    /** The shard's plan and identity, after checking it is a finished campaign bundle on the emulated DUT that matches its manifest. */
    private static Shard read(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new Refused(dir + ": no such bundle folder");
        }
        if (!Files.isRegularFile(dir.resolve(CampaignPlan.FILE))) {
            throw new Refused(dir + ": not a campaign bundle (no " + CampaignPlan.FILE + ")");
        }
        CampaignPlan plan;
        JsonNode planJson;
        try {
            plan = CampaignPlan.read(dir);
            planJson = Results.JSON.readTree(dir.resolve(CampaignPlan.FILE).toFile());
        } catch (ConfigException e) {
            throw new Refused(dir + ": " + e.getMessage());
        }
        if (plan.linked() != null) {
            throw new Refused(dir + ": a campaign against a DUT at the end of a link; merge-bundles joins campaigns on the"
                    + " emulated DUT");
        }
        String status = status(dir);
        if (!Results.COMPLETE.equals(status)) {
            throw new Refused(dir + ": shard " + plan.config().shard() + "/" + plan.config().shards() + " did not finish"
                    + " (results.json says " + (status == null ? "nothing" : "\"" + status + "\"") + "); run it again");
        }
        if (!Files.isRegularFile(dir.resolve(Manifest.FILE))) {
            throw new Refused(dir + ": no " + Manifest.FILE);
        }
        List<String> problems = Manifest.problems(dir);
        if (!problems.isEmpty()) {
            throw new Refused(dir + ": does not match its manifest: " + problems.get(0)
                    + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : ""));
        }
        Path identity = dir.resolve(BundleFiles.IDENTITY);
        if (!Files.isRegularFile(identity)) {
            throw new Refused(dir + ": no " + BundleFiles.IDENTITY + " (which build ran it is not recorded)");
        }
        return new Shard(dir, plan, planJson, Results.JSON.readTree(identity.toFile()));
    }

    /** results.json's top-level status, read without loading the cases. */
    private static String status(Path dir) throws IOException {
        Path f = dir.resolve(BundleFiles.RESULTS);
        if (!Files.isRegularFile(f)) {
            return null;
        }
        try (JsonParser p = Results.JSON.getFactory().createParser(f.toFile())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.getCurrentName();
                JsonToken v = p.nextToken();
                if (name.equals("status") && v == JsonToken.VALUE_STRING) {
                    return p.getText();
                }
                p.skipChildren();
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return null;
        }
        return null;
    }

    /** The same campaign and the same build, else a refusal naming both bundles and what differs. */
    private static void same(Shard a, Shard b) {
        Campaign.Config x = a.plan().config();
        Campaign.Config y = b.plan().config();
        if (x.seed() != y.seed()) {
            throw new Refused("shards of different seeds: " + a.dir() + " has seed " + Long.toUnsignedString(x.seed()) + ", "
                    + b.dir() + " seed " + Long.toUnsignedString(y.seed()));
        }
        if (x.shards() != y.shards()) {
            throw new Refused("shards of different splits: " + a.dir() + " is shard " + a.label() + ", " + b.dir() + " shard "
                    + b.label());
        }
        String field = differingField(withoutShard(a.planJson()), withoutShard(b.planJson()), "");
        if (field != null) {
            throw new Refused("shards of different plans: " + a.dir() + " and " + b.dir() + " differ in " + CampaignPlan.FILE
                    + " at " + field);
        }
        String build = differingField(a.identity(), b.identity(), "");
        if (build != null) {
            throw new Refused("shards of different builds: " + a.dir() + " and " + b.dir() + " differ in " + BundleFiles.IDENTITY
                    + " at " + build);
        }
    }

    private static JsonNode withoutShard(JsonNode plan) {
        ObjectNode o = plan.deepCopy();
        o.remove("shard");
        return o;
    }

    /** The path of the first field where {@code a} and {@code b} differ, or null when they are equal. */
    private static String differingField(JsonNode a, JsonNode b, String at) {
        if (a.equals(b)) {
            return null;
        }
        if (a.isObject() && b.isObject()) {
            for (Iterator<String> it = a.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!b.has(f)) {
                    return at + f + " (only in the first)";
                }
                String d = differingField(a.get(f), b.get(f), at + f + ".");
                if (d != null) {
                    return d;
                }
            }
            for (Iterator<String> it = b.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!a.has(f)) {
                    return at + f + " (only in the second)";
                }
            }
        }
        if (a.isArray() && b.isArray() && a.size() == b.size()) {
            for (int i = 0; i < a.size(); i++) {
                String d = differingField(a.get(i), b.get(i), at + i + ".");
                if (d != null) {
                    return d;
                }
            }
        }
        String where = at.endsWith(".") ? at.substring(0, at.length() - 1) : at;
        return (where.isEmpty() ? "the top" : where) + " (" + abbreviate(a) + " against " + abbreviate(b) + ")";
    }

    private static String abbreviate(JsonNode n) {
        String s = n.isValueNode() ? n.asText() : n.toString();
        return s.length() > 60 ? s.substring(0, 57) + "…" : s;
    }

    /** Every case folder of the shard belongs to its shard of the plan, and every case of its shard is there. */
    private static void caseFolders(Shard s) throws IOException {
        java.util.Set<String> expected = new java.util.HashSet<>();
        for (int i : s.plan().indices()) {
            expected.add(CampaignBundle.caseDir(i, Campaign.scenario(s.plan().config(), i)));
        }
        java.util.Set<String> present = new java.util.HashSet<>(CampaignBundle.listed(s.dir(), CampaignBundle.CASES_DIR));
        for (String d : present) {
            if (!expected.contains(d)) {
                throw new Refused(s.dir() + ": " + d + " is not a case of shard " + s.label());
            }
        }
        for (int i : s.plan().indices()) {
            String d = CampaignBundle.caseDir(i, Campaign.scenario(s.plan().config(), i));
            if (!present.contains(d)) {
                throw new Refused(s.dir() + ": " + d + "/ missing (case " + i + " of shard " + s.label() + ")");
            }
        }
    }
}
