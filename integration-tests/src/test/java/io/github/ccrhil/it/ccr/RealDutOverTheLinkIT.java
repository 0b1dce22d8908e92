package io.github.ccrhil.it.ccr;

import io.github.ccrhil.ccr.emulator.profile.CcrProfiles;

import io.github.ccrhil.ccr.verify.accept.AcceptanceRun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.ccr.firmware.board.Command;
import io.github.ccrhil.ccr.firmware.board.ControlBoard;
import io.github.ccrhil.ccr.firmware.board.Origin;
import io.github.ccrhil.ccr.firmware.board.Selector;
import io.github.ccrhil.ccr.verify.accept.dut.LinkedDutSessions;
import io.github.ccrhil.ccr.verify.accept.dut.Operator;
import io.github.ccrhil.ccr.verify.accept.plan.PlanReader;
import io.github.ccrhil.ccr.verify.accept.plan.TestPlan;
import io.github.ccrhil.ccr.verify.accept.plan.TestSpec;
import io.github.ccrhil.evidence.Outcome;
import io.github.ccrhil.ccr.verify.accept.verdict.RawRun;
import io.github.ccrhil.evidence.Verdict;
import io.github.ccrhil.ccr.verify.accept.verdict.BundleJudge;
import io.github.ccrhil.it.ServedReferenceCcr;
import io.github.ccrhil.ccr.emulator.device.CcrModbusDevice;
import io.github.ccrhil.ccr.emulator.device.FirmwareLoop;
import io.github.ccrhil.modbus.profile.ProfileLoader;
import io.github.ccrhil.modbus.tcp.ModbusTcpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A DUT outside the verifier: the emulated CCR served as Modbus TCP in real time (as
 * {@code serve-ccr} does), tested in wall-clock time with an operator as the rig and the DUT's
 * own report as the measurement. The operator here is scripted: it does what it is told on the
 * served regulator.
 */
class RealDutOverTheLinkIT {

    @TempDir
    Path dir;

    @Test
    void identityAndLocalAuthorityPassOnADutAtTheEndOfALinkWithAnOperatorAsRigAndSelfReportedVerdicts() throws Exception {
        ServedReferenceCcr ccr = new ServedReferenceCcr();
        ControlBoard board = ccr.board;
        Object lock = ccr.lock;
        List<String> instructions = new ArrayList<>();
        Pattern panel = Pattern.compile("select step (\\d) on the regulator's local panel");
        Operator scripted = instruction -> {
            instructions.add(instruction);
            synchronized (lock) {
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
        CcrModbusDevice device = ccr.device;
        TestPlan full = PlanReader.defaultPlan();
        AcceptanceRun.Result r;
        try (ModbusTcpServer server = new ModbusTcpServer(device.serverCore(),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
             FirmwareLoop firmware = ccr.startFirmware()) {
            String address = "tcp:127.0.0.1:" + server.port();
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
            try (LinkedDutSessions session = new LinkedDutSessions(plan, address, CcrProfiles.referenceCcr(),
                    Duration.ofSeconds(2), Clock.systemUTC(), keepAlive -> scripted)) {
                r = new AcceptanceRun(plan, PlanReader.defaultPlanText(), session, session.describe(),
                        AcceptanceRun.Progress.NONE, Clock.systemUTC()).run(dir.resolve("bundle"));
            }
            for (Verdict v : r.verdicts()) {
                assertEquals(Outcome.PASS, v.outcome(), v.testId() + ": " + v.reason());
                assertTrue(v.selfReported() || v.testId().equals("identity"), v.testId() + " must be flagged self-reported");
            }
            assertTrue(instructions.contains("turn the regulator's key switch to LOCAL"), instructions.toString());
            List<RawRun> runs = BundleJudge.runs(r.bundle(), plan.tests().get(1));
            assertTrue(runs.get(0).rows().size() > 40, "the DUT's self-report was read every " + LinkedDutSessions.POLL);
        }
    }
}
