package io.github.ccrhil.ccr.verify.accept;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.ccr.verify.accept.bundle.BundleVerifier;
import io.github.ccrhil.ccr.verify.accept.dut.EmulatedCcrOverLoopback;
import io.github.ccrhil.ccr.verify.accept.dut.SiteCertificates;
import io.github.ccrhil.evidence.Check;
import io.github.ccrhil.evidence.Outcome;
import io.github.ccrhil.evidence.Verdict;
import io.github.ccrhil.modbus.server.RolePolicy;
import io.github.ccrhil.modbus.tcp.ConnectionLimits;
import io.github.ccrhil.modbus.tcp.ModbusTcpServer;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default run ({@code ccr-hil accept}, the emulated CCR over Modbus/TCP on loopback) checks
 * Modbus/TCP Security: the CCR is served over TLS as well, with a site CA and certificates made for
 * the run by the JDK's keytool, so the authority test presents the verifier's own certificate
 * (engineer), none, an unknown CA's, an operator's and one without a role, and every one of those
 * checks runs and PASSes; the certificates (public parts only) are in the bundle. A CCR whose TLS
 * port ignores the role FAILs exactly the role checks. One set of certificates serves both runs.
 */
class AuthorityInTheDefaultRunTest {

    /** Made once, in the background, while the first run starts. */
    private static CompletableFuture<SiteCertificates> site;

    @TempDir
    Path dir;

    @BeforeAll
    static void startMakingTheSitesCertificates() {
        site = SiteCertificates.inBackground();
    }

    @Test
    void theDefaultRunPresentsEveryCertificateAndRoleProbeAndPassesAuthority() throws Exception {
        SecurityPlans.Plan plan = SecurityPlans.only(SecurityPlans.FRAMES, "authority");
        AcceptanceRun.Result r;
        String described;
        // as accept builds it (AcceptCommand: tcp-loopback, no faulty link); 10 s per transaction for a TLS handshake on a loaded host
        try (EmulatedCcrOverLoopback dut = new EmulatedCcrOverLoopback(plan.plan(), Duration.ofSeconds(10), 0)
                .over(EmulatedCcrOverLoopback.Medium.TCP).asAcceptServesIt(() -> site)) {
            described = dut.describe();
            r = new AcceptanceRun(plan.plan(), plan.text(), dut, described, AcceptanceRun.Progress.NONE, Clock.systemUTC())
                    .run(dir.resolve("bundle"));
        }
        assertTrue(described.contains("as Modbus/TCP Security on a second loopback port"), described);
        Verdict authority = only(r);
        List<String> tls = new ArrayList<>();
        for (Check c : authority.checks()) {
            if (c.limitName().startsWith("Modbus/TCP Security")) {
                tls.add(c.what() + " → " + c.outcome() + " (" + c.measured() + ")");
                assertEquals(Outcome.PASS, c.outcome(), "every Modbus/TCP Security check runs and passes: " + c);
            }
        }
        // the verifier's own session, no certificate, the unknown CA, and 5 write function codes (05 and 15 on a coil,
        // 06, 16 and 23 on a register) by the operator and by the certificate without a role
        assertEquals(13, tls.size(), "the Modbus/TCP Security checks: " + tls);
        assertEquals(5, tls.stream().filter(t -> t.contains("by a certificate without a role")).count(), tls.toString());
        assertEquals(5, tls.stream().filter(t -> t.contains("as operator")).count(), tls.toString());
        assertEquals(Outcome.PASS, authority.outcome(), authority.reason());

        Path traces = r.bundle().resolve("traces/authority");
        List<Path> pems;
        try (var files = Files.list(traces)) {
            pems = files.filter(p -> p.getFileName().toString().endsWith(".certificates.pem")).toList();
        }
        assertEquals(1, pems.size(), "the run's certificates in the bundle: " + pems);
        String pem = Files.readString(pems.get(0), StandardCharsets.UTF_8);
        assertFalse(pem.contains("PRIVATE KEY"), "public parts only");
        List<String> roles = new ArrayList<>();
        int certificates = 0;
        for (var c : CertificateFactory.getInstance("X.509").generateCertificates(
                new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
            certificates++;
            byte[] ext = ((X509Certificate) c).getExtensionValue(RolePolicy.ROLE_OID);
            if (ext != null) {
                // OCTET STRING { UTF8String role }, both short lengths
                roles.add(new String(ext, 4, ext[3], StandardCharsets.UTF_8));
            }
        }
        assertEquals(7, certificates, "site CA, CCR, verifier, operator, no role, unknown CA, intruder");
        assertEquals(List.of("engineer", "operator", "engineer"), roles, "the verifier's, the operator's and the intruder's roles");
        var check = BundleVerifier.verify(r.bundle());
        assertTrue(check.ok(), "verify-bundle recomputes the verdict: " + check.verdictProblems());
    }

    @Test
    void aCcrWhoseTlsPortIgnoresTheRoleFailsExactlyTheRoleChecks() throws Exception {
        SecurityPlans.Plan plan = SecurityPlans.only(SecurityPlans.FRAMES, "authority");
        RolePolicy anyone = new RolePolicy(Map.of("operator", RolePolicy.Rights.everything(), "engineer", RolePolicy.Rights.everything()),
                RolePolicy.Rights.everything());
        AcceptanceRun.Result r;
        try (EmulatedCcrOverLoopback dut = new EmulatedCcrOverLoopback(plan.plan(), Duration.ofSeconds(10), 0)
                .alsoOverModbusTcpSecurity(site, (core, unit, tls, roles) -> EmulatedCcrOverLoopback.endpoint(ModbusTcpServer.secure(
                        core, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), unit, ConnectionLimits.defaults(), tls, anyone)))) {
            r = new AcceptanceRun(plan.plan(), plan.text(), dut, dut.describe() + " (TLS port ignoring the role)",
                    AcceptanceRun.Progress.NONE, Clock.systemUTC()).run(dir.resolve("bundle"));
        }
        Verdict authority = only(r);
        assertEquals(Outcome.FAIL, authority.outcome(), authority.reason());
        List<String> failed = new ArrayList<>();
        for (Check c : authority.checks()) {
            if (c.outcome() != Outcome.PASS) {
                failed.add(c.what() + ": " + c.measured());
                assertEquals(Outcome.FAIL, c.outcome(), c.toString());
            }
        }
        assertEquals(10, failed.size(), "each write function code of the operator and of no role accepted: " + failed);
        assertEquals(5, failed.stream().filter(f -> f.contains("as operator (a role without the right)")).count(), failed.toString());
        for (String f : failed) {
            assertTrue(f.contains("(a role without the right)") || f.contains("by a certificate without a role"),
                    "the role checks fail, nothing else: " + f);
        }
        var check = BundleVerifier.verify(r.bundle());
        assertTrue(check.ok(), "verify-bundle recomputes the verdict: " + check.verdictProblems());
    }

    private static Verdict only(AcceptanceRun.Result r) {
        assertEquals(1, r.verdicts().size(), "the authority test only");
        Verdict v = r.verdicts().get(0);
        System.out.println(v.testId() + " " + v.outcome() + ": " + v.reason());
        return v;
    }
}
