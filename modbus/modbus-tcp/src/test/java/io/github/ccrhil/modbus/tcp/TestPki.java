package io.github.ccrhil.modbus.tcp;

import io.github.ccrhil.modbus.server.RolePolicy;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away PKI for Modbus/TCP Security tests: a CA, and certificates it signs for servers and
 * for clients with or without the role extension (OID 1.3.6.1.4.1.50316.802.1, UTF8String).
 */
public final class TestPki {

    public static final char[] PASSWORD = "test-only".toCharArray();
    private static final AtomicLong SERIAL = new AtomicLong(1);

    private final KeyPair caKeys;
    private final X500Name caName;
    private final X509Certificate caCert;

    public TestPki(String caName) throws Exception {
        caKeys = keyPair();
        this.caName = new X500Name("CN=" + caName);
        X509v3CertificateBuilder b = builder(this.caName, this.caName, caKeys);
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        caCert = sign(b, caKeys.getPrivate());
    }

    public X509Certificate caCertificate() {
        return caCert;
    }

    /** A key store trusting this CA only. */
    public KeyStore trustStore() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setCertificateEntry("ca", caCert);
        return ks;
    }

    /** A key and certificate for {@code commonName}, signed by this CA, with the role if given. */
    public KeyStore identity(String commonName, Optional<String> role) throws Exception {
        return identity(commonName, role, java.util.List.of());
    }

    /**
     * As {@link #identity(String, Optional)}, the certificate also naming the IP addresses given as
     * subject alternative names (an HTTPS client checks the address it connected to against them).
     */
    public KeyStore identity(String commonName, Optional<String> role, java.util.List<String> ipAddresses) throws Exception {
        KeyPair keys = keyPair();
        X509v3CertificateBuilder b = builder(caName, new X500Name("CN=" + commonName), keys);
        if (!ipAddresses.isEmpty()) {
            b.addExtension(Extension.subjectAlternativeName, false, new org.bouncycastle.asn1.x509.GeneralNames(ipAddresses.stream()
                    .map(ip -> new org.bouncycastle.asn1.x509.GeneralName(org.bouncycastle.asn1.x509.GeneralName.iPAddress, ip))
                    .toArray(org.bouncycastle.asn1.x509.GeneralName[]::new)));
        }
        if (role.isPresent()) {
            b.addExtension(new ASN1ObjectIdentifier(RolePolicy.ROLE_OID), false, new DERUTF8String(role.get()));
        }
        X509Certificate cert = sign(b, caKeys.getPrivate());
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("key", keys.getPrivate(), PASSWORD, new X509Certificate[] {cert, caCert});
        return ks;
    }

    /**
     * Writes {@code identity}'s certificate chain and private key (unencrypted PKCS#8) as PEM
     * files {@code name.crt} and {@code name.key}, for peers outside the JVM; returns
     * {@code [certificate, key]}.
     */
    public java.nio.file.Path[] writePem(KeyStore identity, java.nio.file.Path dir, String name) throws Exception {
        java.security.Key key = identity.getKey("key", PASSWORD);
        java.security.cert.Certificate[] chain = identity.getCertificateChain("key");
        StringBuilder certs = new StringBuilder();
        for (java.security.cert.Certificate c : chain) {
            certs.append(pem("CERTIFICATE", c.getEncoded()));
        }
        java.nio.file.Path crt = java.nio.file.Files.writeString(dir.resolve(name + ".crt"), certs);
        java.nio.file.Path k = java.nio.file.Files.writeString(dir.resolve(name + ".key"), pem("PRIVATE KEY", key.getEncoded()));
        return new java.nio.file.Path[] {crt, k};
    }

    /** Writes this CA's certificate as a PEM file. */
    public java.nio.file.Path writeCaPem(java.nio.file.Path file) throws Exception {
        return java.nio.file.Files.writeString(file, pem("CERTIFICATE", caCert.getEncoded()));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** TLS settings for an end holding {@code identity} and trusting {@code trusted}'s CA. */
    public static TlsSettings settings(KeyStore identity, TestPki trusted) throws Exception {
        return TlsSettings.mutual(identity, PASSWORD, trusted.trustStore());
    }

    /** TLS settings trusting {@code trusted}'s CA but presenting no certificate. */
    public static TlsSettings noCertificate(TestPki trusted) throws Exception {
        KeyStore empty = KeyStore.getInstance("PKCS12");
        empty.load(null, null);
        return TlsSettings.mutual(empty, PASSWORD, trusted.trustStore());
    }

    private static KeyPair keyPair() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.getAndIncrement()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(2))), subject, keys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key) throws Exception {
        ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(key);
        return new JcaX509CertificateConverter().getCertificate(b.build(signer));
    }
}
