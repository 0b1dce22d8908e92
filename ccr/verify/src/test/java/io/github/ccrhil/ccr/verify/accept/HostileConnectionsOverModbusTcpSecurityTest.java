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
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The hostile-connection procedures over Modbus/TCP Security against defective TLS servers of the
 * emulated CCR (certificates generated here): connection exhaustion holds plain connections that
 * never start the handshake, idle sessions and half-done handshakes, and a server without a
 * handshake deadline and one without a connection limit each FAIL exactly connection exhaustion
 * (the first on exactly its handshake check). verify-bundle re-derives every verdict. The
 * reference's PASS of all four procedures over Modbus/TCP Security is proved against the reference
 * CCR as a user serves it, in a process of its own ({@code SecurityProceduresAgainstAServedTlsCcrIT},
 * integration-tests), which also runs the plan's 100,000 frames on demand.
 */
class HostileConnectionsOverModbusTcpSecurityTest {

    /** Hostile frames per robustness run (the defective servers do not run it). */
    static final int FRAMES = 1_000;

    @TempDir
    Path dir;

    /** How the CCR's Modbus/TCP Security server is limited, and the checks of connection-exhaustion that must FAIL. */
    enum TlsServer {
        /** No deadline on a handshake (nor on a frame): a client that trickles its hello holds the connection for ever. */
        NO_HANDSHAKE_TIMEOUT(ConnectionLimits.defaults().withFrameTimeout(Duration.ofDays(1)), List.of("half-done TLS handshake")),
        /** Every connection held, none reclaimed, no deadlines. */
        NO_CONNECTION_LIMIT(ConnectionLimits.defaults().withMaxConnections(1024).withReclaimIdleAfter(Optional.empty())
                .withIdleTimeout(Duration.ofHours(1)).withFrameTimeout(Duration.ofHours(1)),
                List.of("half-done TLS handshake", "connections the DUT holds open"));

        final ConnectionLimits limits;
        final List<String> failing;

        TlsServer(ConnectionLimits limits, List<String> failing) {
            this.limits = limits;
            this.failing = failing;
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TlsServer.class)
    void theHostileConnectionProceduresRunInsideModbusTcpSecurity(TlsServer variant) throws Exception {
        TestPki site = new TestPki("site CA");
        TlsSettings serverTls = TestPki.settings(site.identity("ccr-1", Optional.empty()), site);
        // a defective server runs the procedure meant to catch it
        SecurityPlans.Plan cut = SecurityPlans.only(FRAMES, "identity", "connection-exhaustion");
        AcceptanceRun.Result r;
        // 10 s per transaction: a TLS handshake on a loaded 2-core host (load 30+) took over 2 s
        try (EmulatedCcrOverLoopback dut = new EmulatedCcrOverLoopback(cut.plan(), Duration.ofSeconds(10), 0)
                .servedBy((core, unit) -> EmulatedCcrOverLoopback.endpoint(ModbusTcpServer.secure(core,
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), unit, variant.limits, serverTls,
                        RolePolicy.operatorAndEngineer())))
                .overTls(TestPki.settings(site.identity("verifier", Optional.of("engineer")), site), TlsProbes.NONE)) {
            r = new AcceptanceRun(cut.plan(), cut.text(), dut, dut.describe() + " (" + variant + ")", AcceptanceRun.Progress.NONE,
                    Clock.systemUTC()).run(dir.resolve("bundle"));
        }
        Map<String, Outcome> outcomes = new TreeMap<>();
        StringBuilder why = new StringBuilder();
        List<String> failed = new ArrayList<>();
        for (Verdict v : r.verdicts()) {
            outcomes.put(v.testId(), v.outcome());
            why.append("\n  ").append(v.testId()).append(' ').append(v.outcome()).append(": ").append(v.reason());
            for (Check c : v.checks()) {
                if (c.outcome() == Outcome.FAIL) {
                    failed.add(v.testId() + ": " + c.what() + ": " + c.measured());
                }
                if (v.testId().equals("connection-exhaustion") || v.testId().equals("protocol-robustness")
                        || v.testId().equals("flood")) {
                    why.append("\n    ").append(c.outcome()).append(' ').append(c.what()).append(": ").append(c.measured());
                }
            }
        }
        System.out.println(variant + " (load average " + java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage() + "):" + why);
        Map<String, Outcome> expected = new TreeMap<>();
        for (var t : cut.plan().tests()) {
            expected.put(t.id(), t.id().equals("connection-exhaustion") ? Outcome.FAIL : Outcome.PASS);
        }
        // a wall-clock answer limit missed by the host's doing is INCONCLUSIVE "host too loaded", never a PASS or FAIL
        for (Verdict v : r.verdicts()) {
            if (v.outcome() == Outcome.INCONCLUSIVE && v.checks().stream().filter(c -> c.outcome() != Outcome.PASS
                    && c.outcome() != Outcome.NOT_APPLICABLE).allMatch(c -> c.outcome() == Outcome.INCONCLUSIVE
                    && c.measured().contains("host too loaded"))) {
                System.out.println(variant + ": " + v.testId() + " INCONCLUSIVE, host too loaded");
                outcomes.put(v.testId(), expected.get(v.testId()) == Outcome.FAIL ? Outcome.INCONCLUSIVE : Outcome.PASS);
            }
        }
        assertEquals(expected, outcomes, variant + ": " + why);
        for (String f : failed) {
            assertTrue(variant.failing.stream().anyMatch(f::contains), variant + " fails exactly its checks, not: " + f);
        }
        for (String must : variant.failing) {
            assertTrue(failed.stream().anyMatch(f -> f.contains(must)), variant + " fails " + must + ": " + failed);
        }
        var check = BundleVerifier.verify(r.bundle());
        assertTrue(check.ok(), "verify-bundle recomputes the verdicts: " + check.verdictProblems());
    }
}
