package io.github.ccrhil.modbus.tcp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Modbus/TCP Security (Modbus.org MB-TCP-Security): TLS 1.2 or 1.3 with mutual X.509
 * authentication, on port {@value #SECURE_PORT} by default. The same settings serve a server
 * (which then requires a client certificate) and a client (which presents its own).
 *
 * @param context keys of this end and the CAs it trusts for the other end
 * @param protocols TLS versions offered, none below TLS 1.2
 */
public record TlsSettings(SSLContext context, List<String> protocols) {

    /** The port Modbus/TCP Security assigns (plain Modbus/TCP is 502). */
    public static final int SECURE_PORT = 802;

    public TlsSettings {
        Objects.requireNonNull(context, "context");
        protocols = List.copyOf(protocols);
        if (protocols.isEmpty()) {
            throw new IllegalArgumentException("at least one TLS protocol");
        }
        for (String p : protocols) {
            if (!p.equals("TLSv1.3") && !p.equals("TLSv1.2")) {
                throw new IllegalArgumentException("Modbus/TCP Security needs TLS 1.2 or later, not " + p);
            }
        }
    }

    /**
     * Mutual authentication with TLS 1.3 and 1.2.
     *
     * @param identity this end's private key and certificate chain
     * @param keyPassword the key's password
     * @param trusted the CA certificates the other end's certificate must chain to
     */
    public static TlsSettings mutual(KeyStore identity, char[] keyPassword, KeyStore trusted) {
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(identity, keyPassword);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return new TlsSettings(context, List.of("TLSv1.3", "TLSv1.2"));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /** {@link #mutual} from PKCS#12 files (identity: key and chain; trusted: CA certificates). */
    public static TlsSettings fromPkcs12(Path identity, char[] password, Path trusted, char[] trustPassword) throws IOException {
        return mutual(load(identity, password), password, load(trusted, trustPassword));
    }

    private static KeyStore load(Path file, char[] password) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            return ks;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read key store " + file + ": " + e.getMessage(), e);
        }
    }

    String[] protocolArray() {
        return protocols.toArray(String[]::new);
    }
}
