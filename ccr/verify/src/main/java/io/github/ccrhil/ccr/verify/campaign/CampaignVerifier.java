package io.github.ccrhil.ccr.verify.campaign;

import io.github.ccrhil.ccr.emulator.scenario.Scenario;
import io.github.ccrhil.ccr.verify.limits.StepTable;
import io.github.ccrhil.evidence.Outcome;
import io.github.ccrhil.evidence.Verdict;
import io.github.ccrhil.evidence.bundle.BundleCheck;
import io.github.ccrhil.evidence.bundle.BundleFiles;
import io.github.ccrhil.evidence.bundle.BundleKind;
import io.github.ccrhil.evidence.bundle.Results;
import io.github.ccrhil.evidence.yaml.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The campaign bundle as a {@link BundleKind} for {@code verify-bundle}: every case re-judged from
 * the campaign's plan ({@value CampaignPlan#FILE}: options, seed, shard and the limits with their
 * provenance) and the case's raw files, by the same function the run used; then results.json,
 * junit.xml, report.html, run.log and failures/ regenerated and compared byte for byte, each
 * case's scenario.yaml against the scenario the seed gives, each trace header against the plan,
 * and every case folder against the plan's cases. A failure file shrunk by re-running the DUT is
 * checked for being there (one per failing case, none for a passing one), not re-derived: the
 * verifier does not run the DUT.
 */
public final class CampaignVerifier implements BundleKind {

    @Override
    public String kind() {
        return CampaignBundle.KIND;
    }

    /** A bundle whose marker cannot be read, but that holds a campaign plan. */
    @Override
    public boolean recognises(Path bundle) {
        return Files.exists(bundle.resolve(CampaignPlan.FILE));
    }

    @Override
    public String planFile() {
        return CampaignPlan.FILE;
    }

    /** One case as the plan gives it. */
    private record Case(int index, String kind, String name, String dir, Scenario scenario, List<String> files,
                        List<String> properties) {
        String prefix() {
            return name + " / ";
        }
    }

    private static final List<String> LINKED_PROPERTIES = List.of(LinkedCampaign.REMOTE_COMMANDS, PropertyChecks.SETTLING,
            PropertyChecks.MONOTONE, PropertyChecks.OVERSHOOT, PropertyChecks.SOFT_START, PropertyChecks.OPEN_CIRCUIT,
            PropertyChecks.LAMP_ESTIMATE, PropertyChecks.STATE_MACHINE, PropertyChecks.DETERMINISM);

    private static List<Case> cases(CampaignPlan plan) {
        List<Case> out = new ArrayList<>();
        for (int i : plan.indices()) {
            if (plan.linked() != null) {
                LinkedCampaign.Config lc = LinkedCampaign.config(plan);
                String dir = LinkedCampaign.caseDir(lc, i);
                out.add(new Case(i, LinkedCampaign.KIND, LinkedCampaign.caseName(lc, i), dir, null,
                        List.of(dir + "/" + LinkedCampaign.COMMANDS_FILE, dir + "/" + CampaignBundle.TRACE_FILE), LINKED_PROPERTIES));
            } else {
                Scenario s = Campaign.scenario(plan.config(), i);
                String dir = CampaignBundle.caseDir(i, s);
                List<String> files = new ArrayList<>(List.of(dir + "/" + CampaignBundle.SCENARIO_FILE, dir + "/" + CampaignBundle.TRACE_FILE));
                if (plan.rerun()) {
                    files.add(dir + "/" + CampaignBundle.RERUN_FILE);
                }
                out.add(new Case(i, Campaign.kind(plan.config(), i).label(), s.name(), dir, s,
                        files.stream().sorted().toList(), PropertyChecks.ALL));
            }
        }
        return out;
    }

    @Override
    public List<Verdict> rederive(Path bundle) throws IOException, ConfigException {
        CampaignPlan plan = CampaignPlan.read(bundle);
        List<Verdict> out = new ArrayList<>();
        for (Case k : cases(plan)) {
            out.addAll(judged(bundle, plan, k));
        }
        return out;
    }

    /** The case's verdicts from its raw files, qualified by the case; INCONCLUSIVE, naming the file, when they cannot be read. */
    private static List<Verdict> judged(Path bundle, CampaignPlan plan, Case k) throws IOException {
        List<String> present = CampaignBundle.listed(bundle, k.dir());
        if (present.isEmpty()) {
            return inconclusive(plan, k, "no raw data: " + k.dir() + "/ is not in the bundle", present);
        }
        List<Verdict> verdicts;
        try {
            if (plan.linked() != null) {
                StepTable steps = RunContext.stepsNamed(plan.linked().stepTable());
                verdicts = LinkedCampaign.judgeCase(bundle, k.dir(), plan.limits().get(plan.linked().stepTable()), steps);
            } else {
                verdicts = CampaignBundle.judgeCase(bundle, k.dir(), k.scenario(), plan.limitsFor(k.scenario()), plan.rerun());
            }
        } catch (IOException | RuntimeException e) {
            String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            return inconclusive(plan, k, "the raw data of this case cannot be judged (" + m + "); files: "
                    + String.join(", ", present), present);
        }
        return qualified(bundle, k, verdicts);
    }

