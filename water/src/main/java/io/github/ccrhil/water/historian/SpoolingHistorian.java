package io.github.ccrhil.water.historian;

import io.github.ccrhil.water.scada.Quality;
import io.github.ccrhil.water.scada.Sample;
import io.github.ccrhil.water.scada.SampleSink;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Store-and-forward in front of a {@link Historian}: every scan cycle is first appended to a
 * durable spool file (forced to disk), then a forwarder thread moves it into the historian and
 * records how far it got. If the database is down the spool grows; if the server stops or dies
 * the next start forwards what is left. A replayed batch is harmless: the historian ignores a
 * (tag, time) it already has, so every sample is stored exactly once.
 *
 * <p>Spool format: an 8-byte header "WSPOOL1\n", then records [int length][int CRC-32][payload],
 * payload = [int n] n × [UTF tag][long time ns][double value][byte quality]. A torn record at the
 * tail (a crash mid-write) is cut off at start; anything else unreadable is refused with a clear
 * error and the file is left untouched.
 */
public final class SpoolingHistorian implements SampleSink, AutoCloseable {
    private static final byte[] MAGIC = "WSPOOL1\n".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_RECORD = 64 * 1024 * 1024;
    /** Most samples forwarded in one historian transaction (a record is never split). */
    static final int MAX_BATCH = 200_000;

    private final Path spoolFile;
    private final Path offsetFile;
    private final Historian target;
    private final Duration retry;
    private final boolean forceEachCycle;
    private final java.io.RandomAccessFile file;
    private final FileChannel channel;
    private final Thread forwarder;
    private final Object lock = new Object();
    private long committed;
    private long forwarded;
    private long spooled;
    private long recoveredTornBytes;
    private volatile String lastError = "";
    private volatile boolean running = true;

