package io.github.ccrhil.ccr.emulator.sim;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;

/**
 * Which garbage collector this JVM runs, and what that means for a real-time loop in it. A Java
 * thread under SCHED_FIFO is still stopped at every safepoint of its JVM: a collector's
 * stop-the-world pause stops the control loop with everything else. Measured with the soak
 * ({@code RealTimeSoak}, 10 ms periods, 2-core VM, quiet host, round 6): G1's young pauses took
 * 7–20 ms with a heap of a few MB live and cost a period each time (the two misses at the same
 * offsets in every soak of round 5, lined up with {@code -Xlog:gc}); ZGC's pauses are well under
 * a millisecond and its marking and relocation run on other threads, so {@code -XX:+UseZGC} is the
 * documented setting (README, "Real-time deployment").
 *
 * @param name        the collector as the JVM names it, e.g. "G1", "ZGC"
 * @param concurrent  whether its pauses are bounded well below a 10 ms period (ZGC, Shenandoah)
 */
public record PauseCollector(String name, boolean concurrent) {

    /** This JVM's collector, from its management beans. */
    public static PauseCollector ofThisJvm() {
        return of(ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName).toList());
    }

    /** From the JVM's collector bean names ("G1 Young Generation", "ZGC Cycles", "Copy", "PS Scavenge", ...). */
    static PauseCollector of(List<String> beanNames) {
        String all = String.join(" ", beanNames).toLowerCase(Locale.ROOT);
        if (all.contains("zgc")) {
            return new PauseCollector("ZGC", true);
        }
        if (all.contains("shenandoah")) {
            return new PauseCollector("Shenandoah", true);
        }
        if (all.contains("g1")) {
            return new PauseCollector("G1", false);
        }
        if (all.contains("ps scavenge") || all.contains("ps marksweep")) {
            return new PauseCollector("Parallel", false);
        }
        if (all.contains("copy") || all.contains("marksweepcompact")) {
            return new PauseCollector("Serial", false);
        }
        if (all.contains("epsilon") || beanNames.isEmpty()) {
            return new PauseCollector("Epsilon (none)", true);
        }
        return new PauseCollector(String.join("+", beanNames), false);
    }

    /** One clause for a real-time run's start line. */
    public String said() {
        return concurrent
                ? "garbage collector " + name + " (pauses well under a period)"
                : "garbage collector " + name + ": its stop-the-world pauses stop the loop too (G1's took 7-20 ms in the soaks);"
                        + " run the JVM with -XX:+UseZGC";
    }
}
