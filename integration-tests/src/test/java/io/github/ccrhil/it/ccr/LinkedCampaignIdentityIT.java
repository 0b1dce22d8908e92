package io.github.ccrhil.it.ccr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ccrhil.ccr.emulator.device.FirmwareLoop;
import io.github.ccrhil.ccr.emulator.profile.CcrProfiles;
import io.github.ccrhil.ccr.verify.accept.bundle.BundleVerifier;
import io.github.ccrhil.ccr.verify.campaign.Campaign;
import io.github.ccrhil.ccr.verify.campaign.CaseKind;
import io.github.ccrhil.ccr.verify.campaign.LinkedCampaign;
import io.github.ccrhil.ccr.verify.campaign.LinkedIdentity;
import io.github.ccrhil.evidence.ComponentIdentity;
import io.github.ccrhil.evidence.ExitCode;
import io.github.ccrhil.evidence.Outcome;
import io.github.ccrhil.evidence.Verdict;
import io.github.ccrhil.evidence.bundle.BundleCheck;
import io.github.ccrhil.evidence.bundle.BundleFiles;
import io.github.ccrhil.evidence.bundle.Manifest;
import io.github.ccrhil.evidence.bundle.Results;
import io.github.ccrhil.it.ServedReferenceCcr;
import io.github.ccrhil.modbus.tcp.ModbusTcpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A linked campaign's identity.json checked against a declaration: the served reference CCR run
 * three times, one short case each: with no declaration (the bundle and verify-bundle say "identity
 * not declared"), declared as it reports itself (a reviewer's {@code --expect-identity} from an
 * earlier bundle's identity.json: PASS), and declared with another control-board hash (the
 * identity line FAILs, the bundle verifies, exit 1). A forger who edits identity.json of the
 * passing run and recomputes the manifest is named.
 */
class LinkedCampaignIdentityIT {

    @TempDir
    Path dir;

    @Test
    void theDutsReportOfItselfIsJudgedAgainstTheDeclarationAndAForgedIdentityJsonIsNamed() throws Exception {
        ServedReferenceCcr ccr = new ServedReferenceCcr();
        try (ModbusTcpServer server = new ModbusTcpServer(ccr.device.serverCore(),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
             FirmwareLoop firmware = ccr.startFirmware()) {
            LinkedCampaign.Config c = new LinkedCampaign.Config(new Campaign.Config(1, 11, 1, 1, List.of(CaseKind.STEP_CHANGE), 0, 1, 0),
                    "tcp:127.0.0.1:" + server.port(), 1, 1, Duration.ofMillis(2000), Duration.ofMillis(2000));

            // 1. nothing declared: said so, in the plan, on the line, in verify-bundle's verdicts
            Path undeclared = dir.resolve("undeclared");
            LinkedCampaign.Summary s1 = run(c, undeclared, null);
            assertEquals(Outcome.NOT_APPLICABLE, s1.identity().outcome(), s1.identity().reason());
            assertTrue(s1.identity().reason().startsWith(LinkedIdentity.NOT_DECLARED), s1.identity().reason());
            assertTrue(Files.readString(undeclared.resolve("campaign-plan.json")).contains(LinkedIdentity.NOT_DECLARED));
            BundleCheck.Report r1 = BundleVerifier.verify(undeclared);
            assertTrue(r1.ok(), r1.toString());
            assertEquals(Outcome.NOT_APPLICABLE, identityLine(r1).outcome());

            // 2. declared as the DUT reported itself in the first bundle: PASS, and the bundle verifies
            List<ComponentIdentity> declared = LinkedIdentity.expected(undeclared.resolve(BundleFiles.IDENTITY).toString());
            assertTrue(!declared.isEmpty(), "the served CCR names its components: " + declared);
            Path asDeclared = dir.resolve("declared");
            LinkedCampaign.Summary s2 = run(c, asDeclared, declared);
            assertEquals(Outcome.PASS, s2.identity().outcome(), s2.identity().reason());
            BundleCheck.Report r2 = BundleVerifier.verify(asDeclared);
            assertTrue(r2.ok(), r2.toString());
            assertEquals(Outcome.PASS, identityLine(r2).outcome(), identityLine(r2).reason());

            // 3. another build declared (one hash differs): the identity line FAILs, everything else holds
            List<ComponentIdentity> otherBuild = new ArrayList<>(declared);
            ComponentIdentity first = otherBuild.get(0);
            otherBuild.set(0, new ComponentIdentity(first.component(), first.model(), first.revision(), "0".repeat(64)));
            Path mismatch = dir.resolve("mismatch");
            LinkedCampaign.Summary s3 = run(c, mismatch, otherBuild);
            assertEquals(Outcome.FAIL, s3.identity().outcome(), s3.identity().reason());
            BundleCheck.Report r3 = BundleVerifier.verify(mismatch);
            assertTrue(r3.manifestProblems().isEmpty() && r3.verdictProblems().isEmpty() && r3.derivedProblems().isEmpty(), r3.toString());
            assertEquals(ExitCode.FAIL, r3.exitCode(), r3.toString());
            assertTrue(identityLine(r3).reason().contains(BundleFiles.IDENTITY + ": DUT component \"" + first.component() + "\" is "),
                    identityLine(r3).reason());
        }

        // the forger: the passing bundle's identity.json claims another hash, the manifest recomputed
        Path forged = dir.resolve("declared");
        ObjectNode id = (ObjectNode) Results.JSON.readTree(forged.resolve(BundleFiles.IDENTITY).toFile());
        ((ObjectNode) id.get("dut").get(0)).put("sha256", "1".repeat(64));
        Results.JSON.writeValue(forged.resolve(BundleFiles.IDENTITY).toFile(), id);
        Manifest.write(forged);
        BundleCheck.Report r = BundleVerifier.verify(forged);
        assertEquals(ExitCode.ALTERED, r.exitCode(), r.toString());
        assertTrue(r.verdictProblems().stream().anyMatch(p -> p.startsWith(LinkedIdentity.TEST_ID + ": " + BundleFiles.RESULTS
                + " says PASS") && p.contains(BundleFiles.IDENTITY + ": DUT component")), r.verdictProblems().toString());
    }

    private static LinkedCampaign.Summary run(LinkedCampaign.Config c, Path out, List<ComponentIdentity> declared) throws Exception {
        return LinkedCampaign.run(c, CcrProfiles.referenceCcr(), Duration.ofSeconds(2), Clock.systemUTC(), instruction -> { }, out,
                n -> { }, declared);
    }

    private static Verdict identityLine(BundleCheck.Report r) {
        return r.recomputed().stream().filter(v -> v.testId().equals(LinkedIdentity.TEST_ID)).findFirst().orElseThrow();
    }
}
