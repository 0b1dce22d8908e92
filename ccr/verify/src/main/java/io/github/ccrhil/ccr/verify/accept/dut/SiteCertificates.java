package io.github.ccrhil.ccr.verify.accept.dut;

import io.github.ccrhil.modbus.server.RolePolicy;
import io.github.ccrhil.modbus.tcp.TlsSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A Modbus/TCP Security site made for one acceptance run of the emulated CCR: the site's CA, the
 * CCR's server certificate, and the clients the verifier presents, each signed by the site's CA
 * unless said otherwise:
 * <ul>
 * <li>the verifier's own, role {@value #ENGINEER} (the right to write);</li>
 * <li>an operator's, role {@value #OPERATOR} (reads only: its writes must be refused);</li>
 * <li>one without the role extension (nothing: its writes must be refused);</li>
 * <li>an intruder's, role {@value #ENGINEER}, signed by a second CA the CCR does not trust (refused
 *     at the handshake).</li>
 * </ul>
 *
 * <p>Nothing here is committed to the repository or written to the bundle but the certificates
 * ({@link #publicPem()}). The two CAs are made by the JDK's own {@code keytool} (a child process,
 * found beside the running {@code java}), which also signs every certificate; the leaf keys are
 * made in this JVM and never leave it: keytool signs a PKCS#10 request for each (built here, a
 * fixed structure; keytool checks its signature). The CAs' keys live only in a private
 * temporary folder (owner-only, a random password given to keytool through its environment),
 * deleted before {@link #generate} returns. BouncyCastle stays a test dependency, as the issue
 * asks: the verifier ships with the JDK alone.
 *
 * <p>The role is the Modbus.org extension {@value RolePolicy#ROLE_OID}, an ASN.1 UTF8String,
 * which keytool writes as given ({@code -ext <oid>=<hex DER>}).
 */
public final class SiteCertificates {

    /** The role with the right to write (Modbus.org's example, {@code RolePolicy.operatorAndEngineer()}). */
    public static final String ENGINEER = "engineer";

    /** A role that may read but not write. */
    public static final String OPERATOR = "operator";

    /** How long one keytool run may take (a loaded 2-core host included). */
    static final Duration KEYTOOL_DEADLINE = Duration.ofSeconds(120);

    private static final String STORE_PASSWORD_VARIABLE = "CCRHIL_SITE_CA_STOREPASS";

    private final TlsSettings ccr;
    private final TlsSettings verifier;
    private final TlsProbes probes;
    private final String publicPem;

    private SiteCertificates(TlsSettings ccr, TlsSettings verifier, TlsProbes probes, String publicPem) {
        this.ccr = ccr;
        this.verifier = verifier;
        this.probes = probes;
        this.publicPem = publicPem;
    }

    /** The CCR's server side: its key and certificate, and the site's CA as the only CA its clients may come from. */
    public TlsSettings ccr() {
        return ccr;
    }

    /** The verifier's own client side (role {@value #ENGINEER}), trusting the site's CA for the CCR's certificate. */
    public TlsSettings verifier() {
        return verifier;
    }

    /** The authority procedure's clients: the intruder, the operator, the client without a role, and the verifier's own. */
    public TlsProbes probes() {
        return probes;
    }

    /**
     * Every certificate made, PEM, each headed by a comment line naming what it is, its subject
     * and its SHA-256 fingerprint: what a reviewer needs to see which certificates were used.
     * No private key.
     */
    public String publicPem() {
        return publicPem;
    }

    /**
     * {@link #generate()} in a thread of its own (a daemon), so that the run's first tests go on
     * meanwhile; a failure completes the result exceptionally with its {@link IOException}.
     */
    public static java.util.concurrent.CompletableFuture<SiteCertificates> inBackground() {
        return java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return generate();
            } catch (IOException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, r -> {
            Thread t = new Thread(r, "site-certificates");
            t.setDaemon(true);
            t.start();
        });
    }

    /** The JDK's keytool beside the running {@code java}. */
    public static Path keytool() {
        String exe = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows") ? "keytool.exe" : "keytool";
        return Path.of(System.getProperty("java.home"), "bin", exe);
    }

    /**
     * Makes the site: two CAs by keytool, the five leaf keys here, their certificates signed by
     * keytool (two keytool runs at a time).
     *
     * @throws IOException keytool missing or failing (its own first line of output), or interrupted
     */
    public static SiteCertificates generate() throws IOException {
        Path keytool = keytool();
        if (!Files.isExecutable(keytool)) {
            throw new IOException("no keytool beside the running java (" + keytool + "): a JDK, not only a runtime, is needed"
                    + " to make the run's certificates");
        }
        char[] password = randomPassword();
        Path dir = Files.createTempDirectory("ccr-hil-site-ca-"); // owner-only on POSIX
        ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "site-certificates");
            t.setDaemon(true);
            return t;
        });
        try {
            Keytool kt = new Keytool(keytool, dir, password);
            Future<X509Certificate> siteCa = pool.submit(() -> kt.ca("site-ca.p12", "CN=ccr-hil site CA (made for this run)"));
            Future<X509Certificate> strangerCa = pool.submit(() -> kt.ca("unknown-ca.p12", "CN=ccr-hil unknown CA (made for this run)"));
            Leaf ccrLeaf = new Leaf("CN=ccr (the emulated CCR)", null, "site-ca.p12", true);
            Leaf engineer = new Leaf("CN=verifier", ENGINEER, "site-ca.p12", false);
            Leaf operator = new Leaf("CN=operator console", OPERATOR, "site-ca.p12", false);
            Leaf noRole = new Leaf("CN=client without a role", null, "site-ca.p12", false);
            Leaf intruder = new Leaf("CN=intruder", ENGINEER, "unknown-ca.p12", false);
            List<Leaf> leaves = List.of(ccrLeaf, engineer, operator, noRole, intruder);
            X509Certificate site = get(siteCa);
            X509Certificate stranger = get(strangerCa);
            List<Future<X509Certificate>> signed = new ArrayList<>();
            for (Leaf l : leaves) {
                signed.add(pool.submit(() -> kt.sign(l)));
            }
            for (int i = 0; i < leaves.size(); i++) {
                leaves.get(i).certificate = get(signed.get(i));
            }
            KeyStore trustSite = trustStore(site);
            TlsSettings ccr = TlsSettings.mutual(identity(ccrLeaf, site, password), password, trustSite);
            TlsSettings verifier = TlsSettings.mutual(identity(engineer, site, password), password, trustSite);
            TlsProbes probes = new TlsProbes(Optional.of(TlsProbes.client(identity(intruder, stranger, password), password)),
                    Optional.of(TlsProbes.client(identity(operator, site, password), password)), OPERATOR)
                    .withNoRole(TlsProbes.client(identity(noRole, site, password), password))
                    .withVerifier(verifier);
            StringBuilder pem = new StringBuilder();
            pem.append("# Modbus/TCP Security certificates made for this run (public parts only; the keys were never written here)\n");
            pem(pem, "site CA (the CCR trusts clients of this CA only)", site);
            pem(pem, "the CCR's server certificate", ccrLeaf.certificate);
            pem(pem, "the verifier's own, role " + ENGINEER, engineer.certificate);
            pem(pem, "the authority probe with a role lacking the right to write, role " + OPERATOR, operator.certificate);
            pem(pem, "the authority probe without a role", noRole.certificate);
            pem(pem, "a CA the CCR does not trust", stranger);
            pem(pem, "the authority probe from that CA, role " + ENGINEER, intruder.certificate);
            return new SiteCertificates(ccr, verifier, probes, pem.toString());
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot make the run's certificates: " + e.getMessage(), e);
        } finally {
            pool.shutdownNow();
            java.util.Arrays.fill(password, '\0');
            deleteAll(dir);
        }
    }

    /** A leaf key made here, and its certificate once signed. */
    private static final class Leaf {
        final String subject;
        final String role;
        final String issuerStore;
        final boolean server;
        final KeyPair keys;
        X509Certificate certificate;

        Leaf(String subject, String role, String issuerStore, boolean server) throws GeneralSecurityException {
            this.subject = subject;
            this.role = role;
            this.issuerStore = issuerStore;
            this.server = server;
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            this.keys = g.generateKeyPair();
        }
    }

    /** keytool runs in one private folder, the key stores' password in the child's environment only. */
    private record Keytool(Path exe, Path dir, char[] password) {

        /** A self-signed CA (basic constraints CA, critical), valid for a day; its certificate. */
        X509Certificate ca(String store, String dname) throws IOException, GeneralSecurityException {
            run(List.of("-genkeypair", "-keystore", store, "-storetype", "PKCS12", "-alias", "ca", "-keyalg", "EC",
                    "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA", "-dname", dname, "-ext", "bc:c", "-validity", "1"));
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(dir.resolve(store))) {
                ks.load(in, password);
            }
            return (X509Certificate) ks.getCertificate("ca");
        }

        /** The leaf's certificate, signed by its issuer's CA from the leaf's request. */
        X509Certificate sign(Leaf l) throws IOException, GeneralSecurityException {
            String name = l.subject.replaceAll("[^A-Za-z]", "") + ".csr";
            Files.writeString(dir.resolve(name), "-----BEGIN CERTIFICATE REQUEST-----\n"
                    + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(certificationRequest(l.subject, l.keys))
                    + "\n-----END CERTIFICATE REQUEST-----\n", StandardCharsets.US_ASCII);
            List<String> args = new ArrayList<>(List.of("-gencert", "-keystore", l.issuerStore, "-storetype", "PKCS12", "-alias", "ca",
                    "-sigalg", "SHA256withECDSA", "-validity", "1", "-infile", name, "-rfc"));
            if (l.role != null) {
                args.addAll(List.of("-ext", RolePolicy.ROLE_OID + "=" + roleExtension(l.role)));
            }
            if (l.server) {
                args.addAll(List.of("-ext", "san=ip:127.0.0.1", "-ext", "eku=serverAuth"));
            } else {
                args.addAll(List.of("-ext", "eku=clientAuth"));
            }
            byte[] out = run(args);
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                    new java.io.ByteArrayInputStream(out));
        }

        /** Runs keytool; its standard output; a failure is its first line of output. */
        byte[] run(List<String> args) throws IOException {
            List<String> cmd = new ArrayList<>();
            cmd.add(exe.toString());
            cmd.addAll(List.of("-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC", "-J-XX:-UsePerfData"));
            cmd.addAll(args);
            cmd.addAll(List.of("-storepass:env", STORE_PASSWORD_VARIABLE, "-noprompt"));
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
            pb.environment().put(STORE_PASSWORD_VARIABLE, new String(password));
            Path out = Files.createTempFile(dir, "keytool-", ".out");
            Path err = Files.createTempFile(dir, "keytool-", ".err");
            pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
            Process p = pb.start();
            try {
                if (!p.waitFor(KEYTOOL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new IOException("keytool " + args.get(0) + " did not finish within " + KEYTOOL_DEADLINE.toSeconds() + " s");
                }
                if (p.exitValue() != 0) {
                    String why = (Files.readString(err, StandardCharsets.UTF_8) + "\n" + Files.readString(out, StandardCharsets.UTF_8))
                            .strip().lines().findFirst().orElse("exit code " + p.exitValue());
                    throw new IOException("keytool " + args.get(0) + " failed: " + why);
                }
                return Files.readAllBytes(out);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while keytool made the run's certificates");
            } finally {
                p.destroyForcibly();
            }
        }
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows") ? "NUL" : "/dev/null");
    }

    /** The role extension's value for keytool: the DER of an ASN.1 UTF8String, in hex. */
    static String roleExtension(String role) {
        byte[] utf8 = role.getBytes(StandardCharsets.UTF_8);
        return HexFormat.of().formatHex(tlv(0x0C, utf8));
    }

    /**
     * A PKCS#10 certification request (RFC 2986) for {@code keys} with subject {@code cn=...}: the
     * request info (version 0, the subject, the public key as the JDK encodes it, no attributes),
     * signed SHA256withECDSA by the key itself.
     */
    static byte[] certificationRequest(String subject, KeyPair keys) throws GeneralSecurityException {
        if (!subject.startsWith("CN=")) {
            throw new IllegalArgumentException("a subject of one common name, CN=..., was " + subject);
        }
        byte[] cn = tlv(0x0C, subject.substring(3).getBytes(StandardCharsets.UTF_8));
        byte[] commonNameOid = {0x06, 0x03, 0x55, 0x04, 0x03};
        byte[] name = tlv(0x30, tlv(0x31, tlv(0x30, concat(commonNameOid, cn))));
        byte[] info = tlv(0x30, concat(new byte[] {0x02, 0x01, 0x00}, name, keys.getPublic().getEncoded(), new byte[] {(byte) 0xA0, 0x00}));
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(keys.getPrivate());
        s.update(info);
        byte[] signature = s.sign();
        byte[] ecdsaWithSha256 = {0x30, 0x0A, 0x06, 0x08, 0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x04, 0x03, 0x02};
        return tlv(0x30, concat(info, ecdsaWithSha256, tlv(0x03, concat(new byte[] {0x00}, signature))));
    }

    /** One DER element: tag, definite length, content. */
    static byte[] tlv(int tag, byte[] content) {
        int n = content.length;
        byte[] length = n < 0x80 ? new byte[] {(byte) n}
                : n < 0x100 ? new byte[] {(byte) 0x81, (byte) n}
                : new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n};
        if (n > 0xFFFF) {
            throw new IllegalArgumentException("DER content over 65,535 bytes");
        }
        return concat(new byte[] {(byte) tag}, length, content);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }

    private static KeyStore identity(Leaf l, X509Certificate ca, char[] password) throws GeneralSecurityException, IOException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        PrivateKey key = l.keys.getPrivate();
        ks.setKeyEntry("key", key, password, new Certificate[] {l.certificate, ca});
        return ks;
    }

    private static KeyStore trustStore(X509Certificate ca) throws GeneralSecurityException, IOException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setCertificateEntry("ca", ca);
        return ks;
    }

    private static void pem(StringBuilder b, String what, X509Certificate c) throws GeneralSecurityException {
        b.append("# ").append(what).append(": ").append(c.getSubjectX500Principal().getName()).append(", issuer ")
                .append(c.getIssuerX500Principal().getName()).append(", SHA-256 ")
                .append(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()))).append('\n');
        b.append("-----BEGIN CERTIFICATE-----\n")
                .append(Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(c.getEncoded()))
                .append("\n-----END CERTIFICATE-----\n");
    }

    private static char[] randomPassword() {
        byte[] b = new byte[18];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b).toCharArray();
    }

    private static <T> T get(Future<T> f) throws IOException, GeneralSecurityException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while keytool made the run's certificates");
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof GeneralSecurityException g) {
                throw g;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static void deleteAll(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // left in the temporary folder: the CAs' keys of a finished run, behind a random password
                }
            });
        } catch (IOException e) {
            // as above
        }
    }
}
