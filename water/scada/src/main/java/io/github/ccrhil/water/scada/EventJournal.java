package io.github.ccrhil.water.scada;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Append-only event journal; listeners (the historian) persist it. Thread-safe. */
public final class EventJournal {
    private final InstantSource clock;
    private final List<JournalEvent> events = new ArrayList<>();
    private final List<Consumer<JournalEvent>> listeners = new CopyOnWriteArrayList<>();
    private long seq;

    public EventJournal(InstantSource clock) {
        this.clock = clock;
    }

    public void addListener(Consumer<JournalEvent> l) {
        listeners.add(l);
    }

    public JournalEvent record(String type, String source, String user, String detail) {
        JournalEvent e;
        synchronized (this) {
            e = new JournalEvent(++seq, clock.instant(), type, source, user, detail);
            events.add(e);
        }
        for (Consumer<JournalEvent> l : listeners) {
            try {
                l.accept(e);
            } catch (RuntimeException ex) {
                // a failing listener never loses the in-memory record
            }
        }
        return e;
    }

    public synchronized List<JournalEvent> all() {
        return List.copyOf(events);
    }

    public synchronized List<JournalEvent> since(long afterSeq) {
        List<JournalEvent> out = new ArrayList<>();
        for (JournalEvent e : events) {
            if (e.seq() > afterSeq) {
                out.add(e);
            }
        }
        return out;
    }

    public synchronized List<JournalEvent> ofType(String type) {
        List<JournalEvent> out = new ArrayList<>();
        for (JournalEvent e : events) {
            if (e.type().equals(type)) {
                out.add(e);
            }
        }
        return out;
    }
}
