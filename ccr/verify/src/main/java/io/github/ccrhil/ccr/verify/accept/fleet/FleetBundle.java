package io.github.ccrhil.ccr.verify.accept.fleet;

import io.github.ccrhil.ccr.verify.accept.bundle.BundleVerifier;
import io.github.ccrhil.ccr.verify.accept.plan.PlanReader;
import io.github.ccrhil.ccr.verify.accept.plan.TestPlan;
import io.github.ccrhil.ccr.verify.accept.plan.TestSpec;
import io.github.ccrhil.ccr.verify.accept.verdict.BundleJudge;
import io.github.ccrhil.evidence.Check;
import io.github.ccrhil.evidence.Outcome;
import io.github.ccrhil.evidence.Verdict;
import io.github.ccrhil.evidence.bundle.BundleCheck;
import io.github.ccrhil.evidence.bundle.BundleFiles;
import io.github.ccrhil.evidence.bundle.BundleKind;
import io.github.ccrhil.evidence.bundle.BundleMarker;
import io.github.ccrhil.evidence.bundle.Manifest;
import io.github.ccrhil.evidence.bundle.Results;
import io.github.ccrhil.evidence.report.JunitXml;
import io.github.ccrhil.evidence.yaml.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fleet bundle as a {@link BundleKind}: {@code verify-bundle} checks its manifest (its own files
 * and every CCR bundle's manifest), then each CCR bundle named in its fleet.yaml as a bundle of its
 * own (its manifest, every verdict re-judged from its raw traces, its derived files), and re-derives
 * the fleet's verdict matrix, junit.xml, drift.csv and report.html from them. An altered CCR bundle
 * is named by the CCR's folder and file; a dropped one by the CCR's manifest, missing, and each of
 * its verdicts, which the raw data no longer give.
 */
public final class FleetBundle implements BundleKind {

    public static final String KIND = "ccr-fleet";
    /** 1: bundle.json, fleet.yaml, fleet-plan.yaml, ccrs/&lt;ccr&gt;/ (acceptance bundles), results.json, junit.xml, drift.csv, report.html, run.log, manifest.sha256. */
    public static final int FORMAT_VERSION = 1;
    public static final BundleMarker MARKER = new BundleMarker(KIND, FORMAT_VERSION);

    /** Each CCR bundle's problems from the last {@link #rederive}, by CCR, for {@link #rederiveFiles}. */
    private final Map<Path, Map<String, List<String>>> nestedProblems = new LinkedHashMap<>();
    private final Map<Path, Map<String, List<Verdict>>> lastByCcr = new LinkedHashMap<>();

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public String planFile() {
        return FleetRun.PLAN_FILE;
    }

    /** Files inside a CCR bundle are its own manifest's to cover; the CCR's manifest is the fleet's. */
    @Override
    public boolean nested(String rel) {
        if (!rel.startsWith(FleetRun.CCRS + "/")) {
            return false;
        }
        String inside = rel.substring(FleetRun.CCRS.length() + 1);
        int slash = inside.indexOf('/');
        return slash > 0 && !inside.substring(slash + 1).equals(Manifest.FILE);
    }

    @Override
    public List<Verdict> rederive(Path bundle) throws IOException, ConfigException {
        Fleet fleet = FleetReader.read(bundle.resolve(FleetRun.FLEET_FILE));
        TestPlan plan = PlanReader.read(bundle.resolve(FleetRun.PLAN_FILE));
        Map<String, List<Verdict>> byCcr = new LinkedHashMap<>();
        Map<String, List<String>> problems = new LinkedHashMap<>();
        for (Fleet.Ccr c : fleet.ccrs()) {
            Path dir = bundle.resolve(FleetRun.CCRS).resolve(c.name());
            List<String> mine = new ArrayList<>();
            List<Verdict> vs;
            if (!Files.isDirectory(dir)) {
                mine.add("its bundle is missing (" + FleetRun.CCRS + "/" + c.name() + ")");
                vs = complete(plan, List.of(), "no bundle for " + c.name() + " in the fleet bundle");
            } else {
                BundleCheck.Report r = BundleCheck.verify(dir, BundleVerifier.kinds(BundleJudge.REFERENCE_RESOLVER));
                r.manifestProblems().forEach(p -> mine.add(p));
                r.verdictProblems().forEach(p -> mine.add("verdict " + p));
                r.derivedProblems().forEach(p -> mine.add(p));
                vs = complete(plan, r.recomputed(), "the CCR's run did not reach this test");
            }
            byCcr.put(c.name(), vs);
            if (!mine.isEmpty()) {
                problems.put(c.name(), mine);
            }
        }
        nestedProblems.put(bundle, problems);
        lastByCcr.put(bundle, byCcr);
        return flatten(byCcr);
    }

    @Override
    public List<String> rederiveFiles(Path bundle, List<Verdict> recomputed) throws IOException {
        List<String> out = new ArrayList<>();
        nestedProblems.getOrDefault(bundle, Map.of()).forEach((ccr, ps) -> ps.forEach(p -> out.add(
                FleetRun.CCRS + "/" + ccr + ": " + p)));
        Map<String, List<Verdict>> byCcr = lastByCcr.get(bundle);
        if (byCcr == null) {
            return out;
        }
        try {
            Fleet fleet = FleetReader.read(bundle.resolve(FleetRun.FLEET_FILE));
            TestPlan plan = PlanReader.read(bundle.resolve(FleetRun.PLAN_FILE));
            Map<String, FleetIdentity> identities = identities(bundle, fleet);
            for (Map.Entry<String, byte[]> f : derived(fleet, plan, byCcr, identities).entrySet()) {
                String d = BundleCheck.differs(bundle, f.getKey(), f.getValue());
                if (d != null) {
                    out.add(d);
                }
            }
        } catch (ConfigException e) {
            out.add(e.getMessage());
        }
        return out;
    }

    static Map<String, FleetIdentity> identities(Path bundle, Fleet fleet) throws IOException, ConfigException {
        String planText = Files.readString(bundle.resolve(FleetRun.PLAN_FILE), StandardCharsets.UTF_8);
        Map<String, FleetIdentity> out = new LinkedHashMap<>();
        for (Fleet.Ccr c : fleet.ccrs()) {
            out.put(c.name(), FleetIdentity.read(bundle, c, FleetPlans.forCcr(planText, FleetRun.PLAN_FILE, c).plan(),
                    BundleJudge.REFERENCE_RESOLVER));
        }
        return out;
    }

    /**
     * One verdict per test of the plan, in plan order: the CCR's own, or INCONCLUSIVE ({@code why})
     * for a test its bundle holds none for.
     */
    static List<Verdict> complete(TestPlan plan, List<Verdict> got, String why) {
        List<Verdict> out = new ArrayList<>();
        for (TestSpec t : plan.tests()) {
            Verdict v = got.stream().filter(x -> x.testId().equals(t.id())).findFirst().orElse(null);
            out.add(v != null ? v : new Verdict(t.id(), t.procedure().planName(), t.requirement(), t.clause(), Outcome.INCONCLUSIVE,
                    why, plan.measurement().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), false,
                    List.of(new Check("fleet", "the CCR's bundle holds this test", "verdict", "present", "fleet run", false, why,
                            Outcome.INCONCLUSIVE, Double.NaN)), List.of()));
        }
        return out;
    }

    /** Every CCR's verdicts as fleet verdicts: test id "ccr/test", files relative to the fleet bundle. */
    static List<Verdict> flatten(Map<String, List<Verdict>> byCcr) {
        List<Verdict> out = new ArrayList<>();
        byCcr.forEach((ccr, vs) -> {
            for (Verdict v : vs) {
                out.add(new Verdict(ccr + "/" + v.testId(), v.procedure(), v.requirement(), v.clause(), v.outcome(), v.reason(),
                        v.measurement(), v.selfReported(), v.checks(),
                        v.files().stream().map(f -> FleetRun.CCRS + "/" + ccr + "/" + f).toList()));
            }
        });
        return out;
    }

    /** Writes results.json, junit.xml, drift.csv and report.html; returns their names. */
    static List<String> writeDerived(Path bundle, Fleet fleet, TestPlan plan, Map<String, List<Verdict>> byCcr,
                                     Map<String, FleetIdentity> identities) throws IOException {
        Map<String, List<Verdict>> completed = new LinkedHashMap<>();
        byCcr.forEach((c, vs) -> completed.put(c, complete(plan, vs == null ? List.of() : vs, "the CCR's run did not reach this test")));
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, byte[]> f : derived(fleet, plan, completed, identities).entrySet()) {
            Files.write(bundle.resolve(f.getKey()), f.getValue());
            names.add(f.getKey());
        }
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("fleet", fleet.name());
        header.put("plan", plan.name());
        header.put("ccrs", fleet.ccrs().size());
        header.put("drift", identities.values().stream().filter(FleetIdentity::drift).map(FleetIdentity::ccr).toList());
        Results.write(bundle, header, Results.COMPLETE, flatten(completed));
        names.add(BundleFiles.RESULTS);
        return names;
    }

    /** The files derived from the verdicts and the raw identity records, byte for byte. */
    static Map<String, byte[]> derived(Fleet fleet, TestPlan plan, Map<String, List<Verdict>> byCcr,
                                       Map<String, FleetIdentity> identities) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        Map<String, String> props = new LinkedHashMap<>();
        props.put("fleet", fleet.name());
        props.put("plan", plan.name());
        props.put("ccrs", Integer.toString(fleet.ccrs().size()));
        out.put(BundleFiles.JUNIT, JunitXml.render(fleet.name(), props, flatten(byCcr)).getBytes(StandardCharsets.UTF_8));
        out.put(FleetRun.DRIFT_FILE, FleetReport.driftCsv(fleet, identities).getBytes(StandardCharsets.UTF_8));
        out.put(BundleFiles.REPORT, FleetReport.render(fleet, plan, byCcr, identities).getBytes(StandardCharsets.UTF_8));
        return out;
    }
}
