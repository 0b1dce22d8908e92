package io.github.ccrhil.ccr.verify.accept.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.ccr.verify.accept.bundle.BundleVerifier;
import io.github.ccrhil.ccr.verify.accept.dut.EmulatedCcrFleet;
import io.github.ccrhil.ccr.verify.accept.dut.EmulatedGateway;
import io.github.ccrhil.ccr.verify.accept.verdict.BundleJudge;
import io.github.ccrhil.evidence.ExitCode;
import io.github.ccrhil.evidence.Outcome;
import io.github.ccrhil.evidence.bundle.BundleCheck;
import io.github.ccrhil.evidence.bundle.BundleKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small fleet of emulated CCRs behind one emulated gateway (one Modbus TCP port on loopback, each
 * CCR at its unit id, two transactions at once): one bundle per CCR and a fleet bundle over them that
 * verify-bundle checks; a CCR bundle altered, or dropped, is caught and named; a CCR that stops
 * answering behind the gateway is INCONCLUSIVE (the gateway answering 0x0B for it) while its
 * neighbours on the same gateway complete. (The emulated fleet
 * with its RS-485 bus on a socat pty and its planted faults runs in integration-tests, EmulatedFleetIT.)
 */
class FleetBundleTest {

    static final String FLEET = """
            fleet: three-ccrs
            emulated: true
            gateways:
              - { address: "tcp:gateway-1.emulated:502", concurrent: 2 }
            ccrs:
            %s
            """;

    static String ccr(String name, int unit, String kva, String steps, String tolerances, int led) {
        return """
                  - name: %s
                    vault: vault-1
                    address: "tcp:gateway-1.emulated:502"
                    unit: %d
                    rating: { kva: %s, steps: %s, tolerances: %s }
                    loop: { length: 3000, lamps: 60, led: %d%% }
                    identity:
                      - { component: current-control software, model: ccr-hil current-control software, revision: 0.1.0, sha256: reference-build }
                      - { component: control board, model: ccr-hil reference control board (model), revision: rev A (simulated), sha256: reference-build }
                """.formatted(name, unit, kva, steps, tolerances, led);
    }

    @TempDir
    static Path dir;

    static Path bundle;
    static FleetRun.Result result;

    @BeforeAll
    static void runTheFleet() throws Exception {
        String text = FLEET.formatted(ccr("ccr-a", 1, "10", "6.6A-5step", "UFC-3-535-01", 0)
                + ccr("ccr-b", 2, "4", "6.6A-3step", "UFC-3-535-01", 100)
                + ccr("ccr-c", 3, "10", "6.6A-5step", "UFC-3-535-01", 50)).replace("\n  - name", "\n  - name");
        Fleet fleet = FleetReader.read("fleet.yaml", text);
        bundle = dir.resolve("fleet");
        try (EmulatedCcrFleet emulated = EmulatedCcrFleet.serving(Duration.ofMillis(700))
                .with("ccr-c", EmulatedCcrFleet.Planted.STOPS_ANSWERING)) {
            result = new FleetRun(fleet, text, FleetPlans.defaultPlanText(), emulated.duts(fleet), FleetRun.Progress.NONE,
                    Clock.systemUTC()).run(bundle);
            gateway = emulated.gateways().get("tcp:gateway-1.emulated:502").counts();
        }
    }

    static EmulatedGateway.Counts gateway;

    static BundleCheck.Report verify(Path b) throws Exception {
        List<BundleKind> kinds = new ArrayList<>(BundleVerifier.kinds(BundleJudge.REFERENCE_RESOLVER));
        kinds.add(new FleetBundle());
        return BundleCheck.verify(b, kinds);
    }

    @Test
    void aCcrThatStopsAnsweringIsInconclusiveAndTheOthersGoOn() {
        assertEquals(List.of("ccr-c"), List.copyOf(result.findings().keySet()), "findings " + result.findings());
        assertTrue(result.findings().get("ccr-c").values().stream().allMatch(o -> o == Outcome.INCONCLUSIVE),
                "ccr-c: " + result.findings());
        assertEquals(Outcome.INCONCLUSIVE, result.outcome());
        for (String c : List.of("ccr-a", "ccr-b")) {
            assertTrue(result.byCcr().get(c).stream().allMatch(v -> v.outcome() == Outcome.PASS), c + " went on and passed");
            assertTrue(Files.isRegularFile(bundle.resolve("ccrs/" + c + "/report.html")), c + " has its own bundle");
        }
    }

    @Test
    void theCcrsAreReachedThroughTheGatewaysOnePortByUnitIdAndTheSilentOneIsAnswered0x0BByTheGateway() throws Exception {
        for (String c : List.of("ccr-a", "ccr-b", "ccr-c")) {
            int unit = c.charAt(4) - 'a' + 1;
            assertTrue(Files.readString(bundle.resolve("ccrs/" + c + "/run.log")).contains("unit " + unit + " behind its emulated gateway"),
                    c + " reached as unit " + unit + " of the gateway");
        }
        assertTrue(result.byCcr().get("ccr-c").stream().anyMatch(v -> v.reason().contains("exception 11")),
                "ccr-c's runs ended on the gateway's 0x0B (target device failed to respond): " + result.byCcr().get("ccr-c"));
        assertTrue(gateway.targetFailedToRespond() > 0, "the gateway answered for the silent CCR: " + gateway);
        assertTrue(gateway.mostAtOnce() <= 2, "never more than the gateway's two at once: " + gateway);
        assertTrue(gateway.transactions() > 100, "every CCR's transactions went through the gateway: " + gateway);
    }

