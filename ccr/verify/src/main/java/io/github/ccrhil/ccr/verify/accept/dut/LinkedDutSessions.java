package io.github.ccrhil.ccr.verify.accept.dut;

import io.github.ccrhil.ccr.verify.accept.plan.Conditions;
import io.github.ccrhil.ccr.verify.accept.plan.TestPlan;
import io.github.ccrhil.ccr.verify.accept.procedure.Procedures;
import io.github.ccrhil.modbus.serial.J2modClient;
import io.github.ccrhil.modbus.tcp.ModbusTcpClient;
import io.github.ccrhil.modbus.client.ModbusClient;
import io.github.ccrhil.modbus.profile.Profile;
import io.github.ccrhil.modbus.profile.ProfileClient;
import io.github.ccrhil.modbus.serial.SerialSettings;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Sessions on a DUT at {@code tcp:<host:port>} or {@code rtu:<tty>} (19200 8N1), read through the
 * plan's register profile, in wall-clock time, with an operator as the rig. Before a run at a new
 * operating point the operator is asked to set the bench to it.
 */
public final class LinkedDutSessions implements Procedures.Session, io.github.ccrhil.ccr.verify.accept.bundle.LinkLog.Source,
        AutoCloseable {

    /** How often the DUT's self-report is read during a run. */
    public static final Duration POLL = Duration.ofMillis(100);

    private final TestPlan plan;
    private ModbusRemote remote;
    private final String address;
    private final Duration timeout;
    private final Operator operator;
    private final Clock clock;
    private Conditions.Point bench;

    /**
     * @param operatorFactory builds the operator, given how to keep the link alive while it waits
     */
    public LinkedDutSessions(TestPlan plan, String address, Profile profile, Duration timeout, Clock clock,
                            java.util.function.Function<Operator.Waiting, Operator> operatorFactory) {
        this(plan, address, profile, timeout, clock, operatorFactory, (io.github.ccrhil.modbus.tcp.TlsSettings) null);
    }

    /** As above; a DUT at {@code tls:<host:port>} is reached over Modbus/TCP Security with {@code tls}. */
    public LinkedDutSessions(TestPlan plan, String address, Profile profile, Duration timeout, Clock clock,
                            java.util.function.Function<Operator.Waiting, Operator> operatorFactory,
                            io.github.ccrhil.modbus.tcp.TlsSettings tls) {
        this(plan, address, checked(profile), client(address, timeout, tls), address, timeout, clock, operatorFactory, tls);
    }

    /**
     * A DUT reached through {@code client}, a link the caller made (a unit behind a Modbus TCP
     * gateway, a node on a shared RS-485 bus): {@code profile} gives its unit id; {@code where} says
     * how it is reached, for the records. Closing the sessions closes {@code client}.
     */
    public LinkedDutSessions(TestPlan plan, ModbusClient client, String where, Profile profile, Duration timeout, Clock clock,
                            java.util.function.Function<Operator.Waiting, Operator> operatorFactory) {
        this(plan, plan.dut().address(), checked(profile), client, where, timeout, clock, operatorFactory, null);
    }

    private LinkedDutSessions(TestPlan plan, String address, Profile profile, ModbusClient client, String where, Duration timeout,
                              Clock clock, java.util.function.Function<Operator.Waiting, Operator> operatorFactory,
                              io.github.ccrhil.modbus.tcp.TlsSettings tls) {
        this.plan = plan;
        this.clock = clock;
        this.address = address;
        this.timeout = timeout;
        this.verifierTls = tls;
        this.probes = TlsProbes.NONE.withVerifier(tls);
        this.remote = new ModbusRemote(client, profile, where).withTlsProbes(probes);
        this.operator = operatorFactory.apply(() -> this.remote.keepAlive()); // the remote in use when the operator waits
    }

    private static Profile checked(Profile profile) {
        ModbusRemote.requirePoints(profile);
        return profile;
    }

    private TlsProbes probes;
    /** The verifier's own Modbus/TCP Security settings; null over plain TCP or RTU. */
    private final io.github.ccrhil.modbus.tcp.TlsSettings verifierTls;
    private io.github.ccrhil.modbus.tcp.FaultyLink tcpLink;
    private io.github.ccrhil.modbus.serial.PtyFaultyLink ptyLink;
    private io.github.ccrhil.modbus.serial.PtyPair ptyPair;
    private io.github.ccrhil.modbus.client.RetryingClient retrying;
    private io.github.ccrhil.modbus.link.FaultInjector.Counts drained = new io.github.ccrhil.modbus.link.FaultInjector.Counts(0, 0, 0, 0, 0);
    private int drainedRetries;
    private int drainedLost;

    /**
     * Puts a fault-injecting link between the verifier and the DUT, as {@code accept --faulty-link}
     * does for the emulated CCR: at {@code tcp:} a Modbus/TCP proxy on a loopback port in front of
     * the DUT ({@link io.github.ccrhil.modbus.tcp.FaultyLink}), every read confirmed by a second
     * (Modbus/TCP has no checksum); at {@code tls:} the same proxy cutting TLS records, bytes corrupted
     * both ways (each record's MAC catches a change: the session ends, and the next attempt opens
     * a new one), reads confirmed as at {@code tcp:}; at {@code rtu:} a socat pty pair whose near end the
     * {@link io.github.ccrhil.modbus.serial.PtyFaultyLink} joins to the DUT's serial line (the CRC
     * checks each answer). Each transaction is tried at most {@code attempts} times; what the link
     * did and every repeat are written per test ({@link #drainLinkSessions()}).
     */
    public LinkedDutSessions throughFaultyLink(io.github.ccrhil.modbus.link.LinkFaults faults, long seed, int attempts) {
        java.util.Objects.requireNonNull(faults, "faults");
        if (tcpLink != null || ptyLink != null) {
            throw new IllegalStateException("the fault-injecting link is already in place");
        }
        ModbusClient near;
        String where;
        try {
            if (address.startsWith("tcp:")) {
                InetSocketAddress target = ModbusAccess.tcpAddress(address).orElseThrow(
                        () -> new IllegalArgumentException("expected tcp:<host:port>, was '" + address + "'"));
                tcpLink = new io.github.ccrhil.modbus.tcp.FaultyLink(target, faults, seed);
                near = new io.github.ccrhil.modbus.client.ConfirmingClient(new ModbusTcpClient(tcpLink.address(), timeout));
                where = address + " through a fault-injecting link on loopback port " + tcpLink.address().getPort();
            } else if (address.startsWith("tls:")) {
                // Modbus/TCP Security: the proxy cuts TLS records; a corrupted or dropped one ends the session, and the
                // transaction's next attempt opens a new one
                InetSocketAddress target = ModbusAccess.tlsAddress(address).orElseThrow(
                        () -> new IllegalArgumentException("expected tls:<host:port>, was '" + address + "'"));
                tcpLink = new io.github.ccrhil.modbus.tcp.FaultyLink(target, faults, seed,
                        io.github.ccrhil.modbus.tcp.FaultyLink.Framing.TLS_RECORD);
                near = new io.github.ccrhil.modbus.client.ConfirmingClient(new ModbusTcpClient(tcpLink.address(), timeout,
                        java.util.Objects.requireNonNull(verifierTls, "the verifier's TLS settings")));
                where = address + " through a fault-injecting link on loopback port " + tcpLink.address().getPort()
                        + " (TLS records)";
            } else if (address.startsWith("rtu:")) {
                ptyPair = io.github.ccrhil.modbus.serial.PtyPair.start(Duration.ofSeconds(10));
                ptyLink = new io.github.ccrhil.modbus.serial.PtyFaultyLink(
                        io.github.ccrhil.modbus.serial.JsscSerialPort.open(SerialSettings.of8N1(ptyPair.a().toString(), 19200), null),
                        io.github.ccrhil.modbus.serial.JsscSerialPort.open(SerialSettings.of8N1(address.substring(4), 19200), null),
                        faults, seed);
                near = J2modClient.rtu(SerialSettings.of8N1(ptyPair.b().toString(), 19200), null, timeout);
                where = address + " through a fault-injecting pty link from " + ptyPair.b();
            } else {
                throw new IllegalArgumentException("--faulty-link: for a DUT at tcp:<host:port>, tls:<host:port> or rtu:<tty>, not "
                        + address);
            }
        } catch (java.io.IOException e) {
            closeLinks();
            throw new IllegalArgumentException("cannot put a fault-injecting link before " + address + ": " + e.getMessage(), e);
        }
        retrying = new io.github.ccrhil.modbus.client.RetryingClient(near, attempts);
        remote.close();
        remote = new ModbusRemote(retrying, remote.modbus().orElseThrow().profile(), where + ", at most " + attempts
                + " attempts per transaction").withTlsProbes(probes);
        return this;
    }

    /** What the fault-injecting link did so far (one DUT session: the link stays up for the whole run) and the verifier's repeats. */
    public EmulatedCcrOverLoopback.LinkReport linkReport() {
        if (retrying == null) {
            return new EmulatedCcrOverLoopback.LinkReport(java.util.List.of(), java.util.List.of(), 0);
        }
        return new EmulatedCcrOverLoopback.LinkReport(java.util.List.of(tcpLink != null ? tcpLink.counts() : ptyLink.counts()),
                retrying.retries(), retrying.exhausted());
    }

    /** What the link did since the last call, as one session (empty without a fault-injecting link). */
    @Override
    public java.util.List<io.github.ccrhil.ccr.verify.accept.bundle.LinkLog.Session> drainLinkSessions() {
        if (retrying == null) {
            return java.util.List.of();
        }
        io.github.ccrhil.modbus.link.FaultInjector.Counts now = tcpLink != null ? tcpLink.counts() : ptyLink.counts();
        io.github.ccrhil.modbus.link.FaultInjector.Counts delta = new io.github.ccrhil.modbus.link.FaultInjector.Counts(
                now.frames() - drained.frames(), now.corruptedBytes() - drained.corruptedBytes(),
                now.droppedFrames() - drained.droppedFrames(), now.delayedFrames() - drained.delayedFrames(),
                now.disconnects() - drained.disconnects());
        drained = now;
        java.util.List<io.github.ccrhil.modbus.client.RetryingClient.Retry> repeats = retrying.retries();
        java.util.List<io.github.ccrhil.modbus.client.RetryingClient.Retry> lost = retrying.lost();
        java.util.List<io.github.ccrhil.modbus.client.RetryingClient.Retry> newRepeats = repeats.subList(drainedRetries, repeats.size());
        java.util.List<io.github.ccrhil.modbus.client.RetryingClient.Retry> newLost = lost.subList(drainedLost, lost.size());
        drainedRetries = repeats.size();
        drainedLost = lost.size();
        return java.util.List.of(new io.github.ccrhil.ccr.verify.accept.bundle.LinkLog.Session(tcpLink != null
                ? (address.startsWith("tls:") ? "tls" : "tcp") : "pty",
                delta, newRepeats, newLost));
    }

    private void closeLinks() {
        if (tcpLink != null) {
            tcpLink.close();
        }
        if (ptyLink != null) {
            ptyLink.close();
        }
        if (ptyPair != null) {
            ptyPair.close();
        }
    }

    /**
     * As above, with bench devices from the plan ({@code plan.rigDevice()}, {@code plan.meterDevice()}).
     *
     * @param relayProfile the relay module's profile, when the plan's rig is relay-module
     * @param meterProfile the meter's profile, when the plan's measurement is external-meter
     */
    public LinkedDutSessions(TestPlan plan, String address, Profile profile, Duration timeout, Clock clock,
                            java.util.function.Function<Operator.Waiting, Operator> operatorFactory,
                            Profile relayProfile, Profile meterProfile) {
        this(plan, address, profile, timeout, clock, operatorFactory, relayProfile, meterProfile, null);
    }

    /** As above, a DUT at {@code tls:<host:port>} reached over Modbus/TCP Security with {@code tls}. */
    public LinkedDutSessions(TestPlan plan, String address, Profile profile, Duration timeout, Clock clock,
                            java.util.function.Function<Operator.Waiting, Operator> operatorFactory,
                            Profile relayProfile, Profile meterProfile, io.github.ccrhil.modbus.tcp.TlsSettings tls) {
        this(plan, address, profile, timeout, clock, operatorFactory, tls);
        if (plan.rig() == TestPlan.Rig.RELAY_MODULE) {
            TestPlan.Device d = java.util.Objects.requireNonNull(plan.rigDevice(),
                    "the plan's rig relay-module needs address and profile");
            ModbusClient m = client(d.address(), timeout);
            benchClients.add(m);
            relays = new RelayModule(new ProfileClient(m, relayProfile, d.unit() < 0 ? relayProfile.unitId() : d.unit()),
                    relayProfile.profile() + " at " + d.address());
        }
        if (plan.measurement() == TestPlan.Measurement.EXTERNAL_METER) {
            TestPlan.Device d = java.util.Objects.requireNonNull(plan.meterDevice(),
                    "the plan's measurement external-meter needs address and profile");
            ModbusClient m = client(d.address(), timeout);
            benchClients.add(m);
            int unit = d.unit() < 0 ? meterProfile.unitId() : d.unit();
            meter = new ExternalMeter(new ProfileClient(m, meterProfile, unit), d.point(),
                    meterIdentity(m, unit, meterProfile) + " at " + d.address());
        }
    }

    /**
     * Over Modbus/TCP Security, the clients the authority procedure presents besides the
     * verifier's (see {@link TlsProbes#fromPlan}).
     */
    public LinkedDutSessions tlsProbes(TlsProbes probes) {
        this.probes = probes.withVerifier(verifierTls);
        remote.withTlsProbes(this.probes);
        return this;
    }

    private final java.util.List<ModbusClient> benchClients = new java.util.ArrayList<>();
    private RelayModule relays;
    private ExternalMeter meter;

    /** The meter's FC 43 basic identity if it answers, else the model its profile declares. */
    private static String meterIdentity(ModbusClient m, int unit, Profile profile) {
        try {
            java.util.SortedMap<Integer, String> id = m.readDeviceIdentification(unit, 1);
            return String.join(" ", id.values()) + " (FC 43)";
        } catch (io.github.ccrhil.modbus.client.LinkException e) {
            return profile.vendor() + " " + profile.product() + " (declared by profile " + profile.profile() + ")";
        }
    }

    /** A Modbus client on {@code tcp:<host:port>} or {@code rtu:<tty>} (19200 8N1). */
    public static ModbusClient client(String address, Duration timeout) {
        return client(address, timeout, null);
    }

    /**
     * A Modbus client on {@code tcp:<host:port>}, {@code tls:<host:port>} (Modbus/TCP Security with
     * {@code tls}: this end's certificate and the CAs the DUT's must chain to) or {@code rtu:<tty>}.
     */
    public static ModbusClient client(String address, Duration timeout, io.github.ccrhil.modbus.tcp.TlsSettings tls) {
        if (address.startsWith("tls:")) {
            if (tls == null) {
                throw new IllegalArgumentException(address + ": Modbus/TCP Security needs this end's key and the trusted CAs"
                        + " (--tls-key and --tls-trust)");
            }
            ModbusClient plain = client("tcp:" + address.substring(4), timeout, null);
            plain.close();
            String hp = address.substring(4);
            int colon = hp.lastIndexOf(':');
            return new ModbusTcpClient(new InetSocketAddress(hp.substring(0, colon), Integer.parseInt(hp.substring(colon + 1))),
                    timeout, tls);
        }
        if (address.startsWith("tcp:")) {
            String hp = address.substring(4);
            int colon = hp.lastIndexOf(':');
            if (colon < 1) {
                throw new IllegalArgumentException("expected tcp:<host:port>, was '" + address + "'");
            }
            int port;
            try {
                port = Integer.parseInt(hp.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected tcp:<host:port>, was '" + address + "'");
            }
            return new ModbusTcpClient(new InetSocketAddress(hp.substring(0, colon), port), timeout);
        } else if (address.startsWith("rtu:")) {
            return J2modClient.rtu(SerialSettings.of8N1(address.substring(4), 19200), null, timeout);
        }
        throw new IllegalArgumentException("expected tcp:<host:port>, tls:<host:port> or rtu:<tty>, was '" + address + "'");
    }

    @Override
    public Dut open(Conditions.Point point, long seed, DutSettings configure) throws DutException {
        if (!point.equals(bench)) {
            operator.instruct(String.format(Locale.ROOT,
                    "set the bench to load %.0f %% of rating, supply %+.0f %% of nominal, %.0f %% of lamps failed%s",
                    point.load() * 100, point.input() * 100, point.failed() * 100,
                    point.led().isPresent() ? String.format(Locale.ROOT, ", %.0f %% of the load LED fixtures",
                            point.led().getAsDouble() * 100) : ""));
            bench = point;
        }
        return new LinkedDut(plan.equipment(), remote, operator, clock, POLL, relays, meter);
    }

    public String describe() {
        return remote.describe() + ", wall-clock time, "
                + (relays == null ? "operator as rig" : "relay module " + relays.identity() + " as rig (operator for the rest)")
                + ", " + (meter == null ? "self-reported measurement" : "external meter " + meter.identity());
    }

    @Override
    public void close() {
        remote.close();
        closeLinks();
        for (ModbusClient m : benchClients) {
            try {
                m.close();
            } catch (Exception e) {
                // closing a bench device's link: nothing left to do
            }
        }
    }
}
