package io.github.ccrhil.ccr.verify.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.ccr.verify.accept.dut.EmulatedCcr;
import io.github.ccrhil.ccr.verify.accept.plan.PlanReader;
import io.github.ccrhil.evidence.ComponentIdentity;
import io.github.ccrhil.evidence.Outcome;
import io.github.ccrhil.evidence.Verdict;
import io.github.ccrhil.evidence.bundle.BundleFiles;
import io.github.ccrhil.evidence.bundle.Results;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A linked campaign's identity line: what the DUT at the end of the link reported of itself
 * (identity.json) against the identity the campaign's plan declares before any case. As declared:
 * PASS; another hash, or a component missing: FAIL, naming identity.json and the declaration;
 * nothing declared: "identity not declared", in the plan and on the line, never silence.
 * (LinkedCampaignIdentityIT runs it end to end against a served CCR, forger included.)
 */
class LinkedIdentityTest {

    @TempDir
    Path dir;

    private static final List<ComponentIdentity> DECLARED = List.of(
            new ComponentIdentity("control board", "CCR-CB", "1.0", "a".repeat(64)),
            new ComponentIdentity("current-control software", "CCR-CCS", "0.1.0", "b".repeat(64)));

    private Path bundle(List<ComponentIdentity> declared, List<ComponentIdentity> reported) throws Exception {
        Path b = Files.createTempDirectory(dir, "b");
        LinkedCampaign.Config c = new LinkedCampaign.Config(new Campaign.Config(2, 7, 1, 1, List.of(CaseKind.STEP_CHANGE), 0, 1, 0),
                "tcp:127.0.0.1:1502", 1, 2, Duration.ofSeconds(1), Duration.ofSeconds(2));
        LinkedCampaign.plan(c, "6.6A-5step", PropertyLimits.defaultsFor(6.6), declared).write(b.resolve(CampaignPlan.FILE));
        if (reported != null) {
            Results.JSON.writeValue(b.resolve(BundleFiles.IDENTITY).toFile(), Map.of("dut", reported));
        }
        return b;
    }

    private static Verdict line(Path bundle) throws Exception {
        return LinkedIdentity.judge(bundle, CampaignPlan.read(bundle));
    }

    @Test
    void theDutReportingItselfAsDeclaredPasses() throws Exception {
        Path b = bundle(DECLARED, DECLARED);
        Verdict v = line(b);
        assertEquals(Outcome.PASS, v.outcome(), v.reason());
        assertEquals(LinkedIdentity.TEST_ID, v.testId());
        assertEquals(List.of(BundleFiles.IDENTITY, CampaignPlan.FILE), v.files());
        assertEquals(DECLARED, CampaignPlan.read(b).identity(), "the declaration is in the plan, written before any case");
    }

    @Test
    void anotherHashOrAMissingComponentFailsTheLineNamingIdentityJsonAndTheDeclaration() throws Exception {
        ComponentIdentity modified = new ComponentIdentity("control board", "CCR-CB", "1.0", "c".repeat(64));
        Verdict v = line(bundle(DECLARED, List.of(modified, DECLARED.get(1))));
        assertEquals(Outcome.FAIL, v.outcome(), v.reason());
        assertTrue(v.reason().startsWith(BundleFiles.IDENTITY + ": DUT component \"control board\" is CCR-CB / 1.0 / " + "c".repeat(64)
                + ", " + CampaignPlan.FILE + " declares CCR-CB / 1.0 / " + "a".repeat(64)), v.reason());
        Verdict missing = line(bundle(DECLARED, List.of(DECLARED.get(0))));
        assertEquals(Outcome.FAIL, missing.outcome(), missing.reason());
        assertTrue(missing.reason().contains("\"current-control software\" not reported"), missing.reason());
    }

    @Test
    void withNothingDeclaredThePlanAndTheLineSayIdentityNotDeclared() throws Exception {
        Path b = bundle(null, DECLARED);
        assertTrue(Files.readString(b.resolve(CampaignPlan.FILE)).contains("\"dutIdentity\" : \"identity not declared"),
                Files.readString(b.resolve(CampaignPlan.FILE)));
        assertEquals(null, CampaignPlan.read(b).identity());
        Verdict v = line(b);
        assertEquals(Outcome.NOT_APPLICABLE, v.outcome());
        assertTrue(v.reason().startsWith(LinkedIdentity.NOT_DECLARED + ": "), v.reason());
    }

    @Test
    void anIdentityJsonMissingIsInconclusiveAndACampaignOnTheEmulatedDutHasNoSuchLine() throws Exception {
        Verdict v = line(bundle(DECLARED, null));
        assertEquals(Outcome.INCONCLUSIVE, v.outcome(), v.reason());
        assertTrue(v.reason().startsWith(BundleFiles.IDENTITY + ": missing"), v.reason());
        assertEquals(null, LinkedIdentity.judge(dir, CampaignPlan.of(new Campaign.Config(1, 1, 1, 1, List.of(CaseKind.STEP_CHANGE), 0,
                1, 0))));
    }

    @Test
    void theExpectedIdentityComesFromAFileOrFromTheDefaultPlansReferenceBuild() throws Exception {
        Path list = dir.resolve("expected.json");
        Results.JSON.writeValue(list.toFile(), DECLARED);
        assertEquals(DECLARED, LinkedIdentity.expected(list.toString()));
        Path identityJson = dir.resolve("identity.json");
        Results.JSON.writeValue(identityJson.toFile(), Map.of("dut", DECLARED, "verifier", Map.of()));
        assertEquals(DECLARED, LinkedIdentity.expected(identityJson.toString()), "a campaign's identity.json serves as a declaration");
        List<ComponentIdentity> reference = LinkedIdentity.expected(LinkedIdentity.REFERENCE_BUILD);
        assertEquals(PlanReader.defaultPlan().identity().size(), reference.size());
        for (ComponentIdentity c : reference) {
            assertTrue(c.sha256().matches("[0-9a-f]{64}") || c.sha256().equals("n/a"), c.toString());
        }
        List<ComponentIdentity> emulated = EmulatedCcr.referenceIdentity(PlanReader.defaultPlan().equipment());
        for (ComponentIdentity c : reference) {
            if (!c.sha256().equals("n/a")) {
                assertEquals(emulated.stream().filter(x -> x.component().equals(c.component())).findFirst().orElseThrow().sha256(),
                        c.sha256(), c.component() + ": its reference-build hash resolved as the acceptance suite resolves it");
            }
        }
        Files.writeString(dir.resolve("bad.json"), "[{\"component\": \"control board\"}]");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LinkedIdentity.expected(dir.resolve("bad.json").toString()));
        assertTrue(e.getMessage().startsWith("--expect-identity " + dir.resolve("bad.json") + ": component 1 has no model"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LinkedIdentity.expected(dir.resolve("none.json").toString()));
    }
}
