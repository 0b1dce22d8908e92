package io.github.ccrhil.ccr.verify.accept.dut;

import io.github.ccrhil.ccr.emulator.profile.CcrProfiles;

import io.github.ccrhil.ccr.verify.accept.plan.TestPlan;
import io.github.ccrhil.ccr.verify.accept.procedure.Procedures;
import io.github.ccrhil.ccr.emulator.device.CcrModbusDevice;
import io.github.ccrhil.modbus.tcp.ModbusTcpClient;
import io.github.ccrhil.modbus.profile.Point;
import io.github.ccrhil.modbus.profile.PointAccessor;
import io.github.ccrhil.modbus.profile.RegisterImage;
import io.github.ccrhil.modbus.server.DeviceIdentity;
import io.github.ccrhil.modbus.server.ModbusServerCore;
import io.github.ccrhil.modbus.server.ModbusServiceException;
import io.github.ccrhil.modbus.tcp.ModbusTcpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The emulated CCR behind a real link: for each run the firmware's remote interface is served as
 * the reference Modbus profile ({@link CcrModbusDevice}) on a loopback TCP port, and the verifier
 * talks to it through the Modbus/TCP client with a deadline per transaction. Simulated time still
 * advances only in the verifier's thread, in lock-step with the transactions, so a run over the
 * link gives the same trace as in process.
 */
