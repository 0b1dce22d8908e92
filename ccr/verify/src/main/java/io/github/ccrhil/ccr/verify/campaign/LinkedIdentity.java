package io.github.ccrhil.ccr.verify.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.ccrhil.ccr.verify.accept.plan.PlanReader;
import io.github.ccrhil.ccr.verify.accept.plan.TestPlan;
import io.github.ccrhil.ccr.verify.accept.verdict.BundleJudge;
import io.github.ccrhil.evidence.Check;
import io.github.ccrhil.evidence.ComponentIdentity;
import io.github.ccrhil.evidence.Outcome;
import io.github.ccrhil.evidence.Verdict;
import io.github.ccrhil.evidence.bundle.BundleFiles;
import io.github.ccrhil.evidence.bundle.Results;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A linked campaign's identity line: what the DUT at the end of the link said of itself before the
 * first case ({@code identity.json}'s {@code dut} list, its FC 43/14 answers) against the identity
 * {@value CampaignPlan#FILE} declares, written before any case (from {@code campaign
 * --expect-identity}). Each declared component must be reported with the declared model, revision
 * and SHA-256, as the acceptance suite's identity test judges it; a mismatch FAILs this line, and a
 * campaign that declares nothing gets a NOT_APPLICABLE line saying so ("identity not declared"),
 * not silence. The run and {@code verify-bundle} both judge it with {@link #judge}, so an
 * {@code identity.json} edited after the run is named. (A campaign on the emulated DUT has no such
 * line: its identity is the verifier's own model's, and a difference is an alteration, see
 * {@link CampaignVerifier}.)
 */
public final class LinkedIdentity {

    /** The line's test id in results.json, junit.xml and verify-bundle's output. */
    public static final String TEST_ID = "identity";
    public static final String NOT_DECLARED = "identity not declared";
    /** {@code --expect-identity reference-build}: the default acceptance plan's components, as this build's reference CCR reports them. */
    public static final String REFERENCE_BUILD = TestPlan.DeclaredComponent.REFERENCE_BUILD;

    private static final String PROCEDURE = "campaign identity";
    private static final String REQUIREMENT = "the DUT at the end of the link is the equipment the campaign declares: each component's"
            + " model, revision and SHA-256";

    private LinkedIdentity() { }

    /**
     * The identity a campaign expects, from {@code --expect-identity}: {@value #REFERENCE_BUILD} (the
     * default acceptance plan's declarations, each {@code reference-build} hash resolved to this
     * build's reference CCR under that plan's equipment), or a JSON file: a list of {@code {component,
     * model, revision, sha256}}, or an object whose {@code dut} is one (a campaign's {@code identity.json}).
     *
     * @throws IllegalArgumentException with one line naming the file and what is wrong
     */
    public static List<ComponentIdentity> expected(String option) {
        if (option.equals(REFERENCE_BUILD)) {
            TestPlan plan = PlanReader.defaultPlan();
            List<ComponentIdentity> out = new ArrayList<>();
            for (TestPlan.DeclaredComponent d : plan.identity()) {
                out.add(new ComponentIdentity(d.component(), d.model(), d.revision(), BundleJudge.REFERENCE_RESOLVER.expectedSha256(plan, d)));
            }
            return out;
        }
        Path file = Path.of(option);
        JsonNode root;
        try {
            root = Results.JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("--expect-identity " + option + ": " + (Files.exists(file) ? "not JSON ("
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")" : "no such file"), e);
        }
        JsonNode list = root != null && root.isObject() ? root.path("dut") : root;
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw new IllegalArgumentException("--expect-identity " + option + ": expected a non-empty list of {component, model,"
                    + " revision, sha256}, or an object whose \"dut\" is one");
        }
        List<ComponentIdentity> out = new ArrayList<>();
        for (JsonNode c : list) {
            String[] f = new String[4];
            String[] names = {"component", "model", "revision", "sha256"};
            for (int i = 0; i < 4; i++) {
                if (!c.path(names[i]).isTextual() || c.path(names[i]).asText().isBlank()) {
                    throw new IllegalArgumentException("--expect-identity " + option + ": component " + (out.size() + 1) + " has no "
                            + names[i]);
                }
                f[i] = c.path(names[i]).asText();
            }
            out.add(new ComponentIdentity(f[0], f[1], f[2], f[3]));
        }
        return out;
    }

    /** The line for the campaign in {@code bundle}: null for a campaign on the emulated DUT. */
    static Verdict judge(Path bundle, CampaignPlan plan) {
        if (plan.linked() == null) {
            return null;
        }
        List<String> files = List.of(BundleFiles.IDENTITY, CampaignPlan.FILE);
        if (plan.identity() == null) {
            return verdict(Outcome.NOT_APPLICABLE, NOT_DECLARED + ": " + CampaignPlan.FILE + " declares no DUT identity (campaign"
                    + " --expect-identity), so " + BundleFiles.IDENTITY + ", what the DUT said of itself, is checked against nothing",
                    List.of(), files);
        }
        JsonNode dut;
        try {
            dut = Results.JSON.readTree(bundle.resolve(BundleFiles.IDENTITY).toFile()).path("dut");
        } catch (IOException e) {
            return verdict(Outcome.INCONCLUSIVE, BundleFiles.IDENTITY + ": " + (Files.exists(bundle.resolve(BundleFiles.IDENTITY))
                    ? "not JSON" : "missing") + ", so what the DUT said of itself is not known", List.of(), files);
        }
        Map<String, JsonNode> reported = new LinkedHashMap<>();
        for (JsonNode c : dut) {
            reported.put(c.path("component").asText(), c);
        }
        List<Check> checks = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        for (ComponentIdentity d : plan.identity()) {
            JsonNode c = reported.remove(d.component());
            String expected = d.model() + " / " + d.revision() + " / " + d.sha256();
            String got = c == null ? "not reported" : c.path("model").asText() + " / " + c.path("revision").asText() + " / "
                    + c.path("sha256").asText();
            boolean ok = got.equals(expected);
            if (!ok) {
                wrong.add(BundleFiles.IDENTITY + ": DUT component \"" + d.component() + "\" " + (c == null ? "not reported"
                        : "is " + got) + ", " + CampaignPlan.FILE + " declares " + expected);
            }
            checks.add(new Check(TEST_ID, d.component() + " is the declared one", "declared identity: " + d.component(), "= " + expected,
                    CampaignPlan.FILE + " dutIdentity", false, got, ok ? Outcome.PASS : Outcome.FAIL, Double.NaN));
        }
        String extra = reported.isEmpty() ? "" : "; also reported, not declared (not judged): " + String.join(", ", reported.keySet());
        return wrong.isEmpty()
                ? verdict(Outcome.PASS, "every declared component (" + plan.identity().size() + ") reported as " + CampaignPlan.FILE
                        + " declares it" + extra, checks, files)
                : verdict(Outcome.FAIL, String.join("; ", wrong) + extra, checks, files);
    }

    /** The line of a run cut short before identity.json was written (it is written at the end). */
    static Verdict notWritten(CampaignPlan plan) {
        if (plan.identity() == null) {
            return judge(null, plan);
        }
        return verdict(Outcome.INCONCLUSIVE, "run ended before " + BundleFiles.IDENTITY + " was written: not judged", List.of(),
                List.of(BundleFiles.IDENTITY, CampaignPlan.FILE));
    }

    private static Verdict verdict(Outcome o, String reason, List<Check> checks, List<String> files) {
        return new Verdict(TEST_ID, PROCEDURE, REQUIREMENT, "plan identity", o, reason, PropertyVerdicts.DUT_SELF_REPORT, true, checks,
                files);
    }
}
