package io.github.ccrhil.water.plant.site;

import io.github.ccrhil.water.plant.plc.Plc;
import io.github.ccrhil.water.plant.plc.PlcServer;
import io.github.ccrhil.water.plant.sim.PeriodicRunner;
import io.github.ccrhil.water.plant.sim.RealTimeDriver;
import io.github.ccrhil.evidence.time.SimulatedClock;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A site running in real time: the plant and its PLCs paced by the wall clock, each PLC serving
 * Modbus TCP on its own port (ephemeral on loopback unless told otherwise).
 */
public final class RunningPlant implements AutoCloseable {
    private final WaterSite site;
    private final RealTimeDriver driver;
    private final Map<String, PlcServer> servers = new LinkedHashMap<>();

    private RunningPlant(WaterSite site, SimulatedClock clock) {
        this.site = site;
        this.driver = new RealTimeDriver(site.register(new PeriodicRunner(clock)), Duration.ofMillis(5), "plant+plcs");
    }

    /**
     * @param epoch    wall-clock instant the simulated clock starts from (the caller reads the clock, not the model)
     * @param basePort first port (PLC i gets basePort + i), or 0 for ephemeral ports
     */
    public static RunningPlant start(WaterSite site, Instant epoch, InetAddress bind, int basePort) throws IOException {
        return start(site, epoch, bind, basePort, null);
    }

    /**
     * As above; with {@code tls} every PLC serves Modbus/TCP Security (mutual TLS, the roles its
     * profile declares), without it plain Modbus/TCP.
     */
    public static RunningPlant start(WaterSite site, Instant epoch, InetAddress bind, int basePort,
                                     io.github.ccrhil.modbus.tcp.TlsSettings tls) throws IOException {
        RunningPlant rp = new RunningPlant(site, new SimulatedClock(epoch));
        try {
            int i = 0;
            for (Plc plc : site.plcs()) {
                int port = basePort == 0 ? 0 : basePort + i;
                try {
                    rp.servers.put(plc.name(), tls == null ? PlcServer.start(plc, bind, port)
                            : PlcServer.startSecure(plc, bind, port, tls));
                } catch (java.net.BindException e) {
                    java.net.BindException named = new java.net.BindException("PLC " + plc.name() + " cannot listen on "
                            + bind.getHostAddress() + ":" + port + ": " + e.getMessage());
                    named.initCause(e);
                    throw named;
                }
                i++;
            }
        } catch (IOException | RuntimeException e) {
            rp.close();
            throw e;
        }
        rp.driver.start();
        return rp;
    }

    public WaterSite site() {
        return site;
    }

    public PlcServer server(String plc) {
        PlcServer s = servers.get(plc);
        if (s == null) {
            throw new IllegalArgumentException("no PLC named " + plc);
        }
        return s;
    }

    /** The PLC servers by PLC name, in site order. */
    public Map<String, PlcServer> servers() {
        return java.util.Collections.unmodifiableMap(servers);
    }

    public RealTimeDriver driver() {
        return driver;
    }

    @Override
    public void close() {
        for (PlcServer s : servers.values()) {
            s.close();
        }
        driver.close();
    }
}
