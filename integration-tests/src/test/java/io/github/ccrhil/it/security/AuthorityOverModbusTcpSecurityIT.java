package io.github.ccrhil.it.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.ccr.emulator.device.FirmwareLoop;
import io.github.ccrhil.ccr.emulator.profile.CcrProfiles;
import io.github.ccrhil.ccr.firmware.board.Command;
import io.github.ccrhil.ccr.firmware.board.Selector;
import io.github.ccrhil.ccr.verify.accept.AcceptanceRun;
import io.github.ccrhil.ccr.verify.accept.dut.LinkedDutSessions;
import io.github.ccrhil.ccr.verify.accept.dut.Operator;
import io.github.ccrhil.ccr.verify.accept.dut.TlsProbes;
import io.github.ccrhil.ccr.verify.accept.plan.PlanReader;
import io.github.ccrhil.ccr.verify.accept.plan.TestPlan;
import io.github.ccrhil.evidence.Check;
import io.github.ccrhil.evidence.Outcome;
import io.github.ccrhil.evidence.Verdict;
import io.github.ccrhil.it.ServedReferenceCcr;
import io.github.ccrhil.modbus.server.RolePolicy;
import io.github.ccrhil.modbus.tcp.ConnectionLimits;
import io.github.ccrhil.modbus.tcp.ModbusTcpServer;
import io.github.ccrhil.modbus.tcp.TestPki;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code accept --dut tls:<host:port>} with a plan whose authority test names its certificates:
 * the reference CCR served over Modbus/TCP Security in real time, outside the verifier, an
 * operator turning its key switch. The authority procedure's Modbus/TCP Security part runs
 * against it (no certificate and an unknown CA refused at the handshake, the operator role's
 * writes refused per function code) and PASSes with the rest of the procedure.
 */
@Timeout(180)
class AuthorityOverModbusTcpSecurityIT {

    @TempDir
    Path dir;

    @Test
    void theAuthorityProcedureRunsItsModbusTcpSecurityPartAgainstAnOutsideTlsDut() throws Exception {
        TestPki site = new TestPki("site CA");
        TestPki stranger = new TestPki("unknown CA");
        store(stranger.identity("intruder", Optional.of("engineer")), "intruder.p12");
        store(site.identity("operator-console", Optional.of("operator")), "operator.p12");
        ServedReferenceCcr ccr = new ServedReferenceCcr();
        Operator scripted = instruction -> {
            synchronized (ccr.lock) {
                if (instruction.contains("key switch to LOCAL")) {
                    ccr.board.command(new Command.SetSelector(Selector.LOCAL));
                } else if (instruction.contains("key switch to REMOTE")) {
                    ccr.board.command(new Command.SetSelector(Selector.REMOTE));
                }
            }
        };
        String text = PlanReader.defaultPlanText();
        String tests = "\ntests:\n";
        int authority = text.indexOf("  - id: authority\n");
        assertTrue(authority > 0, "the default plan has its authority test");
        String params = "    params: { firstDwell: 4s, dwell: 1s }\n";
        String planText = text.substring(0, text.indexOf(tests) + tests.length()) + text.substring(authority).replace(params,
                "    params: { firstDwell: 3s, dwell: 1s, unknownCaKey: intruder.p12, lackingRoleKey: operator.p12, lackingRole: operator }\n");
        try (ModbusTcpServer server = ModbusTcpServer.secure(ccr.device.serverCore(),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1, ConnectionLimits.defaults(),
                TestPki.settings(site.identity("ccr-1", Optional.empty()), site), RolePolicy.operatorAndEngineer());
             FirmwareLoop firmware = ccr.startFirmware()) {
            String address = "tls:127.0.0.1:" + server.port();
            TestPlan read = PlanReader.read("authority-over-tls.yaml", planText);
            TestPlan plan = new TestPlan(read.name(), read.seed(), new TestPlan.DutSpec(address, "reference-ccr"),
                    TestPlan.Rig.OPERATOR_PROMPT, TestPlan.Measurement.DUT_SELF_REPORT, read.equipment(), read.identity(), read.tests());
            AcceptanceRun.Result r;
            try (LinkedDutSessions session = new LinkedDutSessions(plan, address, CcrProfiles.referenceCcr(), Duration.ofSeconds(5),
                    Clock.systemUTC(), keepAlive -> scripted, TestPki.settings(site.identity("verifier", Optional.of("engineer")), site))
                    .tlsProbes(TlsProbes.fromPlan(plan, dir, TestPki.PASSWORD))) {
                r = new AcceptanceRun(plan, planText, session, session.describe(), AcceptanceRun.Progress.NONE, Clock.systemUTC())
                        .run(dir.resolve("bundle"));
            }
            Verdict v = r.verdicts().get(0);
            System.out.println("authority over TLS, outside DUT: " + v.outcome() + ": " + v.reason());
            int tls = 0;
            for (Check c : v.checks()) {
                if (c.limitName().startsWith("Modbus/TCP Security")) {
                    tls++;
                    assertEquals(Outcome.PASS, c.outcome(), c.what() + ": " + c.measured());
                }
            }
            assertEquals(7, tls, "no certificate, unknown CA, and the operator's 5 write function codes: " + v.checks());
            assertEquals(Outcome.PASS, v.outcome(), v.reason());
        }
    }

    private void store(KeyStore ks, String name) throws Exception {
        try (OutputStream out = Files.newOutputStream(dir.resolve(name))) {
            ks.store(out, TestPki.PASSWORD);
        }
    }
}
