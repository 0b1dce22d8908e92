package io.github.ccrhil.ccr.firmware.board;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** Ordered, bounded event log: when full the oldest entry is dropped and the drop counted. */
public final class EventLog {

    private final int capacity;
    private final ArrayDeque<Event> events;
    private long nextSequence = 1;
    private long dropped;

    public EventLog(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("event log capacity must be ≥ 1, was " + capacity);
        }
        this.capacity = capacity;
        this.events = new ArrayDeque<>(StrictMath.min(capacity, 1024));
    }

    public Event append(Instant at, EventKind kind, String detail) {
        Event e = new Event(nextSequence++, at, kind, detail);
        if (events.size() == capacity) {
            events.removeFirst();
            dropped++;
        }
        events.addLast(e);
        return e;
    }

    /** All retained events, oldest first. */
    public List<Event> snapshot() {
        return List.copyOf(events);
    }

    /** Retained events with sequence &gt; {@code sequence}, oldest first. */
    public List<Event> since(long sequence) {
        List<Event> out = new ArrayList<>();
        for (Event e : events) {
            if (e.sequence() > sequence) {
                out.add(e);
            }
        }
        return List.copyOf(out);
    }

    public int capacity() {
        return capacity;
    }

    public int size() {
        return events.size();
    }

    /** Number of events dropped because the log was full. */
    public long dropped() {
        return dropped;
    }

    /** Sequence of the newest event, 0 when none yet. */
    public long lastSequence() {
        return nextSequence - 1;
    }
}
