package io.github.ccrhil.ccr.verify.accept.bundle;

import io.github.ccrhil.ccr.verify.accept.plan.PlanReader;
import io.github.ccrhil.ccr.verify.accept.plan.TestPlan;
import io.github.ccrhil.ccr.verify.accept.plan.TestSpec;
import io.github.ccrhil.ccr.verify.accept.verdict.BundleJudge;
import io.github.ccrhil.evidence.Verdict;
import io.github.ccrhil.evidence.bundle.BundleKind;
import io.github.ccrhil.evidence.bundle.BundleMarker;
import io.github.ccrhil.evidence.yaml.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The CCR acceptance bundle as a {@link BundleKind}: its verdicts are re-derived from plan.yaml
 * and the raw traces by {@link BundleJudge}, the same pure function the run used.
 */
public final class AcceptanceBundle implements BundleKind {

    public static final String KIND = "ccr-acceptance";
    /** 1: bundle.json, plan.yaml, traces/, results.json, junit.xml, report.html, comtrade/, identity.json, run.log, manifest.sha256. */
    public static final int FORMAT_VERSION = 1;
    public static final BundleMarker MARKER = new BundleMarker(KIND, FORMAT_VERSION);

    private final UnaryOperator<String> resolver;

    /** @param resolver resolves the plan's firmware and profile names, as the run did */
    public AcceptanceBundle(UnaryOperator<String> resolver) {
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
    public List<Verdict> rederive(Path bundle) throws IOException, ConfigException {
        TestPlan plan = PlanReader.read(bundle.resolve(BundleWriter.PLAN_FILE));
        List<Verdict> out = new ArrayList<>();
        for (TestSpec t : plan.tests()) {
            out.add(BundleJudge.judge(bundle, plan, t, resolver));
        }
        return out;
    }
}
