package io.github.ccrhil.water.scada.historian;

import io.github.ccrhil.water.scada.JournalEvent;
import io.github.ccrhil.water.scada.Sample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A store that keeps exactly the promise of {@link Historian#insert} and {@link Historian#sync}
 * and no more: an insert is committed (visible), a sync makes everything committed durable, and
 * {@link #powerLoss()} throws away whatever was committed after the last sync. While it is down
 * every call fails, as a dead database would.
 */
final class PowerLossHistorian implements Historian {
    private record Key(String tag, Instant time) {
    }

    private final Map<Key, Sample> committed = new LinkedHashMap<>();
    private final Map<Key, Sample> durable = new LinkedHashMap<>();
    private boolean down;
    private long syncs;
    private long duplicateRowsOffered;

    private void check() throws HistorianException {
        if (down) {
            throw new HistorianException("database gone (simulated power loss)");
        }
    }

    /** The machine loses power: the committed but unsynced samples are gone; every call fails until {@link #powerBack()}. */
    synchronized void powerLoss() {
        down = true;
        committed.clear();
        committed.putAll(durable);
    }

    synchronized void powerBack() {
        down = false;
    }

    synchronized long syncs() {
        return syncs;
    }

    /** Rows offered again that the store already held (replays). */
    synchronized long duplicateRowsOffered() {
        return duplicateRowsOffered;
    }

    @Override
    public synchronized void insert(List<Sample> batch) throws HistorianException {
        check();
        for (Sample s : batch) {
            if (committed.putIfAbsent(new Key(s.tag(), s.time()), s) != null) {
                duplicateRowsOffered++;
            }
        }
    }

    @Override
    public synchronized void sync() throws HistorianException {
        check();
        durable.clear();
        durable.putAll(committed);
        syncs++;
    }

    @Override
    public synchronized List<Sample> query(String tag, Instant from, Instant to) throws HistorianException {
        check();
        List<Sample> out = new ArrayList<>();
        for (Sample s : committed.values()) {
            if (s.tag().equals(tag) && !s.time().isBefore(from) && s.time().isBefore(to)) {
                out.add(s);
            }
        }
        out.sort(java.util.Comparator.comparing(Sample::time));
        return out;
    }

    @Override
    public synchronized long count(String tag) throws HistorianException {
        check();
        return committed.keySet().stream().filter(k -> k.tag().equals(tag)).count();
    }

    @Override
    public synchronized long count() throws HistorianException {
        check();
        return committed.size();
    }

    @Override
    public synchronized Optional<Instant> latest() throws HistorianException {
        check();
        return committed.keySet().stream().map(Key::time).max(Instant::compareTo);
    }

    @Override
    public void appendEvent(String server, String boot, long epoch, JournalEvent event) {
        throw new UnsupportedOperationException("not needed by the spool");
    }

    @Override
    public List<StoredEvent> trail(long afterId, int limit) {
        throw new UnsupportedOperationException("not needed by the spool");
    }

    @Override
    public List<JournalEvent> events(Instant from, Instant to) {
        throw new UnsupportedOperationException("not needed by the spool");
    }

    @Override
    public String describe() {
        return "power-loss fake";
    }

    @Override
    public void close() {
    }
}
