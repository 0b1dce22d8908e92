package io.github.ccrhil.it.ccr;

import io.github.ccrhil.ccr.emulator.profile.CcrProfiles;

import io.github.ccrhil.ccr.verify.accept.AcceptanceRun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.ccr.firmware.control.StepTable;
import io.github.ccrhil.ccr.verify.accept.dut.LinkedDutSessions;
import io.github.ccrhil.ccr.verify.accept.dut.Operator;
import io.github.ccrhil.ccr.verify.accept.plan.PlanReader;
import io.github.ccrhil.ccr.verify.accept.plan.TestPlan;
import io.github.ccrhil.evidence.Check;
import io.github.ccrhil.evidence.Outcome;
import io.github.ccrhil.evidence.Verdict;
import io.github.ccrhil.it.ServedReferenceCcr;
import io.github.ccrhil.ccr.emulator.device.CcrModbusDevice;
import io.github.ccrhil.ccr.emulator.device.FirmwareLoop;
import io.github.ccrhil.modbus.profile.MemoryPointStore;
import io.github.ccrhil.modbus.profile.Profile;
import io.github.ccrhil.modbus.profile.ProfileLoader;
import io.github.ccrhil.modbus.profile.RegisterImage;
import io.github.ccrhil.modbus.server.ModbusServerCore;
import io.github.ccrhil.modbus.tcp.ModbusTcpServer;
import io.github.ccrhil.ccr.emulator.sim.InProcessHardwarePort;
import io.github.ccrhil.ccr.plant.PlantHalfCycle;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small emulated bench in wall-clock time: the emulated CCR served as Modbus TCP, a Modbus TCP
 * relay module whose open_loop coil opens the emulated plant's series loop, and a Modbus TCP
 * true-rms meter whose input register reports the plant's true loop current. The acceptance run
 * injects the fault through the relay and judges from the meter.
 */
class RelayRigAndExternalMeterBenchIT {

    @TempDir
    Path dir;

