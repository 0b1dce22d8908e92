package io.github.ccrhil.water.plant.plc;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.ccrhil.modbus.client.ModbusExceptionResponse;
import io.github.ccrhil.modbus.pdu.ExceptionCode;
import io.github.ccrhil.modbus.profile.Point;
import io.github.ccrhil.modbus.profile.Profile;
import io.github.ccrhil.modbus.profile.Table;
import io.github.ccrhil.modbus.tcp.ModbusTcpClient;
import io.github.ccrhil.water.plant.PlantConfig;
import io.github.ccrhil.water.plant.site.WaterSite;
import java.time.Duration;
import java.util.List;
import java.util.NavigableMap;
import org.junit.jupiter.api.Test;

/** Each water PLC serves exactly the register map of its shipped YAML profile: every point, nothing else. */
class ProfileServedTest {

    final PlantConfig cfg = PlantConfig.typical(60);
    final WaterSite site = new WaterSite(cfg, Duration.ofMillis(100));

    @Test
    void eachPlcHasTheShippedProfileOfItsKind() {
        assertEquals(Profiles.intake(), site.plc(WaterSite.INTAKE).memory().profile());
        assertEquals(Profiles.coagulation(), site.plc(WaterSite.COAGULATION).memory().profile());
        assertEquals(Profiles.chlorination(), site.plc(WaterSite.CHLORINATION).memory().profile());
        Profile filters = site.plc(WaterSite.FILTERS).memory().profile();
        assertEquals(Profiles.filters(cfg.filters().count()), filters);
        assertEquals(2 + 5 * cfg.filters().count() + 3, filters.points().size(), "per filter: head loss, run time, step, washing, request");
        Profile pumps = site.plc(WaterSite.TRANSMISSION).memory().profile();
        assertEquals(Profiles.transmission(cfg.transmission().pumps()), pumps);
        assertEquals(10 + cfg.transmission().pumps(), pumps.points().size());
    }

    @Test
    void everyPointOfTheProfileIsServedAndNoAddressBesideIt() throws Exception {
        for (Plc plc : site.plcs()) {
            try (PlcServer server = PlcServer.startOnLoopback(plc);
                 ModbusTcpClient client = new ModbusTcpClient("127.0.0.1", server.port(), Duration.ofSeconds(2))) {
                Profile profile = plc.memory().profile();
                for (Table table : Table.values()) {
                    NavigableMap<Integer, Point> points = profile.table(table);
                    for (Point p : points.values()) {
                        assertDoesNotThrow(() -> read(client, plc.unitId(), table, p.address()), plc.name() + " serves " + p.name());
                    }
                    int beyond = points.isEmpty() ? 0 : points.lastEntry().getValue().lastAddress() + 1;
                    ModbusExceptionResponse e = assertThrows(ModbusExceptionResponse.class,
                            () -> read(client, plc.unitId(), table, beyond), plc.name() + " " + table.yamlName() + " " + beyond);
                    assertEquals(ExceptionCode.ILLEGAL_DATA_ADDRESS, e.code(), plc.name() + " " + table.yamlName() + " " + beyond);
                }
            }
        }
    }

    private static void read(ModbusTcpClient m, int unit, Table table, int address) throws Exception {
        switch (table) {
            case COIL -> m.readCoils(unit, address, 1);
            case DISCRETE_INPUT -> m.readDiscreteInputs(unit, address, 1);
            case INPUT_REGISTER -> m.readInputRegisters(unit, address, 1);
            case HOLDING_REGISTER -> m.readHoldingRegisters(unit, address, 1);
        }
    }

    @Test
    void pointNamesAreLowerSnakeCase() {
        for (Plc plc : site.plcs()) {
            List<Point> points = plc.memory().profile().points();
            points.forEach(p -> assertEquals(true, p.name().matches("[a-z][a-z0-9_]*"), p.name()));
        }
    }
}
