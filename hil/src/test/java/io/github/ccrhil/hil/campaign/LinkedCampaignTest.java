package io.github.ccrhil.hil.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ccrhil.firmware.control.StepTable;
import io.github.ccrhil.firmware.control.StepTables;
import io.github.ccrhil.hil.accept.bundle.BundleVerifier;
import io.github.ccrhil.hil.accept.dut.RemoteInterface;
import io.github.ccrhil.hil.link.ServedReferenceCcr;
import io.github.ccrhil.hil.link.device.CcrModbusDevice;
import io.github.ccrhil.hil.link.device.FirmwareLoop;
import io.github.ccrhil.hil.link.profile.ProfileLoader;
import io.github.ccrhil.hil.link.server.ModbusTcpServer;
import io.github.ccrhil.hil.trace.TraceRow;
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
class LinkedCampaignTest {

    @TempDir
    Path dir;

    @Test
    void twoShardsOfRemoteStepCasesPassOnTheServedCcrEachVerdictSelfReportedAndEachBundleVerifies() throws Exception {
        ServedReferenceCcr ccr = new ServedReferenceCcr();
        StepTable steps = ccr.steps;
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
                LinkedCampaign.Summary s = LinkedCampaign.run(c, ProfileLoader.referenceCcr(), Duration.ofSeconds(2),
                        Clock.systemUTC(), instructions::add, out, n -> { });
                for (LinkedCampaign.CaseOutcome o : s.outcomes()) {
                    assertEquals(null, ran.put(o.index(), o.name()), "case " + o.index() + " ran twice");
                    assertEquals(o.commands(), LinkedCampaign.commands(c, steps, o.index()), "case is a function of seed and index");
                    for (Verdict v : o.verdicts()) {
                        assertTrue(!v.failed(), o.name() + ": " + v);
                    }
                    assertEquals(Verdict.Outcome.PASS, verdict(o, LinkedCampaign.REMOTE_COMMANDS).outcome());
                    assertEquals(Verdict.Outcome.PASS, verdict(o, PropertyChecks.SETTLING).outcome(),
                            verdict(o, PropertyChecks.SETTLING).detail());
                    assertTrue(verdict(o, PropertyChecks.SETTLING).detail().startsWith(LinkedCampaign.SELF_REPORTED));
                    assertEquals(Verdict.Outcome.NOT_APPLICABLE, verdict(o, PropertyChecks.OPEN_CIRCUIT).outcome());
                }
                JsonNode json = new ObjectMapper().readTree(out.resolve("results.json").toFile());
                assertTrue(json.get("selfReported").asBoolean());
                BundleVerifier.Report r = BundleVerifier.verify(out);
                assertTrue(r.ok(), r.manifestProblems().toString());
                JsonNode id = new ObjectMapper().readTree(out.resolve("identity.json").toFile());
                assertTrue(id.get("dut").size() > 0, "the DUT's designated components are recorded");
            }
        }
        assertEquals(List.of(0, 1, 2, 3), List.copyOf(ran.keySet()));
    }

    @Test
    void aDutThatNeverReachesItsBandFailsSettlingFromItsOwnReport() {
        StepTable steps = StepTables.SIX_SIX_FIVE_STEP;
        List<TraceRow> rows = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            double t = i * 0.1;
            rows.add(new TraceRow(t, "ON", 3, steps.nominalCurrentA(3), steps.nominalCurrentA(3) - 0.1,
                    steps.nominalCurrentA(3) + 0.1, steps.nominalCurrentA(3) - 1.0, Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN, Double.NaN, Double.NaN, Double.NaN, -1, -1, Double.NaN, Double.NaN));
        }
        List<Verdict> v = LinkedCampaign.judge(true, List.of(new LinkedCampaign.Mark(0, 3, 1,
                        new RemoteInterface.Outcome(true, "ok"))), List.of(new LinkedCampaign.Command(3, Duration.ofSeconds(3))),
                rows, PropertyLimits.defaultsFor(6.6), steps);
        Verdict settling = v.stream().filter(x -> x.property().equals(PropertyChecks.SETTLING)).findFirst().orElseThrow();
        assertEquals(Verdict.Outcome.FAIL, settling.outcome(), settling.detail());
        assertTrue(settling.detail().startsWith(LinkedCampaign.SELF_REPORTED));
    }

    private static Verdict verdict(LinkedCampaign.CaseOutcome o, String property) {
        return o.verdicts().stream().filter(v -> v.property().equals(property)).findFirst().orElseThrow();
    }
}
