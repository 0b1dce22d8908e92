package io.github.ccrhil.modbus.tcp;

import io.github.ccrhil.modbus.link.FaultInjector;
import io.github.ccrhil.modbus.link.LinkFaults;
import io.github.ccrhil.modbus.pdu.MbapHeader;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A fault-injecting Modbus/TCP link: a proxy on a loopback port between a master (the verifier)
 * and a server (the DUT) that passes each MBAP frame on, or corrupts its bytes, drops it, delays
 * it or cuts the connection, as {@link LinkFaults} says. Frames are dropped, delayed and cut both
 * ways; bytes are corrupted in answers only: Modbus/TCP carries no checksum, so a request with a
 * changed byte that still parses is another valid request, which the device rightly obeys (on a
 * real network TCP's and Ethernet's checksums stop it; where they cannot be trusted, Modbus/TCP
 * Security's TLS does). A corrupted answer is the master's to catch. Frames are cut by their MBAP length
 * before any fault is applied, so the proxy itself never loses step; a corrupted length field is
 * the receiver's problem, as it would be on a real link.
 *
 * <p>Every decision comes from one {@link SplittableRandom} per direction per connection, split
 * from the link's seed in the order connections are accepted, so a run with the same traffic
 * meets the same faults. Each fault is counted ({@link #counts()}).
 *
 * <p>In front of a Modbus/TCP Security server ({@link Framing#TLS_RECORD}) the proxy cuts the
 * stream into TLS records by their record headers instead, and corrupts bytes both ways: every TLS
 * record carries a message authentication code, so a changed byte ends the session at whichever
 * end reads it (a {@code bad_record_mac} alert), as a dropped record does; the client's next
 * transaction needs a new session.
 *
 * <p>For test rigs and acceptance runs on a hostile link; not for production traffic.
 */
public final class FaultyLink implements Closeable {

    /** How the proxy cuts the byte stream into the frames each fault applies to. */
    public enum Framing {
        /** Modbus/TCP: MBAP frames, by the MBAP length; bytes corrupted in answers only. */
        MBAP(MbapHeader.SIZE, 256 + 2, false),
        /**
         * Modbus/TCP Security: TLS records, by the record header's length (5 bytes: type, version,
         * length); bytes corrupted both ways, since the record's MAC catches a change.
         */
        TLS_RECORD(5, (1 << 14) + 2048, true);

        final int header;
        final int maxBody;
        final boolean corruptRequests;

        Framing(int header, int maxBody, boolean corruptRequests) {
            this.header = header;
            this.maxBody = maxBody;
            this.corruptRequests = corruptRequests;
        }

        /** The bytes that follow the header, as the header says (at most {@code maxBody}). */
        int rest(byte[] frame) {
            return switch (this) {
                case MBAP -> Math.max(0, Math.min((((frame[4] & 0xFF) << 8) | (frame[5] & 0xFF)) - 1, maxBody));
                case TLS_RECORD -> Math.min(((frame[3] & 0xFF) << 8) | (frame[4] & 0xFF), maxBody);
            };
        }
    }

    private final Framing framing;
    private final InetSocketAddress target;
    private final FaultInjector injector;
    private final SplittableRandom seeds;
    private final ServerSocket listener;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    /**
     * Listens on an ephemeral loopback port ({@link #address()}) and forwards to {@code target}.
     *
     * @throws IOException if the port cannot be opened
     */
    public FaultyLink(InetSocketAddress target, LinkFaults faults, long seed) throws IOException {
        this(target, faults, seed, Framing.MBAP);
    }

    /**
     * As above, cutting the stream into frames by {@code framing} ({@link Framing#TLS_RECORD} in
     * front of a Modbus/TCP Security server).
     *
     * @throws IOException if the port cannot be opened
     */
    public FaultyLink(InetSocketAddress target, LinkFaults faults, long seed, Framing framing) throws IOException {
        this.framing = Objects.requireNonNull(framing, "framing");
        this.target = Objects.requireNonNull(target, "target");
        this.injector = new FaultInjector(Objects.requireNonNull(faults, "faults"));
        this.seeds = new SplittableRandom(seed);
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "faulty-link-accept-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Where the master connects. */
    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort());
    }

    public LinkFaults faults() {
        return injector.faults();
    }

    public FaultInjector.Counts counts() {
        return injector.counts();
    }

    private void accept() {
        while (!closed) {
            Socket master;
            try {
                master = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            SplittableRandom up;
            SplittableRandom down;
            synchronized (seeds) {
                up = seeds.split();
                down = seeds.split();
            }
            Socket server = new Socket();
            try {
                server.connect(target, 2_000);
            } catch (IOException e) {
                quietly(master);
                quietly(server);
                continue;
            }
            open.add(master);
            open.add(server);
            start(master, server, up, framing.corruptRequests, "up");
            start(server, master, down, true, "down");
        }
    }

    private void start(Socket from, Socket to, SplittableRandom random, boolean corrupt, String direction) {
        Thread t = new Thread(() -> pump(from, to, random, corrupt), "faulty-link-" + direction + "-" + from.getPort());
        t.setDaemon(true);
        t.start();
    }

    /** Passes frames from one side to the other until either side closes or a fault cuts the link. */
    private void pump(Socket from, Socket to, SplittableRandom random, boolean corrupt) {
        byte[] frame = new byte[framing.header + framing.maxBody];
        try {
            DataInputStream in = new DataInputStream(from.getInputStream());
            OutputStream out = to.getOutputStream();
            while (!closed) {
                in.readFully(frame, 0, framing.header);
                int rest = framing.rest(frame);
                in.readFully(frame, framing.header, rest);
                int size = framing.header + rest;
                FaultInjector.Fate fate = injector.decide(random, frame, size, corrupt);
                if (fate instanceof FaultInjector.Cut) {
                    break;
                }
                if (fate instanceof FaultInjector.Drop) {
                    continue;
                }
                if (fate instanceof FaultInjector.Pass pass && !pass.delay().isZero()) {
                    long nanos = pass.delay().toNanos();
                    Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000)); // the injected fault itself
                }
                out.write(frame, 0, size);
                out.flush();
            }
        } catch (EOFException e) {
            // the other side closed
        } catch (IOException e) {
            // a side closed or reset
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            quietly(from);
            quietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    private static void quietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            // closing anyway
        }
        open.forEach(FaultyLink::quietly);
    }
}
