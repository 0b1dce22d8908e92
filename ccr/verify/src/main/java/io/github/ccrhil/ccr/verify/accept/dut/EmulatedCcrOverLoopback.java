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
public final class EmulatedCcrOverLoopback implements Procedures.Session, AutoCloseable {

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
    private RemoteInterface remote;
    private String lastAddress = "not started";
    /** Null: the verifier talks to the server directly. */
    private io.github.ccrhil.modbus.tcp.LinkFaults linkFaults;
    private long linkSeed;
    private int attempts = 1;
    private io.github.ccrhil.modbus.tcp.FaultyLink link;
    private io.github.ccrhil.modbus.client.RetryingClient retrying;
    private final java.util.List<io.github.ccrhil.modbus.tcp.FaultyLink.Counts> linkCounts = new java.util.ArrayList<>();
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

    private EmulatedCcrOverLoopback(TestPlan plan, Duration timeout, int stallAfterRequests,
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
     * each transaction up to {@code attempts} times, every read confirmed by a second ({@link
     * io.github.ccrhil.modbus.client.ConfirmingClient}: Modbus/TCP has no checksum of its own); what the link did and every repeat are in
     * {@link #linkReport()}.
     */
    public EmulatedCcrOverLoopback throughFaultyLink(io.github.ccrhil.modbus.tcp.LinkFaults faults, long seed, int attempts) {
        this.linkFaults = java.util.Objects.requireNonNull(faults, "faults");
        this.linkSeed = seed;
        this.attempts = attempts;
        return this;
    }

    /** What the fault-injecting link did so far, one entry per run, and the verifier's repeats. */
    public record LinkReport(java.util.List<io.github.ccrhil.modbus.tcp.FaultyLink.Counts> runs,
                             java.util.List<io.github.ccrhil.modbus.client.RetryingClient.Retry> retries, long exhausted) {
        public long faults() {
            return runs.stream().mapToLong(io.github.ccrhil.modbus.tcp.FaultyLink.Counts::faults).sum();
        }
    }

    /** So far, the open run's link included (it stays open). */
    public LinkReport linkReport() {
        java.util.List<io.github.ccrhil.modbus.tcp.FaultyLink.Counts> runs = new java.util.ArrayList<>(linkCounts);
        java.util.List<io.github.ccrhil.modbus.client.RetryingClient.Retry> repeats = new java.util.ArrayList<>(retries);
        long lost = exhausted;
        if (link != null) {
            runs.add(link.counts());
        }
        if (retrying != null) {
            repeats.addAll(retrying.retries());
            lost += retrying.exhausted();
        }
        return new LinkReport(java.util.List.copyOf(runs), java.util.List.copyOf(repeats), lost);
    }

    private void collect() {
        if (link != null) {
            linkCounts.add(link.counts());
            link.close();
            link = null;
        }
        if (retrying != null) {
            retries.addAll(retrying.retries());
            exhausted += retrying.exhausted();
            retrying = null;
        }
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
        try {
            server = network.serve(new ModbusServerCore(new RegisterImage(device.profile(), served)), device.profile().unitId());
        } catch (IOException e) {
            throw new DutException("cannot serve the emulated CCR on loopback TCP: " + e.getMessage(), e);
        }
        InetSocketAddress serverAddress = server.address();
        lastAddress = "tcp:127.0.0.1:" + serverAddress.getPort();
        io.github.ccrhil.modbus.client.ModbusClient client;
        if (linkFaults == null) {
            client = new ModbusTcpClient(serverAddress, timeout);
        } else {
            try {
                link = new io.github.ccrhil.modbus.tcp.FaultyLink(serverAddress, linkFaults, linkSeed + 31L * linkCounts.size());
            } catch (IOException e) {
                throw new DutException("cannot open the fault-injecting link: " + e.getMessage(), e);
            }
            lastAddress += " through a fault-injecting link " + link.address().getPort();
            retrying = new io.github.ccrhil.modbus.client.RetryingClient(
                    new io.github.ccrhil.modbus.client.ConfirmingClient(new ModbusTcpClient(link.address(), timeout)), attempts);
            client = retrying;
        }
        remote = new ModbusRemote(client, verifierProfile, lastAddress);
        ccr.useRemote(remote);
        return ccr;
    }

    /** How the DUT is reached, for the log. */
    public String describe() {
        return "emulated CCR served as Modbus TCP on loopback (verifier reads it with profile " + verifierProfile.profile()
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
