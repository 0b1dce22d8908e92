package io.github.ccrhil.evidence.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The one host sampler: rows for a bundle's host file and stall windows for answer times, whatever its wake period. */
class HostMonitorTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private static <T> T waitFor(Supplier<T> value, java.util.function.Predicate<T> done) {
        long end = System.nanoTime() + PATIENCE.toNanos();
        T v = value.get();
        while (!done.test(v)) {
            assertTrue(System.nanoTime() < end, "not within " + PATIENCE + ": " + v);
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
            v = value.get();
        }
        return v;
    }

    private static List<String[]> rows(String csv) {
        List<String[]> rows = new ArrayList<>();
        Arrays.stream(csv.split("\n")).skip(1).forEach(l -> rows.add(l.split(",", -1)));
        return rows;
    }

    @Test
    void aSamplerWakingEvery10MsStillWritesOneRowEvery200MsThatTheHostFileReaderReads() throws IOException {
        AtomicLong overruns = new AtomicLong();
        Map<String, LongSupplier> counters = new LinkedHashMap<>();
        counters.put("scan_overruns", overruns::get);
        Instant from = Instant.now();
        try (HostMonitor m = new HostMonitor(HostMonitor.STALL_PERIOD, counters)) {
            assertEquals(HostMonitor.BASE_HEADER + ",scan_overruns", m.header());
            waitFor(() -> rows(m.csv(from, Instant.now())).size(), n -> n >= 2);
            overruns.addAndGet(7);
            String csv = waitFor(() -> m.csv(from, Instant.now()), c -> c.trim().endsWith(",7"));
            List<String[]> rows = rows(csv);
            HostLoad load = HostLoad.of("host.csv", m.header(), rows);
            assertEquals(7, load.counter("scan_overruns"));
            assertTrue(load.maxStallMs() >= 0);
            for (int i = 1; i < rows.size(); i++) {
                Duration apart = Duration.between(Instant.parse(rows.get(i - 1)[0]), Instant.parse(rows.get(i)[0]));
                // rows follow the row period, not the 10 ms wake period (a stall only spaces them further)
                assertTrue(apart.compareTo(Duration.ofMillis(150)) >= 0, "rows " + apart + " apart");
            }
        }
    }

    @Test
    void aStallWindowIsRecordedAsWaitStallLoadAndCpus() {
        try (HostMonitor m = HostMonitor.wakingEvery(HostMonitor.STALL_PERIOD)) {
            long t0 = System.nanoTime();
            long t1 = waitFor(System::nanoTime, t -> t - t0 >= 50_000_000);
            double stall = m.stalledMs(t0, t1);
            assertTrue(stall >= 0 && stall <= (t1 - t0) / 1e6, "stall " + stall + " ms of " + (t1 - t0) / 1e6);
            String r = m.record(t0, t1);
            assertTrue(r.matches("wait_ms \\d+\\.\\d stall_ms \\d+\\.\\d load -?\\d+\\.\\d\\d cpus \\d+"), r);
        }
    }

    @Test
    void aPeriodThatDoesNotDivideTheRowPeriodIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> HostMonitor.wakingEvery(Duration.ofMillis(30)));
        assertThrows(IllegalArgumentException.class, () -> HostMonitor.wakingEvery(Duration.ofMillis(400)));
        assertThrows(IllegalArgumentException.class, () -> HostMonitor.wakingEvery(Duration.ZERO));
    }
}