    private static List<Verdict> qualified(Path bundle, Case k, List<Verdict> verdicts) throws IOException {
        return CampaignBundle.inBundle(bundle, new CampaignBundle.Entry(k.index(), k.kind(), k.name(), verdicts, null, null, Map.of()));
    }

    private static List<Verdict> inconclusive(CampaignPlan plan, Case k, String why, List<String> files) {
        List<Verdict> out = new ArrayList<>();
        for (String p : k.properties()) {
            Verdict v = PropertyVerdicts.of(p, Outcome.INCONCLUSIVE, why, plan.linked() != null);
            out.add(new Verdict(k.prefix() + p, v.procedure(), v.requirement(), v.clause(), v.outcome(), v.reason(),
                    v.measurement(), v.selfReported(), List.of(), files));
        }
        return out;
    }

    /**
     * A run cut short: each case whose raw files the manifest covers is re-judged; a case the
     * run ended inside is never judged from its partial raw data, and is named; notes say how
     * many cases finished.
     */
    @Override
    public List<Verdict> rederivePartial(Path bundle, Set<String> covered, Set<String> recorded, List<String> notes)
            throws IOException, ConfigException {
        CampaignPlan plan = CampaignPlan.read(bundle);
        List<Verdict> out = new ArrayList<>();
        List<Case> cases = cases(plan);
        int finished = 0;
        String last = null;
        for (Case k : cases) {
            boolean complete = covered.containsAll(k.files())
                    && (recorded == null || k.properties().stream().allMatch(p -> recorded.contains(k.prefix() + p)));
            List<String> present = CampaignBundle.listed(bundle, k.dir());
            if (complete) {
                out.addAll(judged(bundle, plan, k));
                finished++;
                last = k.name();
            } else if (!present.isEmpty()) {
                notes.add("case " + k.index() + " " + k.name() + ": the run ended inside this case");
                out.addAll(inconclusive(plan, k, "run ended inside this case: not judged from its partial raw data", present));
            } else {
                out.addAll(inconclusive(plan, k, "not run: the run ended before this case", present));
            }
        }
        notes.add(0, "cases finished: " + finished + " of " + cases.size()
                + (last == null ? "" : " (the last in case order: " + last + ")"));
        return out;
    }

