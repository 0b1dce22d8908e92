package io.github.ccrhil.ccr.verify.accept;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.ccr.verify.accept.bundle.BundleVerifier;
import io.github.ccrhil.ccr.verify.accept.dut.EmulatedCcrOverLoopback;
import io.github.ccrhil.ccr.verify.accept.dut.TlsProbes;
import io.github.ccrhil.evidence.Check;
import io.github.ccrhil.evidence.Outcome;
import io.github.ccrhil.evidence.Verdict;
import io.github.ccrhil.modbus.server.RolePolicy;
import io.github.ccrhil.modbus.tcp.ConnectionLimits;
import io.github.ccrhil.modbus.tcp.ModbusTcpServer;
import io.github.ccrhil.modbus.tcp.TestPki;
import io.github.ccrhil.modbus.tcp.TlsSettings;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The authority procedure's Modbus/TCP Security part, against the emulated CCR served over TLS
 * with certificates generated here and named by the plan (PKCS#12 files): the reference server
 * refuses a client without a certificate and one from an unknown CA at the handshake, and an
 * operator's writes per function code; a server that accepts any client certificate FAILs exactly
 * that check of the authority test and nothing else. verify-bundle re-derives every verdict. (A
 * server that ignores the role: {@link AuthorityInTheDefaultRunTest}, with the certificates the
 * default run makes.)
 */
class AuthorityOverModbusTcpSecurityTest {

    @TempDir
    Path dir;

    /** How the CCR's Modbus/TCP Security server is built, and the checks of the authority test that must FAIL. */
    enum TlsServer {
        /** Mutual authentication against the site CA; roles as Modbus.org's example (operator reads, engineer writes). */
        REFERENCE(""),
        /** Takes any client certificate, whoever signed it (its trust manager checks nothing). */
        ACCEPTS_ANY_CLIENT_CERTIFICATE("a CA the DUT does not trust");

        final String failing;

        TlsServer(String failing) {
            this.failing = failing;
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TlsServer.class)
    void theAuthorityProcedureRefusesCertificatesAndRolesOverModbusTcpSecurity(TlsServer variant) throws Exception {
        TestPki site = new TestPki("site CA");
        TestPki stranger = new TestPki("unknown CA");
        KeyStore ccrKey = site.identity("ccr-1", Optional.empty());
        TlsSettings serverTls = variant == TlsServer.ACCEPTS_ANY_CLIENT_CERTIFICATE
                ? TlsProbes.client(ccrKey, TestPki.PASSWORD) // its key, and a trust manager that checks nothing
                : TestPki.settings(ccrKey, site);
        RolePolicy roles = RolePolicy.operatorAndEngineer();
        Path unknownCa = store(stranger.identity("intruder", Optional.of("engineer")), "intruder.p12");
        Path operator = store(site.identity("operator-console", Optional.of("operator")), "operator.p12");

        // identity and authority only: the hostile-connection procedures over TLS are HostileConnectionsOverModbusTcpSecurityTest's
        SecurityPlans.Plan whole = SecurityPlans.only(SecurityPlans.FRAMES, "identity", "authority");
        String authorityParams = "    params: { firstDwell: 4s, dwell: 1s }\n";
        assertTrue(whole.text().contains(authorityParams), "the default plan's authority params changed");
        String text = whole.text().replace(authorityParams, "    params: { firstDwell: 4s, dwell: 1s, unknownCaKey: intruder.p12,"
                + " lackingRoleKey: operator.p12, lackingRole: operator }\n");
        var plan = io.github.ccrhil.ccr.verify.accept.plan.PlanReader.read("default.yaml (cut for a test, over TLS)", text);
        TlsProbes probes = TlsProbes.fromPlan(plan, dir, TestPki.PASSWORD);

        AcceptanceRun.Result r;
        // 10 s per transaction: a TLS handshake on a loaded 2-core host (load 30+) took over 2 s
        try (EmulatedCcrOverLoopback dut = new EmulatedCcrOverLoopback(plan, java.time.Duration.ofSeconds(10), 0)
                .servedBy((core, unit) -> EmulatedCcrOverLoopback.endpoint(ModbusTcpServer.secure(core,
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), unit, ConnectionLimits.defaults(), serverTls, roles)))
                .overTls(TestPki.settings(site.identity("verifier", Optional.of("engineer")), site), probes)) {
            r = new AcceptanceRun(plan, text, dut, dut.describe() + " (" + variant + ")", AcceptanceRun.Progress.NONE,
                    Clock.systemUTC()).run(dir.resolve("bundle"));
        }
        Verdict authority = null;
        StringBuilder why = new StringBuilder();
        for (Verdict v : r.verdicts()) {
            why.append("\n  ").append(v.testId()).append(' ').append(v.outcome()).append(": ").append(v.reason());
            if (v.testId().equals("authority")) {
                authority = v;
            }
        }
        System.out.println(variant + ":" + why);
        assertTrue(authority != null, "the plan has its authority test");
        List<String> tlsChecks = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (Check c : authority.checks()) {
            if (c.limitName().startsWith("Modbus/TCP Security")) {
                tlsChecks.add(c.what() + " → " + c.outcome());
                assertTrue(c.outcome() != Outcome.NOT_APPLICABLE, "every Modbus/TCP Security check exercised: " + c);
            }
            if (c.outcome() != Outcome.PASS) {
                failed.add(c.what() + ": " + c.measured());
            }
        }
        // no certificate, unknown CA, and 5 write function codes of the operator (05 and 15 on a coil, 06, 16, 23 on a register)
        assertEquals(7, tlsChecks.size(), "the Modbus/TCP Security checks: " + tlsChecks);
        assertEquals(variant == TlsServer.REFERENCE ? Outcome.PASS : Outcome.FAIL, authority.outcome(), authority.reason());
        for (String f : failed) {
            assertTrue(!variant.failing.isEmpty() && f.contains(variant.failing), variant + " fails exactly its part, not: " + f);
        }
        if (variant == TlsServer.ACCEPTS_ANY_CLIENT_CERTIFICATE) {
            assertEquals(1, failed.size(), "the unknown CA's client accepted: " + failed);
        }
        assertEquals(2, r.verdicts().size(), "identity and authority" + why);
        for (Verdict v : r.verdicts()) {
            if (!v.testId().equals("authority")) {
                assertEquals(Outcome.PASS, v.outcome(), v.testId() + why);
            }
        }
        var check = BundleVerifier.verify(r.bundle());
        assertTrue(check.ok(), "verify-bundle recomputes the verdicts: " + check.verdictProblems());
    }

    private Path store(KeyStore ks, String name) throws Exception {
        Path p = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(p)) {
            ks.store(out, TestPki.PASSWORD);
        }
        return p;
    }
}
