package io.github.ccrhil.water.verify.scada;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ccrhil.evidence.BuildHash;
import io.github.ccrhil.evidence.ComponentIdentity;
import io.github.ccrhil.evidence.bundle.Manifest;
import io.github.ccrhil.water.scada.historian.JdbcHistorian;
import io.github.ccrhil.water.scada.server.ServerIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The water server's identity means something: each hash is one a reviewer can recompute, from a
 * list the report carries (hardware, installed packages), from the JDK's lib/modules, from a
 * library's own jar, or from the application's own classes; the database is named by what its
 * server reports of itself.
 */
class ServerIdentityTest {

    @TempDir
    Path dir;

    private static ServerIdentity.Reported component(ServerIdentity.Report r, String name) {
        return r.components().stream().filter(c -> c.identity().component().equals(name)).findFirst().orElseThrow(
                () -> new AssertionError(name + " not reported: " + r.identities()));
    }

    @Test
    void theOsIsItsKernelAndInstalledPackagesHashedAndTheServerItsHardwareListHashed() throws Exception {
        ServerIdentity.Report r = ServerIdentity.report("H2 2.2.224 (2023-09-17)");
        ComponentIdentity os = component(r, ServerIdentity.OS).identity();
        assertEquals(ServerIdentity.sha256(r.osPackages()), os.sha256(), "the OS hash is the list's");
        assertTrue(r.osPackages().contains("# kernel: Linux " + System.getProperty("os.version")), r.osPackages().lines().limit(3).toList()
                .toString());
        if (Files.isExecutable(Path.of("/usr/bin/dpkg-query"))) {
            // the Debian host this project runs on: every installed package with its version, e.g. the JDK's own
            assertTrue(r.osPackages().lines().anyMatch(l -> l.matches("openjdk-17-jre-headless(:\\S+)? \\S+ \\S+")),
                    "the JDK's Debian package is listed");
        }
        assertTrue(os.revision().startsWith("Linux " + System.getProperty("os.version")), os.revision());
        ComponentIdentity server = component(r, ServerIdentity.SERVER).identity();
        assertEquals(ServerIdentity.sha256(r.serverHardware()), server.sha256());
        assertTrue(r.serverHardware().contains("cpus: "), r.serverHardware());
        assertEquals("file " + ServerIdentity.PACKAGES_FILE, component(r, ServerIdentity.OS).hashOf());
        assertEquals("file " + ServerIdentity.HARDWARE_FILE, component(r, ServerIdentity.SERVER).hashOf());
    }

    @Test
    void theJdkIsItsLibModulesAndEachLibraryItsOwnJar() throws Exception {
        ServerIdentity.Report r = ServerIdentity.report("PostgreSQL 15.8 (Debian 15.8-0+deb12u1) on x86_64-pc-linux-gnu");
        Path modules = Path.of(System.getProperty("java.home"), "lib", "modules");
        assertEquals(Manifest.sha256(modules), component(r, ServerIdentity.JAVA).identity().sha256(), "SHA-256 of lib/modules");
        // run from classes (no ccr-hil jar, so no SBOM): Jackson is loaded from its own jar, and named by that jar's hash
        Path jackson = Path.of(ObjectMapper.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ServerIdentity.Reported json = component(r, ServerIdentity.JSON);
        assertEquals(Manifest.sha256(jackson), json.identity().sha256(), json.toString());
        assertEquals("jar " + jackson.getFileName(), json.hashOf());
        Path h2 = Path.of(Class.forName("org.h2.Driver").getProtectionDomain().getCodeSource().getLocation().toURI());
        assertEquals(Manifest.sha256(h2), component(r, ServerIdentity.H2).identity().sha256());
        // the application by its own classes, not by whatever jar holds them
        assertEquals(BuildHash.ofPackageTree(ServerIdentity.class, "io.github.ccrhil.water.scada"),
                component(r, ServerIdentity.APPLICATION).identity().sha256());
        // a database server reached over the network is named by its own report, and not given a made-up hash
        ComponentIdentity db = component(r, ServerIdentity.DATABASE).identity();
        assertEquals("PostgreSQL 15.8 (Debian 15.8-0+deb12u1) on x86_64-pc-linux-gnu", db.revision());
        assertTrue(db.sha256().startsWith("n/a ("), db.sha256());
        assertTrue(r.sbom().isEmpty(), "no SBOM when not run from the built ccr-hil jar");
    }

    @Test
    void theHistorianReportsTheDatabaseServersOwnVersionAndBuild() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("h") + ";DB_CLOSE_ON_EXIT=FALSE";
        String reported;
        try (JdbcHistorian h = JdbcHistorian.open(url, null, null)) {
            reported = h.describe();
        }
        String h2version;
        try (Connection c = DriverManager.getConnection(url); ResultSet rs = c.createStatement().executeQuery("SELECT H2VERSION()")) {
            rs.next();
            h2version = rs.getString(1);
        }
        assertEquals("H2 " + h2version, reported);
        ServerIdentity.Report r = ServerIdentity.report(reported);
        ComponentIdentity db = component(r, ServerIdentity.DATABASE).identity();
        assertEquals(reported, db.revision());
        assertEquals(component(r, ServerIdentity.H2).identity().sha256(), db.sha256(), "embedded H2 is its library");
        assertEquals(List.of(ServerIdentity.SERVER, ServerIdentity.OS, ServerIdentity.JAVA, ServerIdentity.DATABASE,
                ServerIdentity.MODBUS_TCP, ServerIdentity.JSON, ServerIdentity.H2, ServerIdentity.POSTGRESQL_DRIVER,
                ServerIdentity.APPLICATION), r.identities().stream().map(ComponentIdentity::component).toList());
    }
}
