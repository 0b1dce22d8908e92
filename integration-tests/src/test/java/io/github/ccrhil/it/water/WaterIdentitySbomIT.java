package io.github.ccrhil.it.water;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ccrhil.evidence.Sbom;
import io.github.ccrhil.evidence.bundle.Manifest;
import io.github.ccrhil.water.scada.server.ServerIdentity;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The water supervisory application runs from the same ccr-hil jar as the verifier, which shading
 * makes one jar; its identity still names each library by the SHA-256 of the library's own jar,
 * taken from the CycloneDX SBOM the cli build packs into that jar. The plugin makes no SBOM in an
 * offline build ({@code mvn -o}); then each library is named by the jar it was loaded from.
 */
class WaterIdentitySbomIT {

    @Test
    void eachLibraryOfTheWaterApplicationIsNamedByItsOwnJarsHash() throws Exception {
        ServerIdentity.Report r = ServerIdentity.report("H2 2.2.224 (2023-09-17)");
        ServerIdentity.Reported jackson = r.components().stream().filter(c -> c.identity().component().equals(ServerIdentity.JSON))
                .findFirst().orElseThrow();
        Path jar = Path.of(ObjectMapper.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        // the library's own jar, whether the SBOM or the class path says so
        assertEquals(Manifest.sha256(jar), jackson.identity().sha256(), jackson.toString());
        if (r.sbom().isEmpty()) {
            assertEquals("offline=true", System.getProperty("ccrhil.build"), "an online build packs the SBOM into the cli");
            assertEquals("jar " + jar.getFileName(), jackson.hashOf());
            return;
        }
        assertEquals("sbom com.fasterxml.jackson.core:jackson-databind", jackson.hashOf());
        assertEquals(Sbom.component(r.sbom().get(), "com.h2database", "h2").orElseThrow().sha256(),
                r.components().stream().filter(c -> c.identity().component().equals(ServerIdentity.H2)).findFirst().orElseThrow()
                        .identity().sha256());
        assertTrue(r.components().stream().noneMatch(c -> c.identity().sha256().startsWith("n/a (shaded")), r.identities().toString());
    }
}
