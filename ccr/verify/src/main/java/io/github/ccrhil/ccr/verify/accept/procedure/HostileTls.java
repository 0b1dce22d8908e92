package io.github.ccrhil.ccr.verify.accept.procedure;

import io.github.ccrhil.modbus.pdu.MbapHeader;
import io.github.ccrhil.modbus.pdu.ModbusRequest;
import io.github.ccrhil.modbus.pdu.PduCodec;
import io.github.ccrhil.modbus.tcp.TlsSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HexFormat;
import java.util.SplittableRandom;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;

/**
 * Hostile TLS itself, against a Modbus/TCP Security server, each case on a connection of its own
 * with a deadline: garbage before any handshake, a ClientHello cut short, a ClientHello with bytes
 * changed inside it, a ClientHello whose record length lies, garbage written under an established
 * session, a renegotiation (TLS 1.2; over TLS 1.3 the JDK sends a key update instead) and a
 * close_notify sent right after a request. The sizes and positions are seeded; the ClientHello
 * is the JDK's own (its random nonce differs run to run), so each case's bytes are recorded as
 * sent ({@link Case#sent()}).
 */
final class HostileTls {

    /** Names the generator in the run's events. */
    static final String GENERATOR = "HostileTls/1";

    /** The cases, one of each per round. */
    enum Kind {
        GARBAGE_BEFORE_HANDSHAKE, HELLO_CUT_SHORT, GARBAGE_INSIDE_HANDSHAKE, LYING_RECORD_LENGTH, GARBAGE_INSIDE_SESSION,
        RENEGOTIATION, CLOSE_NOTIFY_AFTER_REQUEST;

        String planName() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * One case as run.
     *
     * @param kind what was sent
     * @param sent the bytes written outside TLS, hex (empty for the session cases)
     * @param endedByDut whether the DUT ended the connection (closed, reset or a TLS alert) before the deadline
     * @param answered whether a Modbus request in the session was answered
     * @param detail what happened, in words
     */
    record Case(Kind kind, String sent, boolean endedByDut, boolean answered, String detail) { }

    private final SplittableRandom random;
    private final InetSocketAddress target;
    private final TlsSettings own;
    private final int unit;
    private final Duration deadline;
    private int transaction;

    HostileTls(long seed, InetSocketAddress target, TlsSettings own, int unit, Duration deadline) {
        this.random = new SplittableRandom(seed ^ 0x7115L);
        this.target = target;
        this.own = own;
        this.unit = unit;
        this.deadline = deadline;
    }

    Case run(Kind k) {
        return switch (k) {
            case GARBAGE_BEFORE_HANDSHAKE -> raw(k, bytes(1 + random.nextInt(600)));
            case HELLO_CUT_SHORT -> {
                byte[] hello = clientHello();
                yield raw(k, java.util.Arrays.copyOf(hello, 1 + random.nextInt(hello.length - 1)));
            }
            case GARBAGE_INSIDE_HANDSHAKE -> {
                byte[] hello = clientHello();
                int flips = 1 + random.nextInt(8);
                for (int i = 0; i < flips; i++) {
                    hello[5 + random.nextInt(hello.length - 5)] ^= (byte) (1 + random.nextInt(255));
                }
                yield raw(k, hello);
            }
            case LYING_RECORD_LENGTH -> {
                byte[] hello = clientHello();
                int[] lies = {0xFFFF, 0x4801, 0, hello.length - 5 + 1 + random.nextInt(1000)};
                int lie = lies[random.nextInt(lies.length)];
                hello[3] = (byte) (lie >>> 8);
                hello[4] = (byte) lie;
                yield raw(k, hello);
            }
            case GARBAGE_INSIDE_SESSION, RENEGOTIATION, CLOSE_NOTIFY_AFTER_REQUEST -> session(k);
        };
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private byte[] clientHello() {
        return clientHello(own, target);
    }

    /** The first record a client sends: the JDK's ClientHello for {@code own} settings, to {@code to}. */
    static byte[] clientHello(TlsSettings own, InetSocketAddress to) {
        try {
            SSLEngine e = own.context().createSSLEngine(to.getHostString(), to.getPort());
            e.setUseClientMode(true);
            e.setEnabledProtocols(own.protocols().toArray(String[]::new));
            ByteBuffer out = ByteBuffer.allocate(e.getSession().getPacketBufferSize());
            e.wrap(ByteBuffer.allocate(0), out);
            out.flip();
            byte[] b = new byte[out.remaining()];
            out.get(b);
            return b;
        } catch (IOException e) {
            throw new IllegalStateException("the JDK could not build a ClientHello: " + e.getMessage(), e);
        }
    }

    /** Writes {@code b} on a plain connection, ends its output, and reads until the DUT ends it or the deadline. */
    private Case raw(Kind k, byte[] b) {
        String hex = HexFormat.of().formatHex(b);
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            out.write(b);
            out.flush();
            s.shutdownOutput();
            return new Case(k, hex, drained(s.getInputStream()), false, b.length + " bytes");
        } catch (IOException e) {
            return new Case(k, hex, true, false, "ended by the DUT while writing: " + e.getMessage());
        }
    }

