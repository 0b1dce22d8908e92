package io.github.ccrhil.ccr.verify.accept.procedure;

import io.github.ccrhil.ccr.verify.accept.dut.DutException;
import io.github.ccrhil.ccr.verify.accept.dut.KeySwitch;
import io.github.ccrhil.ccr.verify.accept.dut.ModbusAccess;
import io.github.ccrhil.ccr.verify.accept.dut.ModbusRemote;
import io.github.ccrhil.ccr.verify.accept.dut.RemoteInterface;
import io.github.ccrhil.ccr.verify.accept.plan.TestSpec;
import io.github.ccrhil.evidence.host.HostMonitor;
import io.github.ccrhil.modbus.client.LinkException;
import io.github.ccrhil.modbus.client.LinkInterruptedException;
import io.github.ccrhil.modbus.client.ModbusClient;
import io.github.ccrhil.modbus.client.ModbusExceptionResponse;
import io.github.ccrhil.modbus.profile.Access;
import io.github.ccrhil.modbus.profile.Point;
import io.github.ccrhil.modbus.profile.Table;
import io.github.ccrhil.modbus.tcp.ModbusTcpClient;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;

/**
 * The security procedures as scripts: each drives the DUT's Modbus interface (hostile connections
 * of its own, the verifier's master, every write function code) and records raw data only,
 * judged elsewhere ({@code verdict.SecurityJudge}). Wall-clock figures (how long an answer took)
 * are recorded as measured; everything else is seeded.
 *
 * <p>Events ({@code source,kind,value}): {@code verifier,holding-before|holding-after|holding-local}
 * (every holding point of the profile read back, {@code name=raw ...}); {@code dut,answered-ms}
 * (one valid request of the master, its answer time); {@code dut,no-answer} (the master's
 * request was not answered); {@code dut,alarms}; {@code verifier,hostile-start|hostile-end};
 * {@code verifier,flood-start|flood-end}; {@code verifier,exhaustion-start}, {@code
 * dut,master-served-s|master-not-served}, {@code verifier,hold-end} (how long, in wall-clock
 * time, the connections were held and how often the master polled meanwhile), {@code
 * dut,connections-held}; {@code verifier,write}
 * with the next {@code dut,outcome}; over Modbus/TCP Security {@code verifier,tls-client|role-write|tls-own}, each with the
 * next {@code dut,outcome}, and where the TLS port is beside the verifier's own link {@code verifier,tls-port} and
 * {@code verifier,certificates} (the run's {@value #CERTIFICATES_SUFFIX} file and its SHA-256); {@code
 * harness,not-applicable|not-exercised}.
 */
final class SecurityScripts {

    /** The hostile frames of a robustness run, one hex line each, gzip: {@code <run>.frames.gz}. */
    static final String FRAMES_SUFFIX = ".frames.gz";

    /**
     * The Modbus/TCP Security certificates an authority run presented, where they were made for
     * the run (public parts only, PEM): {@code <run>.certificates.pem}.
     */
    static final String CERTIFICATES_SUFFIX = ".certificates.pem";

    /** How often the configured master polls in wall-clock time while connections are held (as {@code LinkedDutSessions.POLL}). */
    static final Duration MASTER_POLL = Duration.ofMillis(100);

    /** The deadline of each Modbus/TCP Security probe's transaction (TLS handshake included). */
    static final Duration TLS_PROBE_TIMEOUT = Duration.ofSeconds(10);

    private SecurityScripts() { }

    /** Whether {@code test} applies to the DUT; where it does not, the reason is recorded (NOT_APPLICABLE). */
    static boolean applies(TestSpec test, Procedures.Script s) throws IOException {
        java.util.Optional<ModbusAccess> access = s.ccr.remote().modbus();
        if (access.isEmpty()) {
            s.rec.event(s.ccr.now(), "harness", "not-applicable", "the DUT is driven in process (" + s.ccr.remote().describe()
                    + "): it has no Modbus interface for " + test.procedure().planName() + " to test; run it over a link"
                    + " (accept --link tcp-loopback, --dut tcp:|rtu:)");
            return false;
        }
        if (SerialLineScripts.hasSerialForm(test.procedure()) && SerialLineScripts.line(access.get()).isPresent()) {
            return SerialLineScripts.applies(test, s, access.get()); // over Modbus RTU: the serial-line forms
        }
        if (test.procedure().needsTcp() && access.get().tcp().isEmpty() && !TlsHostileConnections.over(access.get())) {
            boolean tls = io.github.ccrhil.ccr.verify.accept.dut.ModbusAccess.tlsAddress(access.get().where()).isPresent();
            s.rec.event(s.ccr.now(), "harness", "not-applicable", test.procedure().planName() + " needs the DUT's plain Modbus/TCP"
                    + " interface (connections of its own); the DUT is reached at " + access.get().where()
                    + (tls ? ", Modbus/TCP Security, and the verifier has no certificate of its own to open its hostile sessions with"
                    + " (--tls-key)" : ", a serial line that carries the verifier's own requests"));
            return false;
        }
        return true;
    }

