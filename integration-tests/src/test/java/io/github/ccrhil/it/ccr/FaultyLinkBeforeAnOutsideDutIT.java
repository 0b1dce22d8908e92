package io.github.ccrhil.it.ccr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.ccr.emulator.device.FirmwareLoop;
import io.github.ccrhil.ccr.emulator.profile.CcrProfiles;
import io.github.ccrhil.ccr.firmware.board.Command;
import io.github.ccrhil.ccr.firmware.board.ControlBoard;
import io.github.ccrhil.ccr.firmware.board.Origin;
import io.github.ccrhil.ccr.firmware.board.Selector;
import io.github.ccrhil.ccr.verify.accept.AcceptanceRun;
import io.github.ccrhil.ccr.verify.accept.bundle.LinkLog;
import io.github.ccrhil.ccr.verify.accept.dut.EmulatedCcrOverLoopback;
import io.github.ccrhil.ccr.verify.accept.dut.LinkedDutSessions;
import io.github.ccrhil.ccr.verify.accept.dut.Operator;
import io.github.ccrhil.ccr.verify.accept.plan.PlanReader;
import io.github.ccrhil.ccr.verify.accept.plan.TestPlan;
import io.github.ccrhil.ccr.verify.accept.plan.TestSpec;
import io.github.ccrhil.ccr.verify.accept.verdict.BundleJudge;
import io.github.ccrhil.evidence.Outcome;
import io.github.ccrhil.evidence.Verdict;
import io.github.ccrhil.it.ServedReferenceCcr;
import io.github.ccrhil.modbus.link.LinkFaults;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code accept --dut tcp:<host:port> --faulty-link hostile}: a DUT outside the verifier (the
 * reference CCR served as Modbus/TCP in real time) reached through the fault-injecting proxy on a
 * loopback port. The run completes without hanging; each verdict is what it is on a clean link or
 * INCONCLUSIVE with the reason; every fault the proxy injected, every repeat and every transaction
 * lost on every attempt is in the bundle's link.csv files. The same before {@code --dut
 * tls:<host:port>} (the CCR served over Modbus/TCP Security, certificates generated here): the
 * proxy cuts TLS records, a corrupted or dropped one ends the session, and each repeat opens a new
 * one.
 */
class FaultyLinkBeforeAnOutsideDutIT {

    @TempDir
    Path dir;

    @Test
    void anOutsideDutThroughAHostileLinkCompletesWithItsVerdictsUnchangedOrInconclusiveWithTheReason() throws Exception {
        throughAHostileLink(false);
    }

    @Test
    void anOutsideTlsDutThroughAHostileLinkCompletesWithItsVerdictsUnchangedOrInconclusiveWithTheReason() throws Exception {
        throughAHostileLink(true);
    }

    private void throughAHostileLink(boolean tls) throws Exception {
        TestPki site = tls ? new TestPki("site CA") : null;
        ServedReferenceCcr ccr = new ServedReferenceCcr();
        ControlBoard board = ccr.board;
        Pattern panel = Pattern.compile("select step (\\d) on the regulator's local panel");
        Operator scripted = instruction -> {
            synchronized (ccr.lock) {
                Matcher m = panel.matcher(instruction);
                if (instruction.contains("key switch to LOCAL")) {
                    board.command(new Command.SetSelector(Selector.LOCAL));
                } else if (instruction.contains("key switch to REMOTE")) {
                    board.command(new Command.SetSelector(Selector.REMOTE));
                } else if (m.find()) {
                    board.command(new Command.SelectStep(Integer.parseInt(m.group(1)), Origin.LOCAL_PANEL));
                }
            }
        };
        TestPlan full = PlanReader.defaultPlan();
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try (ModbusTcpServer server = tls ? ModbusTcpServer.secure(ccr.device.serverCore(), any, 1, ConnectionLimits.defaults(),
                TestPki.settings(site.identity("ccr-1", Optional.empty()), site), RolePolicy.operatorAndEngineer())
                : new ModbusTcpServer(ccr.device.serverCore(), any, 1);
             FirmwareLoop firmware = ccr.startFirmware()) {
            String address = (tls ? "tls:" : "tcp:") + "127.0.0.1:" + server.port();
            TlsSettings verifier = tls ? TestPki.settings(site.identity("verifier", Optional.of("engineer")), site) : null;
            List<TestSpec> tests = new ArrayList<>();
            for (TestSpec t : full.tests()) {
                if (t.id().equals("identity")) {
                    tests.add(t);
                } else if (t.id().equals("local-remote")) {
                    tests.add(new TestSpec(t.id(), t.procedure(), t.requirement(), t.clause(), t.limits(), t.conditions(),
                            Map.of("firstDwell", Duration.ofSeconds(3), "dwell", Duration.ofMillis(1500))));
                }
            }
            TestPlan plan = new TestPlan(full.name(), full.seed(), new TestPlan.DutSpec(address, "reference-ccr"),
                    TestPlan.Rig.OPERATOR_PROMPT, TestPlan.Measurement.DUT_SELF_REPORT, full.equipment(), full.identity(), tests);
            record Run(AcceptanceRun.Result result, EmulatedCcrOverLoopback.LinkReport link) { }
            Run run = assertTimeoutPreemptively(Duration.ofMinutes(3), () -> {
                // over TLS each attempt may need a new session (a handshake as well as the answer): 2 s, not 500 ms
                try (LinkedDutSessions session = new LinkedDutSessions(plan, address, CcrProfiles.referenceCcr(),
                        Duration.ofMillis(tls ? 2000 : 500), Clock.systemUTC(), keepAlive -> scripted, verifier)
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
            System.out.println("outside DUT at " + address + " through a hostile link: " + run.link().faults() + " faults " + run.link().runs() + ", "
                    + run.link().retries().size() + " repeats, " + run.link().exhausted() + " lost" + why);
            for (Verdict v : run.result().verdicts()) {
                if (v.outcome() != Outcome.PASS) {
                    assertTrue(v.outcome() == Outcome.INCONCLUSIVE && v.reason().contains("did not answer"),
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
        }
    }
}
