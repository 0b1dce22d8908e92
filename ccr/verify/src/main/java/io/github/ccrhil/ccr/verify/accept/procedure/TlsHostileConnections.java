package io.github.ccrhil.ccr.verify.accept.procedure;

import io.github.ccrhil.evidence.host.HostMonitor;
import io.github.ccrhil.ccr.verify.accept.dut.DutException;
import io.github.ccrhil.ccr.verify.accept.dut.ModbusAccess;
import io.github.ccrhil.ccr.verify.accept.dut.ModbusRemote;
import io.github.ccrhil.ccr.verify.accept.dut.RemoteInterface;
import io.github.ccrhil.ccr.verify.accept.plan.TestSpec;
import io.github.ccrhil.evidence.Limit;
import io.github.ccrhil.modbus.client.LinkException;
import io.github.ccrhil.modbus.client.LinkInterruptedException;
import io.github.ccrhil.modbus.client.ModbusExceptionResponse;
import io.github.ccrhil.modbus.tcp.ModbusTcpClient;
import io.github.ccrhil.modbus.tcp.TlsSettings;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;
import javax.net.ssl.SSLSocket;

/**
 * The hostile-connection procedures over Modbus/TCP Security ({@code accept --dut tls:…}): the
 * same procedures, events and PASS criteria as over plain Modbus/TCP ({@link SecurityScripts}),
 * with every connection of the verifier's a TLS session of its own certificate (with its role),
 * so the hostile frames reach the DUT's Modbus parser, plus what only TLS has:
 * <ul>
 * <li>robustness: the hostile frames inside authenticated sessions, and each batch also hostile
 *     TLS itself ({@link HostileTls}: garbage before and inside the handshake, a ClientHello cut
 *     short or with a lying record length, garbage under a session, renegotiation, close_notify
 *     right after a request), recorded as sent in {@code <run>.tls.gz};</li>
 * <li>flood: the flooding connections are TLS sessions;</li>
 * <li>connection exhaustion: a third of the sockets plain TCP that never start the handshake, a
 *     third completed sessions left idle, a third half-done handshakes (a ClientHello cut short,
 *     then trickled a byte every {@value #TRICKLE_MS} ms: slowloris); besides the plain form's
 *     checks, how long the DUT held a half-done handshake ({@code dut,handshake-held-s} or {@code
 *     dut,handshake-not-closed}), judged against the plan's declared {@code handshake-timeout}.</li>
 * </ul>
 */
final class TlsHostileConnections {

    /** The hostile TLS cases of a robustness run, one line each ({@code kind hex outcome}), gzip: {@code <run>.tls.gz}. */
    static final String TLS_CASES_SUFFIX = ".tls.gz";

    /** How often a half-done handshake gets one more byte of its ClientHello. */
    static final long TRICKLE_MS = 250;

    private TlsHostileConnections() { }

    /** Whether the DUT is reached over Modbus/TCP Security with a certificate of the verifier's own (the TLS forms apply). */
    static boolean over(ModbusAccess m) {
        return m.tcp().isEmpty() && ModbusAccess.tlsAddress(m.where()).isPresent() && m.probes().verifier().isPresent();
    }

    private static InetSocketAddress address(ModbusAccess m) {
        return ModbusAccess.tlsAddress(m.where()).orElseThrow();
    }

    private static TlsSettings own(ModbusAccess m) {
        return m.probes().verifier().orElseThrow();
    }

