package io.github.ccrhil.it.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.evidence.time.SimulatedClock;
import io.github.ccrhil.modbus.client.LinkException;
import io.github.ccrhil.modbus.client.ModbusExceptionResponse;
import io.github.ccrhil.modbus.tcp.ModbusTcpClient;
import io.github.ccrhil.modbus.tcp.TestPki;
import io.github.ccrhil.water.plant.PlantConfig;
import io.github.ccrhil.water.plant.plc.PlcServer;
import io.github.ccrhil.water.plant.sim.PeriodicRunner;
import io.github.ccrhil.water.plant.sim.RealTimeDriver;
import io.github.ccrhil.water.plant.site.WaterSite;
import io.github.ccrhil.water.scada.PlcEndpoint;
import io.github.ccrhil.water.scada.Quality;
import io.github.ccrhil.water.scada.Scanner;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Modbus/TCP Security between the water PLCs and the supervisory server: the chlorination PLC
 * served with TLS and mutual authentication, its roles from its profile (chlorination.yaml), and
 * the supervisory server's scanner polling and writing it with its own certificate.
 */
@Timeout(120)
class SecureWaterPlcIT {

    static TestPki site;
    static TestPki stranger;

    WaterSite waterSite;
    RealTimeDriver driver;
    PlcServer plc;

    @BeforeAll
    static void pki() throws Exception {
        site = new TestPki("water site CA");
        stranger = new TestPki("unknown CA");
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

    private ModbusTcpClient client(String role, TestPki ca) throws Exception {
        return new ModbusTcpClient(new InetSocketAddress(InetAddress.getLoopbackAddress(), plc.port()), Duration.ofSeconds(5),
                TestPki.settings(ca.identity("client-" + role, Optional.of(role)), site));
    }

    @Test
    void thePlcsRolesComeFromItsProfileByFunctionCodeAndPoint() throws Exception {
        int unit = plc.plc().unitId();
        try (ModbusTcpClient lead = client("shift-lead", site); ModbusTcpClient operator = client("operator", site)) {
            lead.writeSingleRegister(unit, 0, 500); // cl_sp 0.5 mg/L
            assertEquals(500, lead.readHoldingRegisters(unit, 0, 1)[0]);
            ModbusExceptionResponse notKp = assertThrows(ModbusExceptionResponse.class, () -> lead.writeSingleRegister(unit, 2, 5));
            assertEquals(1, notKp.exceptionCode(), "the shift lead may change cl_sp only: kp is refused 01");
            assertEquals(500, operator.readHoldingRegisters(unit, 0, 1)[0], "operators read");
            ModbusExceptionResponse refused = assertThrows(ModbusExceptionResponse.class,
                    () -> operator.writeSingleRegister(unit, 0, 700));
            assertEquals(1, refused.exceptionCode(), "operators do not write");
        }
        assertEquals(500, readBack(unit), "the refused write changed nothing");
    }

    private int readBack(int unit) throws Exception {
        try (ModbusTcpClient engineer = client("engineer", site)) {
            return engineer.readHoldingRegisters(unit, 0, 1)[0];
        }
    }

    @Test
    void aClientWithoutACertificateOrFromAnUnknownCaIsRefusedAtTheHandshake() throws Exception {
        int unit = plc.plc().unitId();
        InetSocketAddress at = new InetSocketAddress(InetAddress.getLoopbackAddress(), plc.port());
        try (ModbusTcpClient none = new ModbusTcpClient(at, Duration.ofSeconds(3), TestPki.noCertificate(site));
             ModbusTcpClient unknown = client("engineer", stranger);
             ModbusTcpClient plain = new ModbusTcpClient(at, Duration.ofSeconds(3))) {
            assertThrows(LinkException.class, () -> none.readHoldingRegisters(unit, 0, 1));
            assertThrows(LinkException.class, () -> unknown.readHoldingRegisters(unit, 0, 1));
            assertThrows(LinkException.class, () -> plain.readHoldingRegisters(unit, 0, 1), "plain Modbus/TCP gets nothing");
        }
        assertTrue(plc.counters().tlsHandshakesFailed() >= 2, "the refused handshakes are counted: " + plc.counters());
    }

    @Test
    void theSupervisoryServerPollsAndWritesThePlcOverModbusTcpSecurity() throws Exception {
        PlcEndpoint endpoint = new PlcEndpoint(WaterSite.CHLORINATION, "127.0.0.1", plc.port(), plc.plc().unitId(),
                plc.plc().memory().profile()).withTls(TestPki.settings(site.identity("scada-a", Optional.of("scada")), site));
        try (Scanner scanner = new Scanner(List.of(endpoint), Duration.ofMillis(200), Duration.ofSeconds(3), 3, Clock.systemUTC())) {
            scanner.scanOnce();
            assertEquals(Quality.GOOD, scanner.plcQuality().get(WaterSite.CHLORINATION), "polled over TLS: " + scanner.lastError(
                    WaterSite.CHLORINATION));
            scanner.write(WaterSite.CHLORINATION, "cl_sp", 0.7);
            scanner.scanOnce();
            assertEquals(0.7, scanner.current(WaterSite.CHLORINATION + ".cl_sp").value(), 1e-9);
        }
        PlcEndpoint plain = new PlcEndpoint(WaterSite.CHLORINATION, "127.0.0.1", plc.port(), plc.plc().unitId(),
                plc.plc().memory().profile());
        try (Scanner scanner = new Scanner(List.of(plain), Duration.ofMillis(200), Duration.ofSeconds(1), 1, Clock.systemUTC())) {
            scanner.scanOnce();
            assertEquals(Quality.COMM_FAIL, scanner.plcQuality().get(WaterSite.CHLORINATION), "a plain scanner gets nothing");
        }
    }
}
