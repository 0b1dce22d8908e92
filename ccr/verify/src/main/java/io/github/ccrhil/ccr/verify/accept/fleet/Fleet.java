package io.github.ccrhil.ccr.verify.accept.fleet;

import io.github.ccrhil.ccr.verify.accept.plan.TestPlan.DeclaredComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An airport's CCRs as {@code fleet.yaml} declares them: each regulator's name and vault, where
 * the lighting control system reaches it (a Modbus TCP gateway and a unit id, or an RS-485 bus and
 * a node), its register profile, rating and step table, its loop, and the identity its owner
 * declares for each designated component.
 *
 * @param name the fleet's name (names the bundle)
 * @param emulated true when the gateways and buses are served by this process ({@code accept --fleet emulated:N})
 * @param gateways the Modbus TCP gateways, each with how many transactions it takes at once
 * @param ccrs every CCR, in file order
 */
public record Fleet(String name, boolean emulated, List<Gateway> gateways, List<Ccr> ccrs) {

    public Fleet {
        Objects.requireNonNull(name, "name");
        gateways = List.copyOf(gateways);
        ccrs = List.copyOf(ccrs);
    }

    /**
     * A Modbus TCP gateway in front of several CCRs.
     *
     * @param address "tcp:host:port"
     * @param concurrent how many CCRs it serves at once (its connections or outstanding transactions)
     */
    public record Gateway(String address, int concurrent) { }

    /** Where a CCR is reached. */
    public sealed interface Address permits Tcp, Rtu {
        /** The shared medium: "tcp:host:port" (a gateway) or "rtu:tty" (a bus). */
        String medium();

        /** One line, as in fleet.yaml. */
        String describe();
    }

    /** Behind a Modbus TCP gateway, as unit {@code unit}. */
    public record Tcp(String host, int port, int unit) implements Address {
        public String medium() {
            return "tcp:" + host + ":" + port;
        }

        public String describe() {
            return medium() + " unit " + unit;
        }
    }

    /** On an RS-485 bus (one transaction at a time), as node {@code node}. */
    public record Rtu(String tty, int node) implements Address {
        public String medium() {
            return "rtu:" + tty;
        }

        public String describe() {
            return medium() + " node " + node;
        }
    }

    /**
     * The regulator's rating as its nameplate and commissioning sheet give it.
     *
     * @param kva rated output, kVA
     * @param steps step table name (the verifier's tables: 6.6A-5step, 6.6A-3step, 20A-5step)
     * @param tolerances tolerance table name
     * @param mainsVoltage nominal input, V
     * @param mainsHz mains frequency, Hz
     */
    public record Rating(double kva, String steps, String tolerances, double mainsVoltage, double mainsHz) { }

    /**
     * The series loop.
     *
     * @param lengthM cable length, m
     * @param lamps lamps on the loop, as declared (recorded; the emulated loop sizes itself from the rating)
     * @param led share of LED lamps, 0..1
     */
    public record Loop(double lengthM, int lamps, double led) { }

    /**
     * One CCR.
     *
     * @param line the line of fleet.yaml it starts on (for messages)
     */
    public record Ccr(String name, String vault, Address address, String profile, Rating rating, Loop loop,
                      List<DeclaredComponent> identity, int line) {
        public Ccr {
            identity = List.copyOf(identity);
        }
    }

    /** The gateway at {@code medium}, or one taking a single transaction when the file names none. */
    public Gateway gateway(String medium) {
        return gateways.stream().filter(g -> g.address().equals(medium)).findFirst().orElse(new Gateway(medium, 1));
    }

    /** The CCRs by the medium they share, in file order. */
    public Map<String, List<Ccr>> byMedium() {
        Map<String, List<Ccr>> out = new LinkedHashMap<>();
        for (Ccr c : ccrs) {
            out.computeIfAbsent(c.address().medium(), k -> new ArrayList<>()).add(c);
        }
        return out;
    }

    public Ccr ccr(String name) {
        return ccrs.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
    }
}