public final class EmulatedCcrOverLoopback implements Procedures.Session, io.github.ccrhil.ccr.verify.accept.bundle.LinkLog.Source,
        AutoCloseable {

    /** How the verifier reaches the served CCR. */
    public enum Medium {
        /** Modbus/TCP on a loopback port. */
        TCP,
        /** Modbus RTU over socat pty pairs (needs socat): the device on one pair, the verifier on the other. */
        PTY
    }

    private final TestPlan plan;
    private final Duration timeout;
    private final int stallAfterRequests;
    private final io.github.ccrhil.modbus.profile.Profile verifierProfile;
    private final java.util.function.UnaryOperator<io.github.ccrhil.ccr.firmware.board.BoardConfig> variant;
    private final Firmware.Factory factory;
    private final CountDownLatch closing = new CountDownLatch(1);
    private Endpoint server;
    private Network network = Network.REFERENCE;

    /**
     * How the emulated CCR's remote interface is put on the network: part of the DUT (its
     * communication stack), so a variant may serve it otherwise. The reference is a
     * {@link ModbusTcpServer} on loopback with {@link io.github.ccrhil.modbus.tcp.ConnectionLimits#defaults()}.
     */
    @FunctionalInterface
    public interface Network {
        /** Serves {@code core} as unit {@code unitId} on a free loopback port. */
        Endpoint serve(ModbusServerCore core, int unitId) throws IOException;

        Network REFERENCE = (core, unitId) -> endpoint(new ModbusTcpServer(core,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), unitId));
    }

    /** A served remote interface: where it listens, and how it is taken down. */
    public interface Endpoint extends AutoCloseable {
        InetSocketAddress address();

        @Override
        void close();
    }

    /** A {@link ModbusTcpServer} as an endpoint. */
    public static Endpoint endpoint(ModbusTcpServer s) {
        return new Endpoint() {
            public InetSocketAddress address() {
                return new InetSocketAddress(InetAddress.getLoopbackAddress(), s.port());
            }

            public void close() {
                s.close();
            }
        };
    }

    /** Serves each run's remote interface through {@code n} instead of the reference server. */
    public EmulatedCcrOverLoopback servedBy(Network n) {
        this.network = java.util.Objects.requireNonNull(n, "network");
        return this;
    }

    /**
     * Over a serial line ({@link Medium#PTY}), what stands between the line and the CCR's RTU
     * server: part of the DUT's communication stack, so a variant may put a defective one there
     * (the reference has none). Made for each run on a socat pty pair of its own.
     */
    @FunctionalInterface
    public interface SerialFront {
        /** Joins the verifier's side of the line to the device's; closing the result ends the front. */
        AutoCloseable join(io.github.ccrhil.modbus.serial.JsscSerialPort lineSide, io.github.ccrhil.modbus.serial.JsscSerialPort deviceSide)
                throws IOException;
    }

    private SerialFront serialFront;
    private AutoCloseable front;

    /** Over a serial line, {@code f} stands between the line and the RTU server (see {@link SerialFront}). */
    public EmulatedCcrOverLoopback servedBehind(SerialFront f) {
        this.serialFront = java.util.Objects.requireNonNull(f, "front");
        return this;
    }
    private RemoteInterface remote;
    private String lastAddress = "not started";
    /** Null: the verifier talks to the server directly. */
    private io.github.ccrhil.modbus.link.LinkFaults linkFaults;
    private long linkSeed;
    private int attempts = 1;
    private io.github.ccrhil.modbus.tcp.FaultyLink link;
    private Medium medium = Medium.TCP;
    private io.github.ccrhil.modbus.serial.ModbusRtuServer rtuServer;
    private io.github.ccrhil.modbus.serial.PtyFaultyLink ptyLink;
    private final java.util.List<io.github.ccrhil.modbus.serial.PtyPair> ptys = new java.util.ArrayList<>();
    private final java.util.List<io.github.ccrhil.ccr.verify.accept.bundle.LinkLog.Session> sessions = new java.util.ArrayList<>();
    private io.github.ccrhil.modbus.client.RetryingClient retrying;
    private final java.util.List<io.github.ccrhil.modbus.link.FaultInjector.Counts> linkCounts = new java.util.ArrayList<>();
    private final java.util.List<io.github.ccrhil.modbus.client.RetryingClient.Retry> retries = new java.util.ArrayList<>();
    private long exhausted;

    /**
     * @param timeout the client's deadline per transaction
     * @param stallAfterRequests after this many requests in a run the device stops answering
     *     (it holds the request until closed), to prove the verifier never hangs; 0 = never
     */
    public EmulatedCcrOverLoopback(TestPlan plan, Duration timeout, int stallAfterRequests) {
        this(plan, timeout, stallAfterRequests, CcrProfiles.referenceCcr());
    }

    /**
     * @param verifierProfile the register profile the verifier reads the DUT with (the plan's); the
     *     emulated device always serves the reference profile, so another profile must map the same points
     */
    public EmulatedCcrOverLoopback(TestPlan plan, Duration timeout, int stallAfterRequests,
                             io.github.ccrhil.modbus.profile.Profile verifierProfile) {
        this(plan, timeout, stallAfterRequests, verifierProfile, c -> c, Firmware.Factory.REFERENCE);
    }

    /**
     * A firmware variant served over the link: {@code variant} changes the board configuration,
     * {@code factory} builds the firmware, and the Modbus device hands every remote command to
     * that firmware (so what the variant does with it is what the verifier sees).
     */
    public EmulatedCcrOverLoopback(TestPlan plan, java.util.function.UnaryOperator<io.github.ccrhil.ccr.firmware.board.BoardConfig> variant,
                                   Firmware.Factory factory) {
        this(plan, Duration.ofSeconds(2), 0, CcrProfiles.referenceCcr(), variant, factory);
    }

    /**
     * A firmware variant served over the link with the given deadline per transaction; after
     * {@code stallAfterRequests} requests in a run it stops answering (0 = never).
     */
    public EmulatedCcrOverLoopback(TestPlan plan, Duration timeout, int stallAfterRequests,
                                   io.github.ccrhil.modbus.profile.Profile verifierProfile,
                                    java.util.function.UnaryOperator<io.github.ccrhil.ccr.firmware.board.BoardConfig> variant,
                                    Firmware.Factory factory) {
        ModbusRemote.requirePoints(verifierProfile);
        this.variant = variant;
        this.factory = factory;
        this.verifierProfile = verifierProfile;
        this.plan = plan;
        this.timeout = timeout;
        this.stallAfterRequests = stallAfterRequests;
    }

    public EmulatedCcrOverLoopback(TestPlan plan) {
        this(plan, Duration.ofSeconds(2), 0);
    }

    /**
     * Puts a {@link io.github.ccrhil.modbus.tcp.FaultyLink} between the verifier and each run's
     * server, its faults seeded from {@code seed} and the run's index, and lets the verifier try
     * each transaction up to {@code attempts} times, every TCP read confirmed by a second ({@link
     * io.github.ccrhil.modbus.client.ConfirmingClient}: Modbus/TCP has no checksum of its own; over a pty the RTU CRC checks
     * each answer); what the link did and every repeat are in {@link #linkReport()} and, per test, {@link #drainLinkSessions()}.
     */
    public EmulatedCcrOverLoopback throughFaultyLink(io.github.ccrhil.modbus.link.LinkFaults faults, long seed, int attempts) {
        this.linkFaults = java.util.Objects.requireNonNull(faults, "faults");
        this.linkSeed = seed;
        this.attempts = attempts;
        return this;
    }

    /** Null: plain Modbus/TCP. */
    private io.github.ccrhil.modbus.tcp.TlsSettings verifierTls;
    private TlsProbes tlsProbes = TlsProbes.NONE;

    /**
     * The verifier reaches each run's server over Modbus/TCP Security with {@code verifier} (its
     * certificate and the CAs it trusts); the server must be served so ({@link #servedBy} a
     * {@link Network} of {@link ModbusTcpServer#secure}). The authority procedure presents
     * {@code probes} besides.
     */
    public EmulatedCcrOverLoopback overTls(io.github.ccrhil.modbus.tcp.TlsSettings verifier, TlsProbes probes) {
        this.verifierTls = java.util.Objects.requireNonNull(verifier, "verifier");
        this.tlsProbes = java.util.Objects.requireNonNull(probes, "probes").withVerifier(verifier);
        return this;
    }

    /** Null: the CCR is not served over Modbus/TCP Security beside its plain port. */
    private java.util.concurrent.CompletableFuture<SiteCertificates> site;
    private SecureNetwork secureNetwork = SecureNetwork.REFERENCE;
    private Endpoint secureServer;
    private String secureProblem;

    /**
     * How the emulated CCR's Modbus/TCP Security port is put on the network, beside its plain one
     * ({@link #alsoOverModbusTcpSecurity}): part of the DUT's communication stack, so a variant may
     * serve it otherwise. The reference is {@link ModbusTcpServer#secure} on loopback with
     * {@link io.github.ccrhil.modbus.tcp.ConnectionLimits#defaults()} and the role policy {@code ccr-hil serve --tls-key}
     * takes ({@link #rolePolicy}).
     */
    @FunctionalInterface
    public interface SecureNetwork {
        /** Serves {@code core} as unit {@code unitId} over TLS with the CCR's {@code tls} settings, enforcing {@code roles}. */
        Endpoint serve(ModbusServerCore core, int unitId, io.github.ccrhil.modbus.tcp.TlsSettings tls,
                       io.github.ccrhil.modbus.server.RolePolicy roles) throws IOException;

        SecureNetwork REFERENCE = (core, unitId, tls, roles) -> endpoint(ModbusTcpServer.secure(core,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), unitId,
                io.github.ccrhil.modbus.tcp.ConnectionLimits.defaults(), tls, roles));
    }

    /**
     * The roles a served profile's Modbus/TCP Security port enforces, as {@code ccr-hil serve
     * --tls-key} does: the profile's own ({@code roles:}), else Modbus.org's example (operators
     * read, engineers read and write, a client without a role nothing).
     */
    public static io.github.ccrhil.modbus.server.RolePolicy rolePolicy(io.github.ccrhil.modbus.profile.Profile served) {
        return served.rolePolicy().orElse(io.github.ccrhil.modbus.server.RolePolicy.operatorAndEngineer());
    }

    /**
     * Serves each run's remote interface over Modbus/TCP Security as well, on a second loopback
     * port with {@code certificates}' CCR certificate and the site's CA (the verifier's own link
     * stays the plain one): the authority procedure presents its probes there (no certificate, the
     * unknown CA's, the operator's, the one without a role) and puts the certificates' public
     * parts in the bundle. The certificates may still be in the making: the port is served, and
     * they are awaited, when a procedure first asks for the DUT's Modbus access in a run. Served
     * directly, never through a fault-injecting link.
     */
    public EmulatedCcrOverLoopback alsoOverModbusTcpSecurity(java.util.concurrent.CompletableFuture<SiteCertificates> certificates) {
        return alsoOverModbusTcpSecurity(certificates, SecureNetwork.REFERENCE);
    }

    /**
     * As {@code ccr-hil accept} serves the emulated CCR by default: where the plan has an authority
     * test and each run is served over plain Modbus/TCP on loopback through no fault-injecting link
     * (call after {@link #over} and {@link #throughFaultyLink}), also over Modbus/TCP Security
     * ({@link #alsoOverModbusTcpSecurity}) with the certificates {@code make} starts making
     * ({@link SiteCertificates#inBackground()}); otherwise nothing changes and nothing is made.
     */
    public EmulatedCcrOverLoopback asAcceptServesIt(
            java.util.function.Supplier<java.util.concurrent.CompletableFuture<SiteCertificates>> make) {
        boolean authority = plan.tests().stream().anyMatch(t -> t.procedure() == io.github.ccrhil.ccr.verify.accept.plan.Procedure.AUTHORITY);
        if (authority && linkFaults == null && medium == Medium.TCP && bus == null && gateway == null && verifierTls == null) {
            alsoOverModbusTcpSecurity(make.get());
        }
        return this;
    }

    /** As {@link #alsoOverModbusTcpSecurity(java.util.concurrent.CompletableFuture)}, the port served by {@code n}. */
    public EmulatedCcrOverLoopback alsoOverModbusTcpSecurity(java.util.concurrent.CompletableFuture<SiteCertificates> certificates,
                                                              SecureNetwork n) {
        this.site = java.util.Objects.requireNonNull(certificates, "certificates");
        this.secureNetwork = java.util.Objects.requireNonNull(n, "network");
        return this;
    }

    /**
     * This run's probes at its Modbus/TCP Security port, served on the first call; where the
     * certificates could not be made, none, with the reason (the authority procedure records the TLS
     * part as not exercised, saying why).
     */
    private TlsProbes secureSide(ModbusServerCore core, int unitId, io.github.ccrhil.modbus.profile.Profile served) {
        SiteCertificates certificates;
        try {
            certificates = site.join();
        } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            secureProblem = "the run's certificates could not be made: " + cause.getMessage();
            return TlsProbes.notServed(secureProblem);
        }
        if (secureServer == null) {
            try {
                secureServer = secureNetwork.serve(core, unitId, certificates.ccr(), rolePolicy(served));
            } catch (IOException e) {
                secureProblem = "the Modbus/TCP Security port could not be served: " + e.getMessage();
                return TlsProbes.notServed(secureProblem);
            }
        }
        return certificates.probes().at(secureServer.address(), certificates.publicPem());
    }

    /**
     * Serves the CCR as Modbus RTU over socat pty pairs instead of TCP (a fresh pair, or two with a
     * fault-injecting link, for each run).
     */
    public EmulatedCcrOverLoopback over(Medium medium) {
        this.medium = java.util.Objects.requireNonNull(medium, "medium");
        return this;
    }

    private EmulatedBus bus;
    private int node;
    private boolean attached;

    /**
     * Serves the CCR as node {@code node} of the shared RS-485 {@code bus} instead of a line of its
     * own: each run's server core is attached to the bus's multi-drop RTU server at that node, and
     * the verifier talks to it through the bus's one master port, every transaction taking its turn
     * with the other CCRs' on the line.
     */
    public EmulatedCcrOverLoopback onBus(EmulatedBus bus, int node) {
        if (linkFaults != null) {
            throw new IllegalStateException("a fault-injecting link on a shared bus is not supported");
        }
        this.bus = java.util.Objects.requireNonNull(bus, "bus");
        this.node = node;
        this.medium = Medium.PTY;
        return this;
    }

    private EmulatedGateway gateway;
    private int unit;
    private boolean routed;

    /**
     * Serves the CCR as unit {@code unit} behind the emulated Modbus TCP {@code gateway} instead of
     * on a port of its own: each run's server core is attached to the gateway at that unit id, and
     * the verifier connects to the gateway's one port and addresses its requests to that unit, as an
     * airfield lighting control system reaches a CCR behind a gateway.
     */
    public EmulatedCcrOverLoopback behindGateway(EmulatedGateway gateway, int unit) {
        if (linkFaults != null || verifierTls != null || bus != null) {
            throw new IllegalStateException("a CCR behind a gateway is served over plain Modbus TCP, on no fault-injecting link");
        }
        this.gateway = java.util.Objects.requireNonNull(gateway, "gateway");
        this.unit = unit;
        this.medium = Medium.TCP;
        return this;
    }

    /** What the fault-injecting link did so far, one entry per run, and the verifier's repeats. */
    public record LinkReport(java.util.List<io.github.ccrhil.modbus.link.FaultInjector.Counts> runs,
                             java.util.List<io.github.ccrhil.modbus.client.RetryingClient.Retry> retries, long exhausted) {
        public long faults() {
            return runs.stream().mapToLong(io.github.ccrhil.modbus.link.FaultInjector.Counts::faults).sum();
        }
    }

    /** So far, the open run's link included (it stays open). */
    public LinkReport linkReport() {
        java.util.List<io.github.ccrhil.modbus.link.FaultInjector.Counts> runs = new java.util.ArrayList<>(linkCounts);
        java.util.List<io.github.ccrhil.modbus.client.RetryingClient.Retry> repeats = new java.util.ArrayList<>(retries);
        long lost = exhausted;
        if (link != null) {
            runs.add(link.counts());
        }
        if (ptyLink != null) {
            runs.add(ptyLink.counts());
        }
        if (retrying != null) {
            repeats.addAll(retrying.retries());
            lost += retrying.exhausted();
        }
        return new LinkReport(java.util.List.copyOf(runs), java.util.List.copyOf(repeats), lost);
    }

    private void collect() {
        io.github.ccrhil.modbus.link.FaultInjector.Counts counts = null;
        if (link != null) {
            counts = link.counts();
            link.close();
            link = null;
        }
        if (ptyLink != null) {
            counts = ptyLink.counts();
            ptyLink.close();
            ptyLink = null;
        }
        if (counts != null) {
            linkCounts.add(counts);
        }
        if (retrying != null) {
            retries.addAll(retrying.retries());
            exhausted += retrying.exhausted();
            sessions.add(new io.github.ccrhil.ccr.verify.accept.bundle.LinkLog.Session(medium.name().toLowerCase(java.util.Locale.ROOT),
                    counts == null ? new io.github.ccrhil.modbus.link.FaultInjector.Counts(0, 0, 0, 0, 0) : counts,
                    retrying.retries(), retrying.lost()));
            retrying = null;
        }
    }

    /** Closes the open run and hands over what the link did in each run since the last call. */
    @Override
    public java.util.List<io.github.ccrhil.ccr.verify.accept.bundle.LinkLog.Session> drainLinkSessions() {
        stop();
        java.util.List<io.github.ccrhil.ccr.verify.accept.bundle.LinkLog.Session> out = java.util.List.copyOf(sessions);
        sessions.clear();
        return out;
    }

    @Override
    public EmulatedCcr open(io.github.ccrhil.ccr.verify.accept.plan.Conditions.Point point, long seed,
                            DutSettings settings)
            throws DutException {
        stop();
        EmulatedCcr ccr = EmulatedCcrSessions.build(plan, point, seed,
                c -> variant.apply(EmulatedCcrSessions.configured(c, settings)), factory);
        Firmware firmware = ccr.firmware();
        CcrModbusDevice device = new CcrModbusDevice(firmware.board(), new CcrModbusDevice.Board() {
            @Override
            public io.github.ccrhil.ccr.firmware.board.CommandOutcome command(io.github.ccrhil.ccr.firmware.board.Command c) {
                return firmware.command(c);
            }

            @Override
            public io.github.ccrhil.ccr.firmware.board.BoardStatus status() {
                return firmware.status();
            }
        }, ccr.lock());
        PointAccessor served = stallAfterRequests <= 0 ? device : new Stalling(device, stallAfterRequests, closing);
        ModbusServerCore core = new ModbusServerCore(new RegisterImage(device.profile(), served));
        io.github.ccrhil.modbus.profile.Profile addressed = verifierProfile;
        io.github.ccrhil.modbus.client.ModbusClient client;
        if (bus != null) {
            // a node on a shared bus: its device answers its own node id on the one line, and its
            // transactions take their turn with the other nodes' on the bus's one master port
            bus.server().attach(node, core);
            attached = true;
            client = bus.client();
            addressed = verifierProfile.withUnitId(node);
            lastAddress = "rtu:" + bus.masterPort() + " node " + node + " (bus " + bus.name() + ")";
        } else if (gateway != null) {
            // a unit behind a gateway: the gateway routes the requests addressed to this unit id to its device
            gateway.attach(unit, core);
            routed = true;
            InetSocketAddress at = gateway.address();
            client = new ModbusTcpClient(at, timeout);
            addressed = verifierProfile.withUnitId(unit);
            lastAddress = "tcp:127.0.0.1:" + at.getPort() + " unit " + unit + " (gateway " + gateway.name() + ")";
        } else {
            client = medium == Medium.PTY ? overPty(core, device.profile().unitId()) : overTcp(core, device.profile().unitId());
        }
        if (linkFaults != null) {
            // Modbus/TCP has no checksum of its own, so a TCP read is confirmed by a second; every RTU frame has its CRC
            retrying = new io.github.ccrhil.modbus.client.RetryingClient(medium == Medium.PTY ? client
                    : new io.github.ccrhil.modbus.client.ConfirmingClient(client), attempts);
            client = retrying;
        }
        ModbusRemote r = new ModbusRemote(client, addressed, lastAddress);
        if (site != null && bus == null && gateway == null && medium == Medium.TCP && verifierTls == null) {
            int servedUnit = device.profile().unitId();
            io.github.ccrhil.modbus.profile.Profile servedProfile = device.profile();
            r.withTlsProbes(() -> secureSide(core, servedUnit, servedProfile));
        } else {
            r.withTlsProbes(tlsProbes);
        }
        remote = r;
        ccr.useRemote(remote);
        return ccr;
    }

    private io.github.ccrhil.modbus.client.ModbusClient overTcp(ModbusServerCore core, int unitId) throws DutException {
        try {
            server = network.serve(core, unitId);
        } catch (IOException e) {
            throw new DutException("cannot serve the emulated CCR on loopback TCP: " + e.getMessage(), e);
        }
        InetSocketAddress serverAddress = server.address();
        lastAddress = "tcp:127.0.0.1:" + serverAddress.getPort();
        if (verifierTls != null) {
            if (linkFaults != null) {
                throw new DutException("a fault-injecting link in front of a Modbus/TCP Security server is not supported");
            }
            lastAddress = "tls:127.0.0.1:" + serverAddress.getPort();
            return new ModbusTcpClient(serverAddress, timeout, verifierTls);
        }
        if (linkFaults == null) {
            return new ModbusTcpClient(serverAddress, timeout);
        }
        try {
            link = new io.github.ccrhil.modbus.tcp.FaultyLink(serverAddress, linkFaults, linkSeed + 31L * linkCounts.size());
        } catch (IOException e) {
            throw new DutException("cannot open the fault-injecting link: " + e.getMessage(), e);
        }
        lastAddress += " through a fault-injecting link " + link.address().getPort();
        return new ModbusTcpClient(link.address(), timeout);
    }

    /**
     * The device's RTU server on one end of a socat pty pair; the verifier on the other end, or,
     * with faults, on a second pair whose near end the fault-injecting link joins to the first.
     */
    private io.github.ccrhil.modbus.client.ModbusClient overPty(ModbusServerCore core, int unitId) throws DutException {
        try {
            io.github.ccrhil.modbus.serial.PtyPair deviceLine = io.github.ccrhil.modbus.serial.PtyPair.start(Duration.ofSeconds(10));
            ptys.add(deviceLine);
            rtuServer = new io.github.ccrhil.modbus.serial.ModbusRtuServer(core, io.github.ccrhil.modbus.serial.JsscSerialPort.open(
                    io.github.ccrhil.modbus.serial.SerialSettings.of8N1(deviceLine.a().toString(), 19200), null), unitId);
            java.nio.file.Path verifierEnd = deviceLine.b();
            lastAddress = "rtu:" + deviceLine.b();
            if (serialFront != null) {
                if (linkFaults != null) {
                    throw new DutException("a serial front and a fault-injecting link together are not supported");
                }
                io.github.ccrhil.modbus.serial.PtyPair frontLine = io.github.ccrhil.modbus.serial.PtyPair.start(Duration.ofSeconds(10));
                ptys.add(frontLine);
                front = serialFront.join(io.github.ccrhil.modbus.serial.JsscSerialPort.open(
                                io.github.ccrhil.modbus.serial.SerialSettings.of8N1(frontLine.a().toString(), 19200), null),
                        io.github.ccrhil.modbus.serial.JsscSerialPort.open(
                                io.github.ccrhil.modbus.serial.SerialSettings.of8N1(deviceLine.b().toString(), 19200), null));
                verifierEnd = frontLine.b();
                lastAddress = "rtu:" + frontLine.b();
            }
            if (linkFaults != null) {
                io.github.ccrhil.modbus.serial.PtyPair masterLine = io.github.ccrhil.modbus.serial.PtyPair.start(Duration.ofSeconds(10));
                ptys.add(masterLine);
                ptyLink = new io.github.ccrhil.modbus.serial.PtyFaultyLink(
                        io.github.ccrhil.modbus.serial.JsscSerialPort.open(
                                io.github.ccrhil.modbus.serial.SerialSettings.of8N1(masterLine.a().toString(), 19200), null),
                        io.github.ccrhil.modbus.serial.JsscSerialPort.open(
                                io.github.ccrhil.modbus.serial.SerialSettings.of8N1(deviceLine.b().toString(), 19200), null),
                        linkFaults, linkSeed + 31L * linkCounts.size());
                verifierEnd = masterLine.b();
                lastAddress = "rtu:" + masterLine.b() + " through a fault-injecting pty link to " + deviceLine.b();
            }
            return io.github.ccrhil.modbus.serial.J2modClient.rtu(
                    io.github.ccrhil.modbus.serial.SerialSettings.of8N1(verifierEnd.toString(), 19200), null, timeout);
        } catch (IOException e) {
            throw new DutException("cannot serve the emulated CCR over a pty: " + e.getMessage(), e);
        }
    }

    /** How the DUT is reached, for the log. */
    public String describe() {
        return "emulated CCR served as Modbus " + (bus != null ? "RTU as node " + node + " of the shared bus " + bus.name()
                + " (one socat pty pair, one multi-drop server, one master)" : gateway != null ? "TCP as unit " + unit
                + " behind the emulated gateway " + gateway.name() + " (one port for its CCRs, routing by unit id, "
                + gateway.concurrent() + " transactions at once, 0x0B after " + gateway.responseTimeout().toMillis() + " ms)"
                : medium == Medium.PTY ? "RTU over socat pty pairs"
                : verifierTls != null ? "TCP Security (TLS) on loopback" : site != null && bus == null && gateway == null
                && medium == Medium.TCP ? "TCP on loopback, and as Modbus/TCP Security on a second loopback port for the authority"
                + " test's certificate and role probes (certificates made for the run: a site CA, the CCR's, the verifier's"
                + " (engineer), an operator's, one without a role, and an unknown CA's" + (secureProblem == null ? ")" : "; not served: "
                + secureProblem + ")") : "TCP on loopback") + " (verifier reads it with profile " + verifierProfile.profile()
                + ", timeout " + timeout.toMillis() + " ms per transaction"
                + (linkFaults == null ? "" : ", through a fault-injecting link " + linkFaults + " seed " + linkSeed
                        + ", at most " + attempts + " attempts per transaction") + ")";
    }

    public String lastAddress() {
        return lastAddress;
    }

    private void stop() {
        if (remote != null) {
            remote.close();
            remote = null;
        }
        collect();
        if (server != null) {
            server.close();
            server = null;
        }
        if (secureServer != null) {
            secureServer.close();
            secureServer = null;
        }
        if (rtuServer != null) {
            rtuServer.close();
            rtuServer = null;
        }
        if (attached) {
            bus.server().detach(node);
            attached = false;
        }
        if (routed) {
            gateway.detach(unit);
            routed = false;
        }
        if (front != null) {
            try {
                front.close();
            } catch (Exception e) {
                // the front's own ports: nothing left to do
            }
            front = null;
        }
        ptys.forEach(io.github.ccrhil.modbus.serial.PtyPair::close);
        ptys.clear();
    }

    @Override
    public void close() {
        closing.countDown();
        stop();
    }

    /** A device that stops answering after so many requests (until the session closes). */
    private static final class Stalling implements PointAccessor {
        private final PointAccessor inner;
        private final CountDownLatch closing;
        private int left;

        Stalling(PointAccessor inner, int after, CountDownLatch closing) {
            this.inner = inner;
            this.left = after;
            this.closing = closing;
        }

        @Override
        public void beginRequest() {
            if (--left < 0) {
                try {
                    closing.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            inner.beginRequest();
        }

        @Override
        public Object read(Point point) {
            return inner.read(point);
        }

        @Override
        public void write(List<PointWrite> writes) throws ModbusServiceException {
            inner.write(writes);
        }

        @Override
        public DeviceIdentity identity() {
            return inner.identity();
        }
    }
}
