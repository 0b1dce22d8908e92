package io.github.ccrhil.cli;

import io.github.ccrhil.ccr.verify.accept.bundle.BundleVerifier;
import io.github.ccrhil.ccr.verify.accept.verdict.BundleJudge;
import io.github.ccrhil.evidence.ExitCode;
import io.github.ccrhil.evidence.Verdict;
import io.github.ccrhil.evidence.bundle.Manifest;
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
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Checks an evidence bundle of any kind: the manifest, and every verdict recomputed from the plan and the raw data. */
@Command(name = "verify-bundle", mixinStandardHelpOptions = true,
        description = {"Check an evidence bundle (CCR acceptance, campaign, water acceptance): recompute every verdict from the",
                "bundle's plan and raw data with the plan's limits, the summary of results.json, and every file derived from",
                "them (junit.xml, report.html, COMTRADE records, identity.json, profile.yaml), byte for byte; check every file",
                "against manifest.sha256 (itself sealed); print the plan's SHA-256. Each discrepancy is one line naming the file.",
                "What it cannot prove: a consistent edit of raw data and everything derived from it (see the README's evidence",
                "section).",
                "Exit code: 0 the bundle holds and its verdict is PASS, 1 it holds and says FAIL, 3 it holds and says",
                "INCONCLUSIVE, 4 the run did not complete, 5 something was altered (or the plan is not the expected one),",
                "2 bad input, 6 internal error."})
final class VerifyBundleCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "BUNDLE", description = "The bundle folder written by accept, campaign or water accept.")
    Path bundle;

    @Option(names = "--expect-plan", paramLabel = "FILE|SHA256",
            description = "The plan the bundle must have been run under: a plan file or its SHA-256 (catches a test dropped"
                    + " from plan, results and traces together).")
    String expectPlan;

    @Option(names = "--signer", paramLabel = "PUBLIC.pem",
            description = "The vendor's declared Ed25519 public key: manifest.sha256.sig must verify with it (catches a raw"
                    + " file edited together with everything derived from it).")
    Path signer;

    @Override
    public Integer call() throws IOException, ConfigException {
        PrintWriter o = spec.commandLine().getOut();
        String expected = null;
        if (expectPlan != null) {
            if (expectPlan.matches("[0-9a-fA-F]{64}")) {
                expected = expectPlan.toLowerCase(java.util.Locale.ROOT);
            } else if (java.nio.file.Files.isRegularFile(Path.of(expectPlan))) {
                expected = Manifest.sha256(Path.of(expectPlan));
            } else {
                throw new IllegalArgumentException("--expect-plan: neither a file nor a SHA-256: " + expectPlan);
            }
        }
        BundleCheck.Report r = verify(bundle);
        if (r.planSha256() != null) {
            o.println("plan sha256 " + r.planSha256());
        }
        boolean planMismatch = expected != null && !expected.equals(r.planSha256());
        String signature = signer == null ? null : io.github.ccrhil.evidence.bundle.BundleSignature.problem(bundle, signer);
        if (signature != null) {
            o.println("SIGNED   " + signature);
        } else if (signer != null) {
            o.println("signature verifies with " + signer.getFileName());
        }
        if (planMismatch) {
            o.println("PLAN     the bundle was run under plan " + r.planSha256() + ", not the expected " + expected);
        }
        for (String m : r.manifestProblems()) {
            o.println("ALTERED  " + m);
        }
        for (String v : r.verdictProblems()) {
            o.println("VERDICT  " + v);
        }
        for (String d : r.derivedProblems()) {
            o.println("DERIVED  " + d);
        }
        for (String n : r.notes()) {
            o.println("NOTE     " + n);
        }
        for (Verdict v : r.recomputed()) {
            o.println(String.format("%-13s %s", v.outcome(), v.testId()));
        }
        ExitCode code = planMismatch || signature != null ? ExitCode.ALTERED : r.exitCode();
        String okLine = !r.rederived()
                ? "bundle OK: every file matches manifest.sha256 (a " + r.kind() + " bundle: its verdicts are not recomputed)"
                : "bundle OK: every file matches manifest.sha256 and every verdict follows from the raw data";
        if (code == ExitCode.ALTERED) {
            o.println("bundle NOT OK: " + r.manifestProblems().size() + " file problem(s), " + r.verdictProblems().size()
                    + " verdict problem(s), " + r.derivedProblems().size() + " derived-file problem(s)"
                    + (planMismatch ? ", run under another plan" : "") + (signature != null ? ", signature does not hold" : ""));
        } else if (code == ExitCode.INCOMPLETE) {
            o.println("bundle INCOMPLETE: the run did not finish (status: " + r.status() + "); everything it finished holds"
                    + (r.notes().isEmpty() ? "" : "; " + r.notes().get(0)));
        } else {
            o.println(okLine);
        }
        return code.code();
    }

    /** Every kind this build knows, dispatched by the bundle's marker (an unmarked bundle is read as the CCR's were). */
    static BundleCheck.Report verify(Path bundle) throws IOException, ConfigException {
        List<BundleKind> kinds = new ArrayList<>(BundleVerifier.kinds(BundleJudge.REFERENCE_RESOLVER));
        kinds.add(new WaterAcceptanceBundle());
        kinds.add(new io.github.ccrhil.ccr.verify.accept.fleet.FleetBundle());
        return BundleCheck.verify(bundle, kinds);
    }
}
