package io.github.ccrhil.ccr.verify.accept.dut;

import io.github.ccrhil.ccr.emulator.profile.CcrProfiles;
import io.github.ccrhil.ccr.firmware.board.BoardConfig;
import io.github.ccrhil.ccr.verify.accept.fleet.Fleet;
import io.github.ccrhil.ccr.verify.accept.plan.TestPlan;
import io.github.ccrhil.ccr.verify.accept.procedure.Procedures;
import io.github.ccrhil.ccr.verify.limits.LimitTables;
import io.github.ccrhil.evidence.ComponentIdentity;
import io.github.ccrhil.evidence.bundle.Manifest;
import io.github.ccrhil.modbus.client.SharedLineClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * An airport's fleet of emulated CCRs in this process ({@code accept --fleet emulated:N}): varied
 * ratings, step tables and loops; most behind emulated Modbus TCP gateways ({@link EmulatedGateway}:
 * one loopback port per gateway, each CCR's remote interface at its unit id behind it, the gateway
 * taking its fleet-file number of transactions at once and answering 0x0A/0x0B for a unit that is
 * not there or does not answer), some on one RS-485 bus ({@link EmulatedBus}: one socat pty pair as the line, one multi-drop RTU server
 * answering each CCR's node id, one master port the verifier shares, every transaction taking its
 * turn). Its fleet file declares for every CCR the identity of the updated reference build; a few
 * CCRs carry planted faults the declaration does not know of ({@link Planted}). Close it to take
 * its buses down.
 */
public final class EmulatedCcrFleet implements AutoCloseable {

    /** A fault planted in one CCR of the emulated fleet. */
    public enum Planted {
        /** The update did not reach it: its current-control software is the previous version (another hash). */
        OLD_SOFTWARE,
        /** Its open-circuit protection waits 4 s (the UFC limit is 3 s): a changed protection setting. */
        SLOW_OPEN_CIRCUIT_TRIP,
        /** It answers the first request of each run, then nothing (a dead gateway port, a cut bus). */
        STOPS_ANSWERING
    }

    /** The hash the previous software version reports (SHA-256 of its name and version, the emulated stand-in). */
    public static final String OLD_SOFTWARE_SHA256 = Manifest.sha256(
            "ccr-hil current-control software 0.0.9".getBytes(StandardCharsets.UTF_8));

    /** The fleet file's host names of the emulated gateways, and its bus. */
    public static final String GATEWAY_HOST = "gateway-%d.emulated";
    public static final String BUS_TTY = "emulated-rs485-bus";

    private record Kind(double kva, String steps, String tolerances) { }

    /** The ratings the emulated fleet cycles through (kVA, step table, tolerance table). */
    private static final List<Kind> KINDS = List.of(
            new Kind(10, "6.6A-5step", "UFC-3-535-01"),
            new Kind(4, "6.6A-3step", "UFC-3-535-01"),
            new Kind(15, "6.6A-5step", "MIL-HDBK-1023/4"),
            new Kind(7.5, "6.6A-5step", "UFC-3-535-01"),
            new Kind(20, "6.6A-3step", "MIL-HDBK-1023/4"),
            new Kind(30, "20A-5step", "MIL-HDBK-1023/4"));

    private final int size;
    private final int gateways;
    private final int concurrentPerGateway;
    private final int onBus;
    private final Map<String, Planted> planted;
    private final Duration timeout;

    private EmulatedCcrFleet(int size, int gateways, int concurrentPerGateway, int onBus, Map<String, Planted> planted,
                             Duration timeout) {
        this.size = size;
        this.gateways = gateways;
        this.concurrentPerGateway = concurrentPerGateway;
        this.onBus = onBus;
        this.planted = Map.copyOf(planted);
        this.timeout = timeout;
    }

    /**
     * The demo fleet of {@code n}: from 40 CCRs up, 4 gateways (2 CCRs at once each) and a bus of 8;
     * below, one gateway and a bus of 3 (at least 6 CCRs). One CCR behind a gateway runs the old
     * software and one on the bus trips slowly on an open circuit.
     */
    public static EmulatedCcrFleet of(int n, Duration timeout) {
        if (n < 6 || n > 240) {
            throw new IllegalArgumentException("emulated:N takes 6..240 CCRs, was " + n);
        }
        boolean large = n >= 40;
        int bus = large ? 8 : 3;
        int gw = large ? 4 : 1;
        Map<String, Planted> planted = new LinkedHashMap<>();
        planted.put(name(n - bus > 7 ? 7 : 2), Planted.OLD_SOFTWARE);
        planted.put(name(n - bus + 2), Planted.SLOW_OPEN_CIRCUIT_TRIP);
        return new EmulatedCcrFleet(n, gw, 2, bus, planted, timeout);
    }

