package io.github.ccrhil.water.historian;

import io.github.ccrhil.water.scada.Quality;
import io.github.ccrhil.water.scada.Sample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Test cycles: {@code tags} tags, one sample each per cycle, one cycle per second. */
final class Samples {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    static List<Sample> cycle(String prefix, int tags, int cycle) {
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < tags; i++) {
            out.add(new Sample(prefix + ".P" + i, T0.plus(Duration.ofSeconds(cycle)), cycle * 1000.0 + i,
                    cycle % 7 == 3 ? Quality.COMM_FAIL : Quality.GOOD));
        }
        return out;
    }

    /** A historian that can be switched off, as a database that goes down. */
    static final class Flaky implements Historian {
        final Historian inner;
        volatile boolean down;

        Flaky(Historian inner) {
            this.inner = inner;
        }

        private void check() throws HistorianException {
            if (down) {
                throw new HistorianException("database unreachable (test)");
            }
        }

        @Override
        public void insert(List<Sample> batch) throws HistorianException {
            check();
            inner.insert(batch);
        }

        @Override
        public List<Sample> query(String tag, Instant from, Instant to) throws HistorianException {
            check();
            return inner.query(tag, from, to);
        }

        @Override
        public long count(String tag) throws HistorianException {
            return inner.count(tag);
        }

        @Override
        public long count() throws HistorianException {
            return inner.count();
        }

        @Override
        public java.util.Optional<Instant> latest() throws HistorianException {
            return inner.latest();
        }

        @Override
        public void appendEvent(String server, io.github.ccrhil.water.scada.JournalEvent event) throws HistorianException {
            check();
            inner.appendEvent(server, event);
        }

        @Override
        public List<io.github.ccrhil.water.scada.JournalEvent> events(Instant from, Instant to) throws HistorianException {
            return inner.events(from, to);
        }

        @Override
        public String describe() throws HistorianException {
            return inner.describe();
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    private Samples() {
    }
}
