package io.github.ccrhil.water.verify.accept;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.evidence.Check;
import io.github.ccrhil.evidence.ComponentIdentity;
import io.github.ccrhil.evidence.Outcome;
import io.github.ccrhil.evidence.Verdict;
import io.github.ccrhil.evidence.bundle.BundleCheck;
import io.github.ccrhil.evidence.bundle.BundleFolder;
import io.github.ccrhil.evidence.bundle.Results;
import io.github.ccrhil.water.scada.server.ServerIdentity;
import io.github.ccrhil.water.verify.accept.WaterPlan.DeclaredComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The water identity test: the plan declares what the equipment must be; a mismatch FAILs; every
 * hash made from a list in the bundle (installed packages, hardware, the application's SBOM) is
 * re-derived from that list, by the live judge and by verify-bundle alike, so an edited list or
 * hash is named even when the forger recomputes the manifest.
 */
class WaterIdentityTest {

    @TempDir
    Path dir;

    static final String DATABASE = "H2 2.2.224 (2023-09-17)";
    /** This host's report, made once (hashing the JDK and listing the packages is the slow part). */
    static final ServerIdentity.Report HERE = ServerIdentity.report(DATABASE);

    /** A bundle of the identity check alone, the server's report recorded as the suite records it. */
    Path bundle(String name, List<DeclaredComponent> declared, ServerIdentity.Report report) throws Exception {
        WaterPlan full = WaterPlan.of(AcceptanceSuite.Options.defaults(Path.of("work")));
        WaterPlan plan = new WaterPlan(full.name(), full.options(), List.of(full.check(WaterPlan.IDENTITY)), declared);
        BundleFolder f = WaterAcceptanceBundle.start(dir.resolve(name), plan);
        RawData.writeIdentity(f.dir(), report);
        WaterAcceptanceBundle.writeIdentity(f.dir(), report.identities());
        WaterAcceptanceBundle.finish(f, Results.COMPLETE, List.of("a log line"));
        return f.dir();
    }

    static Verdict identity(Path bundle) throws Exception {
        return Results.readVerdicts(bundle).get(0);
    }

    static List<DeclaredComponent> declaring(ServerIdentity.Report r, String component, String sha256) {
        List<DeclaredComponent> out = new ArrayList<>(WaterPlan.referenceIdentity());
        ComponentIdentity c = r.identities().stream().filter(x -> x.component().equals(component)).findFirst().orElseThrow();
        out.replaceAll(d -> d.component().equals(component) ? new DeclaredComponent(component, c.model(), c.revision(), sha256) : d);
        return out;
    }

    @Test
    void theReferenceApplicationOnThisHostIsTheOneTheDefaultPlanDeclaresAndTheBundleVerifies() throws Exception {
        Path b = bundle("b", WaterPlan.referenceIdentity(), HERE);
        Verdict v = identity(b);
        assertEquals(Outcome.PASS, v.outcome(), v.reason());
        Check app = v.checks().stream().filter(c -> c.what().startsWith("application is the declared one")).findFirst().orElseThrow();
        assertEquals(Outcome.PASS, app.outcome());
        assertTrue(v.checks().stream().anyMatch(c -> c.what().equals("os's sha256 is that of " + RawData.PACKAGES)
                && c.outcome() == Outcome.PASS), v.checks().toString());
        BundleCheck.Report r = WaterAcceptanceBundleTest.verify(b);
        assertTrue(r.ok(), r.manifestProblems() + " " + r.verdictProblems() + " " + r.derivedProblems());
    }

    @Test
    void anOsOtherThanTheDeclaredOneFailsTheIdentityTest() throws Exception {
        ServerIdentity.Report here = HERE;
        Path b = bundle("b", declaring(here, ServerIdentity.OS, "0".repeat(64)), here);
        Verdict v = identity(b);
        assertEquals(Outcome.FAIL, v.outcome(), v.reason());
        assertTrue(v.reason().contains("os is the declared one"), v.reason());
        // the same host declared by its own package list's hash passes
        Path ok = bundle("ok", declaring(here, ServerIdentity.OS, ServerIdentity.sha256(here.osPackages())), here);
        assertEquals(Outcome.PASS, identity(ok).outcome(), identity(ok).reason());
    }

    @Test
    void aModifiedApplicationFailsAgainstTheReferencePlan() throws Exception {
        ServerIdentity.Report here = HERE;
        List<ServerIdentity.Reported> modified = new ArrayList<>(here.components());
        modified.replaceAll(c -> !c.identity().component().equals(ServerIdentity.APPLICATION) ? c
                : new ServerIdentity.Reported(new ComponentIdentity(c.identity().component(), c.identity().model(), c.identity().revision(),
                        "ab".repeat(32)), c.hashOf()));
        Path b = bundle("b", WaterPlan.referenceIdentity(), new ServerIdentity.Report(modified, here.serverHardware(),
                here.osPackages(), here.sbom()));
        Verdict v = identity(b);
        assertEquals(Outcome.FAIL, v.outcome());
        assertTrue(v.reason().contains("application is the declared one: ccr-hil water supervisory application / "), v.reason());
    }

    @Test
    void anEditedPackageListIsCaughtByVerifyBundleThoughTheManifestWasRecomputed() throws Exception {
        Path b = bundle("b", WaterPlan.referenceIdentity(), HERE);
        String list = Files.readString(b.resolve(RawData.PACKAGES));
        Files.writeString(b.resolve(RawData.PACKAGES), list + "openssl 3.0.0-forged amd64\n");
        BundleCheck.Report r = ForgedWaterBundleTest.forged(b);
        assertTrue(r.verdictProblems().stream().anyMatch(p -> p.contains("identity")), r.verdictProblems().toString());
        Verdict again = r.recomputed().get(0);
        assertTrue(again.reason().contains("os's sha256 is that of " + RawData.PACKAGES), again.reason());

        // the forger also puts the edited list's hash into the server's report: identity.json no longer agrees
        Path b2 = bundle("b2", WaterPlan.referenceIdentity(), HERE);
        String oldHash = ServerIdentity.sha256(Files.readString(b2.resolve(RawData.PACKAGES)));
        String edited = Files.readString(b2.resolve(RawData.PACKAGES)) + "openssl 3.0.0-forged amd64\n";
        Files.writeString(b2.resolve(RawData.PACKAGES), edited);
        ForgedWaterBundleTest.edit(b2.resolve(RawData.IDENTITY), oldHash, ServerIdentity.sha256(edited));
        BundleCheck.Report r2 = ForgedWaterBundleTest.forged(b2);
        assertTrue(r2.derivedProblems().stream().anyMatch(p -> p.startsWith("identity.json: ")), r2.derivedProblems().toString());
    }

    @Test
    void aLibraryHashIsReDerivedFromTheApplicationsSbomInTheBundle() throws Exception {
        String jackson = "1f".repeat(32);
        String sbom = "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"components\":[{\"group\":\"com.fasterxml.jackson.core\","
                + "\"name\":\"jackson-databind\",\"version\":\"2.17.2\",\"hashes\":[{\"alg\":\"SHA-256\",\"content\":\"" + jackson + "\"}]}]}";
        ServerIdentity.Report here = HERE;
        List<ServerIdentity.Reported> fromSbom = new ArrayList<>(here.components());
        fromSbom.replaceAll(c -> !c.identity().component().equals(ServerIdentity.JSON) ? c
                : new ServerIdentity.Reported(new ComponentIdentity(ServerIdentity.JSON, "Jackson (JSON)", "2.17.2", jackson),
                        "sbom com.fasterxml.jackson.core:jackson-databind"));
        ServerIdentity.Report r = new ServerIdentity.Report(fromSbom, here.serverHardware(), here.osPackages(),
                Optional.of(sbom.getBytes(StandardCharsets.UTF_8)));
        Path b = bundle("b", WaterPlan.referenceIdentity(), r);
        assertTrue(Files.exists(b.resolve(RawData.SBOM)), "the bundle carries the application's SBOM");
        assertEquals(Outcome.PASS, identity(b).outcome(), identity(b).reason());
        assertTrue(WaterAcceptanceBundleTest.verify(b).ok());

        ForgedWaterBundleTest.edit(b.resolve(RawData.SBOM), jackson, "2e".repeat(32));
        BundleCheck.Report forged = ForgedWaterBundleTest.forged(b);
        assertTrue(forged.recomputed().get(0).reason().contains("middleware/jackson's sha256 is the one the application's SBOM gives"),
                forged.recomputed().get(0).reason());
    }

    @Test
    void aSitesDeclaredIdentityIsReadFromItsOwnFile() throws Exception {
        Path f = dir.resolve("site-identity.yaml");
        String os = ServerIdentity.sha256(HERE.osPackages());
        Files.writeString(f, "identity:\n"
                + "  - { component: os, model: as-found, revision: as-found, sha256: \"" + os + "\" }\n"
                + "  - { component: middleware/database, model: as-found, revision: \"" + DATABASE + "\", sha256: as-found }\n");
        List<DeclaredComponent> declared = WaterPlan.readIdentity(f);
        assertEquals(List.of(new DeclaredComponent("os", "as-found", "as-found", os),
                new DeclaredComponent("middleware/database", "as-found", DATABASE, "as-found")), declared);
        assertEquals(declared, new AcceptanceSuite(AcceptanceSuite.Options.defaults(dir)).withIdentity(declared).plan().identity());
        assertEquals(Outcome.PASS, identity(bundle("b", declared, HERE)).outcome());
    }

    @Test
    void theDeclaredIdentityIsPartOfThePlanFile() throws Exception {
        WaterPlan plan = WaterPlan.of(AcceptanceSuite.Options.defaults(Path.of("work")));
        Path f = dir.resolve(WaterPlan.FILE);
        plan.write(f);
        assertEquals(plan, WaterPlan.read(f));
        assertEquals(ServerIdentity.applicationSha256(), plan.identity().get(plan.identity().size() - 1).sha256());
        Files.writeString(f, Files.readString(f).replace("sha256: \"" + ServerIdentity.applicationSha256() + "\"", "sha256: \"abc\""));
        io.github.ccrhil.evidence.yaml.ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(
                io.github.ccrhil.evidence.yaml.ConfigException.class, () -> WaterPlan.read(f));
        assertTrue(e.getMessage().contains("sha256 of application must be 64 lowercase hex digits"), e.getMessage());
    }
}
