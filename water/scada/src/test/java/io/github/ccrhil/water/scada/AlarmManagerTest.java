package io.github.ccrhil.water.scada;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.water.scada.AlarmDefinition.Kind;
import io.github.ccrhil.water.scada.AlarmDefinition.Priority;
import io.github.ccrhil.evidence.time.SimulatedClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlarmManagerTest {
    final SimulatedClock clock = new SimulatedClock(java.time.Instant.parse("2026-01-01T00:00:00Z"));
    final EventJournal journal = new EventJournal(clock);

    AlarmManager manager(List<AlarmDefinition> defs) {
        return new AlarmManager(defs, clock, journal, 5, Duration.ofMinutes(10));
    }

    void feed(AlarmManager m, String tag, double value, Quality q) {
        m.accept(List.of(new Sample(tag, clock.instant(), value, q)));
    }

    void advance(Duration d) {
        clock.advanceTo(clock.nanos() + d.toNanos());
    }

    @Test
    void highAlarmRaisesAtLimitStaysUntilBelowDeadbandAndNeedsAcknowledgement() {
        AlarmManager m = manager(List.of(new AlarmDefinition("A", "P.X", Kind.HIGH, 1.0, 0.1, Priority.HIGH, "x high")));
        feed(m, "P.X", 0.99, Quality.GOOD);
        assertFalse(m.get("A").active());
        feed(m, "P.X", 1.0, Quality.GOOD);
        assertTrue(m.get("A").active());
        feed(m, "P.X", 0.95, Quality.GOOD);
        assertTrue(m.get("A").active(), "inside the deadband it stays active");
        feed(m, "P.X", 0.85, Quality.GOOD);
        assertFalse(m.get("A").active());
        assertEquals(1, m.annunciated().size(), "returned but unacknowledged alarms stay annunciated");
        assertTrue(m.acknowledge("A", "op1"));
        assertEquals(0, m.annunciated().size());
        assertFalse(m.acknowledge("A", "op1"), "nothing left to acknowledge");
        assertEquals(List.of("ALARM_RAISED", "ALARM_CLEARED", "ALARM_ACKED"),
                journal.all().stream().map(JournalEvent::type).toList());
        assertEquals("op1", journal.ofType("ALARM_ACKED").get(0).user());
    }

    @Test
    void staleValuesDoNotRaiseOrClearValueAlarms() {
        AlarmManager m = manager(List.of(new AlarmDefinition("A", "P.X", Kind.LOW, 0.2, 0, Priority.CRITICAL, "x low")));
        feed(m, "P.X", 0.1, Quality.STALE);
        assertFalse(m.get("A").active());
        feed(m, "P.X", 0.1, Quality.GOOD);
        feed(m, "P.X", 0.5, Quality.COMM_FAIL);
        assertTrue(m.get("A").active());
    }

    @Test
    void shelvedAlarmIsHiddenUntilItsShelvingExpires() {
        AlarmManager m = manager(List.of(new AlarmDefinition("A", "P.X", Kind.ON, 0, 0, Priority.MEDIUM, "x on")));
        m.shelve("A", "eng1", Duration.ofMinutes(30), "sensor under maintenance");
        feed(m, "P.X", 1, Quality.GOOD);
        assertTrue(m.get("A").active());
        assertTrue(m.annunciated().isEmpty(), "shelved alarm not annunciated");
        advance(Duration.ofMinutes(31));
        feed(m, "P.X", 1, Quality.GOOD);
        assertEquals(1, m.annunciated().size(), "back once shelving expired");
        assertEquals(1, journal.ofType("ALARM_RAISED_SHELVED").size());
        assertThrows(IllegalArgumentException.class, () -> m.shelve("A", "eng1", Duration.ofDays(2), "too long"));
        assertThrows(IllegalArgumentException.class, () -> m.shelve("A", "eng1", Duration.ofMinutes(1), " "));
        assertThrows(IllegalArgumentException.class, () -> m.acknowledge("NOPE", "op1"));
    }

    @Test
    void duringAFloodOnlyCriticalAndHighAlarmsAreAnnunciated() {
        List<AlarmDefinition> defs = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            defs.add(new AlarmDefinition("L" + i, "P.L" + i, Kind.ON, 0, 0, Priority.LOW, "low " + i));
        }
        defs.add(new AlarmDefinition("C", "P.C", Kind.ON, 0, 0, Priority.CRITICAL, "critical"));
        AlarmManager m = manager(defs);
        List<Sample> cycle = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            cycle.add(new Sample("P.L" + i, clock.instant(), 1, Quality.GOOD));
        }
        cycle.add(new Sample("P.C", clock.instant(), 1, Quality.GOOD));
        m.accept(cycle);
        assertTrue(m.inFlood());
        List<AlarmManager.AlarmView> shown = m.annunciated();
        assertTrue(shown.stream().anyMatch(v -> v.id().equals("C")), "critical shown in a flood");
        assertEquals(5, shown.stream().filter(v -> v.priority() == Priority.LOW).count(),
                "low alarms past the flood threshold suppressed");
        assertEquals(1, journal.ofType("FLOOD_BEGIN").size());
        assertEquals(3, journal.ofType("ALARM_SUPPRESSED").size(), "the 6th, 7th and 8th raise");
        advance(Duration.ofMinutes(11));
        m.accept(List.of());
        assertFalse(m.inFlood());
        assertEquals(1, journal.ofType("FLOOD_END").size());
    }

    @Test
    void latencyIsTimeFromSampleToRaise() {
        AlarmManager m = manager(List.of(new AlarmDefinition("A", "P.X", Kind.ON, 0, 0, Priority.HIGH, "x")));
        java.time.Instant sampled = clock.instant();
        advance(Duration.ofMillis(40));
        m.accept(List.of(new Sample("P.X", sampled, 1, Quality.GOOD)));
        assertEquals(Duration.ofMillis(40), m.get("A").latency());
    }
}
