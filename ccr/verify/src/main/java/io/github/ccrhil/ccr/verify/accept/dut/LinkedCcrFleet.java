package io.github.ccrhil.ccr.verify.accept.dut;

import io.github.ccrhil.ccr.emulator.profile.CcrProfiles;
import io.github.ccrhil.ccr.verify.accept.fleet.Fleet;
import io.github.ccrhil.ccr.verify.accept.fleet.FleetRun;
import io.github.ccrhil.ccr.verify.accept.plan.TestPlan;
import io.github.ccrhil.ccr.verify.accept.procedure.Procedures;
import io.github.ccrhil.modbus.client.ModbusClient;
import io.github.ccrhil.modbus.client.SharedLineClient;
import io.github.ccrhil.modbus.profile.Profile;
import io.github.ccrhil.modbus.profile.ProfileException;
import io.github.ccrhil.modbus.profile.ProfileLoader;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * A site's real CCRs as fleet.yaml names them ({@code accept --fleet fleet.yaml}), each run through
 * the same sessions as {@code accept --dut tcp:|rtu:} ({@link LinkedDutSessions}): behind a Modbus TCP
 * gateway, a connection of its own to the gateway addressed to its unit id (the fleet run takes as
 * many CCRs of a gateway at once as its {@code concurrent:} says); on an RS-485 bus, its node id
 * through the bus's one master port (19,200 8N1), shared by every CCR of the bus one transaction at
 * a time in turn ({@link SharedLineClient#sharing}). Each CCR's profile gives the points, its fleet
 * entry the unit or node. Close it to close the buses' master ports.
 */
public final class LinkedCcrFleet implements AutoCloseable {

    /** A bus's one master port and its turn. */
    private record Bus(ModbusClient master, SharedLineClient.Line line) { }

    private final Path base;
    private final Duration timeout;
    private final Clock clock;
    private final BiFunction<Fleet.Ccr, Operator.Waiting, Operator> operators;
    private final Map<String, Bus> buses = new LinkedHashMap<>();

    /**
     * @param base the fleet file's folder (profiles named in it are read relative to it)
     * @param timeout the deadline per Modbus transaction: a CCR that stops answering ends INCONCLUSIVE
     * @param operators the person at each CCR's vault, given the CCR and how to keep its link alive while waiting
     */
    public LinkedCcrFleet(Path base, Duration timeout, Clock clock, BiFunction<Fleet.Ccr, Operator.Waiting, Operator> operators) {
        this.base = base;
        this.timeout = timeout;
        this.clock = clock;
        this.operators = operators;
    }

    /** The register profile fleet.yaml names for a CCR ({@code reference-ccr} or a file), at its unit or node. */
    Profile profile(Fleet.Ccr ccr) throws IOException {
        Profile p;
        if (ccr.profile().equals("reference-ccr")) {
            p = CcrProfiles.referenceCcr();
        } else {
            Path file = base.resolve(ccr.profile());
            try {
                p = ProfileLoader.load(file);
            } catch (ProfileException e) {
                throw new IOException(ccr.name() + ": profile " + file + ": " + e.getMessage(), e);
            }
        }
        return p.withUnitId(ccr.address() instanceof Fleet.Tcp t ? t.unit() : ((Fleet.Rtu) ccr.address()).node());
    }

    private synchronized Bus bus(Fleet.Rtu rtu) {
        return buses.computeIfAbsent(rtu.medium(),
                m -> new Bus(LinkedDutSessions.client(m, timeout), new SharedLineClient.Line(m)));
    }

    /** The fleet run's DUTs. */
    public FleetRun.Duts duts() {
        return new FleetRun.Duts() {
            @Override
            public Procedures.Session open(Fleet.Ccr ccr, TestPlan plan) throws IOException {
                Profile profile = profile(ccr);
                ModbusClient client;
                try {
                    client = ccr.address() instanceof Fleet.Rtu rtu ? SharedLineClient.sharing(bus(rtu).master(), bus(rtu).line())
                            : LinkedDutSessions.client(ccr.address().medium(), timeout);
                } catch (RuntimeException e) {
                    throw new IOException(ccr.name() + ": cannot open " + ccr.address().medium() + ": " + e.getMessage(), e);
                }
                return new LinkedDutSessions(plan, client, ccr.address().describe(), profile, timeout, clock,
                        waiting -> operators.apply(ccr, waiting));
            }

            @Override
            public String describe(Fleet.Ccr ccr) {
                return "CCR " + ccr.name() + " at " + ccr.address().describe() + (ccr.address() instanceof Fleet.Rtu
                        ? ": Modbus RTU 19200 8N1, one transaction at a time through the bus's one master port"
                        : ": Modbus TCP through its gateway") + ", wall-clock time, operator as rig, self-reported measurement"
                        + " (timeout " + timeout.toMillis() + " ms per transaction)";
            }
        };
    }

    /** The buses used so far, by medium. */
    public synchronized Map<String, SharedLineClient.Line> lines() {
        Map<String, SharedLineClient.Line> out = new LinkedHashMap<>();
        buses.forEach((m, b) -> out.put(m, b.line()));
        return out;
    }

    @Override
    public synchronized void close() {
        buses.values().forEach(b -> b.master().close());
        buses.clear();
    }
}
