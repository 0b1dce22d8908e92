package io.github.ccrhil.it.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.evidence.time.SimulatedClock;
import io.github.ccrhil.it.Peers;
import io.github.ccrhil.modbus.tcp.TestPki;
import io.github.ccrhil.water.plant.PlantConfig;
import io.github.ccrhil.water.plant.plc.ChlorinationProgram;
import io.github.ccrhil.water.plant.plc.PlcServer;
import io.github.ccrhil.water.plant.sim.PeriodicRunner;
import io.github.ccrhil.water.plant.sim.RealTimeDriver;
import io.github.ccrhil.water.plant.site.WaterSite;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Modbus/TCP Security interop against the water plant: pymodbus's TLS client (Debian
 * python3-pymodbus, OpenSSL underneath) against the chlorination PLC served with TLS, its roles
 * from its own profile (chlorination.yaml: operator reads, shift-lead writes cl_sp only, engineer
 * reads and writes), and the PLC's own range check behind them.
 */
@Timeout(120)
class PymodbusTlsWaterPlcIT {

    /** Holding registers of chlorination.yaml. */
    static final int CL_SP = 0;
    static final int KP = 2;
    static final int DOSE_MAX = 4;

    static TestPki site;
    WaterSite waterSite;
    RealTimeDriver driver;
    PlcServer plc;
    @TempDir
    Path dir;

    @BeforeAll
    static void pki() throws Exception {
        Peers.requirePymodbus();
        site = new TestPki("water site CA");
    }

    @BeforeEach
    void start() throws Exception {
        waterSite = new WaterSite(PlantConfig.typical(60), Duration.ofMillis(100));
        driver = new RealTimeDriver(waterSite.register(new PeriodicRunner(new SimulatedClock(PeriodicRunner.WATER_EPOCH))),
                Duration.ofMillis(5), "site").start();
        plc = PlcServer.startSecure(waterSite.plc(WaterSite.CHLORINATION), InetAddress.getLoopbackAddress(), 0,
                TestPki.settings(site.identity("chlorination-plc", Optional.empty()), site));
    }

    @AfterEach
    void stop() {
        plc.close();
        driver.close();
    }

    private Map<String, String> pymodbus(TestPki ca, String role, int read, int write, int value, String... tlsVersion) throws Exception {
        String name = role + "-" + read + "-" + write + "-" + value + String.join("", tlsVersion);
        Path[] files = ca.writePem(ca.identity(name, Optional.of(role)), dir, name);
        Path caFile = site.writeCaPem(dir.resolve("site-ca.crt"));
        List<String> command = new ArrayList<>(List.of("/usr/bin/env", "PEER_READ_ADDRESS=" + read, "PEER_WRITE_ADDRESS=" + write,
                "PEER_WRITE_VALUE=" + value, "/usr/bin/python3", Peers.repositoryRoot().resolve("src/peers/pymodbus_tls_client.py").toString(),
                "127.0.0.1", String.valueOf(plc.port()), String.valueOf(plc.plc().unitId()), caFile.toString(), files[0].toString(),
                files[1].toString()));
        command.addAll(List.of(tlsVersion));
        Peers.Result r = Peers.run(command, 60);
        assertEquals(0, r.exit(), r.output());
        Map<String, String> seen = new LinkedHashMap<>();
        for (String line : r.output().split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0 && !line.contains(" ")) {
                seen.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        System.out.println("pymodbus TLS water PLC, " + name + ": " + seen);
        return seen;
    }

    private double memory(String point) {
        return waterSite.plc(WaterSite.CHLORINATION).memory().get(point);
    }

    @Test
    void anEngineerReadsTheDoseLimitAndTunesTheGainOverTls13() throws Exception {
        Map<String, String> seen = pymodbus(site, "engineer", DOSE_MAX, KP, 1500);
        assertEquals("ok", seen.get("connect"));
        assertEquals("TLSv1.3", seen.get("tls"));
        assertEquals("500", seen.get("read4"), "dose_max 5.00 mg/L at scale 0.01");
        assertEquals("ok", seen.get("write2"));
        assertEquals(1.5, memory(ChlorinationProgram.KP), 1e-9);
    }

    @Test
    void anEngineerOverTls12StillMeetsThePlcsOwnRangeCheck() throws Exception {
        Map<String, String> seen = pymodbus(site, "engineer", DOSE_MAX, KP, 0xBEEF, "TLSv1_2");
        assertEquals("TLSv1.2", seen.get("tls"));
        assertEquals("500", seen.get("read4"));
        assertEquals("exception:3", seen.get("write2"), "kp 48.879 is outside 0..10: the PLC refuses it whoever asks");
        assertEquals(1.0, memory(ChlorinationProgram.KP), 1e-9);
    }

    @Test
    void aShiftLeadWritesTheChlorineSetPointAndNothingElse() throws Exception {
        Map<String, String> sp = pymodbus(site, "shift-lead", CL_SP, CL_SP, 600);
        assertEquals("ok", sp.get("write0"));
        assertEquals(0.6, memory(ChlorinationProgram.SP), 1e-9);
        Map<String, String> kp = pymodbus(site, "shift-lead", CL_SP, KP, 1500);
        assertEquals("600", kp.get("read0"));
        assertEquals("exception:1", kp.get("write2"), "the shift lead's role does not cover kp");
        assertEquals(1.0, memory(ChlorinationProgram.KP), 1e-9);
    }

    @Test
    void anOperatorReadsButItsWriteIsRefusedIllegalFunction() throws Exception {
        Map<String, String> seen = pymodbus(site, "operator", DOSE_MAX, CL_SP, 600);
        assertEquals("500", seen.get("read4"));
        assertEquals("exception:1", seen.get("write0"));
        assertEquals(0.5, memory(ChlorinationProgram.SP), 1e-9);
    }

    @Test
    void anEngineerCertificateFromAnUnknownCaGetsNothing() throws Exception {
        Map<String, String> seen = pymodbus(new TestPki("rogue CA"), "engineer", DOSE_MAX, KP, 1500);
        // TLS 1.3: the client may finish its side of the handshake before the server refuses it
        assertTrue(!"500".equals(seen.get("read4")) && !"ok".equals(seen.get("write2")), seen.toString());
        assertEquals(1.0, memory(ChlorinationProgram.KP), 1e-9);
        assertEquals(0, plc.requests());
    }
}
