package io.github.ccrhil.evidence.bundle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * {@value #FILE}: an Ed25519 signature (the JDK's own) over the bytes of {@code manifest.sha256},
 * made with a key the vendor declares. The manifest covers every file, so the signature covers
 * the whole bundle: what re-derivation alone cannot catch (a raw trace edited together with
 * everything derived from it, the manifest recomputed) fails here. Keys are PEM files
 * ({@code openssl genpkey -algorithm ed25519}; {@code openssl pkey -pubout}).
 */
public final class BundleSignature {

    public static final String FILE = Manifest.FILE + ".sig";

    private BundleSignature() { }

    /** Signs the bundle's manifest (written last, so sign after it is sealed). */
    public static void sign(Path bundle, Path privateKeyPem) throws IOException {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(privateKey(privateKeyPem));
            s.update(Files.readAllBytes(bundle.resolve(Manifest.FILE)));
            Files.writeString(bundle.resolve(FILE), Base64.getEncoder().encodeToString(s.sign()) + "\n", StandardCharsets.US_ASCII);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException(privateKeyPem + ": not an Ed25519 private key in PEM (" + e.getMessage() + ")", e);
        }
    }

    /** Null when the signature verifies with {@code publicKeyPem}, else one line naming the file and what is wrong. */
    public static String problem(Path bundle, Path publicKeyPem) throws IOException {
        PublicKey key;
        try {
            key = publicKey(publicKeyPem);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException(publicKeyPem + ": not an Ed25519 public key in PEM (" + e.getMessage() + ")", e);
        }
        Path sig = bundle.resolve(FILE);
        if (!Files.exists(sig)) {
            return FILE + ": missing (the bundle is not signed)";
        }
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(Files.readAllBytes(bundle.resolve(Manifest.FILE)));
            byte[] signature = Base64.getDecoder().decode(Files.readString(sig, StandardCharsets.US_ASCII).strip());
            return s.verify(signature) ? null
                    : FILE + ": does not verify with " + publicKeyPem.getFileName() + ": the manifest was changed after signing,"
                            + " or another key signed it";
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return FILE + ": not a valid signature (" + e.getMessage() + ")";
        }
    }

    private static byte[] pem(Path file) throws IOException {
        StringBuilder b = new StringBuilder();
        for (String l : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
            if (!l.startsWith("-----")) {
                b.append(l.strip());
            }
        }
        return Base64.getDecoder().decode(b.toString());
    }

    static PrivateKey privateKey(Path pem) throws IOException, GeneralSecurityException {
        return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pem(pem)));
    }

    static PublicKey publicKey(Path pem) throws IOException, GeneralSecurityException {
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(pem(pem)));
    }
}
