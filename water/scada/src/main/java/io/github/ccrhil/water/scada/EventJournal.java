package io.github.ccrhil.water.scada;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Append-only event journal of one run of a server; listeners (the historian) persist it. Its
 * sequence starts at 1 in every run, so every run draws a random {@link #boot()} id: (server,
 * boot, seq) names an event across restarts. Thread-safe.
 */
public final class EventJournal {
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();
    private final InstantSource clock;
    private final String boot;
    private final List<JournalEvent> events = new ArrayList<>();
    private final List<Consumer<JournalEvent>> listeners = new CopyOnWriteArrayList<>();
    private long seq;

    public EventJournal(InstantSource clock) {
        this.clock = clock;
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        this.boot = java.util.HexFormat.of().formatHex(b);
    }

    /** The id of this run: 16 hex digits drawn at random when the journal was made. */
    public String boot() {
        return boot;
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
