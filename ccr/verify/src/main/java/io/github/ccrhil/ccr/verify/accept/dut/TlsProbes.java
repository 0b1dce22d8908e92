package io.github.ccrhil.ccr.verify.accept.dut;

import io.github.ccrhil.modbus.tcp.TlsSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.net.InetSocketAddress;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The clients the authority procedure presents to a DUT that speaks Modbus/TCP Security, besides
 * the verifier's own: one without a certificate (always), one whose certificate comes from a CA
 * the DUT must not trust, and one signed by the site's CA whose role lacks the right to write.
 * The certificates are the plan's (authority params {@code unknownCaKey}, {@code
 * lackingRoleKey}, {@code noRoleKey}: PKCS#12 files), or, for the emulated CCR, made for the run
 * ({@link SiteCertificates}); a probe not named is recorded as not exercised (the client without
 * a role: not tried).
 *
 * <p>The probes do not check the DUT's certificate: what is tested is whether the DUT refuses
 * them, and a probe that gave up on the DUT's certificate would hide exactly that.
 *
 * @param unknownCa a client certificate from a CA the DUT does not trust
 * @param lackingRole a client certificate from the site's CA, with a role that may read but not write
 * @param lackingRoleName that role, for the records (e.g. "operator")
 * @param verifier the verifier's own certificate (with its role) and the CAs it trusts: the
 *     hostile-connection procedures send their frames, floods and idle sessions inside sessions
 *     authenticated so, as an attacker holding a stolen certificate would
 * @param noRole a client certificate from the site's CA without the role extension (its writes
 *     must be refused like the lacking role's)
 * @param endpoint the DUT's Modbus/TCP Security port where the verifier's own link is plain
 *     Modbus/TCP to another port of the same DUT (the emulated CCR serves both); empty where the
 *     verifier's link is itself the TLS one ({@code tls:}) or there is none
 * @param certificates the certificates behind these probes, PEM (public parts only), for the
 *     bundle; empty when they are the plan's files
 * @param notServed why the DUT's Modbus/TCP Security port beside the plain link is not there
 *     (e.g. the run's certificates could not be made), for the records; empty otherwise
 */
public record TlsProbes(Optional<TlsSettings> unknownCa, Optional<TlsSettings> lackingRole, String lackingRoleName,
                        Optional<TlsSettings> verifier, Optional<TlsSettings> noRole, Optional<InetSocketAddress> endpoint,
                        String certificates, Optional<String> notServed) {

    /** No probe but the client without a certificate. */
    public static final TlsProbes NONE = new TlsProbes(Optional.empty(), Optional.empty(), "");

    public TlsProbes {
        Objects.requireNonNull(unknownCa, "unknownCa");
        Objects.requireNonNull(lackingRole, "lackingRole");
        Objects.requireNonNull(lackingRoleName, "lackingRoleName");
        Objects.requireNonNull(verifier, "verifier");
        Objects.requireNonNull(noRole, "noRole");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(certificates, "certificates");
        Objects.requireNonNull(notServed, "notServed");
    }

    /** The authority probes, without the verifier's own settings. */
    public TlsProbes(Optional<TlsSettings> unknownCa, Optional<TlsSettings> lackingRole, String lackingRoleName) {
        this(unknownCa, lackingRole, lackingRoleName, Optional.empty(), Optional.empty(), Optional.empty(), "", Optional.empty());
    }

    /** The same probes, and the verifier's own settings ({@code null}: none). */
    public TlsProbes withVerifier(TlsSettings own) {
        return new TlsProbes(unknownCa, lackingRole, lackingRoleName, Optional.ofNullable(own), noRole, endpoint, certificates, notServed);
    }

    /** The same probes, and a client without a role ({@code null}: none). */
    public TlsProbes withNoRole(TlsSettings client) {
        return new TlsProbes(unknownCa, lackingRole, lackingRoleName, verifier, Optional.ofNullable(client), endpoint, certificates, notServed);
    }

    /** The same probes, presented at the DUT's Modbus/TCP Security port {@code at}, beside the verifier's plain link. */
    public TlsProbes at(InetSocketAddress at, String certificatesPem) {
        return new TlsProbes(unknownCa, lackingRole, lackingRoleName, verifier, noRole, Optional.of(at), certificatesPem, notServed);
    }

    /** No probes, and why the DUT's Modbus/TCP Security port beside the plain link is not there. */
    public static TlsProbes notServed(String why) {
        return new TlsProbes(Optional.empty(), Optional.empty(), "", Optional.empty(), Optional.empty(), Optional.empty(), "",
                Optional.of(why));
    }

    /** A client presenting no certificate at all. */
    public static TlsSettings noCertificate() {
        return client(null, null);
    }

    /** A client presenting {@code identity}'s key and certificate (and trusting whatever the DUT presents). */
    public static TlsSettings client(KeyStore identity, char[] password) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            javax.net.ssl.KeyManager[] keys = null;
            if (identity != null) {
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(identity, password);
                keys = kmf.getKeyManagers();
            }
            context.init(keys, new TrustManager[] {new AnyServer()}, null);
            return new TlsSettings(context, List.of("TLSv1.3", "TLSv1.2"));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot set up a TLS probe: " + e.getMessage(), e);
        }
    }

    /**
     * The probes the authority test names ({@code unknownCaKey}, {@code lackingRoleKey}, {@code
     * noRoleKey}: PKCS#12 files, relative to {@code base}; {@code lackingRole}: the role's name for
     * the records).
     *
     * @throws IOException a named file that cannot be read with {@code password}
     */
    public static TlsProbes fromPlan(io.github.ccrhil.ccr.verify.accept.plan.TestPlan plan, Path base, char[] password)
            throws IOException {
        for (var t : plan.tests()) {
            if (t.procedure() == io.github.ccrhil.ccr.verify.accept.plan.Procedure.AUTHORITY) {
                String unknown = t.param("unknownCaKey", "");
                String lacking = t.param("lackingRoleKey", "");
                String noRole = t.param("noRoleKey", "");
                return new TlsProbes(unknown.isBlank() ? Optional.empty() : Optional.of(client(load(base.resolve(unknown), password),
                        password)), lacking.isBlank() ? Optional.empty() : Optional.of(client(load(base.resolve(lacking), password),
                        password)), t.param("lackingRole", lacking.isBlank() ? "" : "a role without write rights"))
                        .withNoRole(noRole.isBlank() ? null : client(load(base.resolve(noRole), password), password));
            }
        }
        return NONE;
    }

    private static KeyStore load(Path file, char[] password) throws IOException {
        try (var in = Files.newInputStream(file)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            return ks;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read key store " + file + ": " + e.getMessage(), e);
        }
    }

    /** Takes any server certificate (the probe tests the DUT's refusal, not the DUT's identity). */
    private static final class AnyServer implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // a client's trust manager: never asked
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // the probe's purpose is to be refused by the DUT, whatever its certificate
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
