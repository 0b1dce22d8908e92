package io.github.ccrhil.it.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ccrhil.ccr.verify.accept.bundle.LinkLog;
import io.github.ccrhil.ccr.verify.accept.plan.PlanReader;
import io.github.ccrhil.ccr.verify.accept.verdict.BundleJudge;
import io.github.ccrhil.cli.Main;
import io.github.ccrhil.it.Peers;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ccr-hil accept --link pty --faulty-link hostile}: the emulated CCR served as Modbus RTU on
 * a socat pty pair, the verifier on a second pair, and the fault-injecting pty link between them
 * (1 % of bytes corrupted both ways, frames dropped and delayed, the line cut). The run completes
 * within its deadline, each verdict is PASS (as on a clean link) or INCONCLUSIVE naming the
 * attempts, and every repeat is in the bundle and counted in the report; then {@code verify-bundle}
 * accepts the bundle as it is.
 */
@Timeout(240)
class AcceptThroughAFaultyPtyLinkIT {

    @TempDir
    Path dir;

    /** The default plan cut to three tests: identity, open-circuit (one run) and local-remote, to keep the test command short. */
    static String shortPlan() {
        String text = PlanReader.defaultPlanText();
        String head = text.substring(0, text.indexOf("\n  - id: ") + 1);
        StringBuilder plan = new StringBuilder(head.replace("plan: reference-ccr-acceptance", "plan: faulty-pty-link"));
        for (String id : List.of("identity", "open-circuit", "local-remote")) {
            int from = text.indexOf("\n  - id: " + id + "\n") + 1;
            int to = text.indexOf("\n  - id: ", from + 1);
            String block = text.substring(from, to < 0 ? text.length() : to + 1);
            block = block.replace("conditions: { steps: [1, 5], load: [30%, 100%] }", "conditions: { steps: [5], load: [100%] }");
            plan.append(block);
        }
        return plan.toString();
    }

    @Test
    void anAcceptanceRunThroughAHostilePtyLinkCompletesAndRecordsEveryRepeat() throws Exception {
        Peers.require("socat");
        Path planFile = dir.resolve("plan.yaml");
        Files.writeString(planFile, shortPlan());
        Path bundle = dir.resolve("bundle");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new String[] {"accept", "--plan", planFile.toString(), "--link", "pty", "--faulty-link", "hostile",
                "--link-seed", "15", "--timeout", "300ms", "--attempts", "3", "--out", bundle.toString(), "--quiet"},
                new PrintWriter(out, true), new PrintWriter(err, true));
        System.out.println(out);
        assertTrue(exit == 0 || exit == 3, "PASS or INCONCLUSIVE, exit " + exit + ": " + out + err);

        JsonNode results = new ObjectMapper().readTree(bundle.resolve("results.json").toFile());
        List<String> testDirs = new ArrayList<>();
        int judged = 0;
        for (JsonNode v : results.path("verdicts")) {
            judged++;
            String outcome = v.path("outcome").asText();
            String reason = v.path("reason").asText();
            assertTrue(outcome.equals("PASS") || outcome.equals("INCONCLUSIVE") && reason.contains("attempts"),
                    "the link may only make a verdict INCONCLUSIVE, naming the attempts: " + v);
        }
        assertEquals(3, judged, "every test judged: " + results);
        PlanReader.read(planFile).tests().forEach(t -> testDirs.add(BundleJudge.testDir(t)));
        LinkLog.Summary link = LinkLog.total(bundle, testDirs);
        assertTrue(link.sessions() >= 3, "a link row per DUT session: " + link);
        assertTrue(link.faults() > 0, "the link injected faults: " + link);
        assertTrue(out.toString().contains("link: " + link.sessions() + " DUT sessions, " + link.faults() + " faults injected, "
                + link.repeats() + " transactions repeated, " + link.lost() + " lost"), "what the bundle records is what happened: " + out);
        String report = Files.readString(bundle.resolve("report.html"));
        assertTrue(report.contains("transactions repeated"), "the report counts the repeats");

        StringWriter vout = new StringWriter();
        int verified = Main.run(new String[] {"verify-bundle", bundle.toString()}, new PrintWriter(vout, true), new PrintWriter(vout, true));
        assertTrue(verified == 0 || verified == 3, "the bundle verifies as written (exit " + verified + "): " + vout);
    }
}
