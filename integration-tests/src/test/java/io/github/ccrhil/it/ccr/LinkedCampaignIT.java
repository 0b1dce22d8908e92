package io.github.ccrhil.it.ccr;

import io.github.ccrhil.evidence.bundle.BundleCheck;

import io.github.ccrhil.ccr.emulator.profile.CcrProfiles;

import io.github.ccrhil.ccr.verify.campaign.Campaign;
import io.github.ccrhil.ccr.verify.campaign.CaseKind;
import io.github.ccrhil.ccr.verify.campaign.LinkedCampaign;
import io.github.ccrhil.ccr.verify.campaign.PropertyChecks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ccrhil.ccr.verify.limits.LimitTables;
import io.github.ccrhil.ccr.verify.limits.StepTable;
import io.github.ccrhil.ccr.verify.accept.bundle.BundleVerifier;
import io.github.ccrhil.it.ServedReferenceCcr;
import io.github.ccrhil.ccr.emulator.device.CcrModbusDevice;
import io.github.ccrhil.ccr.emulator.device.FirmwareLoop;
import io.github.ccrhil.modbus.tcp.ModbusTcpServer;
import io.github.ccrhil.evidence.Outcome;
import io.github.ccrhil.evidence.Verdict;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A campaign against a DUT at the end of a link: the emulated CCR served as Modbus TCP over
 * loopback in real time, judged in wall-clock time on its own self-report.
 */
class LinkedCampaignIT {

    @TempDir
    Path dir;

    @Test
    void twoShardsOfRemoteStepCasesPassOnTheServedCcrEachVerdictSelfReportedAndEachBundleVerifies() throws Exception {
        ServedReferenceCcr ccr = new ServedReferenceCcr();
        // the verifier's table of the same name as the served CCR's (the plan's, not the firmware's)
        StepTable steps = LimitTables.builtIn().steps(ccr.steps.name());
        CcrModbusDevice device = ccr.device;
        List<String> instructions = new ArrayList<>();
        TreeMap<Integer, String> ran = new TreeMap<>();
        try (ModbusTcpServer server = new ModbusTcpServer(device.serverCore(),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
             FirmwareLoop firmware = ccr.startFirmware()) {
            String address = "tcp:127.0.0.1:" + server.port();
            for (int k = 1; k <= 2; k++) {
                LinkedCampaign.Config c = new LinkedCampaign.Config(
                        new Campaign.Config(4, 5, k, 2, List.of(CaseKind.STEP_CHANGE), 0, 1, 0), address, 2, 2,
                        Duration.ofMillis(1800), Duration.ofMillis(2200));
                Path out = dir.resolve("shard-" + k);
                LinkedCampaign.Summary s = LinkedCampaign.run(c, CcrProfiles.referenceCcr(), Duration.ofSeconds(2),
                        Clock.systemUTC(), instructions::add, out, n -> { });
                for (LinkedCampaign.CaseOutcome o : s.outcomes()) {
                    assertEquals(null, ran.put(o.index(), o.name()), "case " + o.index() + " ran twice");
                    assertEquals(o.commands(), LinkedCampaign.commands(c, steps, o.index()), "case is a function of seed and index");
                    for (Verdict v : o.verdicts()) {
                        assertTrue(!v.failed(), o.name() + ": " + v);
                        assertTrue(v.selfReported(), o.name() + ": " + v.testId() + " rests on the DUT's own report");
                    }
                    assertEquals(Outcome.PASS, verdict(o, LinkedCampaign.REMOTE_COMMANDS).outcome());
                    assertEquals(Outcome.PASS, verdict(o, PropertyChecks.SETTLING).outcome(),
                            verdict(o, PropertyChecks.SETTLING).reason());
                    assertTrue(verdict(o, PropertyChecks.SETTLING).reason().startsWith(LinkedCampaign.SELF_REPORTED));
                    assertEquals(Outcome.NOT_APPLICABLE, verdict(o, PropertyChecks.OPEN_CIRCUIT).outcome());
                }
                JsonNode json = new ObjectMapper().readTree(out.resolve("results.json").toFile());
                assertTrue(json.get("selfReported").asBoolean());
                BundleCheck.Report r = BundleVerifier.verify(out);
                assertTrue(r.ok(), r.manifestProblems() + " " + r.verdictProblems() + " " + r.derivedProblems());
                assertTrue(r.rederived(), "every case re-judged from commands.csv and the self-reported trace");
                assertEquals(io.github.ccrhil.evidence.bundle.Results.readVerdicts(out), r.recomputed());
                JsonNode id = new ObjectMapper().readTree(out.resolve("identity.json").toFile());
                assertTrue(id.get("dut").size() > 0, "the DUT's designated components are recorded");
            }
        }
        assertEquals(List.of(0, 1, 2, 3), List.copyOf(ran.keySet()));
    }

    private static Verdict verdict(LinkedCampaign.CaseOutcome o, String property) {
        return o.verdicts().stream().filter(v -> v.testId().equals(property)).findFirst().orElseThrow();
    }
}
