package io.github.ccrhil.water.scada.historian;

import io.github.ccrhil.water.scada.JournalEvent;
import io.github.ccrhil.water.scada.Sample;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Fault injection for the acceptance suite: a historian whose database can be made unreachable. */
public final class FaultableHistorian implements Historian {
    private final Historian inner;
    private volatile boolean down;

    public FaultableHistorian(Historian inner) {
        this.inner = inner;
    }

    public void setDown(boolean down) {
        this.down = down;
    }

    private void check() throws HistorianException {
        if (down) {
            throw new HistorianException("historian database unreachable (injected fault)");
        }
    }

    @Override
    public void insert(List<Sample> batch) throws HistorianException {
        check();
        inner.insert(batch);
    }

    @Override
    public void sync() throws HistorianException {
        check();
        inner.sync();
    }

    @Override
    public List<Sample> query(String tag, Instant from, Instant to) throws HistorianException {
        check();
        return inner.query(tag, from, to);
    }

    @Override
    public long count(String tag) throws HistorianException {
        check();
        return inner.count(tag);
    }

    @Override
    public long count() throws HistorianException {
        check();
        return inner.count();
    }

    @Override
    public Optional<Instant> latest() throws HistorianException {
        check();
        return inner.latest();
    }

    @Override
    public void appendEvent(String server, String boot, long epoch, JournalEvent event) throws HistorianException {
        check();
        inner.appendEvent(server, boot, epoch, event);
    }

    @Override
    public Optional<String> databaseUrl() {
        return inner.databaseUrl();
    }

    @Override
    public void fence(String server, java.util.function.LongSupplier epoch, java.time.InstantSource clock, java.time.Duration margin) {
        inner.fence(server, epoch, clock, margin);
    }

    @Override
    public List<StoredEvent> trail(long afterId, int limit) throws HistorianException {
        check();
        return inner.trail(afterId, limit);
    }

    @Override
    public List<JournalEvent> events(Instant from, Instant to) throws HistorianException {
        check();
        return inner.events(from, to);
    }

    @Override
    public String describe() throws HistorianException {
        return inner.describe();
    }

    /** Does not close the shared database: the suite owns it. */
    @Override
    public void close() {
    }
}
