package io.github.ccrhil.it.ccr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ccrhil.ccr.verify.accept.AcceptanceRun;
import io.github.ccrhil.ccr.verify.accept.bundle.BundleWriter;
import io.github.ccrhil.ccr.verify.accept.dut.EmulatedCcrSessions;
import io.github.ccrhil.ccr.verify.accept.plan.PlanReader;
import io.github.ccrhil.ccr.verify.accept.plan.TestPlan;
import io.github.ccrhil.evidence.Outcome;
import io.github.ccrhil.evidence.bundle.Manifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verifier's own identity: the cli build makes a CycloneDX SBOM in which every library carries
 * the SHA-256 of its own jar (shading merges them into one jar, the SBOM still tells them apart),
 * and every CCR acceptance bundle carries that SBOM, named with its hash in identity.json. The
 * plugin makes no SBOM in an offline build ({@code mvn -o}); then the bundle must say why it has none.
 */
class VerifierSbomIT {

    @TempDir
    Path dir;

    @Test
    void anAcceptanceBundleCarriesTheVerifiersSbomWithEachLibrarysOwnHash() throws Exception {
        TestPlan full = PlanReader.defaultPlan();
        TestPlan plan = new TestPlan(full.name(), full.seed(), full.dut(), full.rig(), full.measurement(), full.equipment(),
                full.identity(), full.tests().stream().filter(t -> t.id().equals("identity")).toList());
        AcceptanceRun.Result r = new AcceptanceRun(plan, PlanReader.defaultPlanText(), EmulatedCcrSessions.reference(plan),
                "in-process", AcceptanceRun.Progress.NONE, Clock.systemUTC()).run(dir.resolve("bundle"));
        assertEquals(Outcome.PASS, r.outcome(), "the reference CCR is the one the default plan declares");

        Path sbom = r.bundle().resolve(BundleWriter.SBOM_FILE);
        ObjectMapper json = new ObjectMapper();
        JsonNode identity = json.readTree(r.bundle().resolve(BundleWriter.IDENTITY_FILE).toFile());
        if (Files.notExists(sbom)) {
            // cyclonedx-maven-plugin makes no SBOM under mvn -o (the README's command is online): then, and only
            // then, the bundle has none, and identity.json says why
            assertEquals("offline=true", System.getProperty("ccrhil.build"), "an online build packs the SBOM; the bundle lacks it");
            assertTrue(identity.path("verifier").path("sbom").asText().startsWith("n/a (not run from the built ccr-hil jar"),
                    identity.toString());
            return;
        }
        assertTrue(Files.exists(sbom), "the bundle carries " + BundleWriter.SBOM_FILE);
        assertEquals(BundleWriter.SBOM_FILE + " sha256 " + Manifest.sha256(sbom), identity.path("verifier").path("sbom").asText());

        JsonNode bom = json.readTree(sbom.toFile());
        assertEquals("CycloneDX", bom.path("bomFormat").asText());
        // Jackson is shaded into ccr-hil.jar; the SBOM names its own jar's hash, which we recompute here
        Path jacksonJar = Path.of(ObjectMapper.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        JsonNode jackson = component(bom, "com.fasterxml.jackson.core", "jackson-databind");
        assertNotNull(jackson, "jackson-databind is listed");
        assertEquals(Manifest.sha256(jacksonJar), hash(jackson, "SHA-256"), "jackson-databind's own SHA-256");
        JsonNode j2mod = component(bom, "com.ghgande", "j2mod");
        assertNotNull(j2mod, "j2mod is listed");
        assertTrue(hash(j2mod, "SHA-256").matches("[0-9a-f]{64}"), "j2mod has its own SHA-256");

        assertEquals(Manifest.sha256(sbom), Manifest.read(r.bundle()).get(BundleWriter.SBOM_FILE),
                "the manifest covers the SBOM");
    }

    private static JsonNode component(JsonNode bom, String group, String name) {
        for (JsonNode c : bom.path("components")) {
            if (c.path("group").asText().equals(group) && c.path("name").asText().equals(name)) {
                return c;
            }
        }
        return null;
    }

    private static String hash(JsonNode component, String alg) {
        for (JsonNode h : component.path("hashes")) {
            if (h.path("alg").asText().equals(alg)) {
                return h.path("content").asText();
            }
        }
        return "no " + alg;
    }
}
