package io.github.ccrhil.ccr.verify.accept.procedure;

import io.github.ccrhil.evidence.host.HostMonitor;
import io.github.ccrhil.ccr.verify.accept.dut.DutException;
import io.github.ccrhil.ccr.verify.accept.dut.ModbusAccess;
import io.github.ccrhil.ccr.verify.accept.plan.TestSpec;
import io.github.ccrhil.evidence.Limit;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 * <li>flood: the flooding connections are TLS sessions ({@link #sessions}, run by the one flood loop,
 *     {@link SecurityScripts#flood});</li>
 * <li>connection exhaustion: a third of the sockets plain TCP that never start the handshake, a
 *     third completed sessions left idle, a third half-done handshakes (a ClientHello cut short,
 *     then trickled a byte every {@value #TRICKLE_MS} ms: slowloris); besides the plain form's
 *     checks, how long the DUT held a half-done handshake ({@code dut,handshake-held-s} or {@code
 *     dut,handshake-not-closed}), judged against the plan's declared {@code handshake-timeout} ({@link #held}, held by the one
 *     exhaustion loop, {@link SecurityScripts#exhaustion}, for the plan's {@code hold} with the
 *     configured master polling throughout, and until the DUT has ended each half-done handshake).</li>
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

    /**
     * Protocol robustness's hostile TLS, beside each batch of frames (run by the one robustness
     * loop, {@link SecurityScripts#robustness}): {@code tlsCases} cases a batch (default one of each
     * of the 7 kinds; fewer take the kinds in turn), each as sent and what the DUT did in {@code
     * casesFile} (one line each), their counts in the {@code hostile-end} event.
     */
    static SecurityScripts.BatchExtras hostileTls(TestSpec test, ModbusAccess m, long seed, Path casesFile) throws IOException {
        return new HostileTlsBatches(new HostileTls(seed, address(m), own(m), m.profile().unitId(), Duration.ofSeconds(3)),
                StrictMath.max(1, test.<Integer>param("tlsCases", HostileTls.Kind.values().length)), casesFile);
    }

    private static final class HostileTlsBatches implements SecurityScripts.BatchExtras {
        private final HostileTls tlsGen;
        private final int perBatch;
        private final Writer tlsOut;
        private final ExecutorService tlsCases = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "hostile-tls");
            t.setDaemon(true);
            return t;
        });
        /** By kind: {cases, ended by the DUT, answered}. */
        private final Map<HostileTls.Kind, int[]> tlsCounts = new EnumMap<>(HostileTls.Kind.class);
        private Future<List<HostileTls.Case>> hostileTls;

        HostileTlsBatches(HostileTls tlsGen, int perBatch, Path casesFile) throws IOException {
            this.tlsGen = tlsGen;
            this.perBatch = perBatch;
            this.tlsOut = new java.io.OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(casesFile)), StandardCharsets.US_ASCII);
        }

        @Override
        public String startNote() {
            return " inside TLS sessions of the verifier's certificate; " + HostileTls.GENERATOR + " " + perBatch + " cases per batch";
        }

        @Override
        public void start(int batch) {
            int firstCase = batch * perBatch;
            hostileTls = tlsCases.submit(() -> {
                List<HostileTls.Case> done = new ArrayList<>();
                HostileTls.Kind[] kinds = HostileTls.Kind.values();
                for (int c = 0; c < perBatch; c++) {
                    done.add(tlsGen.run(kinds[(firstCase + c) % kinds.length]));
                }
                return done;
            });
        }

        @Override
        public void end(Procedures.Script s) throws IOException, DutException {
            try {
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
                s.rec.event(s.ccr.now(), "verifier", "hostile-tls-lost", "a batch of hostile TLS cases did not end within 60 s: " + e);
            }
        }

        @Override
        public String endNote() {
            StringBuilder tlsSummary = new StringBuilder();
            int cases = 0;
            for (var e : tlsCounts.entrySet()) {
                cases += e.getValue()[0];
                tlsSummary.append(' ').append(e.getKey().planName()).append(' ').append(e.getValue()[0]).append(" (ended ")
                        .append(e.getValue()[1]).append(", answered ").append(e.getValue()[2]).append(')');
            }
            return " tls-cases " + cases + ":" + tlsSummary;
        }

        @Override
        public void close() throws IOException {
            tlsCases.shutdownNow();
            tlsOut.close();
        }
    }

    // ------------------------------------------------------------------ flood

    /** The procedures' own connections: TLS sessions of the verifier's certificate (the flood's, and the masters'). */
    static SecurityScripts.Connections sessions(ModbusAccess m) {
        InetSocketAddress tls = address(m);
        TlsSettings own = own(m);
        return new SecurityScripts.Connections() {
            @Override
            public ModbusTcpClient client(Duration timeout) {
                return new ModbusTcpClient(tls, timeout, own);
            }

            @Override
            public String how() {
                return ", each a TLS session of the verifier's certificate to " + where(tls);
            }

            @Override
            public String target() {
                return where(tls);
            }

            @Override
            public HostileTraffic hostileTraffic(int parallel, Duration deadline) {
                return new HostileTraffic(tls, parallel, deadline, own);
            }
        };
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

    /** Connection exhaustion's connections over Modbus/TCP Security, for {@link SecurityScripts#exhaustion}. */
    static SecurityScripts.HeldConnections held(TestSpec test, ModbusAccess m) {
        return new TlsHeld(sessions(m), address(m), own(m), test.optionalLimit("handshake-timeout"));
    }

    /**
     * A third of the sockets plain TCP connections that never start the handshake, a third completed
     * sessions of the verifier's certificate left silent, and a third half-done handshakes (opened
     * first, while the DUT is below its connection limit: a DUT at its limit refuses, closes at
     * once, a new connection, which would look like a handshake deadline kept), trickled a byte every
     * {@value #TRICKLE_MS} ms until the DUT ends each or well past its declared deadline.
     */
    private static final class TlsHeld implements SecurityScripts.HeldConnections {
        private final SecurityScripts.Connections sessions;
        private final InetSocketAddress tls;
        private final TlsSettings own;
        /** How long a half-done handshake is trickled at most: twice the declared deadline and a second. */
        private final long patience;
        private final List<Socket> raw = new ArrayList<>();
        private final List<SSLSocket> idleSessions = new ArrayList<>();
        private final List<Slow> halfDone = new ArrayList<>();
        private long lastTrickle = System.nanoTime();

        TlsHeld(SecurityScripts.Connections sessions, InetSocketAddress tls, TlsSettings own, Optional<Limit> handshakeLimit) {
            this.sessions = sessions;
            this.tls = tls;
            this.own = own;
            this.patience = (long) ((2 * handshakeLimit.map(Limit::value).orElse(5.0) + 1) * 1e9);
        }

        @Override
        public ModbusTcpClient client(Duration timeout) {
            return sessions.client(timeout);
        }

        @Override
        public String how() {
            return sessions.how();
        }

        @Override
        public String target() {
            return sessions.target();
        }

        @Override
        public HostileTraffic hostileTraffic(int parallel, Duration deadline) {
            return sessions.hostileTraffic(parallel, deadline);
        }

        @Override
        public Duration reconnectTimeout() {
            return Duration.ofMillis(1000); // a new session: a handshake as well as the answer
        }

        @Override
        public String open(int sockets, SecurityScripts.Due due) throws IOException {
            int idle = sockets / 3;
            int completed = sockets / 3;
            int slow = sockets - idle - completed;
            int notConnected = 0;
            for (int i = 0; i < slow; i++) {
                due.due();
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
            for (int i = 0; i < idle; i++) {
                due.due();
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
            for (int i = 0; i < completed; i++) {
                due.due();
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
            return "sockets " + sockets + " idle " + idle + " tls-sessions " + completed + " half-open " + slow + " not connected "
                    + notConnected + " to " + where(tls) + " (idle: plain TCP that never starts the handshake; tls-sessions: completed"
                    + " with the verifier's certificate, then silent; half-open: a ClientHello cut short, then a byte every " + TRICKLE_MS
                    + " ms)";
        }

        @Override
        public void tick(long nanoTime) {
            if (nanoTime - lastTrickle >= TRICKLE_MS * 1_000_000) {
                trickle(nanoTime);
            }
        }

        private void trickle(long nanoTime) {
            lastTrickle = nanoTime;
            for (Slow h : halfDone) {
                h.tick(nanoTime);
            }
        }

        @Override
        public boolean pending(long nanoTime) {
            if (halfDone.isEmpty() || halfDone.stream().noneMatch(h -> h.closed < 0)) {
                return false;
            }
            return nanoTime - halfDone.get(halfDone.size() - 1).connected < patience;
        }

        @Override
        public void recordHold(Procedures.Script s, HostMonitor host, long h0) throws IOException {
            trickle(System.nanoTime());
            long h1 = System.nanoTime();
            if (halfDone.isEmpty()) {
                return;
            }
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

        @Override
        public String stillOpen() {
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
            return open + " of " + (raw.size() + idleSessions.size() + halfDone.size());
        }

        @Override
        public void close() {
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
    }
}
