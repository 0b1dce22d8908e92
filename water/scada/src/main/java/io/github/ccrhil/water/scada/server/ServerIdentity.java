package io.github.ccrhil.water.scada.server;

import io.github.ccrhil.evidence.ComponentIdentity;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The designated equipment's components — server, OS, middleware, application — each as an
 * evidence {@link ComponentIdentity}: component "server", "os", "middleware" or "application";
 * model = what it is; revision = its version; sha256 = hash of its files (jar, class folder,
 * /etc/os-release...), or "n/a (reason)".
 */
public final class ServerIdentity {

    private ServerIdentity() { }

    /** Identity of this running server; {@code databaseDescription} comes from the historian. */
    public static List<ComponentIdentity> collect(String serverName, String databaseDescription) {
        List<ComponentIdentity> out = new ArrayList<>();
        String host = System.getenv().getOrDefault("HOSTNAME", "localhost");
        out.add(new ComponentIdentity("server", "supervisory server " + serverName + " on " + host,
                Runtime.getRuntime().availableProcessors() + " CPU, " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB heap",
                sha256Text(serverName + "|" + host)));
        Path osRelease = Paths.get("/etc/os-release");
        out.add(new ComponentIdentity("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                System.getProperty("os.version"), Files.isReadable(osRelease) ? sha256File(osRelease) : "n/a (no /etc/os-release)"));
        out.add(new ComponentIdentity("middleware", "Java runtime " + System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"), sha256Of(Object.class)));
        out.add(new ComponentIdentity("middleware", "ccr-hil Modbus TCP client", mavenVersion("io.github.ccrhil", "modbus-tcp"),
                sha256Of(io.github.ccrhil.modbus.tcp.ModbusTcpClient.class)));
        out.add(new ComponentIdentity("middleware", "historian database", databaseDescription,
                sha256Text(databaseDescription)));
        out.add(new ComponentIdentity("middleware", "Jackson (JSON)", mavenVersion("com.fasterxml.jackson.core", "jackson-databind"),
                sha256Of(com.fasterxml.jackson.databind.ObjectMapper.class)));
        out.add(new ComponentIdentity("application", "ccr-hil water supervisory application",
                mavenVersion("io.github.ccrhil", "water-scada"), sha256Of(ServerIdentity.class)));
        return out;
    }

    /** Version from the Maven pom.properties a jar carries (kept inside the shaded jar too). */
    static String mavenVersion(String group, String artifact) {
        String res = "/META-INF/maven/" + group + "/" + artifact + "/pom.properties";
        try (InputStream in = ServerIdentity.class.getResourceAsStream(res)) {
            if (in == null) {
                return "unknown (not running from a packaged jar)";
            }
            java.util.Properties p = new java.util.Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    /** SHA-256 of the jar or class folder a class was loaded from. */
    static String sha256Of(Class<?> c) {
        CodeSource cs = c.getProtectionDomain().getCodeSource();
        if (cs == null || cs.getLocation() == null) {
            return "n/a (platform class: " + System.getProperty("java.home") + ")";
        }
        try {
            Path p = Paths.get(cs.getLocation().toURI());
            if (Files.isDirectory(p)) {
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                try (Stream<Path> files = Files.walk(p)) {
                    for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                        md.update(p.relativize(f).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                        md.update(Files.readAllBytes(f));
                    }
                }
                return HexFormat.of().formatHex(md.digest());
            }
            return sha256File(p);
        } catch (URISyntaxException | IOException | NoSuchAlgorithmException e) {
            return "n/a (" + e.getMessage() + ")";
        }
    }

    static String sha256File(Path p) {
        try (InputStream in = Files.newInputStream(p)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[65536];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException | NoSuchAlgorithmException e) {
            return "n/a (" + e.getMessage() + ")";
        }
    }

    static String sha256Text(String s) {
        return User.sha256(s);
    }
}