    /** The same fleet with {@code fault} planted in CCR {@code name} too (tests: a CCR that stops answering). */
    public EmulatedCcrFleet with(String name, Planted fault) {
        Map<String, Planted> more = new LinkedHashMap<>(planted);
        more.put(name, fault);
        return new EmulatedCcrFleet(size, gateways, concurrentPerGateway, onBus, more, timeout);
    }

    /** Which CCR carries which planted fault. */
    public Map<String, Planted> planted() {
        return planted;
    }

    static String name(int i) {
        return String.format(Locale.ROOT, "ccr-%03d", i);
    }

    /** The fleet file: every CCR with its address, rating, loop and the updated build's identity, declared. */
    public String fleetYaml() {
        StringBuilder b = new StringBuilder();
        b.append("# The emulated fleet of ").append(size).append(" CCRs (accept --fleet emulated:").append(size)
                .append("): served by ccr-hil itself,\n# ").append(gateways).append(" gateway(s), each one loopback TCP port routing to its CCRs by unit id, and one RS-485 bus of ")
                .append(onBus).append(" on a socat pty. Each CCR declares the updated reference build's identity.\n");
        b.append("fleet: emulated-").append(size).append("\nformat: 1\nemulated: true\ngateways:\n");
        for (int g = 1; g <= gateways; g++) {
            b.append("  - { address: \"tcp:").append(String.format(Locale.ROOT, GATEWAY_HOST, g)).append(":502\", concurrent: ")
                    .append(concurrentPerGateway).append(" }\n");
        }
        b.append("ccrs:\n");
        LimitTables tables = LimitTables.builtIn();
        int behindGateways = size - onBus;
        for (int i = 1; i <= size; i++) {
            Kind k = KINDS.get((i - 1) % KINDS.size());
            double cable = 1500 + ((i * 37) % 14) * 500;
            int ledPercent = ((i * 13) % 11) * 10;
            int lamps = (int) Math.round(k.kva * 1000 / (k.steps.startsWith("20A") ? 20.0 : 6.6) / 6.6 * 1.6);
            String address;
            String id;
            if (i <= behindGateways) {
                int g = (i - 1) % gateways + 1;
                address = "tcp:" + String.format(Locale.ROOT, GATEWAY_HOST, g) + ":502";
                id = "unit: " + ((i - 1) / gateways + 1);
            } else {
                address = "rtu:" + BUS_TTY;
                id = "node: " + (i - behindGateways);
            }
            TestPlan.Equipment e = new TestPlan.Equipment(k.kva, k.steps, k.tolerances, 400, 50, cable, ledPercent / 100.0,
                    tables.steps(k.steps), tables.tolerances(k.tolerances, tables.steps(k.steps)));
            b.append("  - name: ").append(name(i)).append('\n');
            b.append("    vault: vault-").append((i - 1) / 20 + 1).append('\n');
            b.append("    address: \"").append(address).append("\"\n    ").append(id).append('\n');
            b.append("    rating: { kva: ").append(k.kva).append(", steps: ").append(k.steps).append(", tolerances: ")
                    .append(k.tolerances).append(" }\n");
            b.append("    loop: { length: ").append((int) cable).append(", lamps: ").append(lamps).append(", led: ")
                    .append(ledPercent).append("% }\n");
            b.append("    identity:\n");
            for (ComponentIdentity c : EmulatedCcr.referenceIdentity(e)) {
                b.append("      - { component: \"").append(c.component()).append("\", model: \"").append(c.model())
                        .append("\", revision: \"").append(c.revision()).append("\", sha256: ").append(c.sha256()).append(" }\n");
            }
        }
        return b.toString();
    }

    /**
     * One CCR's sessions for its plan: served as its unit behind {@code gateway} (Modbus TCP on
     * loopback) or as its node of {@code bus}, with its planted fault if it has one.
     */
    public EmulatedCcrOverLoopback session(Fleet.Ccr ccr, TestPlan plan, EmulatedBus bus, EmulatedGateway gateway) {
        Planted p = planted.get(ccr.name());
        UnaryOperator<BoardConfig> variant = p == Planted.OLD_SOFTWARE
                ? c -> c.withEquipment(c.equipment().withSoftwareSha256(OLD_SOFTWARE_SHA256))
                : p == Planted.SLOW_OPEN_CIRCUIT_TRIP
                ? c -> c.withSettings(c.settings()
                        .withTime("open-circuit de-energise deadline", Duration.ofSeconds(5))
                        .withTime("open-circuit trip delay", Duration.ofSeconds(4)))
                : c -> c;
        EmulatedCcrOverLoopback s = new EmulatedCcrOverLoopback(plan, timeout, p == Planted.STOPS_ANSWERING ? 1 : 0,
                CcrProfiles.referenceCcr(), variant, Firmware.Factory.REFERENCE);
        if (ccr.address() instanceof Fleet.Rtu rtu) {
            s.onBus(bus, rtu.node());
        } else if (ccr.address() instanceof Fleet.Tcp tcp) {
            s.behindGateway(gateway, tcp.unit());
        }
        return s;
    }

