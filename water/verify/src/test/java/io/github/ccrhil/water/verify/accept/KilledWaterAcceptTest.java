package io.github.ccrhil.water.verify.accept;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.evidence.ExitCode;
import io.github.ccrhil.evidence.Outcome;
import io.github.ccrhil.evidence.Verdict;
import io.github.ccrhil.evidence.bundle.BundleCheck;
import io.github.ccrhil.evidence.bundle.Manifest;
import io.github.ccrhil.evidence.bundle.Results;
import io.github.ccrhil.evidence.bundle.SampleFile;
import io.github.ccrhil.water.verify.cli.WaterMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code water accept} killed with SIGKILL in a child JVM at several moments (once its identity
 * check is complete, the next one under way, see {@link #moments()}; and inside the PLC-safety
 * check, while the plant's trace is being recorded): the partial bundle verifies INCOMPLETE (not
 * altered), every check the manifest covers is re-judged from its raw data, no check is judged from
 * data the run did not finish, and the check the run ended inside has its samples on disk up to
 * within 0.5 s of the kill.
 */
class KilledWaterAcceptTest {

    @TempDir
    Path dir;

    /**
     * Killed once identity (the first check) is complete (and, in {@link
     * #killedInsideTheCheckThatRecordsThePlantsTrace}, inside the PLC-safety check, every check before
     * it complete); {@code -Dccrhil.water.kills=all} adds kills once command authority and once
     * failover time is complete (the standby has taken over), which cost a minute more on a loaded host.
     */
    static List<String> moments() {
        return "all".equals(System.getProperty("ccrhil.water.kills", "two"))
                ? List.of(WaterPlan.IDENTITY, WaterPlan.COMMAND_AUTHORITY, WaterPlan.FAILOVER_TIME)
                : List.of(WaterPlan.IDENTITY);
    }

    /** The most recorded time a kill may cost the check it ends inside. */
    static final Duration MAY_LOSE = SampleFile.FLUSH_EVERY;
    /** The plant's trace is sampled this often: the newest sample on disk may be one period older than the loss allowed. */
    static final Duration SAMPLE_PERIOD = Duration.ofMillis(100);

    private Process start(Path out) throws java.io.IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), WaterMain.class.getName(), "accept",
                "--out", out.toString(), "--scan-ms", "250", "--load-plcs", "3", "--load-points", "100", "--cycles", "4")
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
    }

    /**
     * Killed while the PLC-safety check records the plant's own trace, the moment chosen by the run's
     * progress (every server just killed), not by the trace file: the check is named as the one the run
     * ended inside, INCONCLUSIVE and never judged from its partial trace; every check before it is
     * re-judged; and the partial trace on disk holds the samples taken up to within 0.5 s of the kill
     * (the samples' own wall-clock time stamps against the kill's, one host, one clock).
     */
    @Test
    void killedInsideTheCheckThatRecordsThePlantsTrace() throws Exception {
        String check = WaterPlan.PLC_SAFE_SERVER_FLOODED_OR_DOWN;
        Path out = dir.resolve("out");
        Process p = start(out);
        Path bundle = out.resolve("bundle");
        Instant killedAt;
        try {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (!logSays("every server killed") && p.isAlive() && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            assertTrue(p.isAlive(), "still running when killed: " + Files.readString(dir.resolve("child.log")));
            assertTrue(logSays("every server killed"), "the check reached its last phase within the deadline");
            killedAt = Instant.now();
        } finally {
            p.destroyForcibly(); // SIGKILL
            p.waitFor(30, TimeUnit.SECONDS);
            killServerProcess();
        }
        BundleCheck.Report r = BundleCheck.verify(bundle, List.of(new WaterAcceptanceBundle()));
        assertEquals(ExitCode.INCOMPLETE, r.exitCode(), r.manifestProblems() + " " + r.derivedProblems() + " " + r.notes());
        assertTrue(r.manifestProblems().isEmpty(), r.manifestProblems().toString());
        assertTrue(r.notes().contains(check + ": the run ended inside this check"), r.notes().toString());
        everyFinishedCheckJudgedAndNoOther(bundle, r);
        List<String> order = r.recomputed().stream().map(Verdict::testId).toList();
        for (Verdict v : r.recomputed().subList(0, order.indexOf(check))) {
            assertFalse(v.reason().startsWith("not run") || v.reason().startsWith("run ended inside"),
                    v.testId() + " finished before the kill: " + v.reason());
        }
        Verdict inside = r.recomputed().get(order.indexOf(check));
        assertEquals(Outcome.INCONCLUSIVE, inside.outcome(), inside.reason());
        assertTrue(inside.reason().startsWith("run ended inside this check"), inside.reason());

        // the partial trace: whole samples, in order, the flood and the kill of the servers in it, the newest within 0.5 s of the kill
        List<String> lines = Files.readAllLines(bundle.resolve(RawData.PLC_SAFETY_SAMPLES));
        List<RawData.PlantSample> samples = new java.util.ArrayList<>();
        for (String l : lines) {
            samples.add(Results.JSON.readValue(l, RawData.PlantSample.class)); // flushed a sample at a time: no torn line
        }
        assertTrue(samples.stream().anyMatch(x -> x.phase().equals("FLOOD")), "the flood is in the partial trace");
        for (int i = 1; i < samples.size(); i++) {
            assertTrue(samples.get(i).atMs() > samples.get(i - 1).atMs(), "in order at line " + (i + 1));
        }
        Instant newest = Instant.parse(samples.get(samples.size() - 1).at());
        Duration lost = Duration.between(newest, killedAt);
        System.out.printf(java.util.Locale.ROOT, "killed inside %s: %d samples on disk, the newest taken %d ms before the kill%n", check,
                samples.size(), lost.toMillis());
        assertTrue(lost.compareTo(MAY_LOSE.plus(SAMPLE_PERIOD)) <= 0, "the newest sample on disk was taken " + lost.toMillis()
                + " ms before the kill (at most " + MAY_LOSE.toMillis() + " ms of samples may be lost, sampled every "
                + SAMPLE_PERIOD.toMillis() + " ms); " + samples.size() + " samples on disk");
    }

    /**
     * Killed inside the scan-period check, once its streamed cycle starts are on disk: the check is
     * named as the one the run ended inside (INCONCLUSIVE, never judged from its partial record),
     * and the newest cycle start on disk is within 0.5 s (plus one scan period) of the kill.
     */
    @Test
    void killedInsideTheScanCheck() throws Exception {
        String check = WaterPlan.SCAN_PERIOD_UNDER_LOAD;
        Path out = dir.resolve("out");
        Process p = start(out);
        Path bundle = out.resolve("bundle");
        Path starts = bundle.resolve(RawData.SCAN_STARTS);
        Instant killedAt;
        try {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (!(Files.exists(starts) && Files.readAllLines(starts).size() >= 2) && p.isAlive() && System.nanoTime() < until) {
                Thread.sleep(5);
            }
            assertTrue(p.isAlive(), "still running when killed: " + Files.readString(dir.resolve("child.log")));
            killedAt = Instant.now();
        } finally {
            p.destroyForcibly(); // SIGKILL
            p.waitFor(30, TimeUnit.SECONDS);
        }
        BundleCheck.Report r = BundleCheck.verify(bundle, List.of(new WaterAcceptanceBundle()));
        assertEquals(ExitCode.INCOMPLETE, r.exitCode(), r.manifestProblems() + " " + r.derivedProblems() + " " + r.notes());
        assertTrue(r.manifestProblems().isEmpty(), r.manifestProblems().toString());
        if (r.notes().contains(check + ": the run ended inside this check")) {
            Verdict inside = r.recomputed().stream().filter(v -> v.testId().equals(check)).findFirst().orElseThrow();
            assertEquals(Outcome.INCONCLUSIVE, inside.outcome(), inside.reason());
            assertTrue(inside.reason().startsWith("run ended inside this check"), inside.reason());
            List<String> lines = Files.readAllLines(starts);
            Instant newest = Instant.parse(Results.JSON.readValue(lines.get(lines.size() - 1), String.class));
            Duration lost = Duration.between(newest, killedAt);
            System.out.printf(java.util.Locale.ROOT, "killed inside %s: %d cycle starts on disk, the newest %d ms before the kill%n",
                    check, lines.size(), lost.toMillis());
            assertTrue(lost.compareTo(MAY_LOSE.plus(Duration.ofMillis(250))) <= 0, "the newest cycle start on disk is "
                    + lost.toMillis() + " ms before the kill (at most " + MAY_LOSE.toMillis() + " ms of samples may be lost, a cycle"
                    + " every 250 ms)");
        } else {
            // the host let the check end between the file's second line and the kill: then it must be complete and judged
            everyFinishedCheckJudgedAndNoOther(bundle, r);
            System.out.println("the scan check completed before the kill: " + r.notes());
        }
    }

    /**
     * The check's server process outlives a suite killed with SIGKILL (its shutdown hook does not
     * run): killed here, by the pid the suite printed, if it still runs.
     */
    private void killServerProcess() throws java.io.IOException {
        Path log = dir.resolve("child.log");
        if (Files.exists(log)) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("server process started, pid (\\d+)").matcher(Files.readString(log));
            while (m.find()) {
                // that pid only while it is still the suite's server process (a pid may be used again)
                ProcessHandle.of(Long.parseLong(m.group(1))).filter(h -> h.info().commandLine().orElse("")
                        .contains(AcceptanceSuite.SERVER_PROCESS)).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    private boolean logSays(String text) throws java.io.IOException {
        Path log = dir.resolve("child.log");
        return Files.exists(log) && Files.readString(log).contains(text);
    }

    private static void everyFinishedCheckJudgedAndNoOther(Path bundle, BundleCheck.Report r) throws java.io.IOException {
        Set<String> covered = Manifest.read(bundle).keySet();
        for (Verdict v : r.recomputed()) {
            boolean finished = covered.containsAll(WaterJudge.files(v.testId()));
            boolean judged = !v.reason().startsWith("not run") && !v.reason().startsWith("run ended inside");
            assertEquals(finished, judged, v.testId() + ": " + v.reason());
        }
    }

    @ParameterizedTest(name = "killed once {0} is complete")
    @MethodSource("moments")
    void aKilledWaterAcceptIsIncompleteWithEveryFinishedCheckCovered(String killedAfter) throws Exception {
        String trigger = WaterJudge.files(killedAfter).get(0);
        Path out = dir.resolve("out");
        Process p = start(out);
        Path bundle = out.resolve("bundle");
        try {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!covers(bundle, trigger) && p.isAlive() && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            assertTrue(p.isAlive(), "still running when killed: " + Files.readString(dir.resolve("child.log")));
            assertTrue(covers(bundle, trigger), killedAfter + " completed within the deadline");
        } finally {
            p.destroyForcibly(); // SIGKILL
            p.waitFor(30, TimeUnit.SECONDS);
        }
        BundleCheck.Report r = BundleCheck.verify(bundle, List.of(new WaterAcceptanceBundle()));
        assertEquals(ExitCode.INCOMPLETE, r.exitCode(), r.manifestProblems() + " " + r.derivedProblems() + " " + r.notes());
        assertTrue(r.manifestProblems().isEmpty(), r.manifestProblems().toString());
        everyFinishedCheckJudgedAndNoOther(bundle, r);
        List<String> order = r.recomputed().stream().map(Verdict::testId).toList();
        assertTrue(order.contains(killedAfter), order.toString());
        for (Verdict v : r.recomputed().subList(0, order.indexOf(killedAfter) + 1)) {
            assertFalse(v.reason().startsWith("not run") || v.reason().startsWith("run ended inside"),
                    v.testId() + " finished before the kill: " + v.reason());
        }
        Verdict last = r.recomputed().get(r.recomputed().size() - 1);
        assertEquals(WaterPlan.TURBIDITY_STEP, last.testId());
        assertEquals(Outcome.INCONCLUSIVE, last.outcome(), "the last check had not run: " + last.reason());
        assertTrue(r.notes().get(0).startsWith("last complete check: "), r.notes().toString());
    }

    private static boolean covers(Path bundle, String file) {
        try {
            return Files.exists(bundle.resolve(Manifest.FILE)) && Files.readString(bundle.resolve(Manifest.FILE)).contains(file);
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
