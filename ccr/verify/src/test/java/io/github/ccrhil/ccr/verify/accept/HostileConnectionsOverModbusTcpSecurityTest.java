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
import java.nio.file.Files;
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
 * The hostile-connection procedures over Modbus/TCP Security: against the emulated CCR served
 * over TLS (certificates generated here), protocol robustness sends its hostile frames inside TLS
 * sessions of the verifier's certificate and hostile TLS besides, the flood floods with TLS
 * sessions, and connection exhaustion holds plain connections that never start the handshake,
 * idle sessions and half-done handshakes. The reference TLS server PASSes all four; one without a
 * handshake deadline and one without a connection limit each FAIL exactly connection exhaustion
 * (the first on exactly its handshake check). verify-bundle re-derives every verdict.
 */
class HostileConnectionsOverModbusTcpSecurityTest {

    /** Hostile frames per robustness run over TLS in the test command. */
    static final int FRAMES = Integer.getInteger("ccrhil.security.tls.frames", 1_000);

    @TempDir
    Path dir;

    /** How the CCR's Modbus/TCP Security server is limited, and the checks of connection-exhaustion that must FAIL. */
    enum TlsServer {
        /** The defaults: 32 connections, an idle one reclaimed after 1 s, a handshake (and frame) within 2 s. */
        REFERENCE(ConnectionLimits.defaults(), List.of()),
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
        // the reference runs the whole security block; a defective server the procedure meant to catch it
        // (each hostile connection over TLS is a full handshake, several ms of CPU each: the test command sends 1,000 frames
        // and one hostile TLS case per batch, the kinds in turn; -Dccrhil.security.tls.frames=100000 for the plan's count)
        SecurityPlans.Plan cut = variant == TlsServer.REFERENCE
                ? SecurityPlans.securityAnd(FRAMES, "identity")
                : SecurityPlans.only(FRAMES, "identity", "connection-exhaustion");
        String oneTlsCaseABatch = "connections: 4, firstDwell";
        if (variant == TlsServer.REFERENCE && !Boolean.getBoolean("ccrhil.security.tls.allCases")) {
            assertTrue(cut.text().contains(oneTlsCaseABatch), "the default plan's robustness params changed");
            String text = cut.text().replace(oneTlsCaseABatch, "connections: 4, tlsCases: 1, firstDwell");
            cut = new SecurityPlans.Plan(io.github.ccrhil.ccr.verify.accept.plan.PlanReader.read("default.yaml (cut for a test)",
                    text), text);
        }
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
            expected.put(t.id(), variant != TlsServer.REFERENCE && t.id().equals("connection-exhaustion") ? Outcome.FAIL : Outcome.PASS);
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
        if (variant == TlsServer.REFERENCE) {
            // every hostile frame went inside a TLS session, and hostile TLS itself was sent and recorded
            Path tlsCases = Files.list(r.bundle().resolve("traces").resolve("protocol-robustness"))
                    .filter(p -> p.getFileName().toString().endsWith(".tls.gz")).findFirst().orElseThrow();
            assertTrue(Files.size(tlsCases) > 0, "the hostile TLS cases recorded");
            Verdict exhaustion = r.verdicts().stream().filter(v -> v.testId().equals("connection-exhaustion")).findFirst()
                    .orElseThrow();
            assertTrue(exhaustion.checks().stream().anyMatch(c -> c.what().contains("half-done TLS handshake")
                    && c.outcome() == Outcome.PASS), "the handshake deadline judged: " + exhaustion.checks());
        }
        var check = BundleVerifier.verify(r.bundle());
        assertTrue(check.ok(), "verify-bundle recomputes the verdicts: " + check.verdictProblems());
    }
}
