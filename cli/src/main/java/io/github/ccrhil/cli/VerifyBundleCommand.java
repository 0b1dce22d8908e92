package io.github.ccrhil.cli;

import io.github.ccrhil.ccr.verify.accept.bundle.BundleVerifier;
import io.github.ccrhil.ccr.verify.accept.verdict.BundleJudge;
import io.github.ccrhil.evidence.Verdict;
import io.github.ccrhil.evidence.bundle.BundleCheck;
import io.github.ccrhil.evidence.bundle.BundleKind;
import io.github.ccrhil.evidence.yaml.ConfigException;
import io.github.ccrhil.water.verify.accept.WaterAcceptanceBundle;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Checks an evidence bundle of any kind: the manifest, and every verdict recomputed from the plan and the raw data. */
@Command(name = "verify-bundle", mixinStandardHelpOptions = true,
        description = {"Check an evidence bundle (CCR acceptance, campaign, water acceptance): recompute every verdict from the",
                "bundle's plan and raw data with the plan's limits, check every file against manifest.sha256, and name any file",
                "that was altered, is missing or was added.",
                "Exit code: 0 the bundle holds, 1 something was altered or a verdict does not follow, 2 bad input."})
final class VerifyBundleCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "BUNDLE", description = "The bundle folder written by accept, campaign or water accept.")
    Path bundle;

    @Override
    public Integer call() throws IOException, ConfigException {
        PrintWriter o = spec.commandLine().getOut();
        BundleCheck.Report r = verify(bundle);
        for (String m : r.manifestProblems()) {
            o.println("ALTERED  " + m);
        }
        for (String v : r.verdictProblems()) {
            o.println("VERDICT  " + v);
        }
        for (Verdict v : r.recomputed()) {
            o.println(String.format("%-13s %s", v.outcome(), v.testId()));
        }
        String okLine = !r.rederived()
                ? "bundle OK: every file matches manifest.sha256 (a " + r.kind() + " bundle: its verdicts are not recomputed)"
                : "bundle OK: every file matches manifest.sha256 and every verdict follows from the raw data";
        o.println(r.ok() ? okLine
                : "bundle NOT OK: " + r.manifestProblems().size() + " file problem(s), " + r.verdictProblems().size()
                        + " verdict problem(s)");
        return r.ok() ? 0 : 1;
    }

    /** Every kind this build knows, dispatched by the bundle's marker (an unmarked bundle is read as the CCR's were). */
    static BundleCheck.Report verify(Path bundle) throws IOException, ConfigException {
        List<BundleKind> kinds = new ArrayList<>(BundleVerifier.kinds(BundleJudge.REFERENCE_RESOLVER));
        kinds.add(new WaterAcceptanceBundle());
        return BundleCheck.verify(bundle, kinds);
    }
}
