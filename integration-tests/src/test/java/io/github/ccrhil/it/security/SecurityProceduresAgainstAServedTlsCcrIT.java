package io.github.ccrhil.it.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.ccr.verify.accept.plan.PlanReader;
import io.github.ccrhil.cli.Main;
import io.github.ccrhil.evidence.Check;
import io.github.ccrhil.evidence.Outcome;
import io.github.ccrhil.evidence.Verdict;
import io.github.ccrhil.evidence.bundle.Results;
import io.github.ccrhil.it.CliChild;
import io.github.ccrhil.it.PanelPage;
import io.github.ccrhil.modbus.tcp.TestPki;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ccr-hil accept --dut tls:<host:port> --tls-key verifier.p12 --tls-trust site-ca.p12}
 * against the reference CCR served by {@code ccr-hil serve --tls-key --tls-trust --panel-web} in a
 * JVM of its own, both as a user starts them: the default plan's four security procedures
 * (protocol robustness, flood, connection exhaustion, authority) run in their Modbus/TCP Security
 * forms with the verifier's certificate (role {@code engineer}), the authority test presenting the
 * plan's other certificates (an unknown CA's, an operator's). The operator at the bench answers
 * {@code accept}'s prompts on its console and turns the key switch on the served CCR's panel page.
 * Each procedure must PASS (INCONCLUSIVE only where the host, not the DUT, explains it; authority,
 * which has no wall-clock limit, PASS), and {@code verify-bundle} re-derives the bundle. The
 * certificates are generated here. (This took over the reference runs of {@code
 * HostileConnectionsOverModbusTcpSecurityTest} and {@code AuthorityOverModbusTcpSecurityIT}, the
 * same procedures against the emulated CCR over loopback and the authority procedure against an
 * in-process TLS server, with their assertions.)
 *
 * <p>The test command sends {@value #DEFAULT_FRAMES} hostile frames in 10 batches with one hostile
 * TLS case each (the kinds in turn), 2 s under attack, and lets each test settle 2 s rather than
 * the plan's 4 s; {@code -Dccrhil.security.tls.frames=100000 -Dccrhil.security.tls.allCases=true}
 * runs the plan's counts, batches and dwells (README, Results: "Security (issue 15)").
 */
@Timeout(3600)
class SecurityProceduresAgainstAServedTlsCcrIT {

    static final int DEFAULT_FRAMES = 1_000;
    /** Hostile frames of the robustness run. */
    static final int FRAMES = Integer.getInteger("ccrhil.security.tls.frames", DEFAULT_FRAMES);
    /** All seven hostile TLS cases a batch, as the plan says (the test command: one a batch, the kinds in turn). */
    static final boolean ALL_CASES = Boolean.getBoolean("ccrhil.security.tls.allCases");

    private static final Pattern TLS = Pattern.compile("on TLS 127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern PANEL = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern PROMPT = Pattern.compile("OPERATOR \\[[^\\]]+\\]: (.*) -- press Enter when done$");
    private static final Pattern KEY = Pattern.compile("turn the regulator's key switch to (REMOTE|LOCAL|OFF)");
    private static final List<String> SECURITY = List.of("protocol-robustness", "flood", "connection-exhaustion", "authority");

    @TempDir
    Path dir;

    @Test
    void theSecurityProceduresRunOverModbusTcpSecurityAgainstACcrServedInAnotherProcess() throws Exception {
        TestPki site = new TestPki("site CA");
        TestPki stranger = new TestPki("unknown CA");
        Path ca = store(site.trustStore(), "site-ca.p12");
        Path ccrKey = store(site.identity("ccr-1", Optional.empty()), "ccr.p12");
        Path verifierKey = store(site.identity("verifier", Optional.of("engineer")), "verifier.p12");
        store(stranger.identity("intruder", Optional.of("engineer")), "intruder.p12");
        store(site.identity("operator-console", Optional.of("operator")), "operator.p12");
        Path plan = dir.resolve("security-over-tls.yaml");
        Files.writeString(plan, planText(), StandardCharsets.UTF_8);
        Path bundle = dir.resolve("bundle");
        Map<String, String> env = Map.of("CCRHIL_TLS_PASSWORD", new String(TestPki.PASSWORD));
        List<String> told = new ArrayList<>();
        int exit;
        String acceptOutput;
        long t0 = System.nanoTime();
        try (CliChild serve = new CliChild(env, "serve", "--tcp", "127.0.0.1:0", "--tls-key", ccrKey.toString(), "--tls-trust",
                ca.toString(), "--panel-web", "127.0.0.1:0")) {
            PanelPage panel = new PanelPage(serve.port("display panel:", PANEL));
            int port = serve.port("emulated CCR: ", TLS);
            try (CliChild accept = new CliChild(env, "accept", "--plan", plan.toString(), "--dut", "tls:127.0.0.1:" + port,
                    "--tls-key", verifierKey.toString(), "--tls-trust", ca.toString(), "--out", bundle.toString(), "--timeout", "5s")) {
                operate(accept, panel, told);
                exit = accept.process.exitValue();
                acceptOutput = accept.output();
            }
            assertTrue(serve.process.isAlive(), "the served CCR is still up: " + serve.output());
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        Map<String, Verdict> verdicts = new TreeMap<>();
        for (Verdict v : Results.readVerdicts(bundle)) {
            verdicts.put(v.testId(), v);
        }
        StringBuilder seen = new StringBuilder();
        for (Verdict v : verdicts.values()) {
            seen.append("\n  ").append(v.testId()).append(' ').append(v.outcome()).append(": ").append(v.reason());
            for (Check c : v.checks()) {
                seen.append("\n    ").append(c.outcome()).append(' ').append(c.what()).append(": ").append(c.measured());
            }
        }
        System.out.println(String.format(Locale.ROOT, "accept --dut tls: against serve (%d frames, %s hostile TLS cases a batch),"
                + " %.1f s, load average %.2f, exit %d:%s", FRAMES, ALL_CASES ? "7" : "1", wall,
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), exit, seen));
        assertEquals(new java.util.TreeSet<>(SECURITY), verdicts.keySet(), "the four security procedures were judged: " + acceptOutput);
        for (String id : SECURITY) {
            Verdict v = verdicts.get(id);
            assertTrue(v.outcome() == Outcome.PASS || hostExplains(v), id + " PASS, or INCONCLUSIVE for the host: " + seen);
        }
        assertTrue(exit == 0 || exit == 3, "accept's exit code: 0, or 3 for a host-explained INCONCLUSIVE: " + acceptOutput);
        assertTrue(told.stream().anyMatch(t -> t.contains("key switch to LOCAL")) && told.stream().anyMatch(t -> t.contains(
                "key switch to REMOTE")), "the operator turned the key switch on the panel page: " + told);

        // the TLS forms ran: hostile frames inside the verifier's sessions and hostile TLS, TLS flooders, the half-done
        // handshakes judged, and the authority test's Modbus/TCP Security probes
        assertTrue(events(bundle, "protocol-robustness").contains("inside TLS sessions of the verifier's certificate"),
                "robustness over Modbus/TCP Security");
        assertTrue(events(bundle, "flood").contains("each a TLS session of the verifier's certificate"), "the flood over TLS");
        assertTrue(verdicts.get("connection-exhaustion").checks().stream().anyMatch(c -> c.what().contains("half-done TLS handshake")
                && c.outcome() == Outcome.PASS), "the handshake deadline judged: " + seen);
        Matcher hold = Pattern.compile(",verifier,hold-end,held ([0-9.]+) s").matcher(events(bundle, "connection-exhaustion"));
        assertTrue(hold.find() && Double.parseDouble(hold.group(1)) >= 3.0, "the connections held for the plan's hold, 3 s, the"
                + " master polling: " + events(bundle, "connection-exhaustion"));
        long tlsChecks = verdicts.get("authority").checks().stream().filter(c -> c.limitName().startsWith("Modbus/TCP Security"))
                .peek(c -> assertEquals(Outcome.PASS, c.outcome(), c.what() + ": " + c.measured())).count();
        assertEquals(7, tlsChecks, "no certificate, an unknown CA, and the operator's 5 write function codes: " + seen);
        assertEquals(Outcome.PASS, verdicts.get("authority").outcome(), "authority has no wall-clock limit: " + seen);
        Path tlsCases;
        try (Stream<Path> s = Files.list(bundle.resolve("traces").resolve("protocol-robustness"))) {
            tlsCases = s.filter(p -> p.getFileName().toString().endsWith(".tls.gz")).findFirst().orElseThrow();
        }
        assertTrue(Files.size(tlsCases) > 0, "the hostile TLS cases are in the bundle");

        StringWriter check = new StringWriter();
        int verified = Main.run(new String[] {"verify-bundle", bundle.toString()}, new PrintWriter(check, true),
                new PrintWriter(check, true));
        assertEquals(exit, verified, "verify-bundle re-derives the run's outcome: " + check);
        assertTrue(check.toString().contains("bundle OK"), check.toString());
    }

    /**
     * The operator at the bench: each of {@code accept}'s prompts done (the key switch turned on the
     * served CCR's panel page; the bench's load is the served CCR's own), then confirmed with Enter,
     * until {@code accept} exits.
     */
    private static void operate(CliChild accept, PanelPage panel, List<String> told) throws Exception {
        // the plan's counts took 7.5 min at load 20-28 (README); the test command's form about 1 min
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(FRAMES >= 100_000 ? 55 : 10);
        try (OutputStream console = accept.process.getOutputStream()) {
            while (System.nanoTime() < deadline) {
                String l = accept.lines.poll(200, TimeUnit.MILLISECONDS);
                if (l == null) {
                    if (!accept.process.isAlive()) {
                        break;
                    }
                    continue;
                }
                Matcher prompt = PROMPT.matcher(l);
                if (prompt.find()) { // a prompt may follow a progress line's dots
                    String instruction = prompt.group(1);
                    told.add(instruction);
                    Matcher key = KEY.matcher(instruction);
                    if (key.find()) {
                        panel.press("selector", key.group(1), true);
                    }
                    console.write('\n');
                    console.flush();
                }
            }
        }
        assertTrue(accept.process.waitFor(60, TimeUnit.SECONDS), "accept ended: " + accept.output());
        accept.reader.join(TimeUnit.SECONDS.toMillis(10));
    }

    /** INCONCLUSIVE because this loaded host held the verifier or the served CCR off, never the DUT's doing. */
    private static boolean hostExplains(Verdict v) {
        if (v.outcome() != Outcome.INCONCLUSIVE) {
            return false;
        }
        if (v.reason().startsWith("host overloaded") || v.reason().contains("the verifier fell behind")) {
            return true;
        }
        List<Check> open = v.checks().stream().filter(c -> c.outcome() != Outcome.PASS && c.outcome() != Outcome.NOT_APPLICABLE)
                .toList();
        return !open.isEmpty() && open.stream().allMatch(c -> c.outcome() == Outcome.INCONCLUSIVE
                && c.measured().contains("host too loaded"));
    }

    /**
     * The default plan's security tests as a bench plan for a DUT outside the verifier (the operator
     * as rig, the DUT's own report as the measurement), the robustness test cut to {@link #FRAMES},
     * the authority test naming the unknown CA's and the operator's certificates.
     */
    static String planText() {
        String text = PlanReader.defaultPlanText();
        int tests = text.indexOf("\ntests:\n") + "\ntests:\n".length();
        int security = text.indexOf("  # Security (issue 15)");
        assertTrue(tests > "\ntests:\n".length() && security > tests, "the default plan has its tests and its security block");
        String cut = text.substring(0, tests) + text.substring(security);
        cut = replaceOnce(cut, "rig: emulated-plant\n", "rig: operator-prompt\n");
        cut = replaceOnce(cut, "measurement: plant-trace\n", "measurement: dut-self-report\n");
        String cases = ALL_CASES ? "" : "tlsCases: 1, ";
        if (FRAMES >= 100_000) { // the plan's own batches and dwells
            cut = replaceOnce(cut, "frames: 100000, batches: 50, connections: 4, firstDwell", "frames: " + FRAMES
                    + ", batches: 50, connections: 4, " + cases + "firstDwell");
        } else { // the test command's: 10 batches, 2 s under attack, 2 s to settle before each test
            cut = replaceOnce(cut, "frames: 100000, batches: 50, connections: 4, firstDwell: 4s, dwell: 5s", "frames: " + FRAMES
                    + ", batches: " + StrictMath.min(FRAMES, 10) + ", connections: 4, " + cases + "firstDwell: 2s, dwell: 2s");
            cut = cut.replace("firstDwell: 4s", "firstDwell: 2s");
        }
        String authority = FRAMES >= 100_000 ? "firstDwell: 4s" : "firstDwell: 2s";
        return replaceOnce(cut, "    params: { " + authority + ", dwell: 1s }\n", "    params: { " + authority + ", dwell: 1s,"
                + " unknownCaKey: intruder.p12, lackingRoleKey: operator.p12, lackingRole: operator }\n");
    }

    private static String replaceOnce(String text, String what, String with) {
        int at = text.indexOf(what);
        assertTrue(at >= 0 && text.indexOf(what, at + 1) < 0, "the default plan reads '" + what.strip() + "' once");
        return text.substring(0, at) + with + text.substring(at + what.length());
    }

    /** Every events file of {@code test}'s runs in the bundle, together. */
    private static String events(Path bundle, String test) throws IOException {
        StringBuilder b = new StringBuilder();
        try (Stream<Path> s = Files.list(bundle.resolve("traces").resolve(test))) {
            for (Path p : s.filter(x -> x.getFileName().toString().endsWith(".events.csv")).sorted().toList()) {
                b.append(Files.readString(p, StandardCharsets.UTF_8));
            }
        }
        return b.toString();
    }

    private Path store(KeyStore ks, String name) throws Exception {
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, TestPki.PASSWORD);
        }
        return file;
    }
}
