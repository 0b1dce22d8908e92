package io.github.ccrhil.ccr.verify.accept.procedure;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends hostile frames to a Modbus/TCP server on connections of its own, several at once. Frames
 * that keep the stream in step go one after another on a connection; a frame that does not (a
 * length that lies, random bytes, an oversized PDU) is the last on its connection. Each
 * connection then ends its output and reads whatever the server answers until it closes, so
 * every frame was read by the server before the next connection starts. Every connection has a
 * deadline; nothing here waits without one.
 */
public final class HostileTraffic implements AutoCloseable {

    /** Frames at most on one connection. */
    static final int RUN = 64;

    /** What a batch did. */
    public record Counts(long frames, long delivered, long connections, long refused) {
        Counts plus(Counts o) {
            return new Counts(frames + o.frames, delivered + o.delivered, connections + o.connections, refused + o.refused);
        }
    }

    private final InetSocketAddress target;
    private final int parallel;
    private final Duration deadline;
    private final ExecutorService pool;
    /** Over Modbus/TCP Security: each connection a TLS session of the verifier's own certificate; null: plain TCP. */
    private final io.github.ccrhil.modbus.tcp.TlsSettings tls;

    /**
     * @param parallel connections at once
     * @param deadline for each connect and each read of a connection
     */
    public HostileTraffic(InetSocketAddress target, int parallel, Duration deadline) {
        this(target, parallel, deadline, null);
    }

    /**
     * The frames inside Modbus/TCP Security sessions: each connection completes its TLS handshake
     * with {@code tls} (the verifier's certificate and role) before its frames, and ends with
     * close_notify; a connection whose handshake fails did not deliver its frames.
     */
    public HostileTraffic(InetSocketAddress target, int parallel, Duration deadline, io.github.ccrhil.modbus.tcp.TlsSettings tls) {
        this.tls = tls;
        this.target = target;
        this.parallel = parallel;
        this.deadline = deadline;
        this.pool = Executors.newFixedThreadPool(parallel, r -> {
            Thread t = new Thread(r, "hostile-traffic");
            t.setDaemon(true);
            return t;
        });
    }

    /** Cuts {@code frames} into connections' runs, in order. */
    static List<List<byte[]>> runs(List<byte[]> frames) {
        List<List<byte[]>> out = new ArrayList<>();
        List<byte[]> run = new ArrayList<>();
        for (byte[] f : frames) {
            run.add(f);
            if (!io.github.ccrhil.modbus.link.MalformedFrames.keepsStreamInStep(f) || run.size() >= RUN) {
                out.add(run);
                run = new ArrayList<>();
            }
        }
        if (!run.isEmpty()) {
            out.add(run);
        }
        return out;
    }

    /** Starts sending {@code frames}; the future gives the counts once every connection has ended. */
    public Batch start(List<byte[]> frames) {
        List<List<byte[]>> runs = runs(frames);
        AtomicLong next = new AtomicLong();
        List<Future<Counts>> parts = new ArrayList<>();
        for (int p = 0; p < parallel; p++) {
            parts.add(pool.submit(() -> {
                Counts c = new Counts(0, 0, 0, 0);
                for (long i = next.getAndIncrement(); i < runs.size(); i = next.getAndIncrement()) {
                    c = c.plus(send(runs.get((int) i)));
                }
                return c;
            }));
        }
        return new Batch(parts);
    }

    /** A batch in flight. */
    public static final class Batch {
        private final List<Future<Counts>> parts;

        Batch(List<Future<Counts>> parts) {
            this.parts = parts;
        }

        /** Waits for the batch, at most {@code patience}; what was not done by then is not counted. */
        public Counts await(Duration patience) throws InterruptedException {
            long until = System.nanoTime() + patience.toNanos();
            Counts c = new Counts(0, 0, 0, 0);
            for (Future<Counts> f : parts) {
                try {
                    c = c.plus(f.get(StrictMath.max(1, until - System.nanoTime()), TimeUnit.NANOSECONDS));
                } catch (ExecutionException | TimeoutException e) {
                    f.cancel(true);
                }
            }
            return c;
        }
    }

    /**
     * One connection's run. Over TLS a connection whose handshake failed is tried again, at most 3
     * times in all (a handshake slowed past the DUT's deadline on a loaded host is not the DUT's
     * refusal of the frames); plain TCP connects once.
     */
    private Counts send(List<byte[]> run) {
        Counts c = sendOnce(run);
        for (int attempt = 1; tls != null && attempt < 3 && c.refused() > 0; attempt++) {
            c = sendOnce(run);
        }
        return c;
    }

    private Counts sendOnce(List<byte[]> run) {
        long frames = run.size();
        boolean written = false;
        try (Socket raw = new Socket()) {
            raw.connect(target, (int) deadline.toMillis());
            raw.setSoLinger(true, 0);
            raw.setSoTimeout((int) deadline.toMillis());
            raw.setTcpNoDelay(true);
            Socket s = raw;
            if (tls != null) {
                javax.net.ssl.SSLSocket secure = (javax.net.ssl.SSLSocket) tls.context().getSocketFactory()
                        .createSocket(raw, target.getHostString(), target.getPort(), true);
                secure.setEnabledProtocols(tls.protocols().toArray(String[]::new));
                secure.startHandshake();
                s = secure;
            }
            OutputStream out = s.getOutputStream();
            int size = 0;
            for (byte[] f : run) {
                size += f.length;
            }
            byte[] all = new byte[size];
            int at = 0;
            for (byte[] f : run) {
                System.arraycopy(f, 0, all, at, f.length);
                at += f.length;
            }
            out.write(all);
            out.flush();
            written = tls != null; // inside TLS the frames were taken by the session; a reset from here on is the DUT's doing
            s.shutdownOutput();
            InputStream in = s.getInputStream();
            byte[] sink = new byte[4096];
            try {
                while (in.read(sink) >= 0) {
                    // the server's answers, until it closes
                }
            } catch (SocketTimeoutException e) {
                // the server kept the connection past the deadline: the frames were written
            } catch (IOException e) {
                // reset by the server on a frame it could not resynchronise after: it was read
            }
            return new Counts(frames, frames, 1, 0);
        } catch (IOException e) {
            if (written) {
                return new Counts(frames, frames, 1, 0); // close_notify met a connection the DUT had ended after the frames
            }
            // refused or reset before the frames were written: they did not reach the DUT
            return new Counts(frames, 0, 1, 1);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
