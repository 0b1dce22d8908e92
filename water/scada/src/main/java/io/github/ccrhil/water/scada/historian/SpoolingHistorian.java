package io.github.ccrhil.water.scada.historian;

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
 * durable spool file (forced to disk: that is the acknowledgement), then a forwarder thread moves
 * it into the historian. If the database is down the spool grows; if the server stops or dies the
 * next start forwards what is left. A replayed batch is harmless: the historian ignores a
 * (tag, time) it already has, so every sample is stored exactly once.
 *
 * <p><b>When a cycle leaves the spool.</b> The forwarder inserts batches (each committed, see
 * {@link Historian#insert}) but records its progress in {@code samples.offset} (and empties the
 * spool) only after a {@link Historian#sync()} that followed those inserts — once per sync
 * interval (default {@link #DEFAULT_SYNC_INTERVAL}) while it has a backlog, once
 * {@code syncSamples} samples are waiting, when it has caught up with the spool and stayed idle for
 * a tenth of the interval (a sync then costs no throughput, and only a sync with nothing left
 * behind lets the spool be emptied), whenever {@link #flush} waits, and at {@link #close}. So a crash between an insert and
 * the next sync replays, at the next start, the batches since the last sync: never loses them.
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
    /** Default longest time between an insert and the sync that lets its cycles leave the spool. */
    public static final Duration DEFAULT_SYNC_INTERVAL = Duration.ofSeconds(1);
    /** Default most samples inserted and not yet synced before a sync is forced. */
    public static final long DEFAULT_SYNC_SAMPLES = 500_000;
    /** An idle forwarder (caught up with the spool) syncs after a tenth of the interval without inserts. */
    static final int IDLE_SYNC_FRACTION = 10;

    private final Path spoolFile;
    private final Path offsetFile;
    private final Historian target;
    private final Duration retry;
    private final boolean forceEachCycle;
    private final Duration syncInterval;
    private final long syncSamples;
    private final java.io.RandomAccessFile file;
    private final FileChannel channel;
    private final Thread forwarder;
    private final Object lock = new Object();
    /** Spool position up to which every record is inserted (committed) in the historian. */
    private long committed;
    /** Spool position up to which every record is inserted and synced (saved in samples.offset). */
    private long synced;
    /** Samples inserted since the last sync. */
    private long unsyncedSamples;
    /** Times the spool was emptied (positions restart then). */
    private long generation;
    /** Callers waiting in flush (the forwarder syncs at once for them). */
    private int flushWaiters;
    /** When the forwarder last synced, and last inserted (System.nanoTime; forwarder's own clock). */
    private long lastSync;
    private long lastInsert;
    private long forwarded;
    private long spooled;
    private long recoveredTornBytes;
    private volatile String lastError = "";
    private volatile boolean running = true;
    /** Stopping as a crash would: no last sync. */
    private volatile boolean abandoned;

    /**
     * A spool that syncs the historian every {@link #DEFAULT_SYNC_INTERVAL} or
     * {@link #DEFAULT_SYNC_SAMPLES} samples.
     *
     * @param dir            folder of the spool (created if missing)
     * @param retry          wait between forwarding attempts while the historian is unavailable
     * @param forceEachCycle force each appended cycle to disk (off only for benchmarks)
     */
    public SpoolingHistorian(Path dir, Historian target, Duration retry, boolean forceEachCycle) throws IOException {
        this(dir, target, retry, forceEachCycle, DEFAULT_SYNC_INTERVAL, DEFAULT_SYNC_SAMPLES);
    }

    /**
     * @param syncInterval longest time from an insert to the {@link Historian#sync()} after which its
     *                     cycles leave the spool (a crash in between replays them: longer means
     *                     fewer syncs but more to replay); positive
     * @param syncSamples  samples inserted after which a sync is made without waiting for the
     *                     interval; at least 1
     */
    public SpoolingHistorian(Path dir, Historian target, Duration retry, boolean forceEachCycle, Duration syncInterval,
                             long syncSamples) throws IOException {
        if (syncInterval == null || syncInterval.isNegative() || syncInterval.isZero()) {
            throw new IllegalArgumentException("sync interval must be positive, was " + syncInterval);
        }
        if (syncSamples < 1) {
            throw new IllegalArgumentException("sync samples must be at least 1, was " + syncSamples);
        }
        this.target = target;
        this.retry = retry;
        this.forceEachCycle = forceEachCycle;
        this.syncInterval = syncInterval;
        this.syncSamples = syncSamples;
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
            synced = committed;
            writeOffset(committed);
            return;
        }
        ByteBuffer head = ByteBuffer.allocate(MAGIC.length);
        channel.read(head, 0);
        if (size < MAGIC.length || !java.util.Arrays.equals(head.array(), MAGIC)) {
            throw new IOException(spoolFile + " is not a water historian spool (bad header); move it away to start a new one");
        }
        long saved = readOffset();
        long pos = MAGIC.length;
        boolean savedOnABoundary = saved == pos;
        while (pos < size) {
            long next = nextRecord(pos, size);
            if (next < 0) {
                recoveredTornBytes = size - pos;
                channel.truncate(pos);
                channel.force(true);
                break;
            }
            pos = next;
            savedOnABoundary |= saved == pos;
        }
        // unknown progress (no offset, or one inside a record): replay all (duplicates are ignored)
        committed = savedOnABoundary ? saved : MAGIC.length;
        synced = committed;
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

    /** Appends one scan cycle to the spool (durably if so configured): one record, one disk flush. */
    @Override
    public void accept(List<Sample> cycle) {
        acceptAll(List.of(cycle));
    }

    /**
     * Appends several scan cycles with one write and one disk flush (a record each); used when a
     * standby takes over with buffered cycles. All of them are acknowledged when it returns.
     */
    public void acceptAll(List<List<Sample>> cycles) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            long samples = 0;
            for (List<Sample> cycle : cycles) {
                if (!cycle.isEmpty()) {
                    out.write(record(cycle));
                    samples += cycle.size();
                }
            }
            if (samples == 0) {
                return;
            }
            byte[] bytes = out.toByteArray();
            synchronized (lock) {
                file.seek(file.length());
                file.write(bytes);
                if (forceEachCycle) {
                    file.getFD().sync();
                }
                spooled += samples;
                lock.notifyAll();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to spool " + spoolFile + ": " + e.getMessage(), e);
        }
    }

    private static byte[] record(List<Sample> cycle) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(cycle.size() * 40 + 12);
        DataOutputStream d = new DataOutputStream(bytes);
        d.writeInt(0); // length, filled in below
        d.writeInt(0); // CRC, filled in below
        d.writeInt(cycle.size());
        for (Sample s : cycle) {
            d.writeUTF(s.tag());
            d.writeLong(JdbcHistorian.nanos(s.time()));
            d.writeDouble(s.value());
            d.writeByte(s.quality().ordinal());
        }
        d.flush();
        byte[] rec = bytes.toByteArray();
        CRC32 c = new CRC32();
        c.update(rec, 8, rec.length - 8);
        ByteBuffer.wrap(rec).putInt(rec.length - 8).putInt((int) c.getValue());
        if (rec.length - 8 > MAX_RECORD) {
            throw new IllegalArgumentException("a scan cycle of " + cycle.size() + " samples exceeds the spool's record limit of "
                    + MAX_RECORD + " bytes");
        }
        return rec;
    }

    /** Whether the forwarder should sync now (called under the lock, by the forwarder). */
    private boolean syncDue() throws IOException {
        if (committed <= synced || abandoned) {
            return false;
        }
        long now = System.nanoTime();
        boolean caughtUp = committed == channel.size();
        return now - lastSync >= syncInterval.toNanos() || unsyncedSamples >= syncSamples || !running
                || (caughtUp && (flushWaiters > 0 || now - lastInsert >= syncInterval.toNanos() / IDLE_SYNC_FRACTION));
    }

    /** Nanoseconds the forwarder may wait before it must look again. */
    private long untilDue() {
        if (committed <= synced) {
            return Long.MAX_VALUE;
        }
        long now = System.nanoTime();
        return Math.min(syncInterval.toNanos() - (now - lastSync), syncInterval.toNanos() / IDLE_SYNC_FRACTION - (now - lastInsert));
    }

    private void forwardLoop() {
        lastSync = System.nanoTime();
        while (true) {
            try {
                long end;
                long start;
                boolean sync;
                synchronized (lock) {
                    while (running && committed >= channel.size() && !syncDue()) {
                        lock.wait(Math.max(1, Math.min(200, untilDue() / 1_000_000)));
                    }
                    if (!running && (committed == synced || abandoned)) {
                        return;
                    }
                    start = committed;
                    end = running ? channel.size() : committed; // stopping: sync what is in, insert no more
                }
                if (start < end) {
                    // one insert takes every whole record spooled so far, up to MAX_BATCH samples: with a
                    // backlog (the database slower than the scan) the batches grow, and a larger
                    // transaction costs less per sample
                    List<Sample> batch = new ArrayList<>();
                    long pos = start;
                    while (pos < end && batch.size() < MAX_BATCH) {
                        pos = readRecord(pos, batch);
                    }
                    target.insert(batch);
                    synchronized (lock) {
                        lastInsert = System.nanoTime();
                        committed = pos;
                        forwarded += batch.size();
                        unsyncedSamples += batch.size();
                        lastError = "";
                        lock.notifyAll();
                    }
                }
                long upTo;
                synchronized (lock) {
                    sync = syncDue();
                    upTo = committed;
                }
                if (sync) {
                    target.sync();
                    synchronized (lock) {
                        lastSync = System.nanoTime();
                        synced = upTo;
                        unsyncedSamples = 0;
                        if (synced == channel.size()) {
                            channel.truncate(MAGIC.length);
                            channel.force(true);
                            committed = MAGIC.length;
                            synced = MAGIC.length;
                            generation++;
                        }
                        writeOffset(synced);
                        lastError = "";
                        lock.notifyAll();
                    }
                }
            } catch (HistorianException | IOException | RuntimeException e) {
                lastError = e.getMessage() == null ? e.toString() : e.getMessage();
                if (!running) {
                    return; // stopping: what is not synced is replayed at the next start
                }
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

    /**
     * Waits until everything spooled before this call is durably in the historian (inserted and
     * synced; see the class comment); false on timeout.
     */
    public boolean flush(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            try {
                long target = channel.size();
                long gen = generation;
                flushWaiters++;
                lock.notifyAll();
                try {
                    while (generation == gen && synced < target) {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            return false;
                        }
                        lock.wait(Math.max(1, left / 1_000_000));
                    }
                } finally {
                    flushWaiters--;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return true;
        }
    }

    /** Bytes spooled and not yet durably in the historian (not inserted, or inserted and not synced). */
    public long backlogBytes() {
        synchronized (lock) {
            try {
                return channel.size() - synced;
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

    /**
     * Stops forwarding as a crashing server would: no last sync, so everything inserted since the
     * last one is replayed at the next start (for simulations of a server dying).
     */
    public void abandon() {
        abandoned = true;
        close();
    }

    /**
     * Stops forwarding after a last sync of what is already inserted (so the next start need not
     * replay it; if that sync fails it is replayed); what is still spooled stays on disk for the
     * next start.
     */
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
