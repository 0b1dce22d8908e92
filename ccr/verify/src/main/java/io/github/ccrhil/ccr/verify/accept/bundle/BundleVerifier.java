package io.github.ccrhil.ccr.verify.accept.bundle;

import io.github.ccrhil.ccr.verify.accept.verdict.BundleJudge;
import io.github.ccrhil.ccr.verify.campaign.CampaignBundle;
import io.github.ccrhil.evidence.Verdict;
import io.github.ccrhil.evidence.bundle.BundleCheck;
import io.github.ccrhil.evidence.bundle.BundleKind;
import io.github.ccrhil.evidence.yaml.ConfigException;
import io.github.ccrhil.ccr.verify.accept.verdict.IdentityResolver;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code verify-bundle} for the CCR's bundles: the evidence core's {@link BundleCheck} with the
 * CCR's kinds ({@value AcceptanceBundle#KIND}, {@value CampaignBundle#KIND}). It checks the
 * manifest (naming every altered, missing or added file) and, for an acceptance bundle,
 * recomputes every verdict from plan.yaml and the raw traces with the same pure function the run
 * used, comparing with results.json; for a campaign bundle, every case from campaign-plan.json and
 * its raw files ({@link io.github.ccrhil.ccr.verify.campaign.CampaignVerifier}). The kind is read
 * from bundle.json; a bundle without one is an acceptance bundle, or a campaign bundle when it
 * has {@value CampaignBundle#LEGACY_MARKER_FILE} and no plan.yaml.
 */
public final class BundleVerifier {

    private BundleVerifier() { }

    /** The CCR's bundle kinds: acceptance (also the reading of an unmarked bundle) and campaign. */
    public static List<BundleKind> kinds(IdentityResolver resolver) {
        return List.of(new AcceptanceBundle(resolver), new io.github.ccrhil.ccr.verify.campaign.CampaignVerifier(),
                CampaignBundle.LEGACY_KIND);
    }

    public static BundleCheck.Report verify(Path bundle) throws IOException, ConfigException {
        return verify(bundle, BundleJudge.REFERENCE_RESOLVER);
    }

    public static BundleCheck.Report verify(Path bundle, IdentityResolver resolver) throws IOException, ConfigException {
        return BundleCheck.verify(bundle, kinds(resolver));
    }
}
