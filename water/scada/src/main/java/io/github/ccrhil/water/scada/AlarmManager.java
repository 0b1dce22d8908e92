package io.github.ccrhil.water.scada;

import io.github.ccrhil.water.scada.AlarmDefinition.Kind;
import io.github.ccrhil.water.scada.AlarmDefinition.Priority;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Alarm handling in the ISA-18.2 manner: an alarm is raised when its condition becomes true,
 * stays until acknowledged and returned to normal, may be shelved for a bounded time, and during
 * a flood (more than {@code floodCount} raises within {@code floodWindow}) only CRITICAL and HIGH
 * alarms are annunciated; the others are recorded as suppressed. Everything goes to the journal.
 * Value alarms are judged on GOOD samples only; a link failure is its own COMM_FAIL alarm.
 */
public final class AlarmManager implements SampleSink {

    /** What an operator sees of one alarm. */
    public record AlarmView(String id, String tag, Priority priority, boolean active, boolean acked, boolean shelved,
                            boolean suppressed, Instant raisedAt, Duration latency, double value, String text,
                            Instant shelvedUntil, String shelveReason) {
    }

    private static final class State {
        final AlarmDefinition def;
        boolean active;
        boolean acked = true;
        boolean suppressed;
        Instant shelvedUntil;
        String shelveReason;
        Instant raisedAt;
        Duration latency = Duration.ZERO;
        double value = Double.NaN;

        State(AlarmDefinition def) {
            this.def = def;
        }

        boolean shown() {
            return active || !acked;
        }
    }

    private final Map<String, State> byId = new LinkedHashMap<>();
    private final Map<String, List<State>> byTag = new LinkedHashMap<>();
    private final InstantSource clock;
    private final EventJournal journal;
    private final int floodCount;
    private final Duration floodWindow;
    private final Deque<Instant> recentRaises = new ArrayDeque<>();
    private boolean flood;
    private final List<Duration> latencies = new ArrayList<>();

    public AlarmManager(List<AlarmDefinition> defs, InstantSource clock, EventJournal journal, int floodCount,
                        Duration floodWindow) {
        if (floodCount < 1 || floodWindow == null || floodWindow.isNegative() || floodWindow.isZero()) {
            throw new IllegalArgumentException("flood threshold must be >= 1 raise in a positive window");
        }
        for (AlarmDefinition d : defs) {
            State s = new State(d);
            if (byId.put(d.id(), s) != null) {
                throw new IllegalArgumentException("duplicate alarm id: " + d.id());
            }
            byTag.computeIfAbsent(d.tag(), k -> new ArrayList<>()).add(s);
        }
        this.clock = clock;
        this.journal = journal;
        this.floodCount = floodCount;
        this.floodWindow = floodWindow;
    }

    @Override
    public synchronized void accept(List<Sample> cycle) {
        Instant now = clock.instant();
        unshelveExpired(now);
        for (Sample s : cycle) {
            List<State> states = byTag.get(s.tag());
            if (states == null) {
                continue;
            }
            for (State st : states) {
                evaluate(st, s, now);
            }
        }
        updateFlood(now);
    }

    private void evaluate(State st, Sample s, Instant now) {
        AlarmDefinition d = st.def;
        boolean cond;
        if (d.kind() == Kind.COMM_FAIL) {
            cond = s.quality() == Quality.COMM_FAIL;
        } else {
            if (s.quality() != Quality.GOOD) {
                return; // hold the state: no judgement on stale data
            }
            st.value = s.value();
            cond = switch (d.kind()) {
                case HIGH -> st.active ? s.value() > d.limit() - d.deadband() : s.value() >= d.limit();
                case LOW -> st.active ? s.value() < d.limit() + d.deadband() : s.value() <= d.limit();
                case ON -> s.value() >= 0.5;
                case COMM_FAIL -> false;
            };
        }
        if (cond && !st.active) {
            st.active = true;
            st.acked = false;
            st.raisedAt = now;
            st.latency = Duration.between(s.time(), now);
            latencies.add(st.latency);
            recentRaises.addLast(now);
            updateFlood(now);
            boolean shelved = st.shelvedUntil != null;
            st.suppressed = flood && (d.priority() == Priority.MEDIUM || d.priority() == Priority.LOW);
            String type = shelved ? "ALARM_RAISED_SHELVED" : st.suppressed ? "ALARM_SUPPRESSED" : "ALARM_RAISED";
            journal.record(type, d.id(), "system", d.priority() + " " + d.text() + " (" + d.tag() + " = " + s.value() + ")");
        } else if (!cond && st.active) {
            st.active = false;
            journal.record("ALARM_CLEARED", d.id(), "system", d.text() + " returned to normal (" + d.tag() + " = " + s.value() + ")");
            if (st.suppressed || st.shelvedUntil != null) {
                st.acked = true; // never shown: nothing for the operator to acknowledge
            }
        }
    }

