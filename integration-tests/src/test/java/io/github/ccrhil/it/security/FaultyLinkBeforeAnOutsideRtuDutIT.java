package io.github.ccrhil.it.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.ccr.emulator.profile.CcrProfiles;
import io.github.ccrhil.ccr.verify.accept.AcceptanceRun;
import io.github.ccrhil.ccr.verify.accept.bundle.LinkLog;
import io.github.ccrhil.ccr.verify.accept.dut.EmulatedCcrOverLoopback;
import io.github.ccrhil.ccr.verify.accept.dut.LinkedDutSessions;
import io.github.ccrhil.ccr.verify.accept.plan.PlanReader;
import io.github.ccrhil.ccr.verify.accept.plan.TestPlan;
import io.github.ccrhil.ccr.verify.accept.plan.TestSpec;
import io.github.ccrhil.ccr.verify.accept.verdict.BundleJudge;
import io.github.ccrhil.cli.Main;
import io.github.ccrhil.evidence.Limit;
import io.github.ccrhil.evidence.Outcome;
import io.github.ccrhil.evidence.Verdict;
import io.github.ccrhil.modbus.serial.PtyPair;
import io.github.ccrhil.modbus.link.LinkFaults;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code accept --dut rtu:<tty> --faulty-link hostile} before a DUT outside the verifier's process:
 * the reference CCR as {@code ccr-hil serve --rtu} in a child JVM on one end of a socat pty pair,
 * the fault-injecting pty link joining the other end to the verifier's own pair. Identity and the
 * serial-line forms of protocol-robustness and flood run through it (no operator action needed).
 * The run completes without hanging; each verdict is PASS (as on a clean line) or INCONCLUSIVE
 * naming the link or the samples it held back; every fault the link injected, every repeat and every transaction lost on every
 * attempt is in the bundle's link.csv files.
 */
class FaultyLinkBeforeAnOutsideRtuDutIT {

    @TempDir
    Path dir;

    private static TestSpec cut(TestSpec t, Map<String, Object> params, double lineSeconds) {
        Map<String, Limit> limits = new LinkedHashMap<>(t.limits());
        Limit lineTime = limits.get("serial-line-time");
        if (lineTime != null) {
            limits.put("serial-line-time", new Limit(lineTime.name(), lineSeconds, "s", lineTime.provenance()));
        }
        return new TestSpec(t.id(), t.procedure(), t.requirement(), t.clause(), limits, t.conditions(), params);
    }

    @Test
    void anOutsideRtuDutThroughAHostilePtyLinkCompletesWithItsVerdictsUnchangedOrInconclusiveWithTheReason() throws Exception {
        TestPlan full = PlanReader.defaultPlan();
        try (PtyPair pty = PtyPair.start()) {
            String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process serve = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve",
                    "--rtu", pty.a().toString()).redirectErrorStream(true).start();
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            List<String> all = java.util.Collections.synchronizedList(new ArrayList<>());
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String l; (l = r.readLine()) != null; ) {
                        all.add(l);
                        lines.add(l);
                    }
                } catch (java.io.IOException e) {
                    all.add("(output ended: " + e.getMessage() + ")");
                }
            }, "serve-output");
            reader.setDaemon(true);
            reader.start();
            try {
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                String ready = null;
                while (ready == null && System.nanoTime() < until && serve.isAlive()) {
                    String l = lines.poll(200, TimeUnit.MILLISECONDS);
                    if (l != null && l.startsWith("emulated CCR:")) {
                        ready = l;
                    }
                }
                assertTrue(ready != null, "serve --rtu announced itself: " + all);
                String address = "rtu:" + pty.b();
                List<TestSpec> tests = new ArrayList<>();
                for (TestSpec t : full.tests()) {
                    switch (t.id()) {
                        case "identity" -> tests.add(t);
                        case "protocol-robustness" -> tests.add(cut(t, Map.of("batches", 10, "firstDwell", Duration.ofSeconds(2),
                                "dwell", Duration.ofSeconds(2)), 2));
                        case "flood" -> tests.add(cut(t, Map.of("sequence", List.of(3, 5), "firstDwell", Duration.ofSeconds(2),
                                "dwell", Duration.ofSeconds(1), "burst", Duration.ofMillis(100)), 0));
                        default -> { }
                    }
                }
                TestPlan plan = new TestPlan(full.name(), full.seed(), new TestPlan.DutSpec(address, "reference-ccr"),
                        TestPlan.Rig.OPERATOR_PROMPT, TestPlan.Measurement.DUT_SELF_REPORT, full.equipment(), full.identity(), tests);
                record Run(AcceptanceRun.Result result, EmulatedCcrOverLoopback.LinkReport link) { }
                Run run = assertTimeoutPreemptively(Duration.ofMinutes(4), () -> {
                    try (LinkedDutSessions session = new LinkedDutSessions(plan, address, CcrProfiles.referenceCcr(),
                            Duration.ofMillis(500), Clock.systemUTC(), keepAlive -> instruction -> { })
                            .throughFaultyLink(LinkFaults.HOSTILE, 15, 3)) {
                        AcceptanceRun.Result r = new AcceptanceRun(plan, PlanReader.defaultPlanText(), session, session.describe(),
                                AcceptanceRun.Progress.NONE, Clock.systemUTC()).run(dir.resolve("bundle"));
                        return new Run(r, session.linkReport());
                    }
                });
                StringBuilder why = new StringBuilder();
                for (Verdict v : run.result().verdicts()) {
                    why.append("\n  ").append(v.testId()).append(' ').append(v.outcome()).append(": ").append(v.reason());
                }
                System.out.println("outside RTU DUT (serve --rtu) through a hostile pty link: " + run.link().faults() + " faults "
                        + run.link().runs() + ", " + run.link().retries().size() + " repeats, " + run.link().exhausted() + " lost" + why);
                assertEquals(3, run.result().verdicts().size());
                for (Verdict v : run.result().verdicts()) {
                    if (v.outcome() != Outcome.PASS) {
                        // the link's losses ("did not answer ... attempts"), or its repeats holding the wall-clock verifier's
                        // samples back past the plan's sampling gap ("not valid for timing judgements"); never a FAIL
                        assertTrue(v.outcome() == Outcome.INCONCLUSIVE && (v.reason().contains("did not answer")
                                        || v.reason().contains("not valid for timing judgements")),
                                "the link may only make a verdict INCONCLUSIVE, with the reason: " + v.testId() + " " + v.outcome()
                                        + ": " + v.reason());
                    }
                }
                assertTrue(run.link().runs().get(0).frames() > 0, "the verifier's traffic went through the link");
                assertTrue(run.link().faults() > 0, "the link injected faults: " + run.link().runs());
                LinkLog.Summary recorded = LinkLog.total(run.result().bundle(), plan.tests().stream().map(BundleJudge::testDir).toList());
                assertEquals(run.link().faults(), recorded.faults(), "every injected fault is in the bundle");
                assertEquals(run.link().retries().size(), recorded.repeats(), "every repeat is in the bundle");
                assertEquals(run.link().exhausted(), recorded.lost(), "every transaction lost on every attempt is in the bundle");
                assertTrue(Files.readString(run.result().bundle().resolve("manifest.sha256")).contains(LinkLog.FILE),
                        "the link records are in the manifest");
                assertTrue(serve.isAlive(), "the served CCR is still up: " + all);
            } finally {
                serve.destroyForcibly();
                serve.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