    @Test
    void theFleetBundleVerifiesAndEachCcrBundleOnItsOwnToo() throws Exception {
        BundleCheck.Report r = verify(bundle);
        assertEquals(List.of(), r.manifestProblems());
        assertEquals(List.of(), r.verdictProblems());
        assertEquals(List.of(), r.derivedProblems());
        assertEquals("ccr-fleet", r.kind());
        assertEquals(ExitCode.INCONCLUSIVE, r.exitCode());
        assertEquals(9, r.recomputed().size(), "3 CCRs x 3 tests");
        BundleCheck.Report one = BundleVerifier.verify(bundle.resolve("ccrs/ccr-a"));
        assertTrue(one.ok() && one.exitCode() == ExitCode.PASS, "ccr-a's bundle on its own: " + one);
    }

    @Test
    void aCcrBundleAlteredInsideIsCaughtAndNamed() throws Exception {
        Path copy = copyOf("altered");
        Path trace = copy.resolve("ccrs/ccr-b/traces/step-accuracy/load100-in+00-fail00.csv");
        List<String> lines = new ArrayList<>(Files.readAllLines(trace));
        lines.set(lines.size() - 1, lines.get(lines.size() - 1).replace('1', '2'));
        Files.write(trace, lines);
        BundleCheck.Report r = verify(copy);
        assertEquals(ExitCode.ALTERED, r.exitCode());
        assertTrue(r.derivedProblems().stream().anyMatch(p -> p.startsWith("ccrs/ccr-b: traces/step-accuracy/load100-in+00-fail00.csv: altered")),
                "named: " + r.derivedProblems());
        assertTrue(r.derivedProblems().stream().noneMatch(p -> p.startsWith("ccrs/ccr-a")), "ccr-a is not blamed");
    }

    @Test
    void aCcrBundleAlteredWithItsOwnManifestIsCaughtByTheFleetManifest() throws Exception {
        Path copy = copyOf("remanifested");
        Path results = copy.resolve("ccrs/ccr-a/results.json");
        Files.writeString(results, Files.readString(results).replace("\"verdict\" : \"PASS\"", "\"verdict\" : \"PASS\" "));
        io.github.ccrhil.evidence.bundle.Manifest.write(copy.resolve("ccrs/ccr-a"));
        BundleCheck.Report r = verify(copy);
        assertEquals(ExitCode.ALTERED, r.exitCode());
        assertTrue(r.manifestProblems().stream().anyMatch(p -> p.startsWith("ccrs/ccr-a/manifest.sha256: altered")),
                "named: " + r.manifestProblems());
    }

    @Test
    void aCcrBundleDroppedIsCaughtAndNamed() throws Exception {
        Path copy = copyOf("dropped");
        deleteTree(copy.resolve("ccrs/ccr-b"));
        BundleCheck.Report r = verify(copy);
        assertEquals(ExitCode.ALTERED, r.exitCode());
        assertTrue(r.manifestProblems().contains("ccrs/ccr-b/manifest.sha256: missing"), "named: " + r.manifestProblems());
        assertTrue(r.derivedProblems().contains("ccrs/ccr-b: its bundle is missing (ccrs/ccr-b)"), "named: " + r.derivedProblems());
        assertTrue(r.verdictProblems().stream().anyMatch(p -> p.startsWith("ccr-b/identity: results.json says PASS")),
                "its verdicts no longer follow: " + r.verdictProblems());
    }

    @Test
    void aCcrDroppedFromTheFleetFileTooIsCaughtByTheFleetManifest() throws Exception {
        Path copy = copyOf("dropped-from-file");
        deleteTree(copy.resolve("ccrs/ccr-b"));
        Path f = copy.resolve(FleetRun.FLEET_FILE);
        String text = Files.readString(f);
        int from = text.indexOf("  - name: ccr-b");
        int to = text.indexOf("  - name: ccr-c");
        Files.writeString(f, text.substring(0, from) + text.substring(to));
        BundleCheck.Report r = verify(copy);
        assertEquals(ExitCode.ALTERED, r.exitCode());
        assertTrue(r.manifestProblems().stream().anyMatch(p -> p.startsWith("fleet.yaml: altered")), "named: " + r.manifestProblems());
    }

    private static Path copyOf(String name) throws IOException {
        Path to = dir.resolve(name);
        try (Stream<Path> s = Files.walk(bundle)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path t = to.resolve(bundle.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
        return to;
    }

    private static void deleteTree(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : (Iterable<Path>) s.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(x);
            }
        }
    }
}
