package io.github.ccrhil.modbus.tcp;

import io.github.ccrhil.modbus.server.RolePolicy;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Optional;

/** Reads the Modbus/TCP Security role from a client certificate. */
final class ClientRole {

    private ClientRole() {
    }

    /**
     * The role in extension {@value RolePolicy#ROLE_OID}: an ASN.1 UTF8String, which the JDK
     * hands over wrapped in the extension's OCTET STRING. Empty when the extension is absent;
     * a malformed one is treated as absent (no rights beyond a role-less client's).
     */
    static Optional<String> of(X509Certificate certificate) {
        byte[] ext = certificate.getExtensionValue(RolePolicy.ROLE_OID);
        if (ext == null) {
            return Optional.empty();
        }
        byte[] inner = derValue(ext, 0x04);
        if (inner == null) {
            return Optional.empty();
        }
        byte[] utf8 = derValue(inner, 0x0C);
        return utf8 == null ? Optional.empty() : Optional.of(new String(utf8, StandardCharsets.UTF_8));
    }

    /** The content of a DER element with the given tag spanning all of {@code der}, or null. */
    static byte[] derValue(byte[] der, int tag) {
        if (der.length < 2 || (der[0] & 0xFF) != tag) {
            return null;
        }
        int p = 1;
        int first = der[p++] & 0xFF;
        long length;
        if (first < 0x80) {
            length = first;
        } else {
            int n = first & 0x7F;
            if (n == 0 || n > 3 || p + n > der.length) {
                return null;
            }
            length = 0;
            for (int i = 0; i < n; i++) {
                length = (length << 8) | (der[p++] & 0xFF);
            }
        }
        if (p + length != der.length) {
            return null;
        }
        return java.util.Arrays.copyOfRange(der, p, der.length);
    }
}