    private void updateFlood(Instant now) {
        while (!recentRaises.isEmpty() && recentRaises.peekFirst().isBefore(now.minus(floodWindow))) {
            recentRaises.removeFirst();
        }
        if (!flood && recentRaises.size() > floodCount) {
            flood = true;
            journal.record("FLOOD_BEGIN", "alarms", "system", recentRaises.size() + " alarms within " + floodWindow
                    + ": MEDIUM and LOW alarms suppressed");
        } else if (flood && recentRaises.size() <= floodCount / 2) {
            flood = false;
            journal.record("FLOOD_END", "alarms", "system", "alarm rate back to " + recentRaises.size() + " within " + floodWindow);
        }
    }

    private void unshelveExpired(Instant now) {
        for (State st : byId.values()) {
            if (st.shelvedUntil != null && !now.isBefore(st.shelvedUntil)) {
                st.shelvedUntil = null;
                journal.record("ALARM_UNSHELVED", st.def.id(), "system", "shelving expired");
            }
        }
    }

    private State state(String id) {
        State s = byId.get(id);
        if (s == null) {
            throw new IllegalArgumentException("no alarm with id " + id);
        }
        return s;
    }

    /** Acknowledges an alarm; returns false if there was nothing to acknowledge. */
    public synchronized boolean acknowledge(String id, String user) {
        State st = state(id);
        if (st.acked) {
            return false;
        }
        st.acked = true;
        journal.record("ALARM_ACKED", id, user, st.def.text());
        return true;
    }

    /** Shelves an alarm for at most {@code maxShelve}; a reason is required. */
    public synchronized void shelve(String id, String user, Duration duration, String reason) {
        State st = state(id);
        if (duration == null || duration.isNegative() || duration.isZero() || duration.compareTo(Duration.ofHours(24)) > 0) {
            throw new IllegalArgumentException("shelving duration must be within (0, 24 h]");
        }
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("shelving needs a reason");
        }
        st.shelvedUntil = clock.instant().plus(duration);
        st.shelveReason = reason;
        journal.record("ALARM_SHELVED", id, user, "for " + duration + ": " + reason);
    }

    public synchronized void unshelve(String id, String user) {
        State st = state(id);
        if (st.shelvedUntil != null) {
            st.shelvedUntil = null;
            journal.record("ALARM_UNSHELVED", id, user, "by operator");
        }
    }

    public synchronized boolean inFlood() {
        return flood;
    }

    /** Alarms an operator should see (active or unacknowledged), by priority then time raised. */
    public synchronized List<AlarmView> annunciated() {
        List<AlarmView> out = new ArrayList<>();
        for (State st : byId.values()) {
            if (st.shown() && st.shelvedUntil == null && !st.suppressed) {
                out.add(view(st));
            }
        }
        out.sort(Comparator.comparing(AlarmView::priority).thenComparing(AlarmView::raisedAt));
        return out;
    }

    /** Every alarm's state, in definition order. */
    public synchronized List<AlarmView> all() {
        List<AlarmView> out = new ArrayList<>();
        for (State st : byId.values()) {
            out.add(view(st));
        }
        return out;
    }

    public synchronized AlarmView get(String id) {
        return view(state(id));
    }

    private AlarmView view(State st) {
        return new AlarmView(st.def.id(), st.def.tag(), st.def.priority(), st.active, st.acked, st.shelvedUntil != null,
                st.suppressed, st.raisedAt, st.latency, st.value, st.def.text(), st.shelvedUntil,
                st.shelvedUntil == null ? null : st.shelveReason);
    }

    /** Scan-to-raise latency of every raise so far (sample time to annunciation). */
    public synchronized List<Duration> latencies() {
        return List.copyOf(latencies);
    }
}