    /**
     * @param dir            folder of the spool (created if missing)
     * @param retry          wait between forwarding attempts while the historian is unavailable
     * @param forceEachCycle force each appended cycle to disk (off only for benchmarks)
     */
    public SpoolingHistorian(Path dir, Historian target, Duration retry, boolean forceEachCycle) throws IOException {
        this.target = target;
        this.retry = retry;
        this.forceEachCycle = forceEachCycle;
        Files.createDirectories(dir);
        this.spoolFile = dir.resolve("samples.spool");
        this.offsetFile = dir.resolve("samples.offset");
        // appends go through RandomAccessFile, which an interrupted caller (a scan thread being
        // stopped) cannot close under us as it could an interruptible FileChannel write
        this.file = new java.io.RandomAccessFile(spoolFile.toFile(), "rw");
        this.channel = file.getChannel();
        try {
            recover();
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        this.forwarder = new Thread(this::forwardLoop, "historian-forwarder");
        this.forwarder.setDaemon(true);
        this.forwarder.start();
    }

    private void recover() throws IOException {
        long size = channel.size();
        if (size == 0) {
            channel.write(ByteBuffer.wrap(MAGIC), 0);
            channel.force(true);
            committed = MAGIC.length;
            writeOffset(committed);
            return;
        }
        ByteBuffer head = ByteBuffer.allocate(MAGIC.length);
        channel.read(head, 0);
        if (size < MAGIC.length || !java.util.Arrays.equals(head.array(), MAGIC)) {
            throw new IOException(spoolFile + " is not a water historian spool (bad header); move it away to start a new one");
        }
        long pos = MAGIC.length;
        while (pos < size) {
            long next = nextRecord(pos, size);
            if (next < 0) {
                recoveredTornBytes = size - pos;
                channel.truncate(pos);
                channel.force(true);
                break;
            }
            pos = next;
        }
        committed = readOffset();
        if (committed < MAGIC.length || committed > channel.size()) {
            committed = MAGIC.length; // unknown progress: replay all (duplicates are ignored)
        }
    }

    /** End of the record at pos, or -1 if it is torn or corrupt. */
    private long nextRecord(long pos, long size) throws IOException {
        if (pos + 8 > size) {
            return -1;
        }
        ByteBuffer h = ByteBuffer.allocate(8);
        channel.read(h, pos);
        h.flip();
        int len = h.getInt();
        int crc = h.getInt();
        if (len <= 0 || len > MAX_RECORD || pos + 8 + len > size) {
            return -1;
        }
        ByteBuffer payload = ByteBuffer.allocate(len);
        channel.read(payload, pos + 8);
        CRC32 c = new CRC32();
        c.update(payload.array());
        return (int) c.getValue() == crc ? pos + 8 + len : -1;
    }

    private long readOffset() {
        try {
            String s = Files.readString(offsetFile, StandardCharsets.US_ASCII).trim();
            return Long.parseLong(s);
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    private void writeOffset(long offset) throws IOException {
        Path tmp = offsetFile.resolveSibling("samples.offset.tmp");
        Files.writeString(tmp, Long.toString(offset), StandardCharsets.US_ASCII);
        Files.move(tmp, offsetFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Appends one scan cycle to the spool (durably if so configured). */
    @Override
    public void accept(List<Sample> cycle) {
        if (cycle.isEmpty()) {
            return;
        }
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(cycle.size() * 40 + 4);
            DataOutputStream d = new DataOutputStream(bytes);
            d.writeInt(cycle.size());
            for (Sample s : cycle) {
                d.writeUTF(s.tag());
                d.writeLong(JdbcHistorian.nanos(s.time()));
                d.writeDouble(s.value());
                d.writeByte(s.quality().ordinal());
            }
            byte[] payload = bytes.toByteArray();
            CRC32 c = new CRC32();
            c.update(payload);
            ByteBuffer rec = ByteBuffer.allocate(8 + payload.length);
            rec.putInt(payload.length).putInt((int) c.getValue()).put(payload);
            synchronized (lock) {
                file.seek(file.length());
                file.write(rec.array());
                if (forceEachCycle) {
                    file.getFD().sync();
                }
                spooled += cycle.size();
                lock.notifyAll();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to spool " + spoolFile + ": " + e.getMessage(), e);
        }
    }

    private void forwardLoop() {
        while (running) {
            try {
                long end;
                long start;
                synchronized (lock) {
                    while (running && committed >= channel.size()) {
                        lock.wait(200);
                    }
                    if (!running) {
                        return;
                    }
                    start = committed;
                    end = channel.size();
                }
                // one insert takes every whole record spooled so far, up to MAX_BATCH samples: with a
                // backlog (the database slower than the scan) the batches grow, and on H2 a larger
                // transaction costs less per sample (one disk flush, each index page written once)
                List<Sample> batch = new ArrayList<>();
                long pos = start;
                while (pos < end && batch.size() < MAX_BATCH) {
                    pos = readRecord(pos, batch);
                }
                target.insert(batch);
                synchronized (lock) {
                    committed = pos;
                    forwarded += batch.size();
                    if (committed == channel.size()) {
                        channel.truncate(MAGIC.length);
                        channel.force(true);
                        committed = MAGIC.length;
                    }
                    writeOffset(committed);
                    lastError = "";
                    lock.notifyAll();
                }
            } catch (HistorianException | IOException | RuntimeException e) {
                lastError = e.getMessage() == null ? e.toString() : e.getMessage();
                sleep(retry);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private long readRecord(long pos, List<Sample> into) throws IOException {
        ByteBuffer h = ByteBuffer.allocate(8);
        channel.read(h, pos);
        h.flip();
        int len = h.getInt();
        h.getInt();
        ByteBuffer payload = ByteBuffer.allocate(len);
        while (payload.hasRemaining()) {
            if (channel.read(payload, pos + 8 + payload.position()) < 0) {
                throw new IOException("spool ended inside a record at " + pos);
            }
        }
        DataInputStream d = new DataInputStream(new ByteArrayInputStream(payload.array()));
        int n = d.readInt();
        Quality[] qs = Quality.values();
        for (int i = 0; i < n; i++) {
            String tag = d.readUTF();
            Instant t = JdbcHistorian.instant(d.readLong());
            double v = d.readDouble();
            into.add(new Sample(tag, t, v, qs[d.readByte()]));
        }
        return pos + 8 + len;
    }

    private void sleep(Duration d) {
        synchronized (lock) {
            try {
                if (running) {
                    lock.wait(Math.max(1, d.toMillis()));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }

    /** Waits until everything spooled so far is in the historian; false on timeout. */
    public boolean flush(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            try {
                while (committed < channel.size()) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    lock.wait(Math.max(1, left / 1_000_000));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return true;
        }
    }

    /** Bytes spooled and not yet in the historian. */
    public long backlogBytes() {
        synchronized (lock) {
            try {
                return channel.size() - committed;
            } catch (IOException e) {
                return -1;
            }
        }
    }

    public long forwardedSamples() {
        synchronized (lock) {
            return forwarded;
        }
    }

    public long spooledSamples() {
        synchronized (lock) {
            return spooled;
        }
    }

    /** Size of a torn tail record cut off when the spool was opened (0 if none). */
    public long recoveredTornBytes() {
        return recoveredTornBytes;
    }

    /** Why the last forwarding attempt failed ("" when it worked). */
    public String lastError() {
        return lastError;
    }

    public Historian target() {
        return target;
    }

    /** Stops forwarding; what is still spooled stays on disk for the next start. */
    @Override
    public void close() {
        synchronized (lock) {
            running = false;
            lock.notifyAll();
        }
        try {
            forwarder.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (lock) {
            try {
                file.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