    @Test
    void stepAccuracyAndOpenCircuitPassWithTheRelayModuleAsRigAndTheExternalMeterAsMeasurement() throws Exception {
        ServedReferenceCcr ccr = new ServedReferenceCcr();
        StepTable steps = ccr.steps;
        InProcessHardwarePort port = ccr.port;
        Object lock = ccr.lock;
        CcrModbusDevice device = ccr.device;

        Profile relayProfile = ProfileLoader.parse(ProfileLoader.resourceText("/profiles/relay-module-example.yaml"), "relays");
        MemoryPointStore relays = new MemoryPointStore(relayProfile, null);
        java.util.concurrent.atomic.AtomicBoolean loopOpened = new java.util.concurrent.atomic.AtomicBoolean();
        relays.afterWrite(w -> {
            if (Boolean.TRUE.equals(relays.get("open_loop"))) {
                loopOpened.set(true);
            }
            synchronized (lock) {
                port.plant().conditions().setLoopOpen(Boolean.TRUE.equals(relays.get("open_loop")));
            }
        });
        Profile meterProfile = ProfileLoader.parse(ProfileLoader.resourceText("/profiles/meter-example.yaml"), "meter");
        MemoryPointStore meter = new MemoryPointStore(meterProfile, null);
        Thread metering = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                synchronized (lock) {
                    PlantHalfCycle h = port.lastHalfCycle();
                    if (h != null) {
                        meter.set("loop_current_rms", h.trueCurrentRms);
                    }
                }
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-meter");
        metering.setDaemon(true);

        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try (ModbusTcpServer dut = new ModbusTcpServer(device.serverCore(), any, 1);
             ModbusTcpServer relayModule = new ModbusTcpServer(new ModbusServerCore(new RegisterImage(relayProfile, relays)), any, 1);
             ModbusTcpServer meterServer = new ModbusTcpServer(new ModbusServerCore(new RegisterImage(meterProfile, meter)), any, 1);
             FirmwareLoop firmware = ccr.startFirmware()) {
            metering.start();
            Path relaysYaml = dir.resolve("relays.yaml");
            Path meterYaml = dir.resolve("meter.yaml");
            Files.writeString(relaysYaml, ProfileLoader.resourceText("/profiles/relay-module-example.yaml"));
            Files.writeString(meterYaml, ProfileLoader.resourceText("/profiles/meter-example.yaml"));
            String text = String.join("\n",
                    "plan: relay-and-meter-bench",
                    "seed: 1",
                    "dut: { address: 'tcp:127.0.0.1:" + dut.port() + "', profile: reference-ccr }",
                    "rig: { kind: relay-module, address: 'tcp:127.0.0.1:" + relayModule.port() + "', profile: relays.yaml }",
                    "measurement: { kind: external-meter, address: 'tcp:127.0.0.1:" + meterServer.port()
                            + "', profile: meter.yaml, point: loop_current_rms }",
                    "equipment: { ratedKva: 10, steps: 6.6A-5step, tolerances: UFC-3-535-01, mainsVoltage: 400, mainsHz: 50,",
                    "             cableLength: 4000, led: 50% }",
                    "identity:",
                    "  - { component: current-control software, model: ccr-hil current-control software, revision: 0.1.0, sha256: reference-build }",
                    "tests:",
                    "  - id: step-accuracy",
                    "    procedure: step-accuracy",
                    "    requirement: Every step's output current is within its tolerance band",
                    "    clause: UFC 3-535-01 Tables 15-2/15-3",
                    "    limits:",
                    "      settle-window: { name: steady-state judging window, value: 0.3, unit: s, default: \"last 0.3 s of each dwell\" }",
                    "    conditions: { steps: [3, 5], load: [100%], input: [0%], failedLamps: [0%] }",
                    "    params: { firstDwell: 4s, dwell: 2.5s }",
                    "  - id: open-circuit",
                    "    procedure: open-circuit",
                    "    requirement: The CCR de-energises its output when the series loop opens",
                    "    clause: UFC 3-535-01 §14-7.1",
                    "    limits:",
                    "      trip-time: { name: open-circuit trip time, value: 3.0, unit: s, source: \"UFC 3-535-01 §14-7.1\" }",
                    "    conditions: { steps: [5], load: [100%] }",
                    "    params: { dwell: 3s }",
                    "");
            Path planFile = dir.resolve("plan.yaml");
            Files.writeString(planFile, text);
            TestPlan plan = PlanReader.read(planFile);
            assertEquals(TestPlan.Rig.RELAY_MODULE, plan.rig());
            Operator operator = instruction -> { }; // the bench is already at the one operating point
            AcceptanceRun.Result r;
            try (LinkedDutSessions session = new LinkedDutSessions(plan, plan.dut().address(), CcrProfiles.referenceCcr(),
                    Duration.ofSeconds(1), Clock.systemUTC(), keepAlive -> operator,
                    ProfileLoader.load(relaysYaml), ProfileLoader.load(meterYaml))) {
                assertTrue(session.describe().contains("external meter"), session.describe());
                r = new AcceptanceRun(plan, text, session, session.describe(), AcceptanceRun.Progress.NONE, Clock.systemUTC())
                        .run(dir.resolve("bundle"));
            } finally {
                metering.interrupt();
            }
            assertEquals(2, r.verdicts().size());
            for (Verdict v : r.verdicts()) {
                assertEquals(Outcome.PASS, v.outcome(), v.testId() + ": " + v.reason() + " " + v.checks());
                assertFalse(v.selfReported(), v.testId() + " is judged from the meter, not the DUT's report");
                assertEquals("external-meter", v.measurement());
                assertFalse(v.checks().isEmpty());
                for (Check c : v.checks()) {
                    assertFalse(c.limit().isBlank() || c.measured().isBlank(), c.toString());
                }
            }
            assertTrue(loopOpened.get(), "the open-circuit test opened the loop through the relay");
            assertEquals(Boolean.FALSE, relays.get("open_loop"), "and closed it again after the judged part of the run");
            String events = Files.readString(Files.list(r.bundle().resolve("traces").resolve("open-circuit"))
                    .filter(p -> p.toString().endsWith(".events.csv")).findFirst().orElseThrow());
            assertTrue(events.contains("loop-open"), events);
        }
    }
}