    static void run(TestSpec test, List<Integer> steps, Procedures.Script s, long seed, Path dir, String name)
            throws IOException, DutException {
        ModbusAccess m = s.ccr.remote().modbus().orElseThrow();
        int step = steps.isEmpty() ? 3 : steps.get(0);
        try (HostMonitor host = HostMonitor.wakingEvery(HostMonitor.STALL_PERIOD)) {
            java.util.Optional<io.github.ccrhil.modbus.client.RawLine> line = SerialLineScripts.line(m);
            if (SerialLineScripts.hasSerialForm(test.procedure()) && line.isPresent()) {
                SerialLineScripts.run(test, step, test.param("sequence", List.of(3, 5)), s, m, line.get(), seed,
                        dir.resolve(name + FRAMES_SUFFIX), host);
                return;
            }
            switch (test.procedure()) {
                case PROTOCOL_ROBUSTNESS -> {
                    if (TlsHostileConnections.over(m)) {
                        robustness(test, step, s, m, seed, dir.resolve(name + FRAMES_SUFFIX), host, TlsHostileConnections.sessions(m),
                                TlsHostileConnections.hostileTls(test, m, seed, dir.resolve(name + TlsHostileConnections.TLS_CASES_SUFFIX)));
                    } else {
                        robustness(test, step, s, m, seed, dir.resolve(name + FRAMES_SUFFIX), host, Connections.plain(m.tcp().orElseThrow()),
                                BatchExtras.NONE);
                    }
                }
                case FLOOD -> flood(test, s, m, host, TlsHostileConnections.over(m) ? TlsHostileConnections.sessions(m)
                        : Connections.plain(m.tcp().orElseThrow()));
                case CONNECTION_EXHAUSTION -> exhaustion(test, step, s, m, host, TlsHostileConnections.over(m)
                        ? TlsHostileConnections.held(test, m) : new PlainHeld(m.tcp().orElseThrow()));
                case AUTHORITY -> authority(test, step, s, m, dir.resolve(name + CERTIFICATES_SUFFIX));
                default -> throw new IllegalStateException(test.procedure() + " is not a security procedure");
            }
        }
    }

    // ------------------------------------------------------------------ protocol robustness

