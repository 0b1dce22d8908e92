package io.github.ccrhil.ccr.verify.accept.bundle;

import io.github.ccrhil.ccr.verify.accept.verdict.BundleJudge;
import io.github.ccrhil.ccr.verify.campaign.CampaignBundle;
import io.github.ccrhil.evidence.Verdict;
import io.github.ccrhil.evidence.bundle.BundleCheck;
import io.github.ccrhil.evidence.yaml.ConfigException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * {@code verify-bundle} for the CCR's bundles: the evidence core's {@link BundleCheck} with the
 * CCR's kinds ({@value AcceptanceBundle#KIND}, {@value CampaignBundle#KIND}). It checks the
 * manifest (naming every altered, missing or added file) and, for an acceptance bundle,
 * recomputes every verdict from plan.yaml and the raw traces with the same pure function the run
 * used, comparing with results.json (campaign verdicts are not yet recomputed). The kind is read
 * from bundle.json; a bundle without one is an acceptance bundle, or a campaign bundle when it
 * has {@value CampaignBundle#LEGACY_MARKER_FILE} and no plan.yaml.
 */
public final class BundleVerifier {

    /**
     * @param manifestProblems "path: altered / missing / added"
     * @param verdictProblems "test: results.json says X, the raw traces give Y (files …)"
     * @param recomputed the verdicts recomputed from the traces
     * @param kind the bundle's kind, e.g. "ccr-acceptance"
     * @param rederived false when the kind's verdicts were not recomputed (only the manifest was checked)
     */
    public record Report(List<String> manifestProblems, List<String> verdictProblems, List<Verdict> recomputed, String kind,
                         boolean rederived) {
        public boolean ok() {
            return manifestProblems.isEmpty() && verdictProblems.isEmpty();
        }
    }

    private BundleVerifier() { }

    public static Report verify(Path bundle) throws IOException, ConfigException {
        return verify(bundle, BundleJudge.REFERENCE_RESOLVER);
    }

    public static Report verify(Path bundle, UnaryOperator<String> resolver) throws IOException, ConfigException {
        BundleCheck.Report r = BundleCheck.verify(bundle, List.of(new AcceptanceBundle(resolver), CampaignBundle.BUNDLE_KIND));
        return new Report(r.manifestProblems(), r.verdictProblems(), r.recomputed(), r.kind(), r.rederived());
    }
}