    private Socket connect() throws IOException {
        Socket s = new Socket();
        try {
            s.connect(target, (int) deadline.toMillis());
            s.setSoLinger(true, 0);
            s.setSoTimeout((int) deadline.toMillis());
            s.setTcpNoDelay(true);
            return s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    /** Reads until end of stream or reset (true) or the deadline (false). */
    private static boolean drained(InputStream in) {
        byte[] sink = new byte[1024];
        try {
            while (in.read(sink) >= 0) {
                // an alert, or an answer
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** A session of the verifier's own certificate, a valid read, then the case's abuse. */
    private Case session(Kind k) {
        Socket raw;
        try {
            raw = connect();
        } catch (IOException e) {
            return new Case(k, "", true, false, "not connected: " + e.getMessage());
        }
        try (raw) {
            SSLSocket tls = (SSLSocket) own.context().getSocketFactory().createSocket(raw, target.getHostString(), target.getPort(),
                    true);
            if (k == Kind.RENEGOTIATION && own.protocols().contains("TLSv1.2")) {
                tls.setEnabledProtocols(new String[] {"TLSv1.2"}); // renegotiation exists in TLS 1.2 only
            } else {
                tls.setEnabledProtocols(own.protocols().toArray(String[]::new));
            }
            try {
                tls.startHandshake();
            } catch (IOException e) {
                return new Case(k, "", true, false, "handshake ended by the DUT: " + e.getMessage());
            }
            boolean first = request(tls);
            String protocol = tls.getSession().getProtocol();
            switch (k) {
                case GARBAGE_INSIDE_SESSION -> {
                    byte[] g = bytes(5 + random.nextInt(300));
                    try {
                        raw.getOutputStream().write(g); // under TLS: records the DUT cannot authenticate
                        raw.getOutputStream().flush();
                    } catch (IOException e) {
                        return new Case(k, HexFormat.of().formatHex(g), true, first, "ended by the DUT while writing");
                    }
                    boolean ended = drained(tls);
                    return new Case(k, HexFormat.of().formatHex(g), ended, first, protocol + ", " + g.length
                            + " bytes of garbage under the session");
                }
                case RENEGOTIATION -> {
                    String how;
                    boolean second;
                    try {
                        tls.startHandshake();
                        second = request(tls);
                        how = protocol.equals("TLSv1.2") ? "renegotiated" : "key update (" + protocol + ")";
                    } catch (IOException e) {
                        return new Case(k, "", true, first, protocol + ", renegotiation ended by the DUT: " + e.getMessage());
                    }
                    return new Case(k, "", !second && drained(tls), first && second, how + (second ? ", answered after it"
                            : ", not answered after it"));
                }
                default -> {
                    byte[] f = readRequest();
                    try {
                        tls.getOutputStream().write(f);
                        tls.getOutputStream().flush();
                        tls.shutdownOutput(); // close_notify before the answer has come
                    } catch (IOException e) {
                        return new Case(k, "", true, first, protocol + ", ended by the DUT: " + e.getMessage());
                    }
                    boolean ended = drained(tls);
                    return new Case(k, "", ended, first, protocol + ", close_notify right after a request");
                }
            }
        } catch (IOException e) {
            return new Case(k, "", true, false, "ended by the DUT: " + e.getMessage());
        }
    }

    private static boolean drained(SSLSocket tls) {
        try {
            return drained(tls.getInputStream());
        } catch (IOException e) {
            return true;
        }
    }

    private byte[] readRequest() {
        transaction = (transaction + 1) & 0xFFFF;
        return MbapHeader.frame(transaction, unit, PduCodec.encodeRequest(new ModbusRequest.ReadHoldingRegisters(0, 1)));
    }

    /** One valid read in the session; whether an answer (any MBAP frame) came back. */
    private boolean request(SSLSocket tls) {
        try {
            tls.getOutputStream().write(readRequest());
            tls.getOutputStream().flush();
            byte[] header = tls.getInputStream().readNBytes(MbapHeader.SIZE);
            if (header.length < MbapHeader.SIZE) {
                return false;
            }
            int length = ((header[4] & 0xFF) << 8) | (header[5] & 0xFF);
            return tls.getInputStream().readNBytes(length - 1).length == length - 1;
        } catch (IOException e) {
            return false;
        }
    }
}