    private static String where(InetSocketAddress a) {
        return "tls:" + a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    // ------------------------------------------------------------------ protocol robustness

    static void robustness(TestSpec test, int step, Procedures.Script s, ModbusAccess m, long seed, Path dir, String name,
                           HostMonitor host) throws IOException, DutException {
        int frames = test.param("frames", 100_000);
        int batches = StrictMath.min(frames, test.<Integer>param("batches", 50));
        int parallel = test.param("connections", 4);
        // hostile TLS cases per batch, the kinds in turn (default: one of each of the 7)
        int perBatch = StrictMath.max(1, test.<Integer>param("tlsCases", HostileTls.Kind.values().length));
        Duration dwell = test.duration("dwell", Duration.ofSeconds(5));
        Duration slice = dwell.dividedBy(batches);
        s.select(step);
        s.dwell(test.duration("firstDwell", Duration.ofSeconds(4)));
        InetSocketAddress tls = address(m);
        TlsSettings own = own(m);
        s.rec.event(s.ccr.now(), "verifier", "holding-before", SecurityScripts.holding(m));
        io.github.ccrhil.modbus.link.MalformedFrames gen = new io.github.ccrhil.modbus.link.MalformedFrames(seed).withoutWrites();
        int unit = m.profile().unitId();
        HostileTls tlsGen = new HostileTls(seed, tls, own, m.profile().unitId(), Duration.ofSeconds(3));
        MessageDigest sha = SecurityScripts.sha256();
        s.rec.event(s.ccr.now(), "verifier", "hostile-start", io.github.ccrhil.modbus.link.MalformedFrames.GENERATOR + " seed " + seed + " frames " + frames
                + " batches " + batches + " connections " + parallel + " to " + where(tls) + " inside TLS sessions of the verifier's"
                + " certificate; " + HostileTls.GENERATOR + " " + perBatch + " cases per batch");
        HostileTraffic.Counts total = new HostileTraffic.Counts(0, 0, 0, 0);
        Map<HostileTls.Kind, int[]> tlsCounts = new EnumMap<>(HostileTls.Kind.class); // {cases, ended by the DUT, answered}
        boolean answering = true;
        ExecutorService tlsCases = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "hostile-tls");
            t.setDaemon(true);
            return t;
        });
        try (HostileTraffic traffic = new HostileTraffic(tls, parallel, Duration.ofSeconds(2), own);
             ModbusTcpClient masterLink = new ModbusTcpClient(tls, SecurityScripts.probeTimeout(test), own);
             Writer out = new java.io.OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(
                     dir.resolve(name + SecurityScripts.FRAMES_SUFFIX))), StandardCharsets.US_ASCII);
             Writer tlsOut = new java.io.OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(
                     dir.resolve(name + TLS_CASES_SUFFIX))), StandardCharsets.US_ASCII)) {
            RemoteInterface master = new ModbusRemote(masterLink, m.profile(), m.where() + " (the master's probe)");
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
                int firstCase = b * perBatch;
                Future<List<HostileTls.Case>> hostileTls = tlsCases.submit(() -> {
                    List<HostileTls.Case> done = new ArrayList<>();
                    HostileTls.Kind[] kinds = HostileTls.Kind.values();
                    for (int c = 0; c < perBatch; c++) {
                        done.add(tlsGen.run(kinds[(firstCase + c) % kinds.length]));
                    }
                    return done;
                });
                answering = SecurityScripts.timedRequest(s, master, host);
                if (answering) {
                    answering = SecurityScripts.dwellOrNoAnswer(s, master, slice, host);
                }
                if (answering) {
                    RemoteInterface.Readout r = SecurityScripts.readOrNull(s, master);
                    answering = r != null;
                    if (r != null) {
                        s.rec.event(s.ccr.now(), "dut", "alarms", String.join(" ", r.alarms()));
                    }
                }
                try {
                    total = total.plus(inFlight.await(Duration.ofSeconds(60)));
                    for (HostileTls.Case c : hostileTls.get(60, TimeUnit.SECONDS)) {
                        int[] k = tlsCounts.computeIfAbsent(c.kind(), x -> new int[3]);
                        k[0]++;
                        k[1] += c.endedByDut() ? 1 : 0;
                        k[2] += c.answered() ? 1 : 0;
                        tlsOut.write(c.kind().planName() + " " + (c.sent().isEmpty() ? "-" : c.sent()) + " "
                                + (c.endedByDut() ? "ended-by-dut" : "held") + " " + (c.answered() ? "answered" : "-") + " "
                                + c.detail().replace('\n', ' ') + "\n");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new DutException("interrupted while hostile frames were sent", e);
                } catch (ExecutionException | TimeoutException e) {
                    hostileTls.cancel(true);
                    s.rec.event(s.ccr.now(), "verifier", "hostile-tls-lost", "a batch of hostile TLS cases did not end within 60 s: "
                            + e);
                }
            }
        } finally {
            tlsCases.shutdownNow();
        }
        StringBuilder tlsSummary = new StringBuilder();
        int cases = 0;
        for (var e : tlsCounts.entrySet()) {
            cases += e.getValue()[0];
            tlsSummary.append(' ').append(e.getKey().planName()).append(' ').append(e.getValue()[0]).append(" (ended ")
                    .append(e.getValue()[1]).append(", answered ").append(e.getValue()[2]).append(')');
        }
        s.rec.event(s.ccr.now(), "verifier", "hostile-end", "frames " + total.frames() + " delivered " + total.delivered()
                + " connections " + total.connections() + " refused " + total.refused() + " sha256 "
                + HexFormat.of().formatHex(sha.digest()) + " tls-cases " + cases + ":" + tlsSummary);
        if (answering) {
            s.rec.event(s.ccr.now(), "verifier", "holding-after", SecurityScripts.holding(m));
        }
    }

    // ------------------------------------------------------------------ flood

    static void flood(TestSpec test, Procedures.Script s, ModbusAccess m, HostMonitor host) throws IOException, DutException {
        List<Integer> seq = test.param("sequence", List.of(3, 5));
        int parallel = test.param("connections", 8);
        Duration dwell = test.duration("dwell", Duration.ofMillis(2500));
        int slices = 25;
        Duration slice = dwell.dividedBy(slices);
        InetSocketAddress tls = address(m);
        TlsSettings own = own(m);
        s.select(seq.get(0));
        s.dwell(test.duration("firstDwell", Duration.ofSeconds(4)));
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong requests = new AtomicLong();
        AtomicLong answered = new AtomicLong();
        List<Thread> flooders = new ArrayList<>();
        int unit = m.profile().unitId();
        for (int i = 0; i < parallel; i++) {
            Thread t = new Thread(() -> {
                try (ModbusTcpClient c = new ModbusTcpClient(tls, Duration.ofSeconds(2), own)) {
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
                            answered.incrementAndGet();
                        } catch (LinkInterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        } catch (LinkException e) {
                            // refused or not answered: the flood goes on (a new session)
                        }
                    }
                }
            }, "flood-tls-" + i);
            t.setDaemon(true);
            flooders.add(t);
        }
        s.rec.event(s.ccr.now(), "verifier", "flood-start", "connections " + parallel + " reading 20 registers back to back, each a"
                + " TLS session of the verifier's certificate to " + where(tls));
        flooders.forEach(Thread::start);
        boolean answering = true;
        try (ModbusTcpClient masterLink = new ModbusTcpClient(tls, SecurityScripts.probeTimeout(test), own)) {
            RemoteInterface master = new ModbusRemote(masterLink, m.profile(), m.where() + " (the master's probe)");
            for (int i = 1; i < seq.size() && answering; i++) {
                s.select(seq.get(i));
                for (int k = 0; k < slices && answering; k++) {
                    answering = SecurityScripts.timedRequest(s, master, host)
                            && SecurityScripts.dwellOrNoAnswer(s, master, slice, host);
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

    /** A half-done handshake: a ClientHello cut short, the rest trickled. */
    private static final class Slow {
        final Socket socket;
        final byte[] hello;
        final long connected;
        int next;
        long closed = -1;

        Slow(Socket socket, byte[] hello, int next, long connected) {
            this.socket = socket;
            this.hello = hello;
            this.next = next;
            this.connected = connected;
        }

        /** One more byte, unless the DUT has ended the connection (then when it was noticed is kept). */
        void tick(long now) {
            if (closed >= 0) {
                return;
            }
            try {
                socket.setSoTimeout(1);
                if (socket.getInputStream().read() < 0) {
                    closed = now;
                    return;
                }
            } catch (SocketTimeoutException e) {
                // still open
            } catch (IOException e) {
                closed = now;
                return;
            }
            if (next < hello.length - 1) { // never the last byte: the hello stays unfinished
                try {
                    OutputStream o = socket.getOutputStream();
                    o.write(hello[next++]);
                    o.flush();
                } catch (IOException e) {
                    closed = now;
                }
            }
        }
    }

    static void exhaustion(TestSpec test, int step, Procedures.Script s, ModbusAccess m, HostMonitor host)
            throws IOException, DutException {
        int sockets = test.param("sockets", 64);
        double serviceLimit = test.limit("service-time").value();
        Optional<Limit> handshakeLimit = test.optionalLimit("handshake-timeout");
        InetSocketAddress tls = address(m);
        TlsSettings own = own(m);
        s.select(step);
        s.dwell(test.duration("firstDwell", Duration.ofSeconds(4)));
        int idle = sockets / 3;
        int sessions = sockets / 3;
        int slow = sockets - idle - sessions;
        List<Socket> raw = new ArrayList<>();
        List<SSLSocket> idleSessions = new ArrayList<>();
        List<Slow> halfDone = new ArrayList<>();
        int notConnected = 0;
        ModbusTcpClient masterLink = new ModbusTcpClient(tls, SecurityScripts.probeTimeout(test), own);
        RemoteInterface master = new ModbusRemote(masterLink, m.profile(), m.where() + " (the configured master)");
        Pacer pace = new Pacer(s, master, host, halfDone);
        pace.polling = SecurityScripts.timedRequest(s, master, host);
        pace.lastPoll = System.nanoTime();
        try {
            // half-done handshakes first, while the DUT is below its connection limit, then trickled: a DUT at its limit
            // refuses (closes at once) a new connection, which would look like a handshake deadline kept
            for (int i = 0; i < slow; i++) {
                pace.due();
                Socket k = new Socket();
                try {
                    k.connect(tls, 2000);
                    k.setSoLinger(true, 0);
                    byte[] hello = HostileTls.clientHello(own, tls);
                    int cut = StrictMath.min(hello.length / 2, 40);
                    k.getOutputStream().write(hello, 0, cut);
                    k.getOutputStream().flush();
                    halfDone.add(new Slow(k, hello, cut, System.nanoTime()));
                } catch (IOException e) {
                    k.close();
                    notConnected++;
                }
            }
            // plain TCP connections that never start the handshake
            for (int i = 0; i < idle; i++) {
                pace.due();
                Socket k = new Socket();
                try {
                    k.connect(tls, 2000);
                    k.setSoLinger(true, 0);
                    raw.add(k);
                } catch (IOException e) {
                    k.close();
                    notConnected++;
                }
            }
            // completed sessions of the verifier's certificate, left idle
            for (int i = 0; i < sessions; i++) {
                pace.due();
                Socket k = new Socket();
                try {
                    k.connect(tls, 2000);
                    k.setSoLinger(true, 0);
                    k.setSoTimeout(5000);
                    SSLSocket t = (SSLSocket) own.context().getSocketFactory().createSocket(k, tls.getHostString(), tls.getPort(), true);
                    t.setEnabledProtocols(own.protocols().toArray(String[]::new));
                    t.startHandshake();
                    idleSessions.add(t);
                } catch (IOException e) {
                    k.close();
                    notConnected++;
                }
            }
            s.rec.event(s.ccr.now(), "verifier", "exhaustion-start", "sockets " + sockets + " idle " + idle + " tls-sessions "
                    + sessions + " half-open " + slow + " not connected " + notConnected + " to " + where(tls) + " (idle: plain TCP"
                    + " that never starts the handshake; tls-sessions: completed with the verifier's certificate, then silent;"
                    + " half-open: a ClientHello cut short, then a byte every " + TRICKLE_MS + " ms)");
            // a master that reconnects (a new session) must be served
            long t0 = System.nanoTime();
            long give = (long) ((2 * serviceLimit + 1) * 1e9);
            double servedAfter = Double.NaN;
            try (ModbusTcpClient fresh = new ModbusTcpClient(tls, Duration.ofMillis(1000), own)) {
                while (System.nanoTime() - t0 < give) {
                    pace.due();
                    try {
                        fresh.readHoldingRegisters(m.profile().unitId(), 0, 1);
                        servedAfter = (System.nanoTime() - t0) / 1e9;
                        break;
                    } catch (ModbusExceptionResponse e) {
                        servedAfter = (System.nanoTime() - t0) / 1e9; // answered: served
                        break;
                    } catch (LinkInterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new DutException("interrupted", e);
                    } catch (LinkException e) {
                        // refused or not answered yet: try again
                    }
                }
            }
            long t1 = System.nanoTime();
            if (Double.isNaN(servedAfter)) {
                s.rec.event(s.ccr.now(), "dut", "master-not-served", "a new session of the master was not served within "
                        + Fixed.format(give / 1e9, 1) + " s");
            } else {
                s.rec.event(s.ccr.now(), "dut", "master-served-s", Fixed.format(servedAfter, 3));
            }
            s.rec.event(s.ccr.now(), "host", "during-service", host.record(t0, Double.isNaN(servedAfter) ? t1
                    : t0 + (long) (servedAfter * 1e9)));
            // the half-done handshakes: trickled until the DUT ends each, or well past its declared deadline
            double declared = handshakeLimit.map(Limit::value).orElse(5.0);
            long patience = (long) ((2 * declared + 1) * 1e9);
            long lastOpened = halfDone.isEmpty() ? System.nanoTime() : halfDone.get(halfDone.size() - 1).connected;
            long h0 = System.nanoTime();
            while (!halfDone.isEmpty() && halfDone.stream().anyMatch(h -> h.closed < 0) && System.nanoTime() - lastOpened < patience) {
                pace.due();
                java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
            }
            pace.trickle(System.nanoTime());
            long h1 = System.nanoTime();
            if (!halfDone.isEmpty()) {
                long open = halfDone.stream().filter(h -> h.closed < 0).count();
                double longest = 0;
                for (Slow h : halfDone) {
                    longest = StrictMath.max(longest, ((h.closed < 0 ? h1 : h.closed) - h.connected) / 1e9);
                }
                if (open == 0) {
                    s.rec.event(s.ccr.now(), "dut", "handshake-held-s", Fixed.format(longest, 3) + " (the longest of "
                            + halfDone.size() + " half-done handshakes, each noticed within " + TRICKLE_MS + " ms)");
                } else {
                    s.rec.event(s.ccr.now(), "dut", "handshake-not-closed", open + " of " + halfDone.size() + " half-done handshakes"
                            + " still open after " + Fixed.format(longest, 1) + " s, trickled a byte every " + TRICKLE_MS + " ms");
                }
                s.rec.event(s.ccr.now(), "host", "during-handshakes", host.record(h0, h1));
            }
            int open = 0;
            for (Socket k : raw) {
                open += SecurityScripts.stillOpen(k) ? 1 : 0;
            }
            for (SSLSocket k : idleSessions) {
                open += SecurityScripts.stillOpen(k) ? 1 : 0;
            }
            for (Slow h : halfDone) {
                open += h.closed < 0 && SecurityScripts.stillOpen(h.socket) ? 1 : 0;
            }
            s.rec.event(s.ccr.now(), "dut", "connections-held", open + " of " + (raw.size() + idleSessions.size() + halfDone.size()));
        } finally {
            masterLink.close();
            List<Socket> all = new ArrayList<>(raw);
            all.addAll(idleSessions);
            halfDone.forEach(h -> all.add(h.socket));
            for (Socket k : all) {
                try {
                    k.close();
                } catch (IOException e) {
                    // closing our own socket
                }
            }
        }
        SecurityScripts.verifiersOwnLink(s);
        s.dwell(test.duration("dwell", Duration.ofSeconds(1)));
    }

    /** The configured master's polls every {@link SecurityScripts#MASTER_POLL} and the half-done handshakes' trickle, when due. */
    private static final class Pacer {
        final Procedures.Script s;
        final RemoteInterface master;
        final HostMonitor host;
        final List<Slow> halfDone;
        boolean polling;
        long lastPoll;
        long lastTrickle = System.nanoTime();

        Pacer(Procedures.Script s, RemoteInterface master, HostMonitor host, List<Slow> halfDone) {
            this.s = s;
            this.master = master;
            this.host = host;
            this.halfDone = halfDone;
        }

        void due() throws IOException {
            long now = System.nanoTime();
            if (polling && now - lastPoll >= SecurityScripts.MASTER_POLL.toNanos()) {
                polling = SecurityScripts.timedRequest(s, master, host);
                lastPoll = System.nanoTime();
            }
            if (now - lastTrickle >= TRICKLE_MS * 1_000_000) {
                trickle(now);
            }
        }

        void trickle(long now) {
            lastTrickle = now;
            for (Slow h : halfDone) {
                h.tick(now);
            }
        }
    }
}
