package io.github.ccrhil.water.scada.historian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server process dies (SIGKILL: no shutdown hook, no close, no last sync) after its forwarder
 * committed cycles to the H2 historian and before any sync: at the next start every acknowledged
 * sample is stored, each exactly once.
 */
class HistorianKillIT {
    static final int CYCLES = 30;
    static final int TAGS = 50;

    @TempDir
    Path dir;

    @Test
    void aServerKilledAfterCommittingAndBeforeSyncingLosesNoAcknowledgedSampleAndDuplicatesNone() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                SpoolCrashChild.class.getName(), dir.toString(), Integer.toString(CYCLES), Integer.toString(TAGS))
                .redirectErrorStream(true).start();
        int acknowledged = 0;
        List<String> output = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                output.add(line);
                if (line.startsWith("ACK ")) {
                    acknowledged++;
                } else if (line.startsWith("COMMITTED ")) {
                    assertEquals((long) CYCLES * TAGS, Long.parseLong(line.substring(10)), "child committed every cycle");
                    break;
                }
            }
            child.destroyForcibly(); // SIGKILL
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "child did not die");
        } finally {
            child.destroyForcibly();
        }
        assertEquals(CYCLES, acknowledged, "child output: " + output);
        assertEquals(137, child.exitValue(), "killed by SIGKILL, not a clean exit");

        Path spool = dir.resolve("spool");
        long saved = Long.parseLong(Files.readString(spool.resolve("samples.offset")).trim());
        assertTrue(saved < Files.size(spool.resolve("samples.spool")),
                "the committed, unsynced cycles are still in the spool (saved offset " + saved + ")");

        try (JdbcHistorian h2 = JdbcHistorian.h2(dir.resolve("historian"));
             SpoolingHistorian restarted = new SpoolingHistorian(spool, h2, Duration.ofMillis(20), true)) {
            assertTrue(restarted.flush(Duration.ofSeconds(30)), "replay finished: " + restarted.lastError());
            assertEquals((long) CYCLES * TAGS, h2.count(), "every acknowledged sample stored once");
            for (int i = 0; i < TAGS; i++) {
                assertEquals(CYCLES, h2.count("K.P" + i), "K.P" + i + ": one sample per acknowledged cycle");
            }
            assertEquals(Samples.cycle("K", TAGS, CYCLES - 1).get(7),
                    h2.query("K.P7", Samples.T0.plusSeconds(CYCLES - 1), Samples.T0.plusSeconds(CYCLES)).get(0));
        }
    }
}
