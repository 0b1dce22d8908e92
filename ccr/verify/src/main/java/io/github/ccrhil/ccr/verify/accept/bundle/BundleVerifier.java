package io.github.ccrhil.ccr.verify.accept.bundle;

import io.github.ccrhil.evidence.bundle.Manifest;

import io.github.ccrhil.ccr.verify.accept.plan.PlanReader;
import io.github.ccrhil.ccr.verify.accept.plan.TestPlan;
import io.github.ccrhil.ccr.verify.accept.plan.TestSpec;
import io.github.ccrhil.ccr.verify.accept.verdict.BundleJudge;
import io.github.ccrhil.evidence.Verdict;
import io.github.ccrhil.evidence.yaml.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * {@code verify-bundle}: checks the manifest (naming every altered, missing or added file) and
 * recomputes every verdict from plan.yaml and the raw traces with the same pure function the run
 * used, comparing with results.json.
 */
public final class BundleVerifier {

    /**
     * @param manifestProblems "path: altered / missing / added"
     * @param verdictProblems "test: results.json says X, the raw traces give Y (files …)"
     * @param recomputed the verdicts recomputed from the traces
     */
    public record Report(List<String> manifestProblems, List<String> verdictProblems, List<Verdict> recomputed) {
        public boolean ok() {
            return manifestProblems.isEmpty() && verdictProblems.isEmpty();
        }
    }

    /** Marks a campaign bundle (written by the campaign package); such a bundle has no plan.yaml. */
    public static final String CAMPAIGN_MARKER = "campaign.json";

    private BundleVerifier() { }

    public static Report verify(Path bundle) throws IOException, ConfigException {
        return verify(bundle, BundleJudge.REFERENCE_RESOLVER);
    }

    public static Report verify(Path bundle, UnaryOperator<String> resolver) throws IOException, ConfigException {
        if (!Files.isDirectory(bundle)) {
            throw new IllegalArgumentException("not a bundle folder: " + bundle);
        }
        List<String> manifest = new ArrayList<>();
        if (!Files.exists(bundle.resolve(Manifest.FILE))) {
            manifest.add(Manifest.FILE + ": missing");
        } else {
            manifest.addAll(Manifest.problems(bundle));
        }
        if (!Files.exists(bundle.resolve(BundleWriter.PLAN_FILE)) && Files.exists(bundle.resolve(CAMPAIGN_MARKER))) {
            // a campaign bundle: no plan to re-judge against; the manifest is what is checked
            return new Report(manifest, List.of(), List.of());
        }
        TestPlan plan = PlanReader.read(bundle.resolve(BundleWriter.PLAN_FILE));
        List<Verdict> recorded = Files.exists(bundle.resolve(BundleWriter.RESULTS_FILE))
                ? BundleWriter.readVerdicts(bundle) : List.of();
        List<Verdict> recomputed = new ArrayList<>();
        List<String> verdicts = new ArrayList<>();
        for (TestSpec t : plan.tests()) {
            Verdict v = BundleJudge.judge(bundle, plan, t, resolver);
            recomputed.add(v);
            Verdict r = recorded.stream().filter(x -> x.testId().equals(t.id())).findFirst().orElse(null);
            if (r == null) {
                verdicts.add(t.id() + ": no verdict in " + BundleWriter.RESULTS_FILE + "; the raw traces give " + v.outcome());
            } else if (!r.equals(v)) {
                List<String> altered = new ArrayList<>();
                for (String f : v.files()) {
                    if (manifest.stream().anyMatch(m -> m.startsWith(f + ":"))) {
                        altered.add(f);
                    }
                }
                verdicts.add(t.id() + ": " + BundleWriter.RESULTS_FILE + " says " + r.outcome() + " (" + r.reason()
                        + "), the raw traces give " + v.outcome() + " (" + v.reason() + ")"
                        + (altered.isEmpty() ? "" : "; altered: " + String.join(", ", altered)));
            }
        }
        for (Verdict r : recorded) {
            if (plan.tests().stream().noneMatch(t -> t.id().equals(r.testId()))) {
                verdicts.add(r.testId() + ": in " + BundleWriter.RESULTS_FILE + " but not in the plan");
            }
        }
        return new Report(manifest, verdicts, recomputed);
    }
}