    /**
     * Protocol robustness, either form: the seeded hostile frames on connections of their own
     * ({@code via}: plain Modbus/TCP, or TLS sessions of the verifier's certificate), in batches, with
     * whatever else the form sends beside each batch ({@code extras}: hostile TLS itself), while
     * the master's valid requests are timed and regulation is watched.
     */
    static void robustness(TestSpec test, int step, Procedures.Script s, ModbusAccess m, long seed, Path framesFile,
                           HostMonitor host, Connections via, BatchExtras extras) throws IOException, DutException {
        int frames = test.param("frames", 100_000);
        int batches = StrictMath.min(frames, test.<Integer>param("batches", 50));
        int parallel = test.param("connections", 4);
        Duration dwell = test.duration("dwell", Duration.ofSeconds(5));
        Duration slice = dwell.dividedBy(batches);
        try (extras) {
            s.select(step);
            s.dwell(test.duration("firstDwell", Duration.ofSeconds(4)));
            s.rec.event(s.ccr.now(), "verifier", "holding-before", holding(m));
            io.github.ccrhil.modbus.link.MalformedFrames gen = new io.github.ccrhil.modbus.link.MalformedFrames(seed).withoutWrites();
            int unit = m.profile().unitId();
            MessageDigest sha = sha256();
            s.rec.event(s.ccr.now(), "verifier", "hostile-start", io.github.ccrhil.modbus.link.MalformedFrames.GENERATOR + " seed " + seed
                    + " frames " + frames + " batches " + batches + " connections " + parallel + " to " + via.target() + extras.startNote());
            HostileTraffic.Counts total = new HostileTraffic.Counts(0, 0, 0, 0);
            boolean answering = true;
            try (HostileTraffic traffic = via.hostileTraffic(parallel, Duration.ofSeconds(2));
                 ModbusTcpClient masterLink = via.client(probeTimeout(test));
                 Writer out = new java.io.OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(framesFile)),
                         StandardCharsets.US_ASCII)) {
                ModbusRemote master = new ModbusRemote(masterLink, m.profile(), m.where() + " (the master's probe)");
                HexFormat hex = HexFormat.of();
                int sent = 0;
                for (int b = 0; b < batches && answering; b++) {
                    int n = (int) ((long) frames * (b + 1) / batches) - sent;
                    List<byte[]> batch = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        byte[] f = gen.next(unit);
                        batch.add(f);
                        sha.update(f);
                        out.write(hex.formatHex(f));
                        out.write('\n');
                    }
                    sent += n;
                    HostileTraffic.Batch inFlight = traffic.start(batch);
                    extras.start(b);
                    // the master's valid request while the frames arrive, then regulation goes on
                    answering = timedRequest(s, master, host);
                    if (answering) {
                        answering = dwellOrNoAnswer(s, master, slice, host);
                    }
                    if (answering) {
                        RemoteInterface.Readout r = readOrNull(s, master);
                        answering = r != null;
                        if (r != null) {
                            s.rec.event(s.ccr.now(), "dut", "alarms", String.join(" ", r.alarms()));
                        }
                    }
                    try {
                        total = total.plus(inFlight.await(Duration.ofSeconds(60)));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new DutException("interrupted while hostile frames were sent", e);
                    }
                    extras.end(s);
                }
            }
            s.rec.event(s.ccr.now(), "verifier", "hostile-end", "frames " + total.frames() + " delivered " + total.delivered()
                    + " connections " + total.connections() + " refused " + total.refused() + " sha256 "
                    + HexFormat.of().formatHex(sha.digest()) + extras.endNote());
            if (answering) {
                s.rec.event(s.ccr.now(), "verifier", "holding-after", holding(m));
            }
        }
    }

    /**
     * What protocol robustness sends beside the seeded frames of each batch, and records: nothing
     * over plain Modbus/TCP, hostile TLS itself over Modbus/TCP Security ({@code TlsHostileConnections}).
     */
    interface BatchExtras extends AutoCloseable {
        /** Nothing beside the frames. */
        BatchExtras NONE = new BatchExtras() { };

        /** Appended to the {@code hostile-start} event. */
        default String startNote() {
            return "";
        }

        /** Starts batch {@code batch}'s cases, beside its frames. */
        default void start(int batch) { }

        /** Waits (with a deadline) for the batch's cases and records them. */
        default void end(Procedures.Script s) throws IOException, DutException { }

        /** Appended to the {@code hostile-end} event. */
        default String endNote() {
            return "";
        }

        @Override
        default void close() throws IOException { }
    }

    // ------------------------------------------------------------------ the procedures' own connections

    /**
     * How the procedures' own connections reach the DUT: plain Modbus/TCP, or Modbus/TCP Security
     * sessions of the verifier's own certificate ({@link TlsHostileConnections}). The flood and
     * connection exhaustion have one loop each, for either.
     */
    interface Connections {
        /** A Modbus client on a connection of its own to the DUT, each transaction within {@code timeout}. */
        ModbusTcpClient client(Duration timeout);

        /** How the connections are made, for the records ({@code ""} over plain Modbus/TCP). */
        String how();

        /** Where hostile frames go, and how, for the records. */
        String target();

        /** Hostile frames on connections of their own, {@code parallel} at once, each connect and read within {@code deadline}. */
        HostileTraffic hostileTraffic(int parallel, Duration deadline);

        /** Plain Modbus/TCP connections to {@code tcp}. */
        static Connections plain(InetSocketAddress tcp) {
            return new Connections() {
                @Override
                public ModbusTcpClient client(Duration timeout) {
                    return new ModbusTcpClient(tcp, timeout);
                }

                @Override
                public String how() {
                    return "";
                }

                @Override
                public String target() {
                    return tcp.getAddress().getHostAddress() + ":" + tcp.getPort();
                }

                @Override
                public HostileTraffic hostileTraffic(int parallel, Duration deadline) {
                    return new HostileTraffic(tcp, parallel, deadline);
                }
            };
        }
    }

    /**
     * The connections connection exhaustion opens and holds, of the kinds its form has, and what it
     * watches them for: {@link PlainHeld} over Modbus/TCP, {@code TlsHostileConnections.TlsHeld}
     * over Modbus/TCP Security.
     */
    interface HeldConnections extends Connections, AutoCloseable {
        /** How long a reconnecting master waits for each answer. */
        Duration reconnectTimeout();

        /** Opens {@code sockets} connections, calling {@code due} before each; returns the {@code exhaustion-start} event's text. */
        String open(int sockets, Due due) throws IOException;

        /** Whatever the held connections need while they are held (a trickled handshake's next byte), when due. */
        default void tick(long nanoTime) { }

        /** Whether they must be held past the plan's {@code hold} (a half-done handshake the DUT has not ended yet). */
        default boolean pending(long nanoTime) {
            return false;
        }

        /** What the DUT did with them while they were held from {@code h0} ({@code System.nanoTime()}), as events. */
        default void recordHold(Procedures.Script s, HostMonitor host, long h0) throws IOException { }

        /** How many are still open, {@code "<open> of <held>"}. */
        String stillOpen();

        @Override
        void close();
    }

    /** Something due between two steps of a loop (the configured master's poll). */
    @FunctionalInterface
    interface Due {
        void due() throws IOException;
    }

    /** Plain Modbus/TCP: connections left idle, every other one having sent half an MBAP header, never finished. */
    private static final class PlainHeld implements HeldConnections {
        private final InetSocketAddress tcp;
        private final Connections plain;
        private final List<Socket> held = new ArrayList<>();

        PlainHeld(InetSocketAddress tcp) {
            this.tcp = tcp;
            this.plain = Connections.plain(tcp);
        }

        @Override
        public ModbusTcpClient client(Duration timeout) {
            return plain.client(timeout);
        }

        @Override
        public String how() {
            return plain.how();
        }

        @Override
        public String target() {
            return plain.target();
        }

        @Override
        public HostileTraffic hostileTraffic(int parallel, Duration deadline) {
            return plain.hostileTraffic(parallel, deadline);
        }

        @Override
        public Duration reconnectTimeout() {
            return Duration.ofMillis(500);
        }

        @Override
        public String open(int sockets, Due due) throws IOException {
            int notConnected = 0;
            for (int i = 0; i < sockets; i++) {
                due.due();
                Socket k = new Socket();
                try {
                    k.connect(tcp, 2000);
                    k.setSoLinger(true, 0);
                    if ((i & 1) == 1) { // half an MBAP header, never finished
                        OutputStream o = k.getOutputStream();
                        o.write(new byte[] {0x12, 0x34, 0x00});
                        o.flush();
                    }
                    held.add(k);
                } catch (IOException e) {
                    k.close();
                    notConnected++;
                }
            }
            return "sockets " + sockets + " idle " + (sockets - sockets / 2) + " half-open " + sockets / 2 + " not connected "
                    + notConnected;
        }

        @Override
        public String stillOpen() {
            int open = 0;
            for (Socket k : held) {
                if (SecurityScripts.stillOpen(k)) {
                    open++;
                }
            }
            return open + " of " + held.size();
        }

        @Override
        public void close() {
            for (Socket k : held) {
                try {
                    k.close();
                } catch (IOException e) {
                    // closing our own socket
                }
            }
        }
    }

    /**
     * The configured master's polls, every {@link #MASTER_POLL} of wall-clock time while connections
     * are held, and what the held connections need meanwhile.
     */
    private static final class MasterPolls {
        final Procedures.Script s;
        final RemoteInterface master;
        final HostMonitor host;
        final HeldConnections held;
        boolean polling = true;
        /** Whether each poll also keeps the verifier's own link in use (once the connections are open). */
        boolean keepOwnLink;
        long lastPoll;
        /** Polls since the connections were opened. */
        int whileHeld;

        MasterPolls(Procedures.Script s, RemoteInterface master, HostMonitor host, HeldConnections held) {
            this.s = s;
            this.master = master;
            this.host = host;
            this.held = held;
        }

        void poll() throws IOException {
            polling = timedRequest(s, master, host);
            lastPoll = System.nanoTime();
            if (keepOwnLink) {
                whileHeld++;
                verifiersOwnLink(s);
            }
        }

        void due() throws IOException {
            if (polling && System.nanoTime() - lastPoll >= MASTER_POLL.toNanos()) {
                poll();
            }
            held.tick(System.nanoTime());
        }

        /** Waits until the next poll is due, at most {@code maxNanos}. */
        void park(long maxNanos) {
            long wait = polling ? lastPoll + MASTER_POLL.toNanos() - System.nanoTime() : maxNanos;
            if (wait > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(StrictMath.min(wait, maxNanos));
            }
        }
    }

    // ------------------------------------------------------------------ flood

    static void flood(TestSpec test, Procedures.Script s, ModbusAccess m, HostMonitor host, Connections via)
            throws IOException, DutException {
        List<Integer> seq = test.param("sequence", List.of(3, 5));
        int parallel = test.param("connections", 8);
        Duration dwell = test.duration("dwell", Duration.ofMillis(2500));
        int slices = 25;
        Duration slice = dwell.dividedBy(slices);
        s.select(seq.get(0));
        s.dwell(test.duration("firstDwell", Duration.ofSeconds(4)));
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong requests = new AtomicLong();
        AtomicLong answered = new AtomicLong();
        List<Thread> flooders = new ArrayList<>();
        int unit = m.profile().unitId();
        for (int i = 0; i < parallel; i++) {
            Thread t = new Thread(() -> {
                try (ModbusTcpClient c = via.client(Duration.ofSeconds(2))) {
                    int k = 0;
                    while (!stop.get()) {
                        requests.incrementAndGet();
                        try {
                            if ((k++ & 1) == 0) {
                                c.readHoldingRegisters(unit, 0, 20);
                            } else {
                                c.readInputRegisters(unit, 0, 20);
                            }
                            answered.incrementAndGet();
                        } catch (ModbusExceptionResponse e) {
                            answered.incrementAndGet(); // an exception answer (a range the DUT does not map) is an answer
                        } catch (LinkInterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        } catch (LinkException e) {
                            // refused or not answered: the flood goes on (on a new connection)
                        }
                    }
                }
            }, "flood-" + i);
            t.setDaemon(true);
            flooders.add(t);
        }
        s.rec.event(s.ccr.now(), "verifier", "flood-start", "connections " + parallel + " reading 20 registers back to back"
                + via.how());
        flooders.forEach(Thread::start);
        boolean answering = true;
        try (ModbusTcpClient masterLink = via.client(probeTimeout(test))) {
            ModbusRemote master = new ModbusRemote(masterLink, m.profile(), m.where() + " (the master's probe)");
            for (int i = 1; i < seq.size() && answering; i++) {
                s.select(seq.get(i));
                for (int k = 0; k < slices && answering; k++) {
                    answering = timedRequest(s, master, host) && dwellOrNoAnswer(s, master, slice, host);
                }
            }
        } finally {
            stop.set(true);
            for (Thread t : flooders) {
                try {
                    t.join(5000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new DutException("interrupted while stopping the flood", e);
                }
            }
        }
        s.rec.event(s.ccr.now(), "verifier", "flood-end", "requests " + requests.get() + " answered " + answered.get());
    }

    // ------------------------------------------------------------------ connection exhaustion

    /**
     * Connection exhaustion, either form: {@code held} opens the connections of its kinds while the
     * configured master (connected before) polls every {@link #MASTER_POLL} of wall-clock time, as a
     * master on a bench does (directly: not through the verifier's own link); then a master that
     * reconnects (a new connection) must be served; the connections stay held for the plan's {@code
     * hold} (from when the last was opened), the master polling throughout however soon the new
     * connection was served (the poll answers are what the response-time check judges, and a window
     * without a poll in it judges nothing), and for as long as {@code held} must watch them (half-done
     * TLS handshakes the DUT has not ended yet); then how many the DUT still holds.
     */
    static void exhaustion(TestSpec test, int step, Procedures.Script s, ModbusAccess m, HostMonitor host, HeldConnections held)
            throws IOException, DutException {
        int sockets = test.param("sockets", 64);
        double serviceLimit = test.limit("service-time").value();
        s.select(step);
        s.dwell(test.duration("firstDwell", Duration.ofSeconds(4)));
        ModbusTcpClient masterLink = held.client(probeTimeout(test));
        MasterPolls polls = new MasterPolls(s, new ModbusRemote(masterLink, m.profile(), m.where() + " (the configured master)"),
                host, held);
        try {
            polls.poll();
            String opened = held.open(sockets, polls::due);
            s.rec.event(s.ccr.now(), "verifier", "exhaustion-start", opened);
            polls.keepOwnLink = true;
            long t0 = System.nanoTime();
            long give = (long) ((2 * serviceLimit + 1) * 1e9);
            double servedAfter = Double.NaN;
            try (ModbusTcpClient fresh = held.client(held.reconnectTimeout())) {
                while (System.nanoTime() - t0 < give) {
                    polls.due();
                    try {
                        fresh.readHoldingRegisters(m.profile().unitId(), 0, 1);
                        servedAfter = (System.nanoTime() - t0) / 1e9;
                        break;
                    } catch (ModbusExceptionResponse e) {
                        servedAfter = (System.nanoTime() - t0) / 1e9; // an answer is service
                        break;
                    } catch (LinkInterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new DutException("interrupted", e);
                    } catch (LinkException e) {
                        java.util.concurrent.locks.LockSupport.parkNanos(MASTER_POLL.toNanos() / 2); // refused or not yet: again
                    }
                }
            }
            long t1 = System.nanoTime();
            if (Double.isNaN(servedAfter)) {
                s.rec.event(s.ccr.now(), "dut", "master-not-served", "a new connection of the master was not served within "
                        + Fixed.format(give / 1e9, 1) + " s");
            } else {
                s.rec.event(s.ccr.now(), "dut", "master-served-s", Fixed.format(servedAfter, 3));
            }
            s.rec.event(s.ccr.now(), "host", "during-service", host.record(t0, Double.isNaN(servedAfter) ? t1
                    : t0 + (long) (servedAfter * 1e9)));
            Duration hold = test.duration("hold", Duration.ofSeconds(3));
            long holdEnd = t0 + hold.toNanos();
            long h0 = System.nanoTime();
            while ((polls.polling && System.nanoTime() < holdEnd) || held.pending(System.nanoTime())) {
                polls.due();
                polls.park(10_000_000);
            }
            s.rec.event(s.ccr.now(), "verifier", "hold-end", "held " + Fixed.format((System.nanoTime() - t0) / 1e9, 3)
                    + " s after the last was opened (hold " + Fixed.format(hold.toNanos() / 1e9, 3) + " s), the configured master polled "
                    + polls.whileHeld + " times meanwhile" + (polls.polling ? "" : ", then stopped: not answered"));
            held.recordHold(s, host, h0);
            s.rec.event(s.ccr.now(), "dut", "connections-held", held.stillOpen());
        } finally {
            masterLink.close();
            held.close();
        }
        verifiersOwnLink(s); // a connection the DUT reclaimed meanwhile is noticed here, and the next request reconnects
        s.dwell(test.duration("dwell", Duration.ofSeconds(1)));
    }

    /**
     * Keeps the verifier's own link in use (so the DUT does not take it for an idle one); a
     * failure here is not judged (the configured master's polls are), and drops the connection
     * so that the next request reconnects.
     */
    static void verifiersOwnLink(Procedures.Script s) {
        try {
            s.ccr.remote().keepAlive();
        } catch (DutException e) {
            // not the DUT's answer to its master: judged on the master's polls
        }
    }

    static boolean stillOpen(Socket k) {
        try {
            k.setSoTimeout(5);
            return k.getInputStream().read() >= 0; // an answer to half a header: open, if odd
        } catch (SocketTimeoutException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    // ------------------------------------------------------------------ authority

    private static void authority(TestSpec test, int step, Procedures.Script s, ModbusAccess m, Path certificatesFile)
            throws IOException, DutException {
        Duration dwell = test.duration("dwell", Duration.ofSeconds(1));
        s.select(step);
        s.dwell(test.duration("firstDwell", Duration.ofSeconds(4)));
        s.rec.event(s.ccr.now(), "verifier", "holding-before", holding(m));
        s.bench("key-switch", "LOCAL", () -> s.ccr.keySwitch(KeySwitch.LOCAL));
        s.awaitKeySwitch(false); // a key nobody turned says nothing about the DUT's authority
        for (Point p : m.profile().points()) {
            if (!p.access().writable() || !(p.table() == Table.COIL || p.table() == Table.HOLDING_REGISTER)) {
                continue;
            }
            for (int fc : p.table() == Table.COIL ? new int[] {0x05, 0x0F} : new int[] {0x06, 0x10, 0x17}) {
                write(s, m, p, fc);
            }
        }
        s.dwell(dwell);
        s.rec.event(s.ccr.now(), "verifier", "holding-local", holding(m));
        s.bench("key-switch", "REMOTE", () -> s.ccr.keySwitch(KeySwitch.REMOTE));
        s.awaitKeySwitch(true);
        // configuration without the engineer's right: no unlock code (and, over Modbus/TCP Security, no engineer role)
        for (Point p : m.profile().points()) {
            if (p.access() == Access.READ_WRITE_PROTECTED && p.table() == Table.HOLDING_REGISTER) {
                for (int fc : new int[] {0x06, 0x10}) {
                    write(s, m, p, fc);
                }
            }
        }
        java.util.Optional<InetSocketAddress> own = io.github.ccrhil.ccr.verify.accept.dut.ModbusAccess.tlsAddress(m.where());
        java.util.Optional<InetSocketAddress> tls = own.or(() -> m.probes().endpoint());
        if (tls.isEmpty()) {
            s.rec.event(s.ccr.now(), "harness", "not-exercised", "Modbus/TCP Security (certificates and roles): the DUT is reached at "
                    + m.where() + " without TLS" + m.probes().notServed().map(why -> ", and its Modbus/TCP Security port is not"
                    + " there: " + why).orElse(""));
        } else {
            if (own.isEmpty()) {
                s.rec.event(s.ccr.now(), "verifier", "tls-port", "tls:" + tls.get().getAddress().getHostAddress() + ":"
                        + tls.get().getPort() + ", the DUT's Modbus/TCP Security port beside the verifier's own link at " + m.where());
            }
            if (!m.probes().certificates().isEmpty()) {
                Files.writeString(certificatesFile, m.probes().certificates(), StandardCharsets.UTF_8);
                s.rec.event(s.ccr.now(), "verifier", "certificates", certificatesFile.getFileName() + " sha256 "
                        + HexFormat.of().formatHex(sha256().digest(m.probes().certificates().getBytes(StandardCharsets.UTF_8))));
            }
            modbusTcpSecurity(test, s, m, tls.get());
        }
        s.dwell(dwell);
        s.rec.event(s.ccr.now(), "verifier", "holding-after", holding(m));
    }

    /**
     * Modbus/TCP Security: a client without a certificate and one from an unknown CA must be
     * refused at the handshake (no Modbus answer at all); a client of the site's CA whose role
     * lacks the right, and one without a role where there is such a certificate, must be refused
     * each write function code (a Modbus exception), writing the value the point already holds (so
     * a DUT that ignores the role changes nothing). At a port beside the verifier's own link, the
     * verifier's own certificate is presented first ({@code verifier,tls-own}): a DUT that refuses
     * every client there shows nothing by refusing the probes.
     */
    private static void modbusTcpSecurity(TestSpec test, Procedures.Script s, ModbusAccess m, InetSocketAddress tls)
            throws IOException, DutException {
        io.github.ccrhil.ccr.verify.accept.dut.TlsProbes probes = m.probes();
        // a refusal arrives at once (a TLS alert or a closed connection); the deadline only bounds a DUT that hangs, and is
        // long so that a slow handshake on a loaded host is not taken for a refusal
        Duration timeout = TLS_PROBE_TIMEOUT;
        if (io.github.ccrhil.ccr.verify.accept.dut.ModbusAccess.tlsAddress(m.where()).isEmpty() && probes.verifier().isPresent()) {
            s.rec.event(s.ccr.now(), "verifier", "tls-own", "the verifier's own certificate (the site's CA, a role with the right)");
            String outcome;
            try {
                outcome = sessionAndRead(tls, timeout, probes.verifier().get(), m.profile().unitId(), "no session: ");
            } catch (LinkInterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DutException("interrupted", e);
            }
            s.rec.event(s.ccr.now(), "dut", "outcome", outcome);
        }
        handshake(s, m, tls, timeout, "no-certificate", java.util.Optional.of(
                io.github.ccrhil.ccr.verify.accept.dut.TlsProbes.noCertificate()));
        handshake(s, m, tls, timeout, "unknown-ca", probes.unknownCa());
        if (probes.lackingRole().isEmpty()) {
            s.rec.event(s.ccr.now(), "harness", "not-exercised", "a client whose role lacks the right: the plan names no such"
                    + " certificate (authority params lackingRoleKey, lackingRole)");
            return;
        }
        roleWrites(s, m, tls, timeout, probes.lackingRole().get(), probes.lackingRoleName());
        if (probes.noRole().isPresent()) {
            roleWrites(s, m, tls, timeout, probes.noRole().get(), "no role");
        }
    }

    /**
     * Each write function code, by a client of the site's CA whose certificate ({@code client},
     * role {@code role}) lacks the right, of the value the point already holds: each must be refused.
     */
    private static void roleWrites(Procedures.Script s, ModbusAccess m, InetSocketAddress tls, Duration timeout,
                                   io.github.ccrhil.modbus.tcp.TlsSettings client, String role) throws IOException, DutException {
        int unit = m.profile().unitId();
        try (ModbusTcpClient c = new ModbusTcpClient(tls, timeout, client)) {
            Point coil = null;
            Point register = null;
            for (Point p : m.profile().points()) {
                if (p.access() != Access.READ_WRITE) {
                    continue;
                }
                if (coil == null && p.table() == Table.COIL) {
                    coil = p;
                } else if (register == null && p.table() == Table.HOLDING_REGISTER) {
                    register = p;
                }
            }
            for (Point p : new Point[] {coil, register}) {
                if (p == null) {
                    continue;
                }
                for (int fc : p.table() == Table.COIL ? new int[] {0x05, 0x0F} : new int[] {0x06, 0x10, 0x17}) {
                    String what = String.format(java.util.Locale.ROOT, "%02d %s as %s", fc, p.name(), role);
                    s.rec.event(s.ccr.now(), "verifier", "role-write", what);
                    String outcome;
                    try {
                        int[] now = p.table() == Table.COIL ? null
                                : m.client().readHoldingRegisters(unit, p.address(), p.size()); // the verifier's own read
                        send(c, unit, p, fc, false, now);
                        outcome = "accepted";
                    } catch (ModbusExceptionResponse e) {
                        outcome = "refused: Modbus exception " + e.exceptionCode();
                    } catch (LinkInterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new DutException("interrupted", e);
                    } catch (LinkException e) {
                        outcome = "no session: " + e.getMessage();
                    }
                    s.rec.event(s.ccr.now(), "dut", "outcome", outcome);
                }
            }
        }
    }

    /** One client's TLS session and a read over it; the outcome says whether the DUT refused it before any Modbus answer. */
    private static void handshake(Procedures.Script s, ModbusAccess m, InetSocketAddress tls, Duration timeout, String probe,
                                  java.util.Optional<io.github.ccrhil.modbus.tcp.TlsSettings> settings) throws IOException {
        if (settings.isEmpty()) {
            s.rec.event(s.ccr.now(), "harness", "not-exercised", "a client with a certificate from an unknown CA: the plan names"
                    + " no such certificate (authority param unknownCaKey)");
            return;
        }
        s.rec.event(s.ccr.now(), "verifier", "tls-client", probe);
        String outcome;
        try {
            outcome = sessionAndRead(tls, timeout, settings.get(), m.profile().unitId(), "refused at the handshake: ");
        } catch (LinkInterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        s.rec.event(s.ccr.now(), "dut", "outcome", outcome);
    }

    /**
     * A TLS session of {@code client} and a read over it: "accepted: ..." when the DUT answered (a
     * Modbus exception included), otherwise {@code noSession} and the link's own words.
     */
    private static String sessionAndRead(InetSocketAddress tls, Duration timeout, io.github.ccrhil.modbus.tcp.TlsSettings client,
                                         int unit, String noSession) throws LinkInterruptedException {
        try (ModbusTcpClient c = new ModbusTcpClient(tls, timeout, client)) {
            c.readHoldingRegisters(unit, 0, 1);
            return "accepted: a TLS session, and a read answered";
        } catch (ModbusExceptionResponse e) {
            return "accepted: a TLS session, and a read answered with Modbus exception " + e.exceptionCode();
        } catch (LinkInterruptedException e) {
            throw e;
        } catch (LinkException e) {
            return noSession + e.getMessage();
        }
    }

    /** One write of {@code p} by function {@code fc}, of a value other than its own; the answer is recorded. */
    private static void write(Procedures.Script s, ModbusAccess m, Point p, int fc) throws IOException, DutException {
        ModbusClient c = m.client();
        int unit = m.profile().unitId();
        String what = String.format(java.util.Locale.ROOT, "%02d %s", fc, p.name());
        s.rec.event(s.ccr.now(), "verifier", "write", what);
        String outcome;
        try {
            int[] other = null;
            if (p.table() != Table.COIL) {
                other = c.readHoldingRegisters(unit, p.address(), p.size()).clone();
                other[other.length - 1] ^= 1;
            }
            send(c, unit, p, fc, true, other);
            outcome = "accepted";
        } catch (ModbusExceptionResponse e) {
            outcome = "refused: Modbus exception " + e.exceptionCode();
        } catch (LinkInterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DutException("interrupted", e);
        } catch (LinkException e) {
            throw new DutException("DUT at " + m.where() + " did not answer (write " + what + "): " + e.getMessage(), e);
        }
        s.rec.event(s.ccr.now(), "dut", "outcome", outcome);
    }

    /**
     * One write of {@code p} by function {@code fc} (05 or 15 for a coil, 06, 16 or 23 for
     * registers): a coil is written {@code coil}, registers {@code words}.
     */
    private static void send(ModbusClient c, int unit, Point p, int fc, boolean coil, int[] words) throws LinkException {
        if (p.table() == Table.COIL) {
            if (fc == 0x05) {
                c.writeSingleCoil(unit, p.address(), coil);
            } else {
                c.writeMultipleCoils(unit, p.address(), new boolean[] {coil});
            }
        } else if (fc == 0x06 && words.length == 1) {
            c.writeSingleRegister(unit, p.address(), words[0]);
        } else if (fc == 0x17) {
            c.readWriteMultipleRegisters(unit, p.address(), p.size(), p.address(), words);
        } else {
            c.writeMultipleRegisters(unit, p.address(), words);
        }
    }

    // ------------------------------------------------------------------ shared

    /** Every holding point of the profile as raw registers, {@code name=w0.w1 ...}. */
    static String holding(ModbusAccess m) throws DutException {
        StringBuilder b = new StringBuilder();
        for (Point p : m.profile().points()) {
            if (p.table() != Table.HOLDING_REGISTER) {
                continue;
            }
            int[] w;
            try {
                w = m.client().readHoldingRegisters(m.profile().unitId(), p.address(), p.size());
            } catch (LinkInterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DutException("interrupted", e);
            } catch (LinkException e) {
                throw new DutException("DUT at " + m.where() + " did not answer (read back " + p.name() + "): " + e.getMessage(), e);
            }
            if (b.length() > 0) {
                b.append(' ');
            }
            b.append(p.name()).append('=');
            for (int i = 0; i < w.length; i++) {
                b.append(i == 0 ? "" : ".").append(w[i]);
            }
        }
        return b.toString();
    }

    /**
     * One valid request of the master, timed; false (recorded) when it was not answered. The host's
     * stall during the request follows as {@code host,during-request} ({@link HostMonitor#record}).
     */
    static boolean timedRequest(Procedures.Script s, RemoteInterface master, HostMonitor host) throws IOException {
        long t0 = System.nanoTime();
        try {
            master.keepAlive();
            long t1 = System.nanoTime();
            s.rec.event(s.ccr.now(), "dut", "answered-ms", Fixed.format((t1 - t0) / 1e6, 1));
            s.rec.event(s.ccr.now(), "host", "during-request", host.record(t0, t1));
            return true;
        } catch (DutException e) {
            long t1 = System.nanoTime();
            s.rec.event(s.ccr.now(), "dut", "no-answer", e.getMessage() + " (after " + Fixed.format((t1 - t0) / 1e6, 1)
                    + " ms)");
            s.rec.event(s.ccr.now(), "host", "during-request", host.record(t0, t1));
            return false;
        }
    }

    static RemoteInterface.Readout readOrNull(Procedures.Script s, RemoteInterface master) throws IOException {
        try {
            return master.read();
        } catch (DutException e) {
            s.rec.event(s.ccr.now(), "dut", "no-answer", e.getMessage());
            return null;
        }
    }

    /**
     * Lets regulation go on for {@code d}. Where the verifier's own link fails meanwhile, the
     * master's direct probe tells the DUT's silence (recorded, false) from a fault of the
     * verifier's link (the run is cut: INCONCLUSIVE).
     */
    static boolean dwellOrNoAnswer(Procedures.Script s, RemoteInterface master, Duration d, HostMonitor host)
            throws IOException, DutException {
        try {
            s.dwell(d);
            return true;
        } catch (DutException e) {
            if (timedRequest(s, master, host)) {
                throw e;
            }
            return false;
        }
    }

    static Duration probeTimeout(TestSpec test) {
        double limit = test.limit("response-time").value();
        return Duration.ofMillis(StrictMath.max(2000, (long) (2000 * limit)));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
