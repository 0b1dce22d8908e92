package io.github.ccrhil.water.scada.historian;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The process {@link HistorianKillIT} kills: spools {@code cycles} cycles into an H2 historian
 * with a sync interval far longer than its life, prints "ACK c" once cycle c is acknowledged,
 * "COMMITTED n" once the forwarder has committed all n samples (none of them synced), then waits
 * to be killed. Arguments: folder, cycles, tags.
 */
public final class SpoolCrashChild {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int cycles = Integer.parseInt(args[1]);
        int tags = Integer.parseInt(args[2]);
        JdbcHistorian h2 = JdbcHistorian.h2(dir.resolve("historian"));
        SpoolingHistorian spool = new SpoolingHistorian(dir.resolve("spool"), h2, Duration.ofMillis(20), true,
                Duration.ofHours(1), Long.MAX_VALUE);
        for (int c = 0; c < cycles; c++) {
            spool.accept(Samples.cycle("K", tags, c));
            System.out.println("ACK " + c);
        }
        long all = (long) cycles * tags;
        while (spool.forwardedSamples() < all) {
            Thread.sleep(2);
        }
        System.out.println("COMMITTED " + h2.count());
        System.out.flush();
        Thread.sleep(Duration.ofMinutes(5).toMillis()); // killed long before
    }

    private SpoolCrashChild() {
    }
}
