package io.github.ccrhil.water.verify.scada;

import io.github.ccrhil.water.scada.AlarmManager;
import io.github.ccrhil.water.scada.EventJournal;
import io.github.ccrhil.water.scada.Quality;
import io.github.ccrhil.water.scada.Sample;
import io.github.ccrhil.water.scada.Scanner;
import io.github.ccrhil.water.verify.site.SiteWiring;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.water.plant.PlantConfig;
import io.github.ccrhil.water.plant.plc.ChlorinationProgram;
import io.github.ccrhil.water.plant.plc.Plc;
import io.github.ccrhil.modbus.client.ModbusExceptionResponse;
import io.github.ccrhil.modbus.profile.Point;
import io.github.ccrhil.water.plant.site.RunningPlant;
import io.github.ccrhil.water.verify.site.SiteAlarms;
import io.github.ccrhil.water.plant.site.WaterSite;
import io.github.ccrhil.evidence.time.SimulatedClock;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The supervisory scan over real Modbus TCP: every point, every cycle, with quality flags. */
class ScannerTest {
    RunningPlant plant;
    Scanner scanner;
    SimulatedClock clock = new SimulatedClock(java.time.Instant.parse("2026-01-01T00:00:00Z"));

    @BeforeEach
    void start() throws Exception {
        plant = RunningPlant.start(new WaterSite(PlantConfig.typical(60), Duration.ofMillis(100)),
                Instant.parse("2026-01-01T00:00:00Z"), InetAddress.getLoopbackAddress(), 0);
        scanner = new Scanner(SiteWiring.endpoints(plant), Duration.ofMillis(200), Duration.ofMillis(300), 3, clock);
    }

    @AfterEach
    void stop() {
        scanner.close();
        plant.close();
    }

    @Test
    void everyPointOfEveryPlcIsScannedGoodWithItsEngineeringValue() {
        List<Sample> cycle = scanner.scanOnce();
        int points = SiteWiring.endpoints(plant).stream().mapToInt(e -> e.points().points().size()).sum();
        assertEquals(points, cycle.size());
        assertTrue(cycle.stream().allMatch(s -> s.quality() == Quality.GOOD), "all GOOD");
        assertTrue(cycle.stream().allMatch(s -> s.time().equals(clock.instant())), "cycle time stamps every sample");
        Plc chlor = plant.site().plc(WaterSite.CHLORINATION);
        Sample sp = scanner.current(WaterSite.CHLORINATION + "." + ChlorinationProgram.SP);
        assertEquals(chlor.memory().get(ChlorinationProgram.SP), sp.value(), 1e-9);
    }

    @Test
    void linkLossGoesStaleThenCommFailKeepingTheLastValueAndRecovers() {
        scanner.scanOnce();
        String tag = WaterSite.CHLORINATION + "." + ChlorinationProgram.SP;
        double before = scanner.current(tag).value();
        plant.server(WaterSite.CHLORINATION).setOnline(false);
        scanner.scanOnce();
        assertEquals(Quality.STALE, scanner.current(tag).quality());
        assertEquals(before, scanner.current(tag).value());
        scanner.scanOnce();
        scanner.scanOnce();
        assertEquals(Quality.COMM_FAIL, scanner.current(tag).quality());
        assertEquals(Quality.GOOD, scanner.current(WaterSite.INTAKE + ".level").quality(), "other PLCs unaffected");
        plant.server(WaterSite.CHLORINATION).setOnline(true);
        scanner.scanOnce();
        assertEquals(Quality.GOOD, scanner.current(tag).quality());
    }

    @Test
    void commFailRaisesTheLinkAlarmAndRecoveryClearsIt() {
        EventJournal journal = new EventJournal(clock);
        AlarmManager alarms = new AlarmManager(SiteAlarms.defaults(), clock, journal, 10, Duration.ofMinutes(10));
        scanner.addSink(alarms);
        scanner.scanOnce();
        assertFalse(alarms.get("LINK_" + WaterSite.CHLORINATION).active());
        plant.server(WaterSite.CHLORINATION).setOnline(false);
        for (int i = 0; i < 3; i++) {
            scanner.scanOnce();
        }
        assertTrue(alarms.get("LINK_" + WaterSite.CHLORINATION).active());
        plant.server(WaterSite.CHLORINATION).setOnline(true);
        scanner.scanOnce();
        assertFalse(alarms.get("LINK_" + WaterSite.CHLORINATION).active());
        assertEquals(1, journal.ofType("ALARM_CLEARED").stream().filter(e -> e.source().startsWith("LINK_")).count());
    }

    @Test
    void setpointWriteOutsideThePointRangeIsRefusedBeforeSendingAndAPlcRefusalIsTyped() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> scanner.write(WaterSite.CHLORINATION, ChlorinationProgram.SP, 1.5));
        scanner.write(WaterSite.CHLORINATION, ChlorinationProgram.SP, 0.7);
        assertEquals(0.7, plant.site().plc(WaterSite.CHLORINATION).memory().get(ChlorinationProgram.SP), 1e-9);
        // the PLC's own cross-check (LL < L < H < HH) refuses what each range alone allows
        ModbusExceptionResponse e = assertThrows(ModbusExceptionResponse.class,
                () -> scanner.write(WaterSite.INTAKE, "sp_l", 4.9));
        assertEquals(3, e.exceptionCode());
        Point p = plant.site().plc(WaterSite.INTAKE).memory().profile().require("sp_l");
        assertEquals(2.0, plant.site().plc(WaterSite.INTAKE).memory().get(p.name()), 1e-9);
    }
}
