package io.github.ccrhil.water.scada.server;

import io.github.ccrhil.evidence.BuildHash;
import io.github.ccrhil.evidence.ComponentIdentity;
import io.github.ccrhil.evidence.Sbom;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The designated equipment's components (server, OS, middleware, application), each as an evidence
 * {@link ComponentIdentity} whose hash a reviewer can check:
 * <ul>
 * <li>{@value #SERVER}: the host's hardware as the OS reports it (CPU model and count, memory, DMI
 *     names), hashed over that list ({@value #HARDWARE_FILE});</li>
 * <li>{@value #OS}: the distribution and kernel, hashed over the list of every installed package
 *     (dpkg-query) headed by the kernel ({@value #PACKAGES_FILE});</li>
 * <li>{@value #JAVA}: the JDK, hashed over its {@code lib/modules} (every class of the runtime);</li>
 * <li>{@value #DATABASE}: the database server's own report of its version and build (H2's
 *     {@code H2VERSION()}, PostgreSQL's {@code version()}); embedded H2 also by its library's hash;</li>
 * <li>the libraries (Modbus TCP client, Jackson, H2, the PostgreSQL driver), each by the SHA-256
 *     of its own jar: from the application's CycloneDX SBOM ({@link Sbom}) when it runs from the
 *     built ccr-hil jar, which merges them; else from the jar it was loaded from;</li>
 * <li>{@value #APPLICATION}: the supervisory application's own classes ({@link BuildHash}, the
 *     same whether they sit in a folder or in the shaded jar).</li>
 * </ul>
 * The lists the hashes are made from travel with the {@link Report}, so that a bundle can carry
 * them and a reviewer re-derive every hash.
 */
public final class ServerIdentity {

    public static final String SERVER = "server";
    public static final String OS = "os";
    public static final String JAVA = "middleware/java";
    public static final String DATABASE = "middleware/database";
    public static final String MODBUS_TCP = "middleware/modbus-tcp";
    public static final String JSON = "middleware/jackson";
    public static final String H2 = "middleware/h2";
    public static final String POSTGRESQL_DRIVER = "middleware/postgresql-jdbc";
    public static final String APPLICATION = "application";

    /** The hardware list the server's hash is made over. */
    public static final String HARDWARE_FILE = "server-hardware.txt";
    /** The kernel and installed-package list the OS's hash is made over. */
    public static final String PACKAGES_FILE = "os-packages.txt";
    /** The application's package, hashed as its own component. */
    public static final String APPLICATION_PACKAGE = "io.github.ccrhil.water.scada";

    /** What a reported hash was made from: "file NAME" (a list in the report), "sbom GROUP:NAME", "jdk PATH", "jar NAME", "classes PACKAGE", "none". */
    public record Reported(ComponentIdentity identity, String hashOf) { }

    /**
     * A server's report of itself.
     *
     * @param components     every component, with what its hash was made from
     * @param serverHardware the text {@value #HARDWARE_FILE} holds
     * @param osPackages     the text {@value #PACKAGES_FILE} holds
     * @param sbom           the application's CycloneDX SBOM, if it runs from the built jar
     */
    public record Report(List<Reported> components, String serverHardware, String osPackages, Optional<byte[]> sbom) {
        public List<ComponentIdentity> identities() {
            return components.stream().map(Reported::identity).toList();
        }
    }

    private static volatile String jdkModulesSha256;

    private ServerIdentity() { }

    /** Identity of this running server; {@code database} is its historian's report of itself ({@code Historian.describe()}). */
    public static List<ComponentIdentity> collect(String database) {
        return report(database).identities();
    }

    /** Identity of this running server with the lists its hashes are made from. */
    public static Report report(String database) {
        Optional<byte[]> sbom = Sbom.ofThisBuild();
        List<Reported> out = new ArrayList<>();
        String hardware = hardwareList();
        out.add(new Reported(new ComponentIdentity(SERVER, firstValue(hardware, "cpu model: ", "unknown processor"),
                firstValue(hardware, "cpus: ", "?") + " CPU, " + firstValue(hardware, "memory: ", "? kB") + " memory",
                sha256(hardware)), "file " + HARDWARE_FILE));
        String packages = packageList();
        out.add(new Reported(new ComponentIdentity(OS, osName(), "Linux " + System.getProperty("os.version") + " " + kernelVersion(),
                sha256(packages)), "file " + PACKAGES_FILE));
        Path modules = Paths.get(System.getProperty("java.home"), "lib", "modules");
        out.add(new Reported(new ComponentIdentity(JAVA, "Java runtime " + System.getProperty("java.vm.name") + " ("
                + System.getProperty("java.vendor") + ")", System.getProperty("java.runtime.version"), jdkModules(modules)),
                "jdk " + modules));
        Reported h2 = library(H2, "H2 Database Engine", "com.h2database", "h2", "org.h2.Driver", sbom);
        boolean embedded = database.startsWith("H2 ");
        out.add(new Reported(new ComponentIdentity(DATABASE, embedded ? "H2 Database Engine (embedded)" : "historian database server",
                database, embedded ? h2.identity().sha256()
                        : "n/a (a database server reached over the network: identified by its reported version and build)"),
                embedded ? h2.hashOf() : "none"));
        out.add(library(MODBUS_TCP, "ccr-hil Modbus TCP client", "io.github.ccrhil", "modbus-tcp",
                "io.github.ccrhil.modbus.tcp.ModbusTcpClient", sbom));
        out.add(library(JSON, "Jackson (JSON)", "com.fasterxml.jackson.core", "jackson-databind",
                "com.fasterxml.jackson.databind.ObjectMapper", sbom));
        out.add(h2);
        out.add(library(POSTGRESQL_DRIVER, "PostgreSQL JDBC driver", "org.postgresql", "postgresql", "org.postgresql.Driver", sbom));
        out.add(new Reported(new ComponentIdentity(APPLICATION, "ccr-hil water supervisory application",
                version("io.github.ccrhil", "water-scada", sbom), applicationSha256()), "classes " + APPLICATION_PACKAGE));
        return new Report(List.copyOf(out), hardware, packages, sbom);
    }

    /** The SHA-256 of the supervisory application's own classes in this build. */
    public static String applicationSha256() {
        return BuildHash.ofPackageTree(ServerIdentity.class, APPLICATION_PACKAGE);
    }

    // ------------------------------------------------------------------ the parts

    /** The host's hardware as the OS reports it, one fact a line, without anything that changes while it runs. */
    static String hardwareList() {
        StringBuilder b = new StringBuilder("# server hardware as the operating system reports it "
                + "(/proc/cpuinfo, /proc/meminfo, /sys/class/dmi/id)\n");
        List<String> cpu = lines(Paths.get("/proc/cpuinfo"));
        b.append("cpu model: ").append(cpu.stream().filter(l -> l.startsWith("model name")).map(ServerIdentity::afterColon)
                .findFirst().orElse(System.getProperty("os.arch"))).append('\n');
        long cpus = cpu.stream().filter(l -> l.startsWith("processor")).count();
        b.append("cpus: ").append(cpus > 0 ? cpus : Runtime.getRuntime().availableProcessors()).append('\n');
        b.append("memory: ").append(lines(Paths.get("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                .map(ServerIdentity::afterColon).findFirst().orElse("unknown")).append('\n');
        for (String f : List.of("sys_vendor", "product_name", "product_version", "board_vendor", "board_name", "bios_version")) {
            List<String> v = lines(Paths.get("/sys/class/dmi/id", f));
            if (!v.isEmpty()) {
                b.append("dmi ").append(f).append(": ").append(v.get(0).strip()).append('\n');
            }
        }
        return b.toString();
    }

    /** The kernel, then every installed Debian package with its version and architecture, sorted. */
    static String packageList() {
        StringBuilder b = new StringBuilder();
        b.append("# operating system: ").append(osName()).append('\n');
        b.append("# kernel: Linux ").append(System.getProperty("os.version")).append(' ').append(kernelVersion()).append('\n');
        String query = "dpkg-query -W -f '${Package} ${Version} ${Architecture}\\n'";
        try {
            Process p = new ProcessBuilder("dpkg-query", "-W", "-f", "${Package} ${Version} ${Architecture}\n")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return b.append("# installed packages: n/a (").append(query).append(" failed)\n").toString();
            }
            List<String> pkgs = new ArrayList<>(new String(out, StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList());
            pkgs.sort(null);
            b.append("# installed packages (").append(pkgs.size()).append("): ").append(query).append(", sorted\n");
            pkgs.forEach(l -> b.append(l).append('\n'));
            return b.toString();
        } catch (IOException e) {
            return b.append("# installed packages: n/a (").append(query).append(": ").append(e.getMessage()).append(")\n").toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return b.append("# installed packages: n/a (interrupted)\n").toString();
        }
    }

    private static String osName() {
        for (String l : lines(Paths.get("/etc/os-release"))) {
            if (l.startsWith("PRETTY_NAME=")) {
                return l.substring("PRETTY_NAME=".length()).replace("\"", "");
            }
        }
        return System.getProperty("os.name");
    }

    private static String kernelVersion() {
        List<String> v = lines(Paths.get("/proc/sys/kernel/version"));
        return v.isEmpty() ? "" : v.get(0).strip();
    }

    private static String jdkModules(Path modules) {
        String cached = jdkModulesSha256;
        if (cached == null) {
            // the runtime maps lib/modules while it runs: it cannot change under this JVM, so one hash serves
            cached = Files.isRegularFile(modules) ? sha256File(modules) : "n/a (no " + modules + ": not a modular JDK image)";
            jdkModulesSha256 = cached;
        }
        return cached;
    }

    /** A library by its own jar's hash: the SBOM's, else the jar it was loaded from, else why there is none. */
    static Reported library(String component, String model, String group, String artifact, String className, Optional<byte[]> sbom) {
        String version = version(group, artifact, sbom);
        if (sbom.isPresent()) {
            try {
                Optional<Sbom.Component> c = Sbom.component(sbom.get(), group, artifact);
                if (c.isPresent() && c.get().sha256().matches("[0-9a-f]{64}")) {
                    return new Reported(new ComponentIdentity(component, model, version, c.get().sha256()), "sbom " + group + ":" + artifact);
                }
            } catch (IOException e) {
                // an unreadable SBOM: fall back to the code source below
            }
        }
        try {
            Class<?> c = Class.forName(className, false, ServerIdentity.class.getClassLoader());
            if (version.startsWith("unknown") && c.getPackage() != null && c.getPackage().getImplementationVersion() != null) {
                version = c.getPackage().getImplementationVersion(); // the jar's manifest, where it has no pom.properties
            }
            CodeSource cs = c.getProtectionDomain().getCodeSource();
            if (cs == null || cs.getLocation() == null) {
                return new Reported(new ComponentIdentity(component, model, version, "n/a (no code source)"), "none");
            }
            Path p = Paths.get(cs.getLocation().toURI());
            if (Files.isDirectory(p)) {
                String pkg = className.substring(0, className.lastIndexOf('.'));
                return new Reported(new ComponentIdentity(component, model, version, BuildHash.ofPackageTree(c, pkg)), "classes " + pkg);
            }
            CodeSource own = ServerIdentity.class.getProtectionDomain().getCodeSource();
            if (own != null && own.getLocation() != null && Paths.get(own.getLocation().toURI()).equals(p)) {
                return new Reported(new ComponentIdentity(component, model, version, "n/a (shaded into " + p.getFileName()
                        + ", which carries no SBOM)"), "none");
            }
            return new Reported(new ComponentIdentity(component, model, version, sha256File(p)), "jar " + p.getFileName());
        } catch (ClassNotFoundException | LinkageError e) {
            return new Reported(new ComponentIdentity(component, model, version, "n/a (not in this build)"), "none");
        } catch (URISyntaxException | RuntimeException e) {
            return new Reported(new ComponentIdentity(component, model, version, "n/a (" + e.getMessage() + ")"), "none");
        }
    }

    /** Version from the SBOM, else from the Maven pom.properties a jar carries (kept inside the shaded jar too). */
    static String version(String group, String artifact, Optional<byte[]> sbom) {
        if (sbom.isPresent()) {
            try {
                Optional<Sbom.Component> c = Sbom.component(sbom.get(), group, artifact);
                if (c.isPresent() && !c.get().version().isEmpty()) {
                    return c.get().version();
                }
            } catch (IOException e) {
                // fall back to pom.properties
            }
        }
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

    private static String firstValue(String list, String key, String otherwise) {
        return list.lines().filter(l -> l.startsWith(key)).map(l -> l.substring(key.length())).findFirst().orElse(otherwise);
    }

    private static String afterColon(String l) {
        return l.substring(l.indexOf(':') + 1).strip();
    }

    private static List<String> lines(Path p) {
        try {
            return Files.isReadable(p) ? Files.readAllLines(p, StandardCharsets.UTF_8) : List.of();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** SHA-256 of a text's UTF-8 bytes, lowercase hex. */
    public static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256File(Path p) {
        try (InputStream in = Files.newInputStream(p)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException | NoSuchAlgorithmException e) {
            return "n/a (" + e.getMessage() + ")";
        }
    }
}
