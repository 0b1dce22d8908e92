package io.github.ccrhil.water.verify.site;

import io.github.ccrhil.water.plant.plc.PlcServer;
import io.github.ccrhil.water.plant.plc.SyntheticFarm;
import io.github.ccrhil.water.plant.site.RunningPlant;
import io.github.ccrhil.water.scada.PlcEndpoint;
import java.util.ArrayList;
import java.util.List;

/**
 * Connects the simulated site to the supervisory server: each PLC server becomes a
 * {@link PlcEndpoint} carrying the PLC's profile, which is how the server gets its register maps
 * (as configuration, the way a real site's PLC maps are given to it).
 */
public final class SiteWiring {
    private SiteWiring() {
    }

    /** Endpoints of a running plant's PLCs on loopback. */
    public static List<PlcEndpoint> endpoints(RunningPlant plant) {
        return endpoints(plant, "127.0.0.1");
    }

    /** Endpoints of a running plant's PLCs at {@code host}. */
    public static List<PlcEndpoint> endpoints(RunningPlant plant, String host) {
        return endpoints(List.copyOf(plant.servers().values()), host);
    }

    /**
     * Endpoints of a site's PLCs served elsewhere (by {@code ccr-hil water plant}) at {@code host}, PLC
     * i on {@code basePort + i}: the site's register maps given to the server as configuration.
     */
    public static List<PlcEndpoint> endpoints(io.github.ccrhil.water.plant.site.WaterSite site, String host, int basePort) {
        List<PlcEndpoint> out = new ArrayList<>();
        int i = 0;
        for (io.github.ccrhil.water.plant.plc.Plc plc : site.plcs()) {
            out.add(new PlcEndpoint(plc.name(), host, basePort + i, plc.unitId(), plc.memory().profile()));
            i++;
        }
        return out;
    }

    /**
     * Endpoints of a site's PLCs served elsewhere at {@code host}, PLC i on {@code ports.get(i)} (PLCs
     * whose ports do not follow one another, as a plant started on ephemeral ports serves them).
     *
     * @throws IllegalArgumentException unless there is one port, 1..65535, for each of the site's PLCs
     */
    public static List<PlcEndpoint> endpoints(io.github.ccrhil.water.plant.site.WaterSite site, String host, List<Integer> ports) {
        List<io.github.ccrhil.water.plant.plc.Plc> plcs = site.plcs();
        if (ports.size() != plcs.size()) {
            throw new IllegalArgumentException("one port for each of the " + plcs.size() + " PLCs ("
                    + plcs.stream().map(io.github.ccrhil.water.plant.plc.Plc::name).toList() + "), not " + ports.size());
        }
        List<PlcEndpoint> out = new ArrayList<>();
        for (int i = 0; i < plcs.size(); i++) {
            int port = ports.get(i);
            if (port < 1 || port > 65_535) {
                throw new IllegalArgumentException("PLC port must be 1..65535, was " + port);
            }
            io.github.ccrhil.water.plant.plc.Plc plc = plcs.get(i);
            out.add(new PlcEndpoint(plc.name(), host, port, plc.unitId(), plc.memory().profile()));
        }
        return out;
    }

    /** Endpoints of synthetic load PLCs on loopback. */
    public static List<PlcEndpoint> endpoints(SyntheticFarm farm) {
        return endpoints(farm.servers(), "127.0.0.1");
    }

    private static List<PlcEndpoint> endpoints(List<PlcServer> servers, String host) {
        List<PlcEndpoint> out = new ArrayList<>();
        for (PlcServer s : servers) {
            out.add(new PlcEndpoint(s.plc().name(), host, s.port(), s.plc().unitId(), s.plc().memory().profile()));
        }
        return out;
    }
}
