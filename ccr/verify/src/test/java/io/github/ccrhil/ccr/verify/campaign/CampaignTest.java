package io.github.ccrhil.ccr.verify.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ccrhil.evidence.Provenance;
import io.github.ccrhil.evidence.TimeLimit;
import io.github.ccrhil.ccr.emulator.scenario.Scenario;
import io.github.ccrhil.ccr.emulator.scenario.ScenarioReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The campaign runner: shards, outputs, and what it does with a failing case. */
class CampaignTest {

    private static final List<CaseKind> ALL_KINDS = List.of(CaseKind.values());

    /** A campaign writes into a new or empty folder: each run of the test starts from none. */
    private static Path fresh(String name) throws java.io.IOException {
        Path p = Path.of("target", "campaign-test", name);
        if (Files.exists(p)) {
            try (java.util.stream.Stream<Path> s = Files.walk(p)) {
                for (Path x : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(x);
                }
            }
        }
        return p;
    }

    @Test
    void shardsTogetherRunExactlyTheCasesOfTheWholeCampaign() throws Exception {
        TreeMap<Integer, Scenario> whole = new TreeMap<>();
        Campaign.Config all = new Campaign.Config(13, 42, 1, 1, ALL_KINDS, 0.25, 1, 0);
        for (int i = 0; i < 13; i++) {
            whole.put(i, Campaign.scenario(all, i));
        }
        TreeMap<Integer, Scenario> sharded = new TreeMap<>();
        for (int k = 1; k <= 3; k++) {
            Campaign.Config shard = new Campaign.Config(13, 42, k, 3, ALL_KINDS, 0.25, 2, 0);
            Campaign.Summary s = Campaign.run(shard, fresh("shard-" + k), n -> { });
            for (Campaign.CaseOutcome o : s.outcomes()) {
                assertEquals(null, sharded.put(o.index(), o.result().scenario()), "case " + o.index() + " ran twice");
            }
        }
        assertEquals(whole, sharded);
    }

    @Test
    void aCampaignWritesResultsJsonAndJunitXmlForEveryCase() throws Exception {
        Path out = fresh("outputs");
        Campaign.Summary s = Campaign.run(new Campaign.Config(8, 7, 1, 1, ALL_KINDS, 0.0, 2, 0), out, n -> { });
        JsonNode json = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertEquals(8, json.get("casesRun").asInt());
        assertEquals(8, json.get("results").size());
        assertEquals(PropertyChecks.ALL.size(), json.get("results").get(0).get("verdicts").size());
        String junit = Files.readString(out.resolve("junit.xml"));
        assertTrue(junit.contains("tests=\"8\""), junit);
        assertTrue(junit.contains("failures=\"" + s.failed() + "\""), junit);
    }

    /** A planted failure (settling limit 0 s): shrunk, written, readable, and reproducing. */
    @Test
    void aFailingCaseIsShrunkAndWrittenAsAScenarioFileWithItsReplayCommand() throws Exception {
        PropertyLimits d = PropertyLimits.defaultsFor(6.6);
        PropertyLimits impossible = new PropertyLimits(d.overshootA(),
                new TimeLimit("step-to-step settling", Duration.ZERO, Provenance.defaultValue("planted failure")),
                d.openCircuit(), d.lampEstimateLamps(), d.lampEstimateShare(), d.steadyAfter());
        Path out = fresh("planted");
        Campaign.Summary s = Campaign.run(CampaignPlan.of(new Campaign.Config(4, 3, 1, 1, List.of(CaseKind.STEP_CHANGE), 0.0, 2, 60), r -> impossible, false),
                out, n -> { });
        List<Campaign.CaseOutcome> failed = new ArrayList<>();
        for (Campaign.CaseOutcome o : s.outcomes()) {
            if (o.result().failed()) {
                failed.add(o);
            }
        }
        assertTrue(!failed.isEmpty(), "a 0 s settling limit fails every step change");
        for (Campaign.CaseOutcome o : failed) {
            Scenario written = ScenarioReader.read(o.file());
            assertEquals(o.shrunk(), written);
            assertTrue(written.events().size() <= o.result().scenario().events().size());
            assertTrue(CaseRunner.run(written, impossible, false).verdict(PropertyChecks.SETTLING).failed());
            assertTrue(Files.readString(o.file()).contains("java -jar cli/target/ccr-hil.jar replay <bundle>/failures/"
                    + o.file().getFileName()), "its replay command, relative to the bundle");
        }
        assertTrue(Files.readString(out.resolve("junit.xml")).contains("<failure"));
        Path elsewhere = fresh("planted-elsewhere");
        Campaign.run(CampaignPlan.of(new Campaign.Config(4, 3, 1, 1, List.of(CaseKind.STEP_CHANGE), 0.0, 2, 60), r -> impossible, false),
                elsewhere, n -> { });
        java.util.Map<String, String> here = new java.util.TreeMap<>(io.github.ccrhil.evidence.bundle.Manifest.read(out));
        java.util.Map<String, String> there = new java.util.TreeMap<>(io.github.ccrhil.evidence.bundle.Manifest.read(elsewhere));
        here.remove("run.log");
        there.remove("run.log");
        assertEquals(here, there, "the same seed gives the same bytes in another folder (wall-clock only in run.log)");
    }
}
