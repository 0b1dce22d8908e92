package io.github.ccrhil.it.ccr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.it.CliChild;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14's lag test, with real processes: a wall-clock acceptance run whose verifier is starved
 * of CPU (its JVM stopped with SIGSTOP for 1.5 s in the middle of a step change, then continued)
 * reports the gap, and its timed verdict is INCONCLUSIVE with that reason: never a PASS or a
 * FAIL judged on stretched time. {@code verify-bundle} re-derives the same from the raw data.
 * The DUT is the reference CCR served by {@code serve --tcp} in a JVM of its own.
 */
class StarvedVerifierIT {

    /** How long the verifier is stopped: three times the default plan's 0.5 s sampling gap. */
    private static final Duration STARVED = Duration.ofMillis(1500);
    private static final Duration DEADLINE = Duration.ofMinutes(3);

    @TempDir
    Path dir;

    @Test
    void aVerifierStarvedOfCpuMarksTheTimedVerdictInconclusiveAndSaysWhy() throws Exception {
        String plan = PlanText.stepChangeOnly();
        Path planFile = dir.resolve("plan.yaml");
        Files.writeString(planFile, plan, StandardCharsets.UTF_8);
        Path bundle = dir.resolve("bundle");
        try (CliChild serve = new CliChild("serve", "--tcp", "127.0.0.1:0")) {
            String address = "tcp:127.0.0.1:" + serve.port("emulated CCR:");
            try (CliChild accept = new CliChild("accept", "--plan", planFile.toString(), "--dut", address,
                    "--out", bundle.toString())) {
                // the operator confirms every prompt at once
                OutputStream operator = accept.process.getOutputStream();
                operator.write("\n".repeat(200).getBytes(StandardCharsets.US_ASCII));
                operator.flush();
                Path events = awaitEventsContaining(bundle.resolve("traces").resolve("step-change"), ",verifier,select-step,5", accept);
                signal("-STOP", accept.process.pid());
                try {
                    Thread.sleep(STARVED.toMillis()); // the starvation itself, not a wait for a condition
                } finally {
                    signal("-CONT", accept.process.pid());
                }
                assertTrue(accept.process.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS), "accept ended: " + accept.all);
                assertEquals(3, accept.process.exitValue(), "exit 3 (inconclusive): " + accept.all);
                JsonNode results = new ObjectMapper().readTree(bundle.resolve("results.json").toFile());
                JsonNode v = results.get("verdicts").get(0);
                assertEquals("step-change", v.get("testId").asText());
                assertEquals("INCONCLUSIVE", v.get("outcome").asText(), v.toString());
                String reason = v.get("reason").asText();
                assertTrue(reason.contains("the verifier fell behind") && reason.contains("not valid for timing judgements"), reason);
                boolean gapCheck = false;
                for (JsonNode c : v.get("checks")) {
                    if (c.get("limitName").asText().equals("verifier sampling gap")) {
                        gapCheck = true;
                        double gap = Double.parseDouble(c.get("measured").asText().replaceAll("^no sample for ([0-9.]+) s.*$", "$1"));
                        assertTrue(gap >= STARVED.toMillis() / 1000.0 - 0.2, "the gap is the time it was stopped: " + c);
                    }
                }
                assertTrue(gapCheck, "a check names the gap, its limit and where it was: " + v);
                assertTrue(Files.readString(events).contains(",verifier,select-step,5"));
            }
        }
        try (CliChild verify = new CliChild("verify-bundle", bundle.toString())) {
            assertTrue(verify.process.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS), "verify-bundle ended");
            verify.reader.join(TimeUnit.SECONDS.toMillis(10));
            String out = String.join("\n", verify.all);
            assertEquals(3, verify.process.exitValue(), "re-derived as inconclusive, not altered: " + out);
            assertTrue(out.contains("INCONCLUSIVE  step-change") && out.contains("bundle OK"), out);
        }
    }

    private static Path awaitEventsContaining(Path testDir, String text, CliChild child) throws IOException, InterruptedException {
        long until = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < until && child.process.isAlive()) {
            if (Files.isDirectory(testDir)) {
                try (Stream<Path> s = Files.list(testDir)) {
                    for (Path p : s.filter(x -> x.toString().endsWith(".events.csv")).toList()) {
                        if (Files.readString(p).contains(text)) {
                            return p;
                        }
                    }
                }
            }
            TimeUnit.MILLISECONDS.sleep(20); // polling interval of a condition with a deadline
        }
        throw new AssertionError("no '" + text + "' in " + testDir + " while accept ran: " + child.all);
    }

    private static void signal(String sig, long pid) throws IOException, InterruptedException {
        Process k = new ProcessBuilder("kill", sig, Long.toString(pid)).start();
        assertEquals(0, k.waitFor(), "kill " + sig);
    }

    /** The default plan's step-change test alone, on a bench: the operator as rig, the DUT's report as measurement. */
    static final class PlanText {
        static String stepChangeOnly() {
            return """
                    plan: starved-verifier
                    format: 1
                    seed: 7
                    dut: { address: emulated, profile: reference-ccr }
                    rig: operator-prompt
                    measurement: dut-self-report
                    equipment: { ratedKva: 10, steps: 6.6A-5step, tolerances: UFC-3-535-01, mainsVoltage: 400, mainsHz: 50,
                                 cableLength: 4000, led: 50% }
                    identity:
                      - { component: current-control software, model: ccr-hil current-control software, revision: 0.1.0, sha256: reference-build }
                    timing:
                      sampling-gap: { name: verifier sampling gap, value: 0.5, unit: s, default: "five of the wall-clock verifier's 100 ms polls" }
                    tests:
                      - id: step-change
                        procedure: step-change
                        requirement: A step change does not overshoot 6.7 A rms and settles into the new step's band
                        clause: IEC 61822 §5.3.9
                        limits:
                          overshoot: { name: step-change overshoot, value: 6.7, unit: A, source: "IEC 61822 §5.3.9" }
                          settling: { name: step-to-step settling time, value: 1.0, unit: s, default: "ccr.md: settling into the band ≤ 1.0 s" }
                        conditions: { load: [80%], input: [0%] }
                        params: { sequence: [0, 1, 5], firstDwell: 3s, dwell: 4s }
                    """;
        }
    }
}