    private final Map<String, EmulatedBus> buses = new java.util.LinkedHashMap<>();

    /** The bus at {@code medium}, started when its first CCR needs it. */
    private synchronized EmulatedBus bus(String medium) throws java.io.IOException {
        EmulatedBus b = buses.get(medium);
        if (b == null) {
            try {
                b = EmulatedBus.start(medium, timeout);
            } catch (DutException e) {
                throw new java.io.IOException(e.getMessage(), e);
            }
            buses.put(medium, b);
        }
        return b;
    }

    private final Map<String, EmulatedGateway> gatewaysUp = new java.util.LinkedHashMap<>();

    /**
     * The gateway at {@code medium}, started when its first CCR needs it, taking as many
     * transactions at once as the fleet file gives it. It answers 0x0B once a unit has not
     * answered within 3/4 of the verifier's timeout, so the verifier hears the gateway before its
     * own watchdog fires, as an ALCMS set up with a longer timeout than its gateways does.
     */
    private synchronized EmulatedGateway gateway(Fleet fleet, String medium) throws java.io.IOException {
        EmulatedGateway g = gatewaysUp.get(medium);
        if (g == null) {
            g = EmulatedGateway.start(medium, fleet.gateway(medium).concurrent(), gatewayTimeout());
            gatewaysUp.put(medium, g);
        }
        return g;
    }

    private Duration gatewayTimeout() {
        return timeout.multipliedBy(3).dividedBy(4);
    }

    /**
     * The fleet run's DUTs: each CCR of {@code fleet} served as {@link #session} says, the CCRs of
     * one gateway behind its one port, those of one bus sharing its line.
     */
    public io.github.ccrhil.ccr.verify.accept.fleet.FleetRun.Duts duts(Fleet fleet) {
        return new io.github.ccrhil.ccr.verify.accept.fleet.FleetRun.Duts() {
            @Override
            public Procedures.Session open(Fleet.Ccr ccr, TestPlan plan) throws java.io.IOException {
                return ccr.address() instanceof Fleet.Rtu ? session(ccr, plan, bus(ccr.address().medium()), null)
                        : session(ccr, plan, null, gateway(fleet, ccr.address().medium()));
            }

            @Override
            public String describe(Fleet.Ccr ccr) {
                return "emulated CCR " + ccr.name() + " at " + ccr.address().describe() + (ccr.address() instanceof Fleet.Rtu
                        ? ": Modbus RTU, node " + ((Fleet.Rtu) ccr.address()).node() + " of the bus's multi-drop server on one"
                        + " socat pty pair, one transaction at a time through the bus's one master"
                        : ": Modbus TCP, unit " + ((Fleet.Tcp) ccr.address()).unit() + " behind its emulated gateway (one loopback"
                        + " port for the gateway's CCRs, routing by unit id, " + fleet.gateway(ccr.address().medium()).concurrent()
                        + " transaction(s) at once, 0x0A for a unit not there, 0x0B for one silent " + gatewayTimeout().toMillis()
                        + " ms)") + " (timeout " + timeout.toMillis() + " ms)";
            }
        };
    }

    /** The gateways the runs used so far, by medium. */
    public synchronized Map<String, EmulatedGateway> gateways() {
        return new java.util.LinkedHashMap<>(gatewaysUp);
    }

    /** The shared lines (buses) the runs used so far, by medium. */
    public synchronized Map<String, SharedLineClient.Line> lines() {
        Map<String, SharedLineClient.Line> out = new java.util.LinkedHashMap<>();
        buses.forEach((m, b) -> out.put(m, b.line()));
        return out;
    }

    /** Takes the gateways and buses down (their ports, pty pairs, servers and masters). */
    @Override
    public synchronized void close() {
        gatewaysUp.values().forEach(EmulatedGateway::close);
        gatewaysUp.clear();
        buses.values().forEach(EmulatedBus::close);
        buses.clear();
    }

    /** What a CCR's planted fault is, in words, or null. */
    public static String describe(Planted p) {
        return p == null ? null : p.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    /** Emulates the CCRs of a fleet file marked {@code emulated: true} as it declares them, with no fault planted. */
    public static EmulatedCcrFleet serving(Duration timeout) {
        return new EmulatedCcrFleet(0, 1, 1, 0, Map.of(), timeout);
    }
}