    /**
     * Everything that follows from the plan, the raw data and the re-derived verdicts, compared
     * with the bundle's: one "file: what differs" a file.
     */
    @Override
    public List<String> rederiveFiles(Path bundle, List<Verdict> recomputed) throws IOException {
        CampaignPlan plan;
        try {
            plan = CampaignPlan.read(bundle);
        } catch (ConfigException e) {
            return List.of(e.getMessage());
        }
        List<String> out = new ArrayList<>();
        List<Case> cases = cases(plan);
        Set<String> dirs = new HashSet<>();
        cases.forEach(k -> dirs.add(k.dir()));
        for (String d : CampaignBundle.listed(bundle, CampaignBundle.CASES_DIR)) {
            if (!dirs.contains(d)) {
                out.add(d + ": raw data of a case this campaign does not have (" + CampaignPlan.FILE + ")");
            }
        }
        Set<String> failureFiles = new TreeSet<>(CampaignBundle.listed(bundle, CampaignBundle.FAILURES_DIR));
        Set<String> accounted = new HashSet<>();
        List<CampaignBundle.Entry> entries = new ArrayList<>();
        LinkedCampaign.Config lc = plan.linked() == null ? null : LinkedCampaign.config(plan);
        StepTable steps = plan.linked() == null ? null : RunContext.stepsNamed(plan.linked().stepTable());
        Path tmp = Files.createTempDirectory("ccr-hil-verify-campaign-");
        try {
            for (Case k : cases) {
                List<Verdict> mine = new ArrayList<>();
                for (Verdict v : recomputed) {
                    if (v.testId().startsWith(k.prefix())) {
                        mine.add(new Verdict(v.testId().substring(k.prefix().length()), v.procedure(), v.requirement(), v.clause(),
                                v.outcome(), v.reason(), v.measurement(), v.selfReported(), v.checks(), List.of()));
                    }
                }
                if (!Files.isDirectory(bundle.resolve(k.dir()))) {
                    out.add(k.dir() + "/: missing (" + CampaignPlan.FILE + " has case " + k.index() + ")");
                } else {
                    caseFiles(bundle, k, out);
                }
                boolean failed = mine.stream().anyMatch(Verdict::failed);
                String failure = failureFile(bundle, plan, k, failed, mine, lc, steps, failureFiles, tmp, out);
                if (failure != null) {
                    accounted.add(failure);
                }
                Path failurePath = failure == null ? null : Path.of(failure.substring(CampaignBundle.FAILURES_DIR.length() + 1));
                entries.add(lc != null ? LinkedCampaign.entry(lc, steps, k.index(), mine, failurePath)
                        : new CampaignBundle.Entry(k.index(), k.kind(), k.name(), mine, failurePath,
                                failurePath == null ? null : FailureFiles.replayCommand(Campaign.inBundle(failurePath)), Map.of()));
            }
            for (String f : failureFiles) {
                if (!accounted.contains(f)) {
                    out.add(f + ": not the failure file of a failing case of this campaign");
                }
            }
            CampaignBundle.Run run = lc == null ? Campaign.bundleRun(plan.config())
                    : LinkedCampaign.bundleRun(lc, dutLink(bundle));
            try {
                CampaignBundle.writeDerived(bundle, tmp, run, entries);
            } catch (IOException | RuntimeException e) {
                out.add(BundleFiles.REPORT + ": cannot be regenerated from the bundle (" + e.getMessage() + ")");
                return out;
            }
            for (String f : List.of(BundleFiles.RESULTS, BundleFiles.JUNIT, BundleFiles.REPORT, BundleFiles.LOG)) {
                add(out, BundleCheck.differs(bundle, f, Files.readAllBytes(tmp.resolve(f))));
            }
        } finally {
            try (Stream<Path> s = Files.walk(tmp)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
        return out;
    }

    /** The linked DUT's description as the run recorded it (not derivable: it is what the link said). */
    private static String dutLink(Path bundle) {
        try {
            return Results.JSON.readTree(bundle.resolve(BundleFiles.RESULTS).toFile()).path("dutLink").asText("");
        } catch (IOException e) {
            return "";
        }
    }

    /** scenario.yaml against the scenario the seed gives; the trace's header against the plan. */
    private static void caseFiles(Path bundle, Case k, List<String> out) throws IOException {
        if (k.scenario() != null) {
            String rel = k.dir() + "/" + CampaignBundle.SCENARIO_FILE;
            add(out, BundleCheck.differs(bundle, rel, ScenarioWriter.toYaml(k.scenario(), CampaignBundle.scenarioComment(k.index()))
                    .getBytes(StandardCharsets.UTF_8)));
        }
        String trace = k.dir() + "/" + CampaignBundle.TRACE_FILE;
        if (!Files.isRegularFile(bundle.resolve(trace))) {
            out.add(trace + ": missing");
            return;
        }
        Map<String, String> expected = k.scenario() != null ? CampaignBundle.traceHeader(k.index(), k.name())
                : LinkedCampaign.traceHeader(k.index());
        Map<String, String> header = new LinkedHashMap<>();
        try {
            for (String l : new String(CampaignBundle.gunzip(bundle.resolve(trace)), StandardCharsets.UTF_8).lines()
                    .takeWhile(l -> l.startsWith("# ")).toList()) {
                int c = l.indexOf(": ");
                if (c > 2) {
                    header.put(l.substring(2, c), l.substring(c + 2));
                }
            }
        } catch (IOException e) {
            out.add(trace + ": cannot be read (" + e.getMessage() + ")");
            return;
        }
        if (!header.equals(expected)) {
            out.add(trace + ": header " + header + ", the plan gives " + expected);
        }
    }

    /**
     * The failing case's file under failures/ (its relative path), or null; a missing one, one
     * for a passing case, and (where it can be re-derived) one that differs are problems.
     */
    private static String failureFile(Path bundle, CampaignPlan plan, Case k, boolean failed, List<Verdict> verdicts,
                                      LinkedCampaign.Config lc, StepTable steps, Set<String> files, Path tmp,
                                      List<String> out) throws IOException {
        String prefix = CampaignBundle.FAILURES_DIR + "/" + k.name();
        String found = null;
        for (String f : files) {
            boolean mine = lc != null ? f.equals(prefix + ".yaml") : f.matches(java.util.regex.Pattern.quote(prefix) + "-[0-9a-f]{10}\\.yaml");
            if (mine) {
                found = f;
            }
        }
        if (!failed) {
            if (found != null) {
                out.add(found + ": a failure file for case " + k.index() + " " + k.name() + ", which passes");
            }
            return null;
        }
        if (found == null) {
            out.add(CampaignBundle.FAILURES_DIR + "/: no failure file for failing case " + k.index() + " " + k.name());
            return null;
        }
        if (lc != null) {
            add(out, BundleCheck.differs(bundle, found, LinkedCampaign.failureText(lc, k.index(), verdicts,
                    LinkedCampaign.commands(lc, steps, k.index())).getBytes(StandardCharsets.UTF_8)));
            return found;
        }
        // the case as run, unshrunk: its file follows from the scenario and the verdicts; a shrunk one
        // came from re-running the DUT and is only checked for being there
        Path dir = Files.createDirectories(tmp.resolve("failures-" + k.index()));
        Path unshrunk = FailureFiles.write(k.scenario(), verdicts, dir, Campaign::inBundle);
        if (found.equals(CampaignBundle.FAILURES_DIR + "/" + unshrunk.getFileName())) {
            add(out, BundleCheck.differs(bundle, found, Files.readAllBytes(unshrunk)));
        } else if (plan.config().shrinkBudget() <= 0) {
            out.add(found + ": not the file of case " + k.index() + " as run (the campaign does not shrink), which is "
                    + unshrunk.getFileName());
        }
        return found;
    }

    private static void add(List<String> out, String problem) {
        if (problem != null) {
            out.add(problem);
        }
    }
}
