package io.github.ccrhil.bench.link;

import io.github.ccrhil.ccr.emulator.sim.IdlePoller;
import io.github.ccrhil.ccr.emulator.sim.ThreadScheduling;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * How late this machine wakes a parked Java thread: the platform's share of a real-time loop's
 * deadline misses, measured with no Modbus, no plant and no other thread. The thread parks
 * for 1 ms, again and again, and records by how much each wake-up came late.
 *
 * <pre>java -cp bench/target/benchmarks.jar io.github.ccrhil.bench.link.WakeUpProbe [minutes] [--rt PRIO@CPU [--no-idle-poll]]</pre>
 *
 * With {@code --rt} the probe's thread runs SCHED_FIFO at PRIO pinned to CPU, beside an
 * {@link IdlePoller} on that CPU unless {@code --no-idle-poll}: the loop's own setting, without the loop.
 *
 * Run it beside {@link RealTimeSoak} runs (not at the same time): a soak's rare long control
 * steps are the platform's if the probe shows wake-ups as late on its own.
 */
public final class WakeUpProbe {

    private WakeUpProbe() { }

    public static void main(String[] args) throws Exception {
        double minutes = args.length > 0 && !args[0].startsWith("--") ? Double.parseDouble(args[0]) : 10.0;
        java.util.List<String> a = java.util.Arrays.asList(args);
        int rtAt = a.indexOf("--rt");
        if (rtAt < 0) {
            System.out.print(run(minutes));
            return;
        }
        ThreadScheduling.RealTime rt = ThreadScheduling.RealTime.parse(rtAt + 1 < args.length ? args[rtAt + 1] : "(missing)");
        IdlePoller poller = a.contains("--no-idle-poll") ? null : IdlePoller.start(rt.cpuList());
        try {
            System.err.println("probe: " + ThreadScheduling.fifo(ThreadScheduling.currentTid(), rt) + "; "
                    + (poller == null ? "no idle poller (--no-idle-poll)" : poller));
            System.out.print(run(minutes));
        } finally {
            if (poller != null) {
                poller.close();
            }
        }
    }

    /** Runs the probe on the calling thread for {@code minutes}; returns its two report lines. */
    static String run(double minutes) {
        long parkNanos = 1_000_000L;
        int n = (int) (minutes * 60e9 / parkNanos);
        long[] late = new long[n];
        int over2 = 0;
        int over5 = 0;
        java.util.List<String> worst = new java.util.ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            LockSupport.parkNanos(parkNanos);
            long l = System.nanoTime() - start - parkNanos;
            late[i] = Math.max(0, l);
            if (l > 2_000_000L) {
                over2++;
            }
            if (l > 5_000_000L) {
                over5++;
                worst.add(String.format(Locale.ROOT, "%.1f ms at %.1f s", l / 1e6, (start - t0) / 1e9));
            }
        }
        Arrays.sort(late);
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%d parks of 1 ms over %.1f min: wake-up lateness p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, max %.3f ms%n",
                n, minutes, RealTimeSoak.q(late, 0.5) / 1e6, RealTimeSoak.q(late, 0.99) / 1e6, RealTimeSoak.q(late, 0.999) / 1e6,
                late[n - 1] / 1e6));
        out.append(String.format(Locale.ROOT, "later than 2 ms: %d; later than 5 ms: %d%s%n", over2, over5,
                worst.isEmpty() ? "" : " (" + String.join(", ", worst.subList(0, Math.min(20, worst.size()))) + ")"));
        return out.toString();
    }
}
