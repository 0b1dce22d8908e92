package io.github.ccrhil.water.plant.plc;

import io.github.ccrhil.water.plant.sim.PeriodicRunner;
import io.github.ccrhil.water.plant.sim.RealTimeDriver;
import io.github.ccrhil.evidence.time.SimulatedClock;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * N synthetic PLCs of P points each, every one a Modbus TCP server on its own ephemeral loopback
 * port, scanning in real time: the load for scan tests, the acceptance suite and benchmarks
 * (e.g. 100 × 500 for the "100 PLCs × 500 points at 1 s" target).
 */
public final class SyntheticFarm implements AutoCloseable {
    private final List<PlcServer> servers = new ArrayList<>();
    private final RealTimeDriver driver;

    public SyntheticFarm(int plcs, int points, Duration plcScan) throws IOException {
        if (plcs < 0 || plcs > 1000) {
            throw new IllegalArgumentException("synthetic PLC count must be 0..1000, was " + plcs);
        }
        PeriodicRunner runner = new PeriodicRunner(new SimulatedClock(PeriodicRunner.WATER_EPOCH));
        try {
            for (int i = 0; i < plcs; i++) {
                Plc plc = new Plc("LOAD" + i, 1, new SyntheticProgram(points), SyntheticProgram.NO_FIELD, plcScan);
                runner.every(plc.name(), plc.scanPeriod(), plc::scan);
                servers.add(PlcServer.startOnLoopback(plc));
            }
        } catch (IOException | RuntimeException e) {
            servers.forEach(PlcServer::close);
            throw e;
        }
        driver = new RealTimeDriver(runner, Duration.ofMillis(10), "synthetic-plcs").start();
    }

    public List<PlcServer> servers() {
        return List.copyOf(servers);
    }

    @Override
    public void close() {
        servers.forEach(PlcServer::close);
        driver.close();
    }
}
